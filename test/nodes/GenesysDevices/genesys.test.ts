import { startSandbox } from '../../../sandbox';
import { shutdownHarness, testCredential } from '../../harness';
import type { Device, Recorded, Sandbox } from './run';
import { ADMIN_BASIC, base64, run } from './run';

const posts = (requests: Recorded[]) => requests.filter((request) => request.method === 'POST');

afterAll(async () => await shutdownHarness());

describe.each([true, false])('Genesys Devices (CSRF %s)', (csrf) => {
	let sandbox: Sandbox;
	let phone = csrf ? 7000 : 7500;
	const nextPhone = () => String(phone++);
	const adminDevices = () => sandbox.data.genesys.devicesOf(sandbox.data.genesys.adminId) as Device[];

	beforeAll(async () => (sandbox = await startSandbox({ size: 12, genesysCsrf: csrf })));
	afterAll(async () => await sandbox.close());
	afterEach(() => sandbox.setFaults([]));

	it.each([
		['all', false, '/api/v2/devices', 12],
		['me', false, '/api/v2/me/devices', 6],
		['user', true, '/api/v2/users/USER/devices', 6],
	])('getAll scope %s: path, fields=* by default, basic auth, one item per device', async (scope, withUser, path, count) => {
		const userId = sandbox.data.genesys.agentId;
		const result = await run(sandbox, { operation: 'getAll', scope, returnAll: true, ...(withUser ? { userId } : {}) });
		expect(result.error).toBeUndefined();
		expect(result.requests).toHaveLength(1);
		expect(result.requests[0].method).toBe('GET');
		expect(result.requests[0].path).toBe(path.replace('USER', userId));
		expect(result.requests[0].query).toEqual({ fields: '*' });
		expect(result.requests[0].headers.authorization).toBe(`Basic ${ADMIN_BASIC}`);
		expect(result.items).toHaveLength(count);
		expect(result.items[0].json).toHaveProperty('phoneNumber');
		expect(result.items[0].json).not.toHaveProperty('statusCode');
		expect(result.items.every((item) => !('uri' in item.json))).toBe(true);
	});

	it('getAll with the default limit returns at most 50, from one request', async () => {
		const result = await run(sandbox, { operation: 'getAll', scope: 'all' });
		expect(result.requests).toHaveLength(1);
		expect(result.items).toHaveLength(12);
	});

	it('getAll sends a field list and exact filters, and the limit cuts the list', async () => {
		const result = await run(sandbox, {
			operation: 'getAll',
			scope: 'all',
			fields: 'id, phoneNumber',
			returnAll: false,
			limit: 2,
			filters: { deviceState: 'Active', telephonyNetwork: 'Private' },
		});
		expect(result.requests).toHaveLength(1);
		expect(result.requests[0].query).toEqual({ fields: 'id,phoneNumber', deviceState: 'Active', telephonyNetwork: 'Private' });
		expect(result.items).toHaveLength(2);
		expect(Object.keys(result.items[0].json).sort()).toEqual(['id', 'phoneNumber']);
	});

	it('getAll filters reach the server: only matching devices come back', async () => {
		const wanted = adminDevices()[1];
		const result = await run(sandbox, {
			operation: 'getAll',
			scope: 'all',
			returnAll: true,
			filters: { phoneNumber: wanted.phoneNumber, model: 'CloudDevice', deviceState: '' },
			options: { sortBy: 'phoneNumber' },
		});
		expect(result.requests[0].query).toEqual({ fields: '*', phoneNumber: wanted.phoneNumber, model: 'CloudDevice', sortBy: 'phoneNumber' });
		expect(result.items.map((item) => item.json.id)).toEqual([wanted.id]);
	});

	it('getAll returns bare URIs only when asked to', async () => {
		const result = await run(sandbox, { operation: 'getAll', scope: 'me', returnAll: true, options: { urisOnly: true } });
		expect(result.requests[0].query).toEqual({});
		expect(result.items).toHaveLength(6);
		expect(result.items[0].json).toEqual({ uri: expect.stringMatching(/\/api\/v2\/devices\//) });
	});

	it('get reads one device with fields=* and returns the device object', async () => {
		const device = adminDevices()[0];
		const result = await run(sandbox, { operation: 'get', deviceId: device.id });
		expect(result.requests).toHaveLength(1);
		expect(result.requests[0].path).toBe(`/api/v2/devices/${device.id}`);
		expect(result.requests[0].query).toEqual({ fields: '*' });
		expect(result.items).toHaveLength(1);
		expect(result.items[0].json).toMatchObject({ id: device.id, phoneNumber: device.phoneNumber, capabilities: device.capabilities });
		expect(result.items[0].json).not.toHaveProperty('statusCode');
	});

	it('get encodes the device ID as one path segment', async () => {
		const result = await run(sandbox, { operation: 'get', deviceId: '../users/x' });
		expect(result.requests[0].path).toBe('/api/v2/devices/..%2Fusers%2Fx');
		expect(result.error?.message).toMatch(/Not found: Device not found \(code 6\)/);
	});

	it('create for me sends the body, with the CSRF token and session cookie only when the server wants them', async () => {
		const phoneNumber = nextPhone();
		const result = await run(sandbox, {
			operation: 'create',
			scope: 'me',
			phoneNumber,
			additionalFields: { model: 'DeskPhone', telephonyNetwork: 'Public' },
		});
		expect(result.error).toBeUndefined();
		const [write] = posts(result.requests);
		expect(posts(result.requests)).toHaveLength(1);
		expect(write.path).toBe('/api/v2/me/devices');
		expect(JSON.parse(write.body)).toEqual({ phoneNumber, model: 'DeskPhone', telephonyNetwork: 'Public' });
		expect(write.headers.authorization).toBe(`Basic ${ADMIN_BASIC}`);
		// The token comes from one GET of /api/v2/me before the write.
		expect(result.requests.map((request) => `${request.method} ${request.path}`)).toEqual(['GET /api/v2/me', 'POST /api/v2/me/devices']);
		if (csrf) {
			const tokenGet = result.requests[0];
			expect(write.headers['x-csrf-token']).toMatch(/^[0-9a-f]{24}$/);
			expect(write.headers.cookie).toMatch(/^JSESSIONID=[0-9a-f]{24}$/);
			expect(tokenGet.headers.cookie).toBeUndefined();
		} else {
			expect(write.headers['x-csrf-token']).toBeUndefined();
			expect(write.headers.cookie).toBeUndefined();
		}
		const created = adminDevices().find((device) => device.phoneNumber === phoneNumber)!;
		expect(result.items).toEqual([{ json: { id: created.id, uri: expect.stringContaining(created.id) }, pairedItem: { item: 0 } }]);
	});

	it('create for a user posts to that user with the phone number only', async () => {
		const phoneNumber = nextPhone();
		const agentId = sandbox.data.genesys.agentId;
		const result = await run(sandbox, { operation: 'create', scope: 'user', userId: agentId, phoneNumber });
		expect(result.error).toBeUndefined();
		const [write] = posts(result.requests);
		expect(write.path).toBe(`/api/v2/users/${agentId}/devices`);
		expect(JSON.parse(write.body)).toEqual({ phoneNumber });
		expect((sandbox.data.genesys.devicesOf(agentId) as Device[]).some((device) => device.phoneNumber === phoneNumber)).toBe(true);
	});

	it('several writes in one execution share one token; the next execution fetches a new one', async () => {
		const input = [{ phone: nextPhone() }, { phone: nextPhone() }];
		const first = await run(sandbox, { operation: 'create', scope: 'me', phoneNumber: '={{ $json.phone }}' }, { input });
		expect(first.error).toBeUndefined();
		expect(first.requests.map((request) => request.method)).toEqual(['GET', 'POST', 'POST']);
		expect(first.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(first.pairedByNode).toEqual([{ item: 0 }, { item: 1 }]);

		const second = await run(sandbox, { operation: 'create', scope: 'me', phoneNumber: nextPhone() });
		expect(second.requests.map((request) => `${request.method} ${request.path}`)).toEqual(['GET /api/v2/me', 'POST /api/v2/me/devices']);
		if (csrf) expect(posts(second.requests)[0].headers['x-csrf-token']).not.toBe(posts(first.requests)[0].headers['x-csrf-token']);
	});

	it.each([
		['DoNotDisturbOn', {}],
		['DoNotDisturbOff', {}],
		['ForwardCallsOn', { destination: '+15550100' }],
		['ForwardCallsOff', {}],
	])('performAction %s checks the capabilities, then posts its operation body', async (action, extra) => {
		const device = adminDevices().find((entry) => entry.capabilities.includes('ForwardCallsOn'))!;
		const result = await run(sandbox, { operation: 'performAction', deviceId: device.id, action, ...extra });
		expect(result.error).toBeUndefined();
		expect(result.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
			`GET /api/v2/devices/${device.id}`,
			'GET /api/v2/me',
			`POST /api/v2/me/devices/${device.id}`,
		]);
		const [write] = posts(result.requests);
		expect(JSON.parse(write.body)).toEqual({ operationName: action, ...extra });
		expect(result.items).toEqual([{ json: { deviceId: device.id, operationName: action, ...extra, accepted: true }, pairedItem: { item: 0 } }]);
		if (action === 'ForwardCallsOn') expect(sandbox.data.genesys.devices.get(device.id).device.forwardTo).toBe('+15550100');
	});

	it('refuses an action the device does not offer, clearly and before any write', async () => {
		const device = adminDevices().find((entry) => !entry.capabilities.includes('ForwardCallsOn'))!;
		const result = await run(sandbox, { operation: 'performAction', deviceId: device.id, action: 'ForwardCallsOn', destination: '+15550100' });
		expect(result.error?.message).toBe(`Device "${device.id}" does not offer "ForwardCallsOn" right now, so it was not sent`);
		expect(result.error?.description).toContain('DoNotDisturbOn, DoNotDisturbOff');
		expect(result.requests.map((request) => `${request.method} ${request.path}`)).toEqual([`GET /api/v2/devices/${device.id}`]);
		expect(posts(result.requests)).toHaveLength(0);
	});

	it('with Check Capabilities off, sends the action and reports the server statusCode error under HTTP 200', async () => {
		const device = adminDevices().find((entry) => !entry.capabilities.includes('ForwardCallsOn'))!;
		const result = await run(sandbox, {
			operation: 'performAction',
			deviceId: device.id,
			action: 'ForwardCallsOn',
			destination: '+15550100',
			options: { checkCapabilities: false },
		});
		expect(result.requests.filter((request) => request.path.startsWith('/api/v2/devices/'))).toHaveLength(0);
		expect(posts(result.requests)).toHaveLength(1);
		expect(result.error?.message).toBe(
			'Genesys Web Services: Invalid for the current state: Operation ForwardCallsOn is not available on this device (code 2) [HTTP 200]',
		);
		expect(result.error?.description).toMatch(/not in a state that allows this/);
	});

	it('maps a non-zero statusCode under HTTP 200 to its documented meaning and the server message', async () => {
		const result = await run(sandbox, { operation: 'get', deviceId: 'no-such-device' });
		expect(result.error?.message).toBe('Genesys Web Services: Not found: Device not found (code 6) [HTTP 200]');
		expect(result.error?.httpCode).toBe('200');
		expect(result.error?.description).toMatch(/Check the IDs/);
	});

	it('a statusCode error on a write: already exists (code 18), the write sent once', async () => {
		const existing = adminDevices()[0];
		const result = await run(sandbox, { operation: 'create', scope: 'me', phoneNumber: existing.phoneNumber });
		expect(posts(result.requests)).toHaveLength(1);
		expect(result.error?.message).toMatch(/^Genesys Web Services: Already exists: A device with this phone number already exists \(code 18\)/);
	});

	it('says the username or password is wrong, and shows neither the password nor its basic-auth form', async () => {
		const wrong = 'gws-wrong-password-1';
		const result = await run(
			sandbox,
			{ operation: 'getAll', scope: 'me', returnAll: true },
			{ credentials: { password: wrong }, alsoSecret: [wrong, `admin:${wrong}`] },
		);
		expect(result.requests[0].headers.authorization).toBe(`Basic ${base64(`admin:${wrong}`)}`);
		expect(result.error?.message).toBe(
			'Genesys Web Services: Not authenticated: the username or password is wrong (code 20) [HTTP 401]',
		);
		expect(result.error?.description).toMatch(/Check the username and password/);
		expect(result.error?.httpCode).toBe('401');
	});

	it('never retries a write on a 503, while a read is retried', async () => {
		sandbox.setFaults([{ vendor: 'genesys', method: 'POST', kind: 'status', status: 503 }]);
		const write = await run(sandbox, { operation: 'create', scope: 'me', phoneNumber: nextPhone() });
		expect(posts(write.requests)).toHaveLength(1);
		expect(write.error?.httpCode).toBe('503');

		sandbox.setFaults([{ vendor: 'genesys', method: 'GET', kind: 'status', status: 503, retryAfter: 0, times: 1 }]);
		const read = await run(sandbox, { operation: 'getAll', scope: 'me', returnAll: true });
		expect(read.error).toBeUndefined();
		expect(read.requests.map((request) => request.status)).toEqual([503, 200]);
	});

	it('with Continue On Fail gives N outputs for N inputs, paired, the failed one as an error item', async () => {
		const good = adminDevices()[0].id;
		const input = [{ id: good }, { id: 'missing' }, { id: good }];
		const result = await run(sandbox, { operation: 'get', deviceId: '={{ $json.id }}' }, { input, continueOnFail: true });
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(3);
		expect(result.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(result.pairedByNode).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(result.items[0].json.id).toBe(good);
		expect(result.items[1].json.error).toMatch(/Not found: Device not found \(code 6\)/);
		expect(result.items[2].json.id).toBe(good);
	});

	it('with Continue On Fail, a refused action is one error item and the other items still act', async () => {
		const able = adminDevices().find((entry) => entry.capabilities.includes('ForwardCallsOn'))!;
		const unable = adminDevices().find((entry) => !entry.capabilities.includes('ForwardCallsOn'))!;
		const input = [{ id: able.id }, { id: unable.id }, { id: able.id }];
		const result = await run(
			sandbox,
			{ operation: 'performAction', deviceId: '={{ $json.id }}', action: 'ForwardCallsOn', destination: '+15550101' },
			{ input, continueOnFail: true },
		);
		expect(result.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(result.pairedByNode).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(result.items[1].json.error).toMatch(/does not offer "ForwardCallsOn"/);
		expect(posts(result.requests).map((request) => request.path)).toEqual([
			`/api/v2/me/devices/${able.id}`,
			`/api/v2/me/devices/${able.id}`,
		]);
	});
});

describe('Genesys Devices: statusCode under HTTP 4xx', () => {
	let sandbox: Sandbox;
	beforeAll(async () => (sandbox = await startSandbox({ size: 4, genesysErrorHttpStatus: '4xx' })));
	afterAll(async () => await sandbox.close());

	it('maps a read error that comes with HTTP 404 the same way', async () => {
		const result = await run(sandbox, { operation: 'get', deviceId: 'no-such-device' });
		expect(result.error?.message).toBe('Genesys Web Services: Not found: Device not found (code 6) [HTTP 404]');
		expect(result.error?.httpCode).toBe('404');
	});

	it('maps a write error that comes with HTTP 409 the same way, without retrying it', async () => {
		const existing = (sandbox.data.genesys.devicesOf(sandbox.data.genesys.adminId) as Device[])[0];
		const result = await run(sandbox, { operation: 'create', scope: 'me', phoneNumber: existing.phoneNumber });
		expect(result.error?.message).toMatch(/Already exists: A device with this phone number already exists \(code 18\) \[HTTP 409\]/);
		expect(posts(result.requests)).toHaveLength(1);
	});
});

describe('Genesys Devices: CSRF token refresh', () => {
	let sandbox: Sandbox;
	beforeAll(async () => (sandbox = await startSandbox({ size: 4, genesysCsrf: true })));
	afterAll(async () => await sandbox.close());
	afterEach(() => sandbox.setFaults([]));

	/** Rotates the server's CSRF tokens the moment the first write arrives, before the server checks it. */
	function rotateOnFirstWrite(): () => void {
		const requests = sandbox.requests;
		let rotated = false;
		requests.push = function (...records: Recorded[]) {
			if (!rotated && records.some((record) => record.method === 'POST')) {
				rotated = true;
				sandbox.data.genesys.rotateCsrf();
			}
			return Array.prototype.push.apply(this, records);
		};
		return () => {
			delete (requests as { push?: unknown }).push;
		};
	}

	it('after rotateCsrf(), the 403 leads to one refresh GET and one retried write with the new token', async () => {
		const restore = rotateOnFirstWrite();
		try {
			const result = await run(sandbox, { operation: 'create', scope: 'me', phoneNumber: '8001' });
			expect(result.error).toBeUndefined();
			expect(result.requests.map((request) => `${request.method} ${request.path} ${request.status}`)).toEqual([
				'GET /api/v2/me 200',
				'POST /api/v2/me/devices 403',
				'GET /api/v2/me 200',
				'POST /api/v2/me/devices 200',
			]);
			const [rejected, retried] = posts(result.requests);
			expect(retried.headers['x-csrf-token']).toMatch(/^[0-9a-f]{24}$/);
			expect(retried.headers['x-csrf-token']).not.toBe(rejected.headers['x-csrf-token']);
			expect(retried.headers.cookie).not.toBe(rejected.headers.cookie);
			expect(JSON.parse(retried.body)).toEqual({ phoneNumber: '8001' });
			expect(result.items[0].json).toHaveProperty('id');
		} finally {
			restore();
		}
	});

	it('a token the server keeps rejecting is refreshed once, not twice, and the error says why', async () => {
		sandbox.setFaults([
			{
				vendor: 'genesys',
				method: 'POST',
				kind: 'status',
				status: 403,
				body: JSON.stringify({ statusCode: 3, statusMessage: 'Missing or invalid Csrf token' }),
			},
		]);
		const result = await run(sandbox, { operation: 'create', scope: 'me', phoneNumber: '8002' });
		expect(result.requests.map((request) => request.method)).toEqual(['GET', 'POST', 'GET', 'POST']);
		expect(result.error?.message).toBe('Genesys Web Services: Missing or invalid Csrf token (code CSRF) [HTTP 403]');
		expect(result.error?.description).toMatch(/CSRF/);
	});

	it('a plain 403 that is not about CSRF is not retried', async () => {
		sandbox.setFaults([{ vendor: 'genesys', method: 'POST', kind: 'status', status: 403, body: JSON.stringify({ statusCode: 3, statusMessage: 'Forbidden' }) }]);
		const result = await run(sandbox, { operation: 'create', scope: 'me', phoneNumber: '8003' });
		expect(posts(result.requests)).toHaveLength(1);
		expect(result.error?.message).toBe('Genesys Web Services: Forbidden (code 3) [HTTP 403]');
	});
});

describe('Genesys Web Services credential test', () => {
	let sandbox: Sandbox;
	beforeAll(async () => (sandbox = await startSandbox({ size: 2 })));
	afterAll(async () => await sandbox.close());

	it('passes with the right password and calls GET /api/v2/me', async () => {
		sandbox.clearRequests();
		expect(await testCredential('genesysWebServicesApi', sandbox.credentials.genesys)).toMatchObject({ status: 'OK' });
		expect(sandbox.requests.map((request) => `${request.method} ${request.path}`)).toEqual(['GET /api/v2/me']);
	});

	it('fails readably with a wrong password, without showing it', async () => {
		const outcome = await testCredential('genesysWebServicesApi', { ...sandbox.credentials.genesys, password: 'x-wrong-x' });
		expect(outcome).toEqual({ status: 'Error', message: 'The username or password is wrong.' });
	});

	it('fails readably when the server says statusCode 20 inside HTTP 200', async () => {
		const lenient = await startSandbox({ size: 2, genesysAuthErrorHttpStatus: 200 });
		try {
			const outcome = await testCredential('genesysWebServicesApi', { ...lenient.credentials.genesys, password: 'x-wrong-x' });
			expect(outcome).toEqual({ status: 'Error', message: 'The username or password is wrong.' });
			expect(lenient.requests.map((request) => `${request.method} ${request.path} ${request.status}`)).toEqual(['GET /api/v2/me 200']);
		} finally {
			await lenient.close();
		}
	});

	it('fails for a Base URL that is not a GWS server', async () => {
		const outcome = await testCredential('genesysWebServicesApi', { ...sandbox.credentials.genesys, baseUrl: `${sandbox.url}/not-gws` });
		expect(outcome.status).toBe('Error');
	});
});
