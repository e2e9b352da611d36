import type { IDataObject } from 'n8n-workflow';

import { SANDBOX_SECRETS } from '../../sandbox';
import type { startSandbox } from '../../sandbox';
import { pollOnce } from '../harness';

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;
type Recorded = Sandbox['requests'][number];

/**
 * Polls of one device change trigger against the sandbox. Every poll, failed
 * ones included, fails the test when a sandbox secret (or, from `alsoSecret`,
 * a value seen on the wire such as a request hash) came out in its items,
 * state, logs or error.
 */
export function changeTriggerPolls(
	/** The sandbox, once the test's beforeAll has started it. */
	sandboxOf: () => Sandbox,
	trigger: { type: string; credentialType: string; vendor: 'kolmisoft' | 'genesys'; alsoSecret(requests: Recorded[]): string[] },
) {
	async function poll(parameters: Record<string, unknown>, staticData?: IDataObject, mode: 'trigger' | 'manual' = 'trigger') {
		const sandbox = sandboxOf();
		sandbox.clearRequests();
		const credentials = { [trigger.credentialType]: sandbox.credentials[trigger.vendor] };
		const outcome = await pollOnce({ type: trigger.type, parameters, credentials, staticData, mode });
		const requests = sandbox.requests.filter((request) => request.vendor === trigger.vendor);
		const text = JSON.stringify([outcome.items, outcome.staticData, outcome.logs, outcome.error?.message, outcome.error?.description]);
		const secrets = [...Object.values(SANDBOX_SECRETS).flatMap((secret) => [secret, Buffer.from(secret).toString('base64')]), ...trigger.alsoSecret(requests)];
		for (const secret of secrets.filter(Boolean)) expect(text).not.toContain(secret);
		return { ...outcome, requests };
	}
	/** A poll that must succeed. */
	async function pollOk(parameters: Record<string, unknown>, staticData?: IDataObject) {
		const outcome = await poll(parameters, staticData);
		if (outcome.error) throw outcome.error;
		return outcome;
	}
	/** A poll while the sandbox fails in some way; the failure is undone even when the poll throws. */
	async function pollWhile(fail: () => void, undo: () => void, parameters: Record<string, unknown>, staticData?: IDataObject) {
		fail();
		try {
			return await poll(parameters, staticData);
		} finally {
			undo();
		}
	}
	return { poll, pollOk, pollWhile };
}
