/* eslint-disable -- test code, in no package: n8n's package rules do not apply; scripts/lint.mjs lints it with scripts/eslint.tooling.mjs */
import { SANDBOX_SECRETS, startSandbox } from '../../../sandbox';
import { runNode } from '../../harness';

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

const TYPE = 'plantronicsInventory';

function expectNoSecrets(result: { items: unknown; error?: { message?: string; description?: string }; logs: string[] }) {
	const text = JSON.stringify([result.items, result.error?.message, result.error?.description, result.logs]);
	for (const secret of Object.values(SANDBOX_SECRETS)) {
		expect(text).not.toContain(secret);
		expect(text).not.toContain(encodeURIComponent(secret));
	}
}

async function run(sandbox: Sandbox, parameters: Record<string, unknown>, extra: { input?: Array<Record<string, unknown>>; continueOnFail?: boolean; credentials?: Record<string, unknown> } = {}) {
	sandbox.clearRequests();
	const result = await runNode({
		type: TYPE,
		parameters: { resource: 'device', ...parameters },
		credentials: { plantronicsManagerProApi: { ...sandbox.credentials.plantronics, ...extra.credentials } },
		input: extra.input,
		continueOnFail: extra.continueOnFail,
	});
	expectNoSecrets(result);
	return { ...result, requests: sandbox.requests.filter((request) => request.vendor === 'plantronics') };
}

describe('Plantronics Inventory', () => {
	let sandbox: Sandbox;
	beforeAll(async () => (sandbox = await startSandbox({ size: 250 })));
	afterAll(async () => await sandbox.close());
	afterEach(() => sandbox.setFaults([]));

	it('walks every page of the tenant from page 0, one item per device, with the credential on the wire', async () => {
		const result = await run(sandbox, { operation: 'getAll', returnAll: true, options: { pageSize: 99 } });
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(250);
		expect(new Set(result.items.map((item) => (item.json.device as { id: string }).id)).size).toBe(250);
		expect(result.requests.map((request) => [request.query.page, request.query.count])).toEqual([
			['0', '99'],
			['1', '99'],
			['2', '99'],
		]);
		expect(result.requests[0].path).toBe(`/reports/assets/tenant/${sandbox.credentials.plantronics.tenantApiCode}/devices`);
		expect(result.requests[0].query.apikey).toBe(SANDBOX_SECRETS.plantronicsApiKey);
		expect(result.requests[0].headers.appid).toBe(sandbox.credentials.plantronics.appId);
		expect(result.items.every((item) => item.pairedItem && (item.pairedItem as { item: number }).item === 0)).toBe(true);
	});

	it('on an exact multiple of the page size stops by the metadata, or by the empty page when there is none', async () => {
		const withMetadata = await run(sandbox, { operation: 'getAll', returnAll: true, options: { pageSize: 50 } });
		expect(withMetadata.items).toHaveLength(250);
		expect(withMetadata.requests.map((request) => request.query.page)).toEqual(['0', '1', '2', '3', '4']);

		const bare = await startSandbox({ size: 100, plantronicsPageMetadata: false });
		try {
			const withoutMetadata = await run(bare, { operation: 'getAll', returnAll: true, options: { pageSize: 50 } });
			expect(withoutMetadata.items).toHaveLength(100);
			expect(withoutMetadata.requests.map((request) => request.query.page)).toEqual(['0', '1', '2']);
		} finally {
			await bare.close();
		}
	});

	it('with a limit smaller than a page sends one request asking for no more than needed', async () => {
		const result = await run(sandbox, { operation: 'getAll', returnAll: false, limit: 7 });
		expect(result.items).toHaveLength(7);
		expect(result.requests).toHaveLength(1);
		expect(result.requests[0].query.count).toBe('7');
	});

	it('sends the filters as query parameters, and the user group route with userGroups', async () => {
		const byGroup = await run(sandbox, {
			operation: 'getAllByUserGroup',
			userGroups: ' Sales , Support ',
			returnAll: true,
			filters: { manufacturer: 'Plantronics', productName: 'Savi 8220', deviceType: 'DECT', deviceState: 'Active' },
		});
		expect(byGroup.error).toBeUndefined();
		const request = byGroup.requests[0];
		expect(request.path).toMatch(/\/devices\/usergroup$/);
		expect(request.query).toMatchObject({ userGroups: 'Sales,Support', manufacturer: 'Plantronics', productName: 'Savi 8220', deviceType: 'DECT', deviceState: 'Active', page: '0' });
		expect(byGroup.items.length).toBeGreaterThan(0);
		for (const item of byGroup.items) {
			expect((item.json.product as { name: string }).name).toBe('Savi 8220');
			expect(['Sales', 'Support']).toContain((item.json.lastSeen as { userGroups: string[] }).userGroups[0]);
		}

		const lastSeen = await run(sandbox, {
			operation: 'getAll',
			returnAll: true,
			filters: { lastSeenStartTime: '2026-03-01T00:00:00.000Z', lastSeenEndTime: '2026-04-01T00:00:00.000Z' },
		});
		expect(lastSeen.requests[0].query).toMatchObject({ lastSeenStartTime: '2026-03-01T00:00:00.000Z', lastSeenEndTime: '2026-04-01T00:00:00.000Z' });
		expect(lastSeen.items.length).toBeGreaterThan(0);
		expect(lastSeen.items.length).toBeLessThan(250);
	});

	it('by user group, sends the documented userName filter and gets only that user\'s devices', async () => {
		const result = await run(sandbox, { operation: 'getAllByUserGroup', userGroups: 'Sales', returnAll: true, filters: { userName: 'dwalker' } });
		expect(result.error).toBeUndefined();
		expect(result.requests[0].query).toMatchObject({ userGroups: 'Sales', userName: 'dwalker' });
		expect(result.items.length).toBeGreaterThan(0);
		expect(result.items.every((item) => (item.json.lastSeen as { username: string }).username === 'dwalker')).toBe(true);
	});

	it('lists one user\'s devices on the user route, URL-encoding the username as one segment', async () => {
		const result = await run(sandbox, { operation: 'getAllByUser', username: 'dwalker', returnAll: true });
		expect(result.requests[0].path).toMatch(/\/devices\/user\/dwalker$/);
		expect(result.items.length).toBeGreaterThan(0);
		expect(result.items.every((item) => (item.json.lastSeen as { username: string }).username === 'dwalker')).toBe(true);

		const hostile = await run(sandbox, { operation: 'getAllByUser', username: '../../x?y#z', returnAll: true });
		expect(hostile.requests[0].path).toMatch(/\/devices\/user\/\.\.%2F\.\.%2Fx%3Fy%23z$/);
		expect(hostile.items).toHaveLength(0);
	});

	it('treats a 404 "no device entity" for a user as no devices', async () => {
		const result = await run(sandbox, { operation: 'getAllByUser', username: 'nobody-here', returnAll: true });
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(0);
		expect(result.requests).toHaveLength(1);
	});

	it('filters on firmware compliance, counting the limit after the filter', async () => {
		const all = await run(sandbox, { operation: 'getAll', returnAll: true });
		const expectedNonCompliant = all.items.filter((item) => (item.json.device as { versionCompliant: boolean }).versionCompliant === false).length;
		expect(expectedNonCompliant).toBeGreaterThan(0);

		const nonCompliant = await run(sandbox, { operation: 'getAll', returnAll: true, options: { complianceStatus: 'nonCompliant' } });
		expect(nonCompliant.items).toHaveLength(expectedNonCompliant);
		expect(nonCompliant.items.every((item) => (item.json.device as { versionCompliant: boolean }).versionCompliant === false)).toBe(true);

		const limited = await run(sandbox, { operation: 'getAll', returnAll: false, limit: 3, options: { complianceStatus: 'compliant' } });
		expect(limited.items).toHaveLength(3);
		expect(limited.items.every((item) => (item.json.device as { versionCompliant: boolean }).versionCompliant === true)).toBe(true);
	});

	it('simplifies to a flat record', async () => {
		const result = await run(sandbox, { operation: 'getAllByUser', username: 'dwalker', returnAll: false, limit: 1, simplify: true });
		expect(Object.keys(result.items[0].json).sort()).toEqual(
			['displayId', 'firmwareVersion', 'firmwareVersionAvailable', 'firstSeenHost', 'firstSeenUser', 'id', 'lastSeenHost', 'lastSeenUser', 'manufacturer', 'policyFirmwareVersion', 'policyId', 'productName', 'productType', 'softphone', 'versionCompliant'].sort(),
		);
		expect(result.items[0].json.lastSeenUser).toBe('dwalker');
		expect(typeof result.items[0].json.productName).toBe('string');
	});

	it.each([
		[{ apiKey: 'wrong-key-123456' }, /Plantronics Manager Pro: Unauthorized/, /API key was rejected/, '401'],
		[{ appId: 'not-authorised' }, /Unauthorized token error/, /App ID is not authorised/, '403'],
	])('maps the documented credential errors (%#)', async (credentials, message, hint, status) => {
		const result = await run(sandbox, { operation: 'getAll', returnAll: true }, { credentials });
		expect(result.error?.message).toMatch(message);
		expect(result.error?.description).toMatch(hint);
		expect(result.error?.httpCode).toBe(status);
		expect(result.error?.message).not.toContain('wrong-key-123456');
	});

	it.each([
		[400, /malformed/i, /Tenant API Code/],
		[422, /required parameter/i, /required field/],
		[500, /Internal server error|injected fault/i, /Plantronics side/],
	])('maps HTTP %i to a message and a hint', async (status, message, hint) => {
		sandbox.setFaults([{ vendor: 'plantronics', kind: 'status', status, body: JSON.stringify({ message: status === 400 ? 'Generic malformed request' : status === 422 ? 'One or more of the required parameters not found' : 'Internal server error' }) }]);
		const result = await run(sandbox, { operation: 'getAll', returnAll: true });
		expect(result.error?.message).toMatch(message);
		expect(result.error?.description).toMatch(hint);
		expect(result.requests).toHaveLength(1);
	});

	it('checks inputs before any request, naming the field', async () => {
		const emptyUser = await run(sandbox, { operation: 'getAllByUser', username: '  ', returnAll: true });
		expect(emptyUser.error?.message).toBe('"Username" is required');
		const objectGroup = await run(sandbox, { operation: 'getAllByUserGroup', userGroups: { a: 1 }, returnAll: true });
		expect(objectGroup.error?.message).toMatch(/"User Groups" must be text/);
		const badTenant = await run(sandbox, { operation: 'getAll', returnAll: true }, { credentials: { tenantApiCode: 'not-a-tenant' } });
		expect(badTenant.error?.message).toMatch(/Tenant API Code/);
		const badUrl = await run(sandbox, { operation: 'getAll', returnAll: true }, { credentials: { baseUrl: 'ftp://nowhere' } });
		expect(badUrl.error?.message).toMatch(/Base URL/);
		expect(emptyUser.requests.length + objectGroup.requests.length + badTenant.requests.length + badUrl.requests.length).toBe(0);
	});

	it('with Continue On Fail gives every input an output, errors paired with their input', async () => {
		const input = [{ user: 'dwalker' }, { user: '' }, { user: 'dwalker' }];
		const result = await run(
			sandbox,
			{ operation: 'getAllByUser', username: '={{ $json.user }}', returnAll: false, limit: 1 },
			{ input, continueOnFail: true },
		);
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(result.pairedByNode).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(result.items[1].json.error).toBe('"Username" is required');
		expect(result.items[0].json.device).toBeDefined();
	});
});
