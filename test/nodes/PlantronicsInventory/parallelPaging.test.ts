import type { IDataObject } from 'n8n-workflow';

import { SANDBOX_SECRETS, startSandbox } from '../../../sandbox';
import { SCHEDULERS, activate } from '../../harness';
import type { Recorded, Sandbox } from './listing';
import { idsOf, listDevices as list, settleAndReset } from './listing';

// 500 devices in pages of 50: ten pages, each answered after the sandbox's latency.
const SIZE = 500;
const PAGE_SIZE = 50;
const LATENCY_MS = 25;

const sorted = (pages: number[]) => [...pages].sort((a, b) => a - b);
const range = (count: number) => Array.from({ length: count }, (_, page) => page);
const slowPage = (page: number, ms: number) => ({ vendor: 'plantronics', kind: 'latency', query: { page: String(page) }, ms });

describe('Plantronics Inventory: several pages in flight', () => {
	let sandbox: Sandbox;
	let everyId: string[];
	beforeAll(async () => {
		sandbox = await startSandbox({ size: SIZE, latencyMs: LATENCY_MS });
		everyId = sandbox.data.plantronics.list().map((record: { device: { id: string } }) => record.device.id);
	});
	afterAll(async () => await sandbox.close());
	afterEach(async () => await settleAndReset(sandbox));

	it('pages that arrive out of order come out in page order, each asked for once, with at most Parallel Requests in flight', async () => {
		// Pages 1 and 2 answer last: 3, 4 and 5 are in before them.
		sandbox.setFaults([slowPage(1, 300), slowPage(2, 200)]);
		const result = await list(sandbox, { returnAll: true, options: { pageSize: PAGE_SIZE, parallelRequests: 4 } });
		expect(result.error).toBeUndefined();
		expect(idsOf(result.items)).toEqual(everyId);
		expect(sorted(result.pagesAsked)).toEqual(range(10));
		const answered = (page: number) => result.requests.find((request) => request.query.page === String(page))?.answeredAt ?? 0;
		expect(answered(3)).toBeLessThan(answered(1));
		expect(answered(4)).toBeLessThan(answered(2));
		expect(result.maxInFlight).toBeGreaterThan(1);
		expect(result.maxInFlight).toBeLessThanOrEqual(4);
		expect(result.items.map((item) => item.pairedItem)).toEqual(result.items.map(() => ({ item: 0 })));
	});

	it('asks for the first page alone, then up to the option, never beyond the page count the metadata gives', async () => {
		// Every page after the first answers slowly, so those asked for at once are in flight together.
		sandbox.setFaults([{ vendor: 'plantronics', kind: 'latency', ms: 400, after: 1 }]);
		const result = await list(sandbox, { returnAll: true, options: { pageSize: PAGE_SIZE, parallelRequests: 16 } });
		expect(idsOf(result.items)).toEqual(everyId);
		expect(result.pagesAsked[0]).toBe(0);
		// Page 0 was answered before any other page was asked for.
		expect(result.requests.slice(1).every((request) => request.at >= (result.requests[0].answeredAt ?? Infinity))).toBe(true);
		expect(sorted(result.pagesAsked)).toEqual(range(10));
		expect(result.maxInFlight).toBeGreaterThan(4);
		expect(result.maxInFlight).toBeLessThanOrEqual(9);
	});

	it('with Parallel Requests 1 asks one page at a time', async () => {
		const result = await list(sandbox, { returnAll: true, options: { pageSize: PAGE_SIZE, parallelRequests: 1 } });
		expect(idsOf(result.items)).toEqual(everyId);
		expect(result.pagesAsked).toEqual(range(10));
		expect(result.maxInFlight).toBe(1);
	});

	it('on a 429 in the middle every request waits the Retry-After, the rest goes one at a time, and nothing is lost or duplicated', async () => {
		sandbox.setFaults([
			{ vendor: 'plantronics', kind: 'status', status: 429, retryAfter: 1, query: { page: '3' }, times: 1 },
			slowPage(3, 50),
		]);
		const result = await list(sandbox, { returnAll: true, options: { pageSize: PAGE_SIZE, parallelRequests: 4 } });
		expect(result.error).toBeUndefined();
		expect(idsOf(result.items)).toEqual(everyId);
		const throttled = result.requests.find((request) => request.status === 429) as Recorded;
		const throttledAt = throttled.answeredAt as number;
		// Page 3 twice (the 429, then its retry); every other page once.
		expect(sorted(result.pagesAsked)).toEqual(sorted([...range(10), 3]));
		// Nothing was sent while the wait the server asked for ran. Requests the run sent before it had read
		// the 429 may arrive just after it (on a busy machine reading an answer can take a while).
		const readSlackMs = 250;
		const duringWait = result.requests.filter((request) => request.at > throttledAt + readSlackMs && request.at < throttledAt + 950);
		expect(duringWait).toEqual([]);
		const afterWait = result.requests.filter((request) => request.at >= throttledAt + 950);
		// First the throttled page again, then the pages not yet asked for, in order.
		const pagesAfterWait = afterWait.map((request) => Number(request.query.page));
		expect(pagesAfterWait[0]).toBe(3);
		expect(pagesAfterWait).toEqual(sorted(pagesAfterWait));
		// After the wait, one at a time: no request was sent before the previous one was answered.
		for (let index = 1; index < afterWait.length; index++) {
			expect(afterWait[index].at).toBeGreaterThanOrEqual(afterWait[index - 1].answeredAt as number);
		}
		expect(result.hints.map((hint) => hint.message).join(' ')).toMatch(/HTTP 429 .*one request at a time.*Parallel Requests/);
	});

	it('when the run fails after a 429, the error says it went on one request at a time', async () => {
		sandbox.setFaults([
			{ vendor: 'plantronics', kind: 'status', status: 429, retryAfter: 0, query: { page: '2' }, times: 1 },
			{ vendor: 'plantronics', kind: 'status', status: 500, query: { page: '6' } },
		]);
		const result = await list(sandbox, { returnAll: true, options: { pageSize: PAGE_SIZE, parallelRequests: 4 } });
		expect(result.error?.description).toMatch(/HTTP 429 .*one request at a time/);
		expect(result.items).toHaveLength(0);
	});

	it('a page that fails stops the run: one error item, no devices, and no page asked for after the failure', async () => {
		// Page 4 fails while the run still waits for page 1: pages 2 and 3 are read, yet nothing is output but the error.
		sandbox.setFaults([slowPage(1, 300), { vendor: 'plantronics', kind: 'status', status: 500, query: { page: '4' } }]);
		const result = await list(sandbox, { returnAll: true, options: { pageSize: PAGE_SIZE, parallelRequests: 4 } }, { continueOnFail: true });
		expect(result.items).toHaveLength(1);
		expect(result.items[0].json.error).toMatch(/Internal server error|injected fault/i);
		expect(result.items[0].pairedItem).toEqual({ item: 0 });
		expect(sorted(result.pagesAsked)).toEqual([0, 1, 2, 3, 4]);
	});

	it('with a limit asks for no page it does not need, with or without a filter on the records', async () => {
		const limited = await list(sandbox, { returnAll: false, limit: 120, options: { parallelRequests: 4, pageSize: PAGE_SIZE } });
		expect(idsOf(limited.items)).toEqual(everyId.slice(0, 120));
		expect(sorted(limited.pagesAsked)).toEqual([0, 1, 2]);

		// Non-compliant devices are a fifth of the tenant: which pages hold 30 of them only the pages tell.
		const filtered = { returnAll: false, limit: 30, options: { complianceStatus: 'nonCompliant', pageSize: PAGE_SIZE } };
		const oneAtATime = await list(sandbox, { ...filtered, options: { ...filtered.options, parallelRequests: 1 } });
		const parallel = await list(sandbox, { ...filtered, options: { ...filtered.options, parallelRequests: 4 } });
		expect(oneAtATime.items).toHaveLength(30);
		expect(idsOf(parallel.items)).toEqual(idsOf(oneAtATime.items));
		expect(oneAtATime.pagesAsked.length).toBeGreaterThan(1);
		expect(sorted(parallel.pagesAsked)).toEqual(oneAtATime.pagesAsked);
	});

	it('checks Parallel Requests at run time, naming the field, before any request', async () => {
		for (const value of [0, 2.5, 17, 'four']) {
			const result = await list(sandbox, { returnAll: true, options: { parallelRequests: value } });
			expect(result.error?.message).toMatch(/"Parallel Requests" must be a whole number from 1 to 16/);
			expect(result.requests).toHaveLength(0);
		}
		const fromExpression = await list(sandbox, { returnAll: false, limit: 5, options: { parallelRequests: '={{ 2 }}' } });
		expect(fromExpression.items).toHaveLength(5);
	});
});

describe('Plantronics Inventory: reading ahead without page metadata', () => {
	let sandbox: Sandbox;
	beforeAll(async () => (sandbox = await startSandbox({ size: 480, latencyMs: LATENCY_MS, plantronicsPageMetadata: false })));
	afterAll(async () => await sandbox.close());
	afterEach(async () => await settleAndReset(sandbox));

	it('stops at the first short page and never outputs a page read beyond it', async () => {
		// A page past the end that would hold a device if anyone looked: it must not reach the output.
		const ghost = JSON.stringify({ _embedded: { deviceInventoryList: [{ device: { id: 'beyond-the-end' } }] }, _links: {} });
		sandbox.setFaults([{ vendor: 'plantronics', kind: 'echo', status: 200, contentType: 'application/json', query: { page: '10' }, body: () => ghost }]);
		const everyId = sandbox.data.plantronics.list().map((record: { device: { id: string } }) => record.device.id);
		const result = await list(sandbox, { returnAll: true, options: { pageSize: PAGE_SIZE, parallelRequests: 4 } });
		expect(result.error).toBeUndefined();
		expect(idsOf(result.items)).toEqual(everyId);
		expect(result.maxInFlight).toBeGreaterThan(1);
		expect(result.maxInFlight).toBeLessThanOrEqual(4);
		// Page 9 is the short one; read-ahead goes at most 3 pages beyond it.
		expect(Math.max(...result.pagesAsked)).toBeLessThanOrEqual(12);
		expect(new Set(result.pagesAsked).size).toBe(result.pagesAsked.length);
	});
});

describe.each(SCHEDULERS)('Plantronics Inventory Trigger on the %s scheduler: the same paging', (scheduler) => {
	let sandbox: Sandbox;
	beforeAll(async () => (sandbox = await startSandbox({ size: 800, latencyMs: LATENCY_MS })));
	afterAll(async () => await sandbox.close());
	afterEach(async () => await settleAndReset(sandbox));

	function activeTrigger(options: IDataObject = {}) {
		const trigger = activate(scheduler, {
			type: 'plantronicsInventoryTrigger',
			parameters: { event: 'newDevice', scope: 'tenant', options },
			credentials: () => ({ plantronicsManagerProApi: sandbox.credentials.plantronics }),
		});
		return async () => {
			sandbox.clearRequests();
			sandbox.resetInFlight();
			const outcome = await trigger.poll();
			await sandbox.settled();
			expect(JSON.stringify([outcome.items, outcome.staticData, outcome.logs])).not.toContain(SANDBOX_SECRETS.plantronicsApiKey);
			const requests = (sandbox.requests as Recorded[]).filter((request) => request.vendor === 'plantronics');
			return { ...outcome, requests, pagesAsked: requests.map((request) => Number(request.query.page)), maxInFlight: sandbox.maxInFlight() };
		};
	}

	it('polls with several pages in flight; a poll failing on a later page neither loses nor repeats a new device', async () => {
		const poll = activeTrigger();
		const baseline = await poll();
		expect(baseline.error).toBeUndefined();
		// 800 devices in pages of 99: nine pages, all asked once; after the first, up to all eight at once (the trigger's default is 16).
		expect(sorted(baseline.pagesAsked)).toEqual(range(9));
		expect(baseline.maxInFlight).toBeGreaterThan(1);
		expect(baseline.maxInFlight).toBeLessThanOrEqual(8);

		const added = [sandbox.data.plantronics.addDevice(), sandbox.data.plantronics.addDevice()].map((record) => record.device.id as string);
		sandbox.setFaults([slowPage(2, 200), { vendor: 'plantronics', kind: 'status', status: 500, query: { page: '5' } }]);
		const failed = await poll();
		expect(failed.error).toBeDefined();
		sandbox.setFaults([]);

		const next = await poll();
		expect(next.error).toBeUndefined();
		expect((next.items ?? []).map((item) => (item.json.device as { id: string }).id)).toEqual(added);
		const after = await poll();
		expect(after.items).toBeNull();
	});

	it('Parallel Requests (Options) bounds the pages in flight as in Get Many; it is checked at run time, before any request', async () => {
		const one = await activeTrigger({ parallelRequests: 1 })();
		expect(one.error).toBeUndefined();
		expect(one.maxInFlight).toBe(1);
		const three = await activeTrigger({ parallelRequests: '={{ 3 }}' })();
		expect(three.maxInFlight).toBeGreaterThan(1);
		expect(three.maxInFlight).toBeLessThanOrEqual(3);
		for (const value of [0, 2.5, 17, 'four']) {
			const wrong = await activeTrigger({ parallelRequests: value })();
			expect(wrong.error?.message).toMatch(/"Parallel Requests" must be a whole number from 1 to 16/);
			expect(wrong.requests).toHaveLength(0);
		}
	});

	it('after a 429 the poll waits as asked and reads the rest one page at a time', async () => {
		sandbox.setFaults([{ vendor: 'plantronics', kind: 'status', status: 429, retryAfter: 0, query: { page: '1' }, times: 1 }]);
		const outcome = await activeTrigger({ parallelRequests: 2 })();
		expect(outcome.error).toBeUndefined();
		const throttledAt = outcome.requests.find((request) => request.status === 429)!.answeredAt!;
		const afterThrottle = outcome.requests.filter((request) => request.at >= throttledAt);
		expect(afterThrottle.length).toBeGreaterThan(5);
		for (const [index, request] of afterThrottle.entries()) if (index > 0) expect(request.at).toBeGreaterThanOrEqual(afterThrottle[index - 1].answeredAt!);
	});
});
