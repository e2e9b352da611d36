import { SANDBOX_SECRETS, startSandbox } from '../../../sandbox';
import { SCHEDULERS, activate, runNode } from '../../harness';

/**
 * A listing read page by page is only complete when its pages line up: a
 * page count that changes while it is read, or a page that repeats devices
 * of an earlier one, means the list changed under the reader. Get Many and
 * the trigger then fail ("the device list changed while it was read"); a
 * page whose paging metadata is malformed is an error, never "no metadata".
 */

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;
type DeviceRecord = { device: { id: string } };

const CHANGED = /The device list changed while it was read/;

/** A page of the sandbox's devices, as the API would send it, with paging metadata given by the test. */
function pageOf(sandbox: Sandbox, from: number, metadata: Record<string, unknown>) {
	const list = (sandbox.data.plantronics.list() as DeviceRecord[]).slice(from, from + 99);
	return JSON.stringify({ _embedded: { deviceInventoryList: list }, page: { size: 99, ...metadata } });
}

async function getMany(sandbox: Sandbox, options: Record<string, unknown> = {}) {
	sandbox.clearRequests();
	const result = await runNode({
		type: 'plantronicsInventory',
		parameters: { resource: 'device', operation: 'getAll', returnAll: true, options },
		credentials: { plantronicsManagerProApi: sandbox.credentials.plantronics },
	});
	expect(JSON.stringify([result.items, result.error?.message, result.error?.description])).not.toContain(SANDBOX_SECRETS.plantronicsApiKey);
	return { ...result, requests: sandbox.requests.filter((request) => request.vendor === 'plantronics') };
}

describe('Plantronics Get Many: a list that changes while it is read', () => {
	let sandbox: Sandbox;
	afterEach(async () => await sandbox.close());

	it.each([1, 4])('a page count that shrinks mid-listing (5 pages, then 3) is an error, not 297 of 495 devices (Parallel Requests %d)', async (parallelRequests) => {
		sandbox = await startSandbox({ size: 495, plantronicsShrink: { afterPage: 1, remaining: 297 } });
		const result = await getMany(sandbox, { parallelRequests });
		expect(result.error?.message).toMatch(CHANGED);
		expect(result.error?.message).toMatch(/5 pages were announced, but page \d says 3/);
		expect(result.items).toEqual([]);
	});

	it('a page count that grows mid-listing is an error too', async () => {
		sandbox = await startSandbox({ size: 495 });
		sandbox.setFaults([{ vendor: 'plantronics', kind: 'echo', contentType: 'application/json', query: { page: '2' }, body: () => pageOf(sandbox, 198, { totalElements: 600, totalPages: 7, number: 2 }) }]);
		const result = await getMany(sandbox, { parallelRequests: 1 });
		expect(result.error?.message).toMatch(CHANGED);
		expect(result.error?.message).toMatch(/5 pages were announced, but page 2 says 7/);
	});

	it('a page that repeats the devices of an earlier page is an error, not 396 items for 297 devices', async () => {
		sandbox = await startSandbox({ size: 297 });
		sandbox.setFaults([{ vendor: 'plantronics', kind: 'echo', contentType: 'application/json', query: { page: '2' }, body: () => pageOf(sandbox, 99, { totalElements: 297, totalPages: 3, number: 2 }) }]);
		const result = await getMany(sandbox);
		expect(result.error?.message).toMatch(CHANGED);
		expect(result.error?.message).toMatch(/page 2 repeats the device ID "[^"]+" of page 1/);
		expect(result.items).toEqual([]);
	});

	it('a later page whose page.number is text is a malformed answer: paging stops there, far from 2,500 requests', async () => {
		sandbox = await startSandbox({ size: 297 });
		// Every page after the first: a full page of new devices, its number written as text.
		const fullPage = (request: { query: Record<string, string> }) =>
			JSON.stringify({
				_embedded: { deviceInventoryList: Array.from({ length: 99 }, (_, index) => ({ device: { id: `p${request.query.page}-${index}` } })) },
				page: { size: 99, totalElements: 297, totalPages: 3, number: String(request.query.page) },
			});
		sandbox.setFaults([{ vendor: 'plantronics', kind: 'echo', contentType: 'application/json', after: 1, body: fullPage }]);
		const result = await getMany(sandbox, { parallelRequests: 1 });
		expect(result.error?.message).toMatch(/Unexpected answer: "page.number" of page 1 is a string, not a whole number/);
		expect(result.requests).toHaveLength(2);
	});

	it('a later page without paging metadata, when page 0 had it, is a malformed answer', async () => {
		sandbox = await startSandbox({ size: 297 });
		const withoutMetadata = () => JSON.stringify({ _embedded: { deviceInventoryList: Array.from({ length: 99 }, (_, index) => ({ device: { id: `other-${index}` } })) } });
		sandbox.setFaults([{ vendor: 'plantronics', kind: 'echo', contentType: 'application/json', query: { page: '1' }, body: withoutMetadata }]);
		const result = await getMany(sandbox, { parallelRequests: 1 });
		expect(result.error?.message).toMatch(/Unexpected answer: page 1 has no paging metadata, but page 0 had/);
	});
});

describe.each(SCHEDULERS)('Plantronics Inventory Trigger on the %s scheduler: a list that changes while it is read', (scheduler) => {
	let sandbox: Sandbox;
	beforeEach(async () => (sandbox = await startSandbox({ size: 495, seed: 3 })));
	afterEach(async () => await sandbox.close());

	const trigger = () =>
		activate(scheduler, {
			type: 'plantronicsInventoryTrigger',
			parameters: { event: 'deviceRemoved', scope: 'tenant', options: { missedPollsBeforeRemoved: 2 } },
			credentials: () => ({ plantronicsManagerProApi: sandbox.credentials.plantronics }),
		});

	it.each([
		['a page count that shrinks (5 pages, then 3)', (s: Sandbox) => pageOf(s, 198, { totalElements: 297, totalPages: 3, number: 2 })],
		['a page that repeats the devices of the page before', (s: Sandbox) => pageOf(s, 99, { totalElements: 495, totalPages: 5, number: 2 })],
	])('%s fails each poll, keeps the state and never fires Device Removed', async (_, body) => {
		const active = trigger();
		expect((await active.poll()).error).toBeUndefined();
		const baseline = active.staticData;
		sandbox.setFaults([{ vendor: 'plantronics', kind: 'echo', contentType: 'application/json', query: { page: '2' }, body: () => body(sandbox) }]);
		for (let poll = 0; poll < 2; poll++) {
			const outcome = await active.poll();
			expect(outcome.error?.message).toMatch(CHANGED);
			expect(outcome.items).toBeNull();
		}
		expect(active.staticData).toEqual(baseline);
		sandbox.setFaults([]);
		const after = await active.poll();
		expect(after.error).toBeUndefined();
		expect(after.items).toBeNull();
	});
});
