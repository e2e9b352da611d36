import { createHash } from 'node:crypto';

import { SANDBOX_SECRETS, startSandbox } from '../../../sandbox';
import type { Scheduler } from '../../harness';
import { runNode } from '../../harness';
import { changeTriggerPolls } from '../changeTriggerPolls';

export type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

/** The documented formula, computed independently of the node's signing code. */
export const sha1 = (text: string) => createHash('sha1').update(text).digest('hex');

export function formOf(body: string): Record<string, string> {
	return Object.fromEntries(new URLSearchParams(body));
}

/** Runs the node against the sandbox; fails the test when any secret or request hash came out. */
export async function run(sandbox: Sandbox, parameters: Record<string, unknown>, extra: { input?: Array<Record<string, unknown>>; continueOnFail?: boolean; credentials?: Record<string, unknown> } = {}) {
	sandbox.clearRequests();
	const result = await runNode({
		type: 'kolmisoftDevices',
		parameters: { resource: 'device', ...parameters },
		credentials: { kolmisoftApi: { ...sandbox.credentials.kolmisoft, ...extra.credentials } },
		input: extra.input,
		continueOnFail: extra.continueOnFail,
	});
	const requests = sandbox.requests.filter((request) => request.vendor === 'kolmisoft');
	const text = JSON.stringify([result.items, result.error?.message, result.error?.description, result.logs]);
	for (const secret of Object.values(SANDBOX_SECRETS)) expect(text).not.toContain(secret);
	for (const request of requests) {
		const hash = formOf(request.body).hash;
		if (hash) expect(text).not.toContain(hash);
	}
	return { ...result, requests };
}


/** The Kolmisoft Devices Trigger polled as n8n's scheduler would, over the test's sandbox. */
export function kolmisoftTriggerPolls(sandboxOf: () => Sandbox, scheduler: Scheduler) {
	return changeTriggerPolls(
		sandboxOf,
		{
			type: 'kolmisoftDevicesTrigger',
			credentialType: 'kolmisoftApi',
			vendor: 'kolmisoft',
			// The request hash is derived from the secret key: it must not come out either.
			alsoSecret: (requests) => requests.map((request) => formOf(request.body).hash),
		},
		scheduler,
	);
}
