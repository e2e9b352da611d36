import type { IDataObject } from 'n8n-workflow';

import { SANDBOX_SECRETS, startSandbox } from '../../../sandbox';
import { pollOnce, pollTrigger, runNode } from '../../harness';

/**
 * "No devices" and "done" must never stand in for a wrong address, a server
 * quirk or a bad input: each case below is told apart, over loopback HTTP.
 */

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

const NGINX_404 = '<html><head><title>404 Not Found</title></head><body><center><h1>404 Not Found</h1></center><hr><center>nginx</center></body></html>';

let sandbox: Sandbox;
beforeAll(async () => (sandbox = await startSandbox({ size: 250 })));
afterAll(async () => await sandbox.close());
afterEach(() => {
	sandbox.setFaults([]);
	sandbox.data.plantronics.setPageCap(undefined);
});

async function run(parameters: Record<string, unknown>, credentials: Record<string, unknown> = {}) {
	sandbox.clearRequests();
	const result = await runNode({
		type: 'plantronicsInventory',
		parameters: { resource: 'device', ...parameters },
		credentials: { plantronicsManagerProApi: { ...sandbox.credentials.plantronics, ...credentials } },
	});
	const text = JSON.stringify([result.items, result.error?.message, result.error?.description, result.logs]);
	expect(text).not.toContain(SANDBOX_SECRETS.plantronicsApiKey);
	return { ...result, requests: sandbox.requests.filter((request) => request.vendor === 'plantronics') };
}

/** One poll from the static data the test holds, which then holds what the poll left (also after a failed poll). */
async function pollOn(staticData: IDataObject, parameters: Record<string, unknown>) {
	const outcome = await pollOnce({ type: 'plantronicsInventoryTrigger', parameters, credentials: { plantronicsManagerProApi: sandbox.credentials.plantronics }, staticData });
	for (const key of Object.keys(staticData)) delete staticData[key];
	Object.assign(staticData, outcome.staticData);
	return { items: outcome.items, error: outcome.error, state: outcome.staticData['node:Poller'] as IDataObject };
}

const page = (list: unknown, extra: IDataObject = { page: { size: 99, totalElements: 1, totalPages: 1, number: 0 } }) =>
	JSON.stringify({ _embedded: { deviceInventoryList: list }, ...extra });

describe('Plantronics Inventory: a 404 is "none" only when the API says so', () => {
	it('an nginx 404 page is an error pointing at the region or Base URL, not zero devices', async () => {
		sandbox.setFaults([{ vendor: 'plantronics', kind: 'status', status: 404, body: NGINX_404 }]);
		const result = await run({ operation: 'getAll', returnAll: true });
		expect(result.items).toHaveLength(0);
		expect(result.error?.message).toMatch(/Plantronics Manager Pro: Not found/);
		expect(result.error?.description).toMatch(/region \(or, for Custom, the Base URL\)/);
		expect(result.error?.httpCode).toBe('404');
		expect(result.requests).toHaveLength(1);
	});

	it('a Base URL with a wrong path is an error', async () => {
		const result = await run({ operation: 'getAllByUser', username: 'dwalker', returnAll: true }, { baseUrl: `${sandbox.url}/oda` });
		expect(result.error?.message).toMatch(/No such route in the sandbox/);
		expect(result.error?.description).toMatch(/Base URL/);
	});

	it('the documented 404 "No device entity could be found" is zero devices', async () => {
		const result = await run({ operation: 'getAllByUser', username: 'nobody-here', returnAll: true });
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(0);
		expect(result.requests[0].status).toBe(404);
	});
});

describe('Plantronics Inventory Trigger: a failed poll leaves the stored state as it was', () => {
	it('fails visibly on a stray 404, keeps the baseline, and fires nothing at the next good poll', async () => {
		const parameters = { event: 'nonCompliantDevice', scope: 'tenant' };
		const staticData: IDataObject = {};
		const baseline = await pollOn(staticData, parameters);
		expect(baseline.items).toBeNull();
		const stored = JSON.stringify(baseline.state);
		expect(String(baseline.state.seen).length).toBeGreaterThan(0);

		sandbox.setFaults([{ vendor: 'plantronics', kind: 'status', status: 404, body: NGINX_404 }]);
		const failed = await pollOn(staticData, parameters);
		expect(failed.error?.message).toMatch(/Not found/);
		expect(JSON.stringify(failed.state)).toBe(stored);

		sandbox.setFaults([]);
		const next = await pollOn(staticData, parameters);
		expect(next.error).toBeUndefined();
		expect(next.items).toBeNull();
	});

	it('refuses devices without an ID, naming the record, and keeps the state', async () => {
		const parameters = { event: 'newDevice', scope: 'tenant' };
		const staticData: IDataObject = {};
		await pollOn(staticData, parameters);
		const stored = JSON.stringify(staticData);
		const withoutIds = [{ device: { displayId: 'TT1' } }, { device: { displayId: 'TT2' } }];
		sandbox.setFaults([{ vendor: 'plantronics', kind: 'status', status: 200, body: page(withoutIds) }]);
		const failed = await pollOn(staticData, parameters);
		expect(failed.error?.message).toBe('Plantronics Manager Pro sent device 1 of 2 without an ID (display ID TT1)');
		expect(JSON.stringify(staticData)).toBe(stored);
	});

	it('a manual test run fails the same way instead of showing nothing', async () => {
		sandbox.setFaults([{ vendor: 'plantronics', kind: 'status', status: 404, body: NGINX_404 }]);
		await expect(
			pollTrigger({ type: 'plantronicsInventoryTrigger', parameters: { event: 'newDevice', scope: 'tenant' }, credentials: { plantronicsManagerProApi: sandbox.credentials.plantronics }, mode: 'manual' }),
		).rejects.toThrow(/Not found/);
	});
});

describe('Plantronics Inventory: paging metadata decides when it is there', () => {
	it('a server that caps pages at 50 (99 asked) still gives every device, by page.totalPages', async () => {
		sandbox.data.plantronics.setPageCap(50);
		const result = await run({ operation: 'getAll', returnAll: true });
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(250);
		expect(new Set(result.items.map((item) => (item.json.device as { id: string }).id)).size).toBe(250);
		const asked = result.requests.map((request) => `${request.query.page}/${request.query.count}`);
		expect([...asked].sort()).toEqual(['0/99', '1/99', '2/99', '3/99', '4/99']);
	});

	it('an answer for another page than the one asked is an error, not a loop', async () => {
		const zero = page([{ device: { id: 'a' } }], { page: { size: 1, totalElements: 5, totalPages: 5, number: 0 } });
		sandbox.setFaults([{ vendor: 'plantronics', kind: 'status', status: 200, body: zero }]);
		const result = await run({ operation: 'getAll', returnAll: true, options: { pageSize: 1, parallelRequests: 1 } });
		expect(result.error?.message).toMatch(/page 1 was asked for, but the answer is page 0/);
		expect(result.requests).toHaveLength(2);
	});
});

describe('Plantronics Inventory: hostile answer shapes are clear errors', () => {
	it.each([
		['a null entry', page([null]), /entry 0 of page 0 is null, not a device record/],
		['a string entry', page(['abc']), /entry 0 of page 0 is a string, not a device record/],
		['an entry without device', page([{ product: { name: 'x' } }]), /entry 0 of page 0 has no "device" object/],
		['a list that is an object', page({ 0: { device: { id: 'a' } } }), /"_embedded.deviceInventoryList" is an object, not a list/],
		['an empty object', '{}', /not a device inventory page/],
		['an empty body', '', /the answer is empty/],
		['a top-level list', '[]', /the answer is a list/],
	])('%s', async (_name, body, message) => {
		sandbox.setFaults([{ vendor: 'plantronics', kind: 'status', status: 200, body }]);
		const result = await run({ operation: 'getAll', returnAll: true, simplify: true });
		expect(result.error?.message).toMatch(message);
		expect(result.error?.message).not.toMatch(/TypeError|Cannot read/);
		expect(result.error?.description).toMatch(/Base URL/);
		expect(result.requests).toHaveLength(1);
	});

	it('an empty HAL page without "_embedded" is zero devices', async () => {
		sandbox.setFaults([{ vendor: 'plantronics', kind: 'status', status: 200, body: JSON.stringify({ _links: { self: { href: '?page=0' } }, page: { size: 99, totalElements: 0, totalPages: 0, number: 0 } }) }]);
		const result = await run({ operation: 'getAll', returnAll: true });
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(0);
	});
});

describe('Plantronics Inventory: numbers and dates from expressions are checked before anything is sent', () => {
	it.each([
		[{ limit: 0 }, '"Limit" must be a whole number from 1 to 250000, but it is 0'],
		[{ limit: -1 }, '"Limit" must be a whole number from 1 to 250000, but it is -1'],
		[{ limit: '={{ 0/0 }}' }, '"Limit" must be a whole number from 1 to 250000, but it is NaN'],
		[{ limit: '={{ 2.5 }}' }, '"Limit" must be a whole number from 1 to 250000, but it is 2.5'],
		[{ limit: '={{ "abc" }}' }, '"Limit" must be a whole number from 1 to 250000, but it is "abc"'],
		[{ limit: 5, options: { pageSize: '={{ 0/0 }}' } }, '"Page Size" must be a whole number from 1 to 99, but it is NaN'],
		[{ limit: 5, options: { pageSize: 2.5 } }, '"Page Size" must be a whole number from 1 to 99, but it is 2.5'],
		[{ limit: 5, options: { pageSize: 100 } }, '"Page Size" must be a whole number from 1 to 99, but it is 100'],
		[{ limit: 5, filters: { lastSeenStartTime: 'yesterday' } }, '"Last Seen After" is not a date: "yesterday"'],
		[{ limit: 5, filters: { lastSeenEndTime: '={{ "2026-13-45" }}' } }, '"Last Seen Before" is not a date: "2026-13-45"'],
	])('%j', async (parameters, message) => {
		const result = await run({ operation: 'getAll', returnAll: false, ...parameters });
		expect(result.error?.message).toBe(message);
		expect(result.requests).toHaveLength(0);
	});

	it('a limit given as text from an expression is used as the number it is', async () => {
		const result = await run({ operation: 'getAll', returnAll: false, limit: '={{ "3" }}' });
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(3);
		expect(result.requests[0].query.count).toBe('3');
	});
});
