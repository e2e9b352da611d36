/* eslint-disable -- test code, in no package: n8n's package rules do not apply; scripts/lint.mjs lints it with scripts/eslint.tooling.mjs */
import { startSandbox } from '../../sandbox';
import { SCHEDULERS, activate, durablePoller } from '../harness';
import type { ActiveTrigger, PollOutcome } from '../harness';

/**
 * How the three device change triggers live on n8n's schedulers: what one
 * poll may spend starts afresh at every poll, an older listing that finishes
 * after a newer one fires nothing, and a poll keeps within its time budget.
 */

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

const sleep = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => boolean, what: string, timeoutMs = 5_000) {
	const start = Date.now();
	while (!condition()) {
		if (Date.now() - start > timeoutMs) throw new Error(`Timed out waiting for ${what}`);
		await sleep(5);
	}
}

const TRIGGERS = {
	plantronics: { type: 'plantronicsInventoryTrigger', credentialType: 'plantronicsManagerProApi' },
	kolmisoft: { type: 'kolmisoftDevicesTrigger', credentialType: 'kolmisoftApi' },
	genesys: { type: 'genesysDevicesTrigger', credentialType: 'genesysWebServicesApi' },
} as const;

function triggerOf(sandbox: Sandbox, scheduler: (typeof SCHEDULERS)[number], vendor: keyof typeof TRIGGERS, parameters: Record<string, unknown>): ActiveTrigger {
	const { type, credentialType } = TRIGGERS[vendor];
	return activate(scheduler, { type, parameters, credentials: () => ({ [credentialType]: sandbox.credentials[vendor] }) });
}

const fired = (outcome: PollOutcome) => {
	if (outcome.error) throw outcome.error;
	return (outcome.items ?? []).map((item) => item.json.previous);
};

describe.each(SCHEDULERS)('change triggers on the %s scheduler', (scheduler) => {
	describe('what one poll may read starts afresh at every poll', () => {
		let sandbox: Sandbox;
		beforeAll(async () => (sandbox = await startSandbox({ size: 10 })));
		afterAll(async () => await sandbox.close());

		it('Plantronics: 40 polls of a 7 MB listing each (280 MB in all, over the 256 MB one run may read) all succeed', async () => {
			const record = { device: { id: 'big-one', displayId: 'B1', versionCompliant: true, notes: 'x'.repeat(7 * 1024 * 1024) }, lastSeen: { username: 'amy' } };
			const page = JSON.stringify({ _embedded: { deviceInventoryList: [record] }, page: { size: 99, totalElements: 1, totalPages: 1, number: 0 } });
			sandbox.setFaults([{ vendor: 'plantronics', kind: 'echo', contentType: 'application/json', body: () => page }]);
			try {
				const trigger = triggerOf(sandbox, scheduler, 'plantronics', { event: 'newDevice', scope: 'tenant' });
				const errors: string[] = [];
				for (let poll = 1; poll <= 40; poll++) {
					const outcome = await trigger.poll();
					if (outcome.error) errors.push(`poll ${poll}: ${outcome.error.message}`);
				}
				expect(errors).toEqual([]);
			} finally {
				sandbox.setFaults([]);
			}
		}, 60_000);
	});

	describe('an older listing that finishes after a newer one fires nothing and leaves the state alone', () => {
		let sandbox: Sandbox;
		beforeEach(async () => (sandbox = await startSandbox({ size: 150, seed: 7 })));
		afterEach(async () => await sandbox.close());

		/**
		 * Poll A starts and reads the old data, slowly; meanwhile the change is
		 * made and poll B runs from start to end and fires it; then A ends.
		 */
		async function overlap(trigger: ActiveTrigger, slowRequestSeen: () => boolean, change: () => void) {
			expect((await trigger.poll()).error).toBeUndefined();
			const slow = trigger.poll();
			await until(slowRequestSeen, 'the slow poll to have asked for its last answer');
			await sleep(50);
			change();
			const newer = await trigger.poll();
			const older = await slow;
			const after = await trigger.poll();
			return { newer: fired(newer), older: fired(older), after: fired(after), olderLogs: older.logs };
		}

		it('Plantronics Device Reassigned', async () => {
			const trigger = triggerOf(sandbox, scheduler, 'plantronics', { event: 'deviceReassigned', scope: 'tenant', simplify: true });
			const [first] = sandbox.data.plantronics.list() as Array<{ device: { id: string }; lastSeen: { username: string } }>;
			sandbox.setFaults([{ vendor: 'plantronics', kind: 'lateAnswer', query: { page: '1' }, after: 1, times: 1, ms: 600 }]);
			const seenPage1 = () => sandbox.requests.filter((request) => request.vendor === 'plantronics' && request.query.page === '1').length >= 2;
			const result = await overlap(trigger, seenPage1, () => sandbox.data.plantronics.patchDevice(first.device.id, { lastSeenUsername: 'new.owner' }));
			expect(result).toMatchObject({ newer: [{ lastSeenUser: first.lastSeen.username }], older: [], after: [] });
		});

		it('Kolmisoft Device Changed', async () => {
			const trigger = triggerOf(sandbox, scheduler, 'kolmisoft', { event: 'deviceChanged', userIds: '100,101', watchFields: { extension: true } });
			const device = [...sandbox.data.kolmisoft.devices.values()].find((candidate: { user_id: string }) => candidate.user_id === '100') as { device_id: string; extension?: string };
			const extension = device.extension ?? null;
			sandbox.setFaults([{ vendor: 'kolmisoft', kind: 'lateAnswer', after: 3, times: 1, ms: 600 }]);
			const seenSlow = () => sandbox.requests.filter((request) => request.vendor === 'kolmisoft').length >= 4;
			const result = await overlap(trigger, seenSlow, () => sandbox.data.kolmisoft.updateDevice(device.device_id, { extension: '9876' }));
			expect(result).toMatchObject({ newer: [{ extension }], older: [], after: [] });
		});

		it('Genesys Device State Changed', async () => {
			const trigger = triggerOf(sandbox, scheduler, 'genesys', { event: 'deviceStateChanged', scope: 'all' });
			const [device] = [...sandbox.data.genesys.devices.values()].map((entry: { device: { id: string; deviceState: string } }) => entry.device);
			sandbox.setFaults([{ vendor: 'genesys', kind: 'lateAnswer', after: 1, times: 1, ms: 600 }]);
			const seenSlow = () => sandbox.requests.filter((request) => request.vendor === 'genesys').length >= 2;
			const state = device.deviceState;
			const result = await overlap(trigger, seenSlow, () => sandbox.data.genesys.updateDevice(device.id, { deviceState: state === 'Active' ? 'Inactive' : 'Active' }));
			expect(result).toMatchObject({ newer: [{ deviceState: state }], older: [], after: [] });
		});
	});
});

describe('a poll keeps within its time budget (durable scheduler, 1.5 s budget)', () => {
	let sandbox: Sandbox;
	beforeAll(async () => (sandbox = await startSandbox({ size: 5_000 })));
	afterAll(async () => await sandbox.close());

	const BUDGET_MS = 1_500;

	/** Runs one poll that cannot finish in time; returns it and what was sent after it failed. */
	async function pollPastBudget(vendor: keyof typeof TRIGGERS, parameters: Record<string, unknown>) {
		const { type, credentialType } = TRIGGERS[vendor];
		const trigger = durablePoller({ type, parameters, credentials: () => ({ [credentialType]: sandbox.credentials[vendor] }) }, BUDGET_MS);
		sandbox.clearRequests();
		const started = Date.now();
		const outcome = await trigger.poll();
		const failedAt = Date.now();
		await sleep(1_000);
		const late = sandbox.requests.filter((request) => request.at > failedAt);
		return { outcome, tookMs: failedAt - started, late, stillAnswering: sandbox.requests.filter((request) => !request.answeredAt) };
	}

	it.each([
		['plantronics', { event: 'newDevice', scope: 'tenant' }, { kind: 'latency', ms: 500 }],
		['kolmisoft', { event: 'newDevice', userIds: '100,101' }, { kind: 'latency', ms: 1_000 }],
		['genesys', { event: 'newDevice', scope: 'all' }, { kind: 'latency', ms: 4_000 }],
	] as const)('%s: a poll that cannot finish stops at its budget, fails clearly and sends nothing after', async (vendor, parameters, fault) => {
		sandbox.setFaults([{ vendor, ...fault }]);
		try {
			const { outcome, tookMs, late } = await pollPastBudget(vendor, parameters);
			expect(outcome.error?.message).toMatch(/did not finish within its time budget of 1.5 s/);
			expect(outcome.staticData).toEqual({});
			expect(tookMs).toBeLessThan(BUDGET_MS + 500);
			expect(late).toEqual([]);
		} finally {
			sandbox.setFaults([]);
		}
	}, 20_000);
});
