import type { IDataObject } from 'n8n-workflow';

import { SANDBOX_SECRETS } from '../../sandbox';
import type { startSandbox } from '../../sandbox';
import { activate } from '../harness';
import type { PollOutcome, Scheduler } from '../harness';

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;
type Recorded = Sandbox['requests'][number];

/**
 * Active device change triggers against the sandbox, on one of n8n's
 * schedulers. Every poll, failed ones included, fails the test when a sandbox
 * secret (or, from `alsoSecret`, a value seen on the wire such as a request
 * hash) came out in its items, state, logs or error.
 */
export function changeTriggerPolls(
	/** The sandbox, once the test's beforeAll has started it. */
	sandboxOf: () => Sandbox,
	trigger: { type: string; credentialType: string; vendor: 'kolmisoft' | 'genesys'; alsoSecret(requests: Recorded[]): string[] },
	scheduler: Scheduler,
) {
	/** Activates the trigger with these parameters (and, optionally, the static data n8n holds already). */
	function activeTrigger(parameters: Record<string, unknown>, staticData?: IDataObject) {
		const active = activate(scheduler, {
			type: trigger.type,
			parameters,
			credentials: () => ({ [trigger.credentialType]: sandboxOf().credentials[trigger.vendor] }),
			staticData,
		});
		async function checked(run: () => Promise<PollOutcome>) {
			const sandbox = sandboxOf();
			sandbox.clearRequests();
			const outcome = await run();
			const requests = sandbox.requests.filter((request) => request.vendor === trigger.vendor);
			const text = JSON.stringify([outcome.items, outcome.staticData, outcome.logs, outcome.error?.message, outcome.error?.description]);
			const secrets = [...Object.values(SANDBOX_SECRETS).flatMap((secret) => [secret, Buffer.from(secret).toString('base64')]), ...trigger.alsoSecret(requests)];
			for (const secret of secrets.filter(Boolean)) expect(text).not.toContain(secret);
			return { ...outcome, requests };
		}
		/** One scheduled poll; other parameters are the workflow edited and activated again. */
		const poll = async (overrides?: Record<string, unknown>) => await checked(async () => await active.poll(overrides));
		return {
			get staticData() {
				return active.staticData;
			},
			poll,
			/** A poll that must succeed. */
			async pollOk(overrides?: Record<string, unknown>) {
				const outcome = await poll(overrides);
				if (outcome.error) throw outcome.error;
				return outcome;
			},
			/** A poll while the sandbox fails in some way; the failure is undone even when the poll throws. */
			async pollWhile(fail: () => void, undo: () => void, overrides?: Record<string, unknown>) {
				fail();
				try {
					return await poll(overrides);
				} finally {
					undo();
				}
			},
			/** The editor's test run. */
			manualPoll: async (overrides?: Record<string, unknown>) => await checked(async () => await active.manualPoll(overrides)),
		};
	}
	return { activeTrigger };
}
