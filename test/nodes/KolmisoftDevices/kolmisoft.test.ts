/* eslint-disable -- test code, in no package: n8n's package rules do not apply; scripts/lint.mjs lints it with scripts/eslint.tooling.mjs */
import { SANDBOX_SECRETS, startSandbox } from '../../../sandbox';
import { testCredential } from '../../harness';
import { requestHash } from '../../../nodes/KolmisoftDevices/transport/signing';
import type { Sandbox } from './run';
import { formOf, run, sha1 } from './run';

describe('Kolmisoft request signing', () => {
	it('matches the documented vector', () => {
		expect(requestHash('devices_get', { user_id: '100' }, '456789')).toBe('71516eea4850f7e0300ac86adf9fb64bca845aa7');
	});
});

describe('Kolmisoft Devices', () => {
	let sandbox: Sandbox;
	const secret = SANDBOX_SECRETS.kolmisoftApiSecretKey;
	beforeAll(async () => (sandbox = await startSandbox({ size: 40 })));
	afterAll(async () => await sandbox.close());
	afterEach(() => sandbox.setFaults([]));

	it('getAll: POSTs devices_get with u and the hash over user_id, reads the raw gzip answer, one item per device', async () => {
		const result = await run(sandbox, { operation: 'getAll', userId: '100', returnAll: true });
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(40);
		const [request] = result.requests;
		expect(request.method).toBe('POST');
		expect(request.path).toBe('/billing/api/devices_get');
		expect(formOf(request.body)).toEqual({ user_id: '100', u: 'admin', hash: sha1(`100${secret}`) });
		expect(result.items[0].json).toMatchObject({ user_id: '100', device_type: 'SIP' });
		expect(result.items.map((item) => item.pairedItem)).toEqual(result.items.map(() => ({ item: 0 })));
		expect(result.pairedByNode).toEqual(result.items.map(() => ({ item: 0 })));
	});

	it('getAll: one device and none come out as lists too, and limit cuts', async () => {
		expect((await run(sandbox, { operation: 'getAll', userId: '101', returnAll: true })).items).toHaveLength(1);
		expect((await run(sandbox, { operation: 'getAll', userId: '102', returnAll: true })).items).toHaveLength(0);
		expect((await run(sandbox, { operation: 'getAll', userId: '100', returnAll: false, limit: 5 })).items).toHaveLength(5);
	});

	it.each([
		['gzip with Content-Encoding', { kolmisoftGzip: 'header' }],
		['plain XML', { kolmisoftGzip: 'plain' }],
		['the head/body wrapper', { kolmisoftXmlWrapper: true }],
		['gzip and the wrapper', { kolmisoftGzip: 'raw', kolmisoftXmlWrapper: true }],
	])('reads %s the same way', async (_name, options) => {
		const other = await startSandbox({ size: 3, ...options });
		try {
			const result = await run(other, { operation: 'getAll', userId: '100', returnAll: true });
			expect(result.error).toBeUndefined();
			expect(result.items.map((item) => item.json.user_id)).toEqual(['100', '100', '100']);
		} finally {
			await other.close();
		}
	});

	it('get, create, update and delete are signed in the documented order', async () => {
		const deviceId = [...sandbox.data.kolmisoft.devices.keys()][0];
		const get = await run(sandbox, { operation: 'get', deviceId });
		expect(formOf(get.requests[0].body)).toEqual({ device_id: deviceId, u: 'admin', hash: sha1(`${deviceId}${secret}`) });
		expect(get.items[0].json).toMatchObject({ device_id: deviceId });

		const create = await run(sandbox, { operation: 'create', userId: '101', type: 'IAX2', additionalFields: { description: 'Desk phone', pin: '777123', callerId: '"Desk" <200>' } });
		expect(create.error).toBeUndefined();
		expect(formOf(create.requests[0].body)).toMatchObject({ user_id: '101', description: 'Desk phone', pin: '777123', type: 'IAX2', caller_id: '"Desk" <200>', hash: sha1(`101Desk phone777123IAX2"Desk" <200>${secret}`) });
		const newId = String(create.items[0].json.deviceId);
		expect(sandbox.data.kolmisoft.devices.get(newId)).toMatchObject({ user_id: '101', device_type: 'IAX2' });

		const update = await run(sandbox, { operation: 'update', deviceId: newId, updateFields: { host: '10.1.1.1', port: '5070' } });
		expect(formOf(update.requests[0].body)).toMatchObject({ device: newId, host: '10.1.1.1', port: '5070', hash: sha1(`${newId}10.1.1.15070${secret}`) });
		expect(sandbox.data.kolmisoft.devices.get(newId)).toMatchObject({ host: '10.1.1.1', port: '5070' });

		// All five signed values in one update: device, authentication, username, host, port, in that order.
		const signedAll = await run(sandbox, { operation: 'update', deviceId: newId, updateFields: { authentication: '1', username: 'desk200', host: '10.2.2.2', port: 5080 } });
		expect(signedAll.error).toBeUndefined();
		expect(formOf(signedAll.requests[0].body)).toMatchObject({ device: newId, authentication: '1', username: 'desk200', host: '10.2.2.2', port: '5080', hash: sha1(`${newId}1desk20010.2.2.25080${secret}`) });
		expect(sandbox.data.kolmisoft.devices.get(newId)).toMatchObject({ authentication: '1', username: 'desk200', host: '10.2.2.2', port: '5080' });

		const remove = await run(sandbox, { operation: 'delete', deviceId: newId });
		expect(formOf(remove.requests[0].body)).toEqual({ device: newId, u: 'admin', hash: sha1(`${newId}${secret}`) });
		expect(remove.items[0].json).toMatchObject({ deviceId: newId, deleted: true });
		expect(sandbox.data.kolmisoft.devices.has(newId)).toBe(false);
	});

	it.each([
		['Incorrect hash', { credentials: { apiSecretKey: 'wrong-secret-987' } }, {}, /API Secret Key/],
		['Bad login', { credentials: { username: 'mallory' } }, {}, /Username/],
		['User not found', {}, { userId: '999' }, /Check the User ID/],
		['Device was not found', {}, { operation: 'get', deviceId: '424242' }, /Check the Device ID/],
	])('turns <error>%s</error> inside HTTP 200 into an error with a hint', async (text, extra, parameters, hint) => {
		const result = await run(sandbox, { operation: 'getAll', userId: '100', returnAll: true, ...parameters }, extra);
		expect(result.error?.message).toBe(`Kolmisoft: ${text} [HTTP 200]`);
		expect(result.error?.description).toMatch(hint);
		expect(result.error?.message).not.toContain('wrong-secret-987');
	});

	it('reports API Requests are disabled and Pin_is_already_used with their hints', async () => {
		sandbox.data.kolmisoft.setApiEnabled(false);
		const disabled = await run(sandbox, { operation: 'getAll', userId: '100', returnAll: true });
		sandbox.data.kolmisoft.setApiEnabled(true);
		expect(disabled.error?.message).toMatch(/API Requests are disabled/);
		expect(disabled.error?.description).toMatch(/Enable the API/);

		const usedPin = [...sandbox.data.kolmisoft.devices.values()][0].pin;
		const pin = await run(sandbox, { operation: 'create', userId: '101', type: 'SIP', additionalFields: { pin: usedPin } });
		expect(pin.error?.message).toMatch(/Pin_is_already_used/);
		expect(pin.error?.description).toMatch(/another PIN/);
	});

	it('fails clearly on a truncated gzip body and on malformed XML', async () => {
		sandbox.setFaults([{ vendor: 'kolmisoft', kind: 'truncateGzip' }]);
		const truncated = await run(sandbox, { operation: 'getAll', userId: '100', returnAll: true });
		expect(truncated.error?.message).toMatch(/gzip-compressed answer is damaged or incomplete/);

		sandbox.setFaults([{ vendor: 'kolmisoft', kind: 'malformed' }]);
		const malformed = await run(sandbox, { operation: 'getAll', userId: '100', returnAll: true });
		expect(malformed.error?.message).toMatch(/not well-formed XML/);
	});

	it('does not expand entities declared in the answer', async () => {
		sandbox.setFaults([{ vendor: 'kolmisoft', kind: 'entityExpansion' }]);
		const result = await run(sandbox, { operation: 'getAll', userId: '100', returnAll: true });
		expect(JSON.stringify(result.items)).not.toContain('aaaaaaaaaaaaaaaaaaaa');
	});

	it('stops a gzip bomb at the cap without exhausting memory', async () => {
		sandbox.setFaults([{ vendor: 'kolmisoft', kind: 'gzipBomb', bytes: 512 * 1024 * 1024 }]);
		const before = process.memoryUsage().rss;
		const result = await run(sandbox, { operation: 'getAll', userId: '100', returnAll: true });
		expect(result.error?.message).toMatch(/decompressed answer is larger than 128 MB/);
		expect(process.memoryUsage().rss - before).toBeLessThan(600 * 1024 * 1024);
	}, 60_000);

	it('retries a read through a 503 but never a write, nor after a dropped connection', async () => {
		sandbox.setFaults([{ vendor: 'kolmisoft', kind: 'status', status: 503, times: 1 }]);
		const read = await run(sandbox, { operation: 'getAll', userId: '101', returnAll: true });
		expect(read.requests).toHaveLength(2);
		expect(read.items).toHaveLength(1);

		sandbox.setFaults([{ vendor: 'kolmisoft', kind: 'status', status: 503 }]);
		const write = await run(sandbox, { operation: 'create', userId: '101', type: 'SIP' });
		expect(write.requests).toHaveLength(1);
		expect(write.error?.httpCode).toBe('503');

		sandbox.setFaults([{ vendor: 'kolmisoft', kind: 'drop' }]);
		const dropped = await run(sandbox, { operation: 'delete', deviceId: '1000' });
		expect(dropped.requests).toHaveLength(1);
		expect(dropped.error?.description).toMatch(/may or may not/);
	});

	it('with Continue On Fail gives N outputs for N inputs, paired', async () => {
		const input = [{ id: '101' }, { id: '999' }, { id: '' }, { id: '101' }];
		const result = await run(sandbox, { operation: 'getAll', userId: '={{ $json.id }}', returnAll: true }, { input, continueOnFail: true });
		expect(result.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
		expect(result.pairedByNode).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
		expect(result.items[1].json.error).toMatch(/User not found/);
		expect(result.items[2].json.error).toBe('"User ID" is required');
	});

	it('tests the credential with a signed request: OK, and readable errors for a wrong secret or login', async () => {
		expect(await testCredential('kolmisoftApi', sandbox.credentials.kolmisoft)).toMatchObject({ status: 'OK' });
		const wrongSecret = await testCredential('kolmisoftApi', { ...sandbox.credentials.kolmisoft, apiSecretKey: 'nope-secret-000' });
		expect(wrongSecret).toEqual({ status: 'Error', message: expect.stringMatching(/API Secret Key is wrong/) });
		const wrongUser = await testCredential('kolmisoftApi', { ...sandbox.credentials.kolmisoft, username: 'nobody' });
		expect(wrongUser.message).toMatch(/Username/);
	});
});
