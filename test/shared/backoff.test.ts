import type { IDataObject } from 'n8n-workflow';

import { startSandbox } from '../../sandbox';
import type { Sandbox } from '../nodes/PlantronicsInventory/listing';
import { idsOf, listDevices, settleAndReset } from '../nodes/PlantronicsInventory/listing';

/**
 * The back-off the pages of one run share, over loopback: when the server
 * throttles one page, the others wait as long as it asked, a later shorter
 * wait does not cut it, and 503 slows the run like 429.
 */

// 500 devices in pages of 50, four pages in flight: pages 1 to 4 are asked for together after page 0.
const SIZE = 500;
const PAGE_SIZE = 50;

async function listAll(sandbox: Sandbox) {
	const result = await listDevices(sandbox, { returnAll: true, options: { pageSize: PAGE_SIZE, parallelRequests: 4 } });
	return { ...result, ofPage: (page: number) => result.requests.filter((request) => request.query.page === String(page)) };
}

const status = (code: number, page: number, extra: IDataObject = {}) => ({ vendor: 'plantronics', kind: 'status', status: code, query: { page: String(page) }, times: 1, ...extra });

describe('back-off shared by the pages of a run', () => {
	let sandbox: Sandbox;
	let everyId: string[];
	beforeAll(async () => {
		sandbox = await startSandbox({ size: SIZE, latencyMs: 25 });
		everyId = sandbox.data.plantronics.list().map((record: { device: { id: string } }) => record.device.id);
	});
	afterAll(async () => await sandbox.close());
	afterEach(async () => await settleAndReset(sandbox));

	it("a page's retry that falls due during another page's Retry-After wait waits for that wait too", async () => {
		// Page 1: 429, wait 1 s. Page 2, read just after: 502, whose own back-off (250 to 500 ms) ends inside that second.
		sandbox.setFaults([status(429, 1, { retryAfter: 1 }), status(502, 2, { ms: 100 })]);
		const result = await listAll(sandbox);
		expect(result.error).toBeUndefined();
		expect(idsOf(result.items)).toEqual(everyId);
		const [throttled, throttledRetry] = result.ofPage(1);
		const [failed, failedRetry] = result.ofPage(2);
		expect([throttled.status, failed.status]).toEqual([429, 502]);
		expect(throttledRetry.at - (throttled.answeredAt as number)).toBeGreaterThanOrEqual(950);
		expect(failedRetry.at - (throttled.answeredAt as number)).toBeGreaterThanOrEqual(950);
	});

	it('a shorter Retry-After arriving later does not cut the longer wait already in force', async () => {
		// Page 1: 429, wait 2 s; page 2, read 100 ms later: 429, wait 1 s. Nothing is sent before the 2 s are over.
		sandbox.setFaults([status(429, 1, { retryAfter: 2 }), status(429, 2, { retryAfter: 1, ms: 100 })]);
		const result = await listAll(sandbox);
		expect(result.error).toBeUndefined();
		expect(idsOf(result.items)).toEqual(everyId);
		const [longer, longerRetry] = result.ofPage(1);
		const [shorter, shorterRetry] = result.ofPage(2);
		expect((shorter.answeredAt as number) - (longer.answeredAt as number)).toBeGreaterThan(50);
		expect(longerRetry.at - (longer.answeredAt as number)).toBeGreaterThanOrEqual(1950);
		expect(shorterRetry.at - (longer.answeredAt as number)).toBeGreaterThanOrEqual(1950);
	});

	it('HTTP 503 slows the whole run like 429: the wait, then one request at a time, and a hint naming 503', async () => {
		sandbox.setFaults([status(503, 3, { retryAfter: 1 })]);
		const result = await listAll(sandbox);
		expect(result.error).toBeUndefined();
		expect(idsOf(result.items)).toEqual(everyId);
		const [unavailable, retry] = result.ofPage(3);
		const unavailableAt = unavailable.answeredAt as number;
		expect(unavailable.status).toBe(503);
		expect(retry.at - unavailableAt).toBeGreaterThanOrEqual(950);
		// After the wait: the page again, then the pages not yet asked for, each sent only once the one before was answered.
		const afterWait = result.requests.filter((request) => request.at >= unavailableAt + 950);
		expect(afterWait[0]).toBe(retry);
		expect(afterWait.length).toBeGreaterThan(2);
		for (let index = 1; index < afterWait.length; index++) {
			expect(afterWait[index].at).toBeGreaterThanOrEqual(afterWait[index - 1].answeredAt as number);
		}
		const hints = result.hints.map((hint) => hint.message).join(' ');
		expect(hints).toMatch(/HTTP 503 \(service unavailable\).*one request at a time.*Parallel Requests/);
		expect(hints).not.toMatch(/429|too many requests/);
	});
});
