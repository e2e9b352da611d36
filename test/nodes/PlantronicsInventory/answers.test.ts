import type { IDataObject } from 'n8n-workflow';

import { SANDBOX_SECRETS, startSandbox } from '../../../sandbox';
import { runNode, testCredential } from '../../harness';

/**
 * Answers the Plantronics documents allow but a well-behaved server never
 * gives: the 404 "no device entity" as plain text or under another JSON key, a
 * list that shrinks while it is walked, a server that ignores the filters an
 * endpoint does not document. Each comes from a sandbox mode.
 */

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

const NO_DEVICE_ENTITY = 'No device entity could be found for the requested device path parameters';
const NGINX_404 = '<html><head><title>404 Not Found</title></head><body><center><h1>404 Not Found</h1></center><hr><center>nginx</center></body></html>';
const EMPTY_TENANT = '0123abcd-0000-4000-8000-000000000000';

async function run(sandbox: Sandbox, parameters: Record<string, unknown>, credentials: Record<string, unknown> = {}) {
	sandbox.clearRequests();
	const result = await runNode({
		type: 'plantronicsInventory',
		parameters: { resource: 'device', returnAll: true, ...parameters },
		credentials: { plantronicsManagerProApi: { ...sandbox.credentials.plantronics, ...credentials } },
	});
	const text = JSON.stringify([result.items, result.error?.message, result.error?.description, result.logs, result.hints]);
	expect(text).not.toContain(SANDBOX_SECRETS.plantronicsApiKey);
	return { ...result, requests: sandbox.requests.filter((request) => request.vendor === 'plantronics') };
}

async function withSandbox(settings: Record<string, unknown>, body: (sandbox: Sandbox) => Promise<void>) {
	const sandbox = await startSandbox({ size: 250, ...settings });
	try {
		await body(sandbox);
	} finally {
		await sandbox.close();
	}
}

const pages = (requests: Array<{ query: IDataObject }>) => requests.map((request) => `${String(request.query.page)}/${String(request.query.count)}`);

describe('Plantronics: the 404 "no device entity" whatever its body, and node and credential test agree', () => {
	it.each(['text', 'jsonOtherKey'])('sent as %s, it is zero devices for a user and a passed credential test for an empty tenant', async (noDevicesBody) => {
		await withSandbox({ plantronicsNoDevicesBody: noDevicesBody }, async (sandbox) => {
			const result = await run(sandbox, { operation: 'getAllByUser', username: 'nobody-here' });
			expect(result.error).toBeUndefined();
			expect(result.items).toHaveLength(0);
			expect(result.requests.map((request) => request.status)).toEqual([404]);

			const emptyTenant = await run(sandbox, { operation: 'getAll' }, { tenantApiCode: EMPTY_TENANT });
			expect(emptyTenant.error).toBeUndefined();
			expect(emptyTenant.items).toHaveLength(0);
			expect(await testCredential('plantronicsManagerProApi', { ...sandbox.credentials.plantronics, tenantApiCode: EMPTY_TENANT })).toMatchObject({ status: 'OK' });
		});
	});

	it.each([
		['plain text', 'text/plain', NO_DEVICE_ENTITY, 'none'],
		['JSON under another key', 'application/json', JSON.stringify({ errors: [{ detail: NO_DEVICE_ENTITY }] }), 'none'],
		['a JSON string', 'application/json', JSON.stringify(NO_DEVICE_ENTITY), 'none'],
		['an nginx 404 page', 'text/html', NGINX_404, 'wrong'],
		['an HTML page quoting the sentence', 'text/html', `<html><body><p>Proxy error: ${NO_DEVICE_ENTITY}</p></body></html>`, 'wrong'],
		['a plain-text 404 of another server', 'text/plain', 'Not Found', 'wrong'],
		['JSON of another server', 'application/json', JSON.stringify({ error: 'Not Found', path: '/reports' }), 'wrong'],
	])('%s', async (_name, contentType, body, meaning) => {
		await withSandbox({}, async (sandbox) => {
			sandbox.setFaults([{ vendor: 'plantronics', kind: 'echo', status: 404, contentType, body: () => body }]);
			const result = await run(sandbox, { operation: 'getAll' });
			const credentialTest = await testCredential('plantronicsManagerProApi', sandbox.credentials.plantronics);
			if (meaning === 'none') {
				expect(result.error).toBeUndefined();
				expect(result.items).toHaveLength(0);
				expect(credentialTest).toMatchObject({ status: 'OK' });
			} else {
				expect(result.error?.description).toMatch(/region \(or, for Custom, the Base URL\)/);
				expect(result.error?.httpCode).toBe('404');
				expect(credentialTest).toEqual({ status: 'Error', message: expect.stringMatching(/not found there.*Base URL/) });
			}
		});
	});
});

describe('Plantronics: a list that shrinks while it is walked', () => {
	const shrinking = { size: 450, plantronicsShrink: { afterPage: 1, remaining: 198 } };

	it('5 pages announced, then "no device entity" on page 2: an error, not 198 devices', async () => {
		await withSandbox({ ...shrinking, plantronicsEmptyPage: 'noDeviceEntity' }, async (sandbox) => {
			const result = await run(sandbox, { operation: 'getAll' });
			expect(result.items).toHaveLength(0);
			expect(result.error?.message).toBe(
				'Plantronics Manager Pro: The device list changed while it was read: 5 pages were announced, but page 2 answered "no device entity" [HTTP 404]',
			);
			expect(result.error?.description).toMatch(/Run the node again/);
			expect(pages(result.requests)).toEqual(['0/99', '1/99', '2/99']);
			expect(result.requests.map((request) => request.status)).toEqual([200, 200, 404]);
		});
	});

	it('5 pages announced, then an empty page 2 that now says it is the last: an error too', async () => {
		await withSandbox(shrinking, async (sandbox) => {
			const result = await run(sandbox, { operation: 'getAll' });
			expect(result.items).toHaveLength(0);
			expect(result.error?.message).toMatch(/5 pages were announced, but page 2 held no devices/);
			expect(pages(result.requests)).toEqual(['0/99', '1/99', '2/99']);
		});
	});

	it('without paging metadata, "no device entity" after full pages is read as the end of the list', async () => {
		await withSandbox({ size: 198, plantronicsPageMetadata: false, plantronicsEmptyPage: 'noDeviceEntity' }, async (sandbox) => {
			const result = await run(sandbox, { operation: 'getAll' });
			expect(result.error).toBeUndefined();
			expect(result.items).toHaveLength(198);
			expect(result.requests.map((request) => request.status)).toEqual([200, 200, 404]);
		});
	});

	it('"no device entity" on page 0 stays zero devices', async () => {
		await withSandbox({ plantronicsEmptyPage: 'noDeviceEntity' }, async (sandbox) => {
			const result = await run(sandbox, { operation: 'getAll' }, { tenantApiCode: EMPTY_TENANT });
			expect(result.error).toBeUndefined();
			expect(result.items).toHaveLength(0);
			expect(result.requests.map((request) => request.status)).toEqual([404]);
		});
	});
});

describe('Plantronics: filters an endpoint does not document are checked on what came back', () => {
	const manufacturerOf = (item: { json: IDataObject }) => (item.json.product as IDataObject).manufacturer;
	const groupsOf = (item: { json: IDataObject }) => (item.json.lastSeen as IDataObject).userGroups as string[];

	it('Get Many with a Manufacturer the server ignores: only that manufacturer\'s devices, and a notice', async () => {
		await withSandbox({ plantronicsIgnoresUndocumentedFilters: true }, async (sandbox) => {
			const expected = sandbox.data.plantronics.list().filter((record) => record.product.manufacturer === 'Jabra').length;
			expect(expected).toBeGreaterThan(0);
			const result = await run(sandbox, { operation: 'getAll', filters: { manufacturer: 'jabra' } });
			expect(result.error).toBeUndefined();
			expect(result.requests[0].query.manufacturer).toBe('jabra');
			expect(result.items).toHaveLength(expected);
			expect(result.items.every((item) => manufacturerOf(item) === 'Jabra')).toBe(true);
			expect(result.hints.map((hint) => hint.message)).toEqual([
				`${250 - expected} device(s) returned by Plantronics did not match Manufacturer "jabra" and were left out. The API does not document these filters for this operation, so the node checks them on each device.`,
			]);
		});
	});

	it('Get Many with Product Name and Device Type ignored, and a Limit: the limit counts matching devices only', async () => {
		await withSandbox({ plantronicsIgnoresUndocumentedFilters: true }, async (sandbox) => {
			const result = await run(sandbox, { operation: 'getAll', returnAll: false, limit: 5, filters: { productName: 'BT600', deviceType: 'Bluetooth' } });
			expect(result.error).toBeUndefined();
			expect(result.items).toHaveLength(5);
			expect(result.items.every((item) => (item.json.product as IDataObject).modelId === 'BT600')).toBe(true);
			// The node drops devices itself, so it asks full pages (Page Size), not Limit.
			expect(result.requests[0].query.count).toBe('99');
		});
	});

	it('Get Many by User Group with a User Group the server ignores', async () => {
		await withSandbox({ plantronicsIgnoresUndocumentedFilters: true }, async (sandbox) => {
			const result = await run(sandbox, { operation: 'getAllByUserGroup', userGroups: 'Sales,Support', filters: { userGroup: 'Support' } });
			expect(result.error).toBeUndefined();
			expect(result.items.length).toBeGreaterThan(0);
			expect(result.items.every((item) => groupsOf(item).includes('Support'))).toBe(true);
			expect(result.hints[0]?.message).toMatch(/did not match User Group "Support" and were left out/);
		});
	});

	it('Device State cannot be checked on a record: the devices are kept and the notice says so', async () => {
		await withSandbox({ plantronicsIgnoresUndocumentedFilters: true }, async (sandbox) => {
			const result = await run(sandbox, { operation: 'getAll', filters: { deviceState: 'Active' } });
			expect(result.error).toBeUndefined();
			expect(result.items).toHaveLength(250);
			expect(result.hints.map((hint) => hint.message)).toEqual([
				'Device State "Active" could not be checked on 250 device(s): their records have no such field, so they may not match it. The API does not document these filters for this operation, so the node checks them on each device.',
			]);
		});
	});

	it('a server that applies the filter: the same devices, and no notice', async () => {
		await withSandbox({}, async (sandbox) => {
			const expected = sandbox.data.plantronics.list().filter((record) => record.product.manufacturer === 'Jabra').length;
			const result = await run(sandbox, { operation: 'getAll', filters: { manufacturer: 'Jabra' } });
			expect(result.items).toHaveLength(expected);
			expect(result.hints).toEqual([]);
		});
	});
});

describe('Plantronics: what Limit asks for', () => {
	it('with no filter of its own, count is the Limit; with Compliance Status, it is the Page Size', async () => {
		await withSandbox({}, async (sandbox) => {
			const plain = await run(sandbox, { operation: 'getAll', returnAll: false, limit: 1 });
			expect(pages(plain.requests)).toEqual(['0/1']);
			const filtered = await run(sandbox, { operation: 'getAll', returnAll: false, limit: 1, options: { complianceStatus: 'nonCompliant' } });
			expect(filtered.items).toHaveLength(1);
			expect(pages(filtered.requests)).toEqual(['0/99']);
			const smallPages = await run(sandbox, { operation: 'getAll', returnAll: false, limit: 1, options: { complianceStatus: 'nonCompliant', pageSize: 10 } });
			expect(pages(smallPages.requests)[0]).toBe('0/10');
		});
	});
});
