import { SANDBOX_SECRETS, startSandbox } from '../../../sandbox';
import { runNode, testCredential } from '../../harness';

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

async function run(sandbox: Sandbox, parameters: Record<string, unknown>, extra: { input?: Array<Record<string, unknown>>; continueOnFail?: boolean; credentials?: Record<string, unknown> } = {}) {
	sandbox.clearRequests();
	const result = await runNode({
		type: 'genesysDevices',
		parameters: { resource: 'device', ...parameters },
		credentials: { genesysWebServicesApi: { ...sandbox.credentials.genesys, ...extra.credentials } },
		input: extra.input,
		continueOnFail: extra.continueOnFail,
	});
	const text = JSON.stringify([result.items, result.error?.message, result.error?.description, result.logs]);
	const basic = Buffer.from(`admin:${SANDBOX_SECRETS.genesysPassword}`).toString('base64');
	expect(text).not.toContain(SANDBOX_SECRETS.genesysPassword);
	expect(text).not.toContain(basic);
	return { ...result, requests: sandbox.requests.filter((request) => request.vendor === 'genesys') };
}

describe.each([true, false])('Genesys Devices (CSRF %s)', (csrf) => {
	let sandbox: Sandbox;
	beforeAll(async () => (sandbox = await startSandbox({ size: 12, genesysCsrf: csrf })));
	afterAll(async () => await sandbox.close());
	afterEach(() => sandbox.setFaults([]));

	it.each([
		['all', {}, '/api/v2/devices', 12],
		['me', {}, '/api/v2/me/devices', 6],
		['user', { userId: 'USER' }, '/api/v2/users/USER/devices', 6],
	])('getAll scope %s: path, fields=* and one item per device', async (scope, extra, path, count) => {
		const userId = sandbox.data.genesys.agentId;
		const parameters = { operation: 'getAll', scope, returnAll: true, ...Object.fromEntries(Object.entries(extra).map(([key]) => [key, userId])) };
		const result = await run(sandbox, parameters);
		expect(result.error).toBeUndefined();
		expect(result.requests[0].path).toBe(path.replace('USER', userId));
		expect(result.requests[0].query.fields).toBe('*');
		expect(result.requests[0].headers.authorization).toBe(`Basic ${Buffer.from(`admin:${SANDBOX_SECRETS.genesysPassword}`).toString('base64')}`);
		expect(result.items).toHaveLength(count);
		expect(result.items[0].json).toHaveProperty('phoneNumber');
	});

	it('getAll sends a field list and exact filters, and the limit cuts the list', async () => {
		const result = await run(sandbox, { operation: 'getAll', scope: 'all', fields: 'id, phoneNumber', returnAll: false, limit: 2, filters: { deviceState: 'Active', telephonyNetwork: 'Private' } });
		expect(result.requests[0].query).toMatchObject({ fields: 'id,phoneNumber', deviceState: 'Active', telephonyNetwork: 'Private' });
		expect(result.items).toHaveLength(2);
		expect(Object.keys(result.items[0].json).sort()).toEqual(['id', 'phoneNumber']);
	});

	it('get returns the device object', async () => {
		const device = sandbox.data.genesys.devicesOf(sandbox.data.genesys.adminId)[0];
		const result = await run(sandbox, { operation: 'get', deviceId: device.id });
		expect(result.requests[0].path).toBe(`/api/v2/devices/${device.id}`);
		expect(result.requests[0].query.fields).toBe('*');
		expect(result.items[0].json).toMatchObject({ id: device.id, phoneNumber: device.phoneNumber });
	});

	it('create for me and for a user sends the body, with the CSRF token and cookie when the server wants them', async () => {
		const forMe = await run(sandbox, { operation: 'create', scope: 'me', phoneNumber: csrf ? '7001' : '7101', additionalFields: { model: 'DeskPhone', telephonyNetwork: 'Public' } });
		expect(forMe.error).toBeUndefined();
		const write = forMe.requests.find((request) => request.method === 'POST')!;
		expect(write.path).toBe('/api/v2/me/devices');
		expect(JSON.parse(write.body)).toEqual({ phoneNumber: csrf ? '7001' : '7101', model: 'DeskPhone', telephonyNetwork: 'Public' });
		if (csrf) {
			expect(write.headers['x-csrf-token']).toMatch(/^[0-9a-f]+$/);
			expect(write.headers.cookie).toMatch(/JSESSIONID=/);
		} else {
			expect(write.headers['x-csrf-token']).toBeUndefined();
		}
		expect(forMe.items[0].json).toHaveProperty('id');

		const forUser = await run(sandbox, { operation: 'create', scope: 'user', userId: sandbox.data.genesys.agentId, phoneNumber: csrf ? '7002' : '7102' });
		expect(forUser.requests.find((request) => request.method === 'POST')!.path).toBe(`/api/v2/users/${sandbox.data.genesys.agentId}/devices`);
	});

	it.each([
		['DoNotDisturbOn', {}],
		['DoNotDisturbOff', {}],
		['ForwardCallsOn', { destination: '+15550100' }],
		['ForwardCallsOff', {}],
	])('performAction %s sends its operation body', async (action, extra) => {
		const device = sandbox.data.genesys.devicesOf(sandbox.data.genesys.adminId).find((entry: { capabilities: string[] }) => entry.capabilities.includes('ForwardCallsOn'));
		const result = await run(sandbox, { operation: 'performAction', deviceId: device.id, action, ...extra });
		expect(result.error).toBeUndefined();
		const write = result.requests.find((request) => request.method === 'POST')!;
		expect(write.path).toBe(`/api/v2/me/devices/${device.id}`);
		expect(JSON.parse(write.body)).toEqual({ operationName: action, ...extra });
	});

	it('refuses an action the device does not offer, before any write', async () => {
		const device = sandbox.data.genesys.devicesOf(sandbox.data.genesys.adminId).find((entry: { capabilities: string[] }) => !entry.capabilities.includes('ForwardCallsOn'));
		const result = await run(sandbox, { operation: 'performAction', deviceId: device.id, action: 'ForwardCallsOn', destination: '+15550100' });
		expect(result.error?.message).toMatch(/does not offer "ForwardCallsOn"/);
		expect(result.requests.filter((request) => request.method === 'POST')).toHaveLength(0);
	});

	it('maps a non-zero statusCode to its documented meaning and the server message', async () => {
		const result = await run(sandbox, { operation: 'get', deviceId: 'no-such-device' });
		expect(result.error?.message).toMatch(/Not found: Device not found \(code 6\)/);
		expect(result.error?.description).toMatch(/Check the IDs/);
	});

	it('says the username or password is wrong, without showing it', async () => {
		const result = await run(sandbox, { operation: 'getAll', scope: 'me', returnAll: true }, { credentials: { password: 'gws-wrong-password-1' } });
		expect(result.error?.message).toMatch(/username or password is wrong/);
		expect(result.error?.httpCode).toBe('401');
		expect(JSON.stringify(result.error?.message)).not.toContain('gws-wrong-password-1');
	});

	it('never retries a write on a 503', async () => {
		sandbox.setFaults([{ vendor: 'genesys', method: 'POST', kind: 'status', status: 503 }]);
		const result = await run(sandbox, { operation: 'create', scope: 'me', phoneNumber: csrf ? '7003' : '7103' });
		expect(result.requests.filter((request) => request.method === 'POST')).toHaveLength(1);
		expect(result.error?.httpCode).toBe('503');
	});

	it('with Continue On Fail gives N outputs for N inputs, paired', async () => {
		const good = sandbox.data.genesys.devicesOf(sandbox.data.genesys.adminId)[0].id;
		const input = [{ id: good }, { id: 'missing' }, { id: good }];
		const result = await run(sandbox, { operation: 'get', deviceId: '={{ $json.id }}' }, { input, continueOnFail: true });
		expect(result.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(result.items[1].json.error).toMatch(/Not found/);
	});
});

describe('Genesys Devices: statusCode under HTTP 4xx, CSRF refresh, credential test', () => {
	it('maps statusCode errors that come with HTTP 4xx the same way', async () => {
		const sandbox = await startSandbox({ size: 4, genesysErrorHttpStatus: '4xx' });
		try {
			const result = await run(sandbox, { operation: 'get', deviceId: 'no-such-device' });
			expect(result.error?.message).toMatch(/Not found: Device not found \(code 6\)/);
			expect(result.error?.httpCode).toBe('404');
		} finally {
			await sandbox.close();
		}
	});

	it('when the server rejects the CSRF token, refreshes it once and retries the write once; not twice', async () => {
		const sandbox = await startSandbox({ size: 4, genesysCsrf: true });
		const csrfRejection = { vendor: 'genesys', method: 'POST', kind: 'status', status: 403, body: JSON.stringify({ statusCode: 3, statusMessage: 'Missing or invalid Csrf token' }) };
		try {
			sandbox.setFaults([{ ...csrfRejection, times: 1 }]);
			const refreshed = await run(sandbox, { operation: 'create', scope: 'me', phoneNumber: '8001' });
			expect(refreshed.error).toBeUndefined();
			expect(refreshed.requests.map((request) => `${request.method} ${request.status}`)).toEqual(['GET 200', 'POST 403', 'GET 200', 'POST 200']);

			sandbox.setFaults([csrfRejection]);
			const stillRejected = await run(sandbox, { operation: 'create', scope: 'me', phoneNumber: '8002' });
			expect(stillRejected.error?.message).toMatch(/Csrf token/);
			expect(stillRejected.requests.filter((request) => request.method === 'POST')).toHaveLength(2);
		} finally {
			await sandbox.close();
		}
	});

	it('tests the credential: OK, and a readable error for a wrong password', async () => {
		const sandbox = await startSandbox({ size: 2 });
		try {
			expect(await testCredential('genesysWebServicesApi', sandbox.credentials.genesys)).toEqual({ status: 'OK', message: 'Connection tested successfully' });
			expect(await testCredential('genesysWebServicesApi', { ...sandbox.credentials.genesys, password: 'x-wrong-x' })).toEqual({ status: 'Error', message: 'The username or password is wrong.' });
		} finally {
			await sandbox.close();
		}
	});
});
