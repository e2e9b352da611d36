/**
 * Kolmisoft answers the documents allow but that are not a device or a device
 * list, the old method name `device_list`, writes answered by a proxy's page,
 * and options filled by an expression or an AI model.
 */
import { SANDBOX_SECRETS, startSandbox } from '../../../sandbox';
import { testCredential } from '../../harness';
import type { Sandbox } from './run';
import { formOf, run, sha1 } from './run';

const secret = SANDBOX_SECRETS.kolmisoftApiSecretKey;

describe('Kolmisoft Devices: only the documented device and device list pass', () => {
	const sandboxes: Sandbox[] = [];
	const sandboxWith = async (options: Record<string, unknown>) => {
		const sandbox = await startSandbox({ size: 3, ...options });
		sandboxes.push(sandbox);
		return sandbox;
	};
	afterAll(async () => await Promise.all(sandboxes.map((sandbox) => sandbox.close())));

	it('Get: a web server\'s welcome page (HTTP 200, well-formed) is an error, not a device', async () => {
		const sandbox = await sandboxWith({ kolmisoftAnswer: 'welcomePage' });
		const result = await run(sandbox, { operation: 'get', deviceId: '1000' });
		expect(result.requests).toHaveLength(1);
		expect(result.items).toHaveLength(0);
		expect(result.error?.message).toBe('Kolmisoft: The answer to device_details_get has no <device> [HTTP 200]');
		expect(result.error?.description).toMatch(/Base URL/);
	});

	it('Get: the documented <page><device> still comes out as the device', async () => {
		const sandbox = await sandboxWith({});
		const result = await run(sandbox, { operation: 'get', deviceId: '1000' });
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.json.device_id)).toEqual(['1000']);
	});

	it.each([
		['twoDeviceLists', /The answer to devices_get has more than one <devices> list/],
		['devicesText', /The answer to devices_get has text instead of devices in <devices>: "Database error, see log"/],
		['devicesError', /^Kolmisoft: Access Denied \[HTTP 200\]$/],
		['wrongChild', /The answer to devices_get has <connection_point> in <devices>, not <device>/],
		['deviceText', /The answer to devices_get has a <device> without fields: "7"/],
		['welcomePage', /The answer to devices_get has no <devices> list/],
	])('Get Many: the answer %s is an error, not zero devices or text items', async (kolmisoftAnswer, message) => {
		const sandbox = await sandboxWith({ kolmisoftAnswer });
		const result = await run(sandbox, { operation: 'getAll', userId: '100', returnAll: true }, { continueOnFail: true });
		expect(result.requests).toHaveLength(1);
		expect(result.items).toHaveLength(1);
		expect(result.items[0].json.error).toMatch(message);
		expect(Object.keys(result.items[0].json).sort()).toEqual(['description', 'error']);
	});

	it('Get Many: an <error> inside <devices> comes with the documented hint', async () => {
		const sandbox = await sandboxWith({ kolmisoftAnswer: 'devicesError' });
		const result = await run(sandbox, { operation: 'getAll', userId: '100', returnAll: true });
		expect(result.error?.description).toMatch(/Connection Points permission/);
	});
});

describe('Kolmisoft Devices: a server that knows only the old name device_list', () => {
	let sandbox: Sandbox;
	beforeAll(async () => (sandbox = await startSandbox({ size: 3, kolmisoftMethods: 'legacy' })));
	afterAll(async () => await sandbox.close());

	it('Get Many asks devices_get, and after "unknown method" asks device_list, signed the same way', async () => {
		const result = await run(sandbox, { operation: 'getAll', userId: '100', returnAll: true });
		expect(result.error).toBeUndefined();
		expect(result.requests.map((request) => [request.path, request.status])).toEqual([
			['/billing/api/devices_get', 404],
			['/billing/api/device_list', 200],
		]);
		expect(formOf(result.requests[1].body)).toEqual({ user_id: '100', u: 'admin', hash: sha1(`100${secret}`) });
		expect(result.items).toHaveLength(3);
	});

	it('the credential test passes, asking device_list after devices_get was answered 404', async () => {
		sandbox.clearRequests();
		expect(await testCredential('kolmisoftApi', sandbox.credentials.kolmisoft)).toMatchObject({ status: 'OK' });
		expect(sandbox.requests.map((request) => [request.path, request.status])).toEqual([
			['/billing/api/devices_get', 404],
			['/billing/api/device_list', 200],
		]);
	});

	it('device_list\'s own error comes out as the error', async () => {
		const result = await run(sandbox, { operation: 'getAll', userId: '999', returnAll: true });
		expect(result.requests.map((request) => request.path)).toEqual(['/billing/api/devices_get', '/billing/api/device_list']);
		expect(result.error?.message).toMatch(/User not found/);
	});

	it('an <error> saying devices_get is unknown, in HTTP 200, leads to device_list as well', async () => {
		sandbox.setFaults([{ vendor: 'kolmisoft', path: 'devices_get', kind: 'status', status: 200, body: '<page><error>Unknown method devices_get</error></page>' }]);
		const result = await run(sandbox, { operation: 'getAll', userId: '100', returnAll: true });
		sandbox.setFaults([]);
		expect(result.error).toBeUndefined();
		expect(result.requests.map((request) => request.path)).toEqual(['/billing/api/devices_get', '/billing/api/device_list']);
		expect(result.items).toHaveLength(3);
	});
});

describe('Kolmisoft Devices: writes answered by a proxy\'s page', () => {
	let sandbox: Sandbox;
	beforeAll(async () => (sandbox = await startSandbox({ size: 3, proxyPageOnWrites: true })));
	afterAll(async () => await sandbox.close());

	it('create, update and delete were carried out; each error says the change is not confirmed and to check the device', async () => {
		const devices = sandbox.data.kolmisoft.devices;
		const before = devices.size;
		const deviceId = [...devices.keys()][0];
		for (const [parameters, done] of [
			[{ operation: 'create', userId: '101', type: 'SIP' }, () => devices.size === before + 1],
			[{ operation: 'update', deviceId, updateFields: { host: '10.9.9.9' } }, () => devices.get(deviceId)?.host === '10.9.9.9'],
			[{ operation: 'delete', deviceId }, () => !devices.has(deviceId)],
		] as const) {
			const result = await run(sandbox, parameters);
			expect(result.requests).toHaveLength(1);
			expect(done()).toBe(true);
			expect(result.items).toHaveLength(0);
			expect(result.error?.message).toMatch(/not confirmed/);
			expect(result.error?.description).toMatch(/may or may not have been made: check the device in Kolmisoft before running this again/);
			expect(result.error?.description).not.toMatch(/Try again/);
		}
	});
});

describe('Kolmisoft Devices: options from expressions and AI models', () => {
	let sandbox: Sandbox;
	beforeAll(async () => (sandbox = await startSandbox({ size: 3 })));
	afterAll(async () => await sandbox.close());

	it('Create: Type "sip" is sent and signed as SIP; an unknown type is refused, listing the types', async () => {
		const created = await run(sandbox, { operation: 'create', userId: '101', type: '={{ "sip" }}' });
		expect(created.error).toBeUndefined();
		expect(formOf(created.requests[0].body)).toMatchObject({ type: 'SIP', hash: sha1(`101SIP${secret}`) });

		const refused = await run(sandbox, { operation: 'create', userId: '101', type: '={{ "Skype" }}' });
		expect(refused.requests).toHaveLength(0);
		expect(refused.error?.message).toBe('"Type" must be one of FAX, H323, IAX2, SIP, Virtual, but it is "Skype"');
	});

	it('Update: Authentication takes 0 or 1 (and the old yes/no), and names them when it is anything else', async () => {
		const deviceId = [...sandbox.data.kolmisoft.devices.keys()][0];
		const refused = await run(sandbox, { operation: 'update', deviceId, updateFields: { authentication: '={{ "ip" }}' } });
		expect(refused.requests).toHaveLength(0);
		expect(refused.error?.message).toBe('"Authentication" must be one of 0, 1, but it is "ip"');
		const legacy = await run(sandbox, { operation: 'update', deviceId, updateFields: { authentication: '={{ "No" }}', host: '10.0.0.1' } });
		expect(legacy.error).toBeUndefined();
		expect(formOf(legacy.requests[0].body)).toMatchObject({ authentication: '1' });
	});
});
