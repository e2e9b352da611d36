/* eslint-disable -- test code, in no package: n8n's package rules do not apply; scripts/lint.mjs lints it with scripts/eslint.tooling.mjs */
import { SANDBOX_SECRETS, startSandbox } from '../../../sandbox';
import { runNode, testCredential } from '../../harness';

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

describe('UC Softphone Device', () => {
	let sandbox: Sandbox;
	let customer: string;
	beforeAll(async () => {
		sandbox = await startSandbox({ size: 10 });
		customer = sandbox.data.uc.customers[0];
	});
	afterAll(async () => await sandbox.close());
	afterEach(() => sandbox.setFaults([]));

	async function run(parameters: Record<string, unknown>, extra: { input?: Array<Record<string, unknown>>; continueOnFail?: boolean; oauth?: boolean; token?: string } = {}) {
		sandbox.clearRequests();
		const credentials: Record<string, Record<string, unknown>> = extra.oauth
			? { ucSoftphoneOAuth2Api: sandbox.credentials.ucOAuth2 }
			: { ucSoftphoneApi: { ...sandbox.credentials.uc, ...(extra.token ? { accessToken: extra.token } : {}) } };
		const result = await runNode({
			type: 'ucSoftphoneDevice',
			parameters: { authentication: extra.oauth ? 'oAuth2' : 'accessToken', resource: 'device', customerTenantId: customer, userId: 'user-1', deviceId: 'dev-1-a', ...parameters },
			credentials,
			input: extra.input,
			continueOnFail: extra.continueOnFail,
		});
		const text = JSON.stringify([result.items, result.error?.message, result.error?.description, result.logs]);
		for (const secret of Object.values(SANDBOX_SECRETS)) expect(text).not.toContain(secret);
		if (extra.token) expect(text).not.toContain(extra.token);
		return { ...result, requests: sandbox.requests.filter((request) => request.vendor === 'uc') };
	}

	it('assigns with PUT, the clientType body and the bearer token; output carries what was acted on', async () => {
		const result = await run({ operation: 'assign', clientType: 'webrtc' });
		expect(result.error).toBeUndefined();
		const [request] = result.requests;
		expect(request.method).toBe('PUT');
		expect(request.path).toBe(`/api/v1.0/customers/${customer}/users/user-1/devices/pbx/dev-1-a/assign`);
		expect(JSON.parse(request.body)).toEqual({ clientType: 'webrtc' });
		expect(request.headers.authorization).toBe(`Bearer ${SANDBOX_SECRETS.ucAccessToken}`);
		expect(request.headers['accept-charges']).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ status: 'success', operation: 'assign', customerTenantId: customer, userId: 'user-1', deviceId: 'dev-1-a', clientType: 'webrtc', httpStatus: 201 });
		expect(sandbox.data.uc.assignments.get(`${customer}/user-1/dev-1-a`)).toBe('webrtc');
	});

	it('unassigns with PUT and no body, on the enterprise path when an account is given', async () => {
		const result = await run({ operation: 'unassign', options: { accountTenantId: sandbox.data.uc.accountId } });
		expect(result.error).toBeUndefined();
		const [request] = result.requests;
		expect(request.method).toBe('PUT');
		expect(request.path).toBe(`/api/v1.0/accounts/${sandbox.data.uc.accountId}/customers/${customer}/users/user-1/devices/pbx/dev-1-a/unassign`);
		expect(request.body).toBe('');
		expect(result.items[0].json).toMatchObject({ operation: 'unassign', accountTenantId: sandbox.data.uc.accountId });
	});

	it('a chargeable request without Accept Charges fails, shows the echo, names the option, and changes nothing', async () => {
		const result = await run({ operation: 'assign', deviceId: 'dev-1-paid', clientType: 'desktop' });
		expect(result.requests).toHaveLength(1);
		expect(result.error?.message).toMatch(/Charges apply: Additional charges apply/);
		expect(result.error?.description).toMatch(/Accept Charges/);
		expect(result.error?.description).toContain('{"clientType":"desktop"}');
		expect(result.error?.httpCode).toBe('402');
		expect(sandbox.data.uc.assignments.has(`${customer}/user-1/dev-1-paid`)).toBe(false);
	});

	it('with Accept Charges sends accept-charges: true and the device is assigned', async () => {
		const result = await run({ operation: 'assign', deviceId: 'dev-1-paid', clientType: 'mobile', options: { acceptCharges: true } });
		expect(result.error).toBeUndefined();
		expect(result.requests[0].headers['accept-charges']).toBe('true');
		expect(result.items[0].json).toMatchObject({ acceptChargesHeaderSent: true, clientType: 'mobile' });
		expect(sandbox.data.uc.assignments.get(`${customer}/user-1/dev-1-paid`)).toBe('mobile');
	});

	it.each([
		['a wrong token', { token: 'uc-wrong-token-000111' }, {}, /access token is missing, invalid or expired/, /Renew the access token/, '401'],
		['an unknown customer', {}, { customerTenantId: '11111111-2222-4333-8444-555555555555' }, /Not Found/, /No customer has this Customer Tenant ID/, '404'],
		['a device not on the user in the PBX', {}, { deviceId: 'dev-2-a' }, /Device not found/, /assigned to this user on the PBX/, '404'],
		['an account id in the wrong format', {}, { options: { accountTenantId: 'not-a-uuid' } }, /"Account Tenant ID" is not a tenant ID/, /UUID/, undefined],
	])('%s gets its own message and hint', async (_name, extra, parameters, message, hint, status) => {
		const result = await run({ operation: 'unassign', ...parameters }, extra);
		expect(result.error?.message).toMatch(message);
		expect(result.error?.description).toMatch(hint);
		expect(result.error?.httpCode).toBe(status);
	});

	it('maps a 400 from the API about the tenant id format', async () => {
		sandbox.setFaults([{ vendor: 'uc', kind: 'status', status: 400, body: JSON.stringify({ error: 400, message: "The value 'x' is not valid.", status: 'error' }) }]);
		const result = await run({ operation: 'unassign' });
		expect(result.error?.message).toMatch(/The value 'x' is not valid/);
		expect(result.error?.description).toMatch(/UUID form/);
	});

	it.each([
		['../x', 'User ID'],
		['a/b', 'Device ID'],
		['?x=1', 'User ID'],
		['#frag', 'Device ID'],
		['100%', 'User ID'],
		['ünï✓', 'Device ID'],
	])('encodes the hostile id %j as one path segment', async (value, field) => {
		const parameter = field === 'User ID' ? 'userId' : 'deviceId';
		const result = await run({ operation: 'unassign', [parameter]: value });
		expect(result.requests).toHaveLength(1);
		const path = result.requests[0].path;
		expect(path).toContain(`/${encodeURIComponent(value)}/`);
		expect(path.split('/')).toHaveLength(11);
		expect(path).toMatch(/^\/api\/v1\.0\/customers\/[^/]+\/users\/[^/]+\/devices\/pbx\/[^/]+\/unassign$/);
		expect(result.error?.message).toMatch(/Device not found/);
	});

	it.each([
		// A literal empty required field is refused by n8n itself; an expression can still produce one.
		[{ userId: '={{ "" }}' }, '"User ID" is required'],
		[{ deviceId: '   ' }, '"Device ID" is required'],
		[{ deviceId: '..' }, '"Device ID" cannot be ".."'],
		[{ userId: { id: 1 } }, '"User ID" must be text, but it is an object'],
		[{ deviceId: ['a'] }, '"Device ID" must be text, but it is a list'],
		[{ customerTenantId: 'customer-1' }, '"Customer Tenant ID" is not a tenant ID'],
		[{ userId: 'u'.repeat(10_000) }, '"User ID" is too long (10000 characters; at most 1024)'],
	])('refuses bad input before any request: %#', async (parameters, message) => {
		const result = await run({ operation: 'unassign', ...parameters });
		expect(result.error?.message).toBe(message);
		expect(result.requests).toHaveLength(0);
	});

	it('accepts a number from an expression as an id', async () => {
		const result = await run({ operation: 'unassign', userId: '={{ 42 }}' });
		expect(result.requests[0].path).toContain('/users/42/');
	});

	it('runs 1,000 items concurrently with every output in input order and paired', async () => {
		const input = Array.from({ length: 1000 }, (_, index) => ({ clientType: ['desktop', 'mobile', 'webrtc', 'crm'][index % 4], user: `user-${(index % 3) + 1}` }));
		const result = await run(
			{ operation: 'assign', userId: '={{ $json.user }}', deviceId: '={{ "dev-" + $json.user.slice(5) + "-a" }}', clientType: '={{ $json.clientType }}' },
			{ input },
		);
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1000);
		expect(result.requests).toHaveLength(1000);
		result.items.forEach((item, index) => {
			expect(item.pairedItem).toEqual({ item: index });
			expect(item.json).toMatchObject({ clientType: input[index].clientType, userId: input[index].user, status: 'success' });
		});
	}, 60_000);

	it('with Continue On Fail keeps one output per input, failures as error items', async () => {
		const input = [{ device: 'dev-1-a' }, { device: 'dev-1-paid' }, { device: '' }, { device: 'dev-1-b' }];
		const result = await run({ operation: 'unassign', deviceId: '={{ $json.device }}' }, { input, continueOnFail: true });
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
		expect(result.pairedByNode).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
		expect(result.items[0].json.status).toBe('success');
		expect(result.items[1].json.error).toMatch(/Charges apply/);
		expect(result.items[2].json.error).toBe('"Device ID" is required');
		expect(result.items[3].json.status).toBe('success');
	});

	it('never retries an assign, even on a 503', async () => {
		sandbox.setFaults([{ vendor: 'uc', kind: 'status', status: 503 }]);
		const result = await run({ operation: 'assign', clientType: 'desktop' });
		expect(result.requests).toHaveLength(1);
		expect(result.error?.httpCode).toBe('503');
	});

	it('authenticates with the OAuth2 credential as a bearer token', async () => {
		const result = await run({ operation: 'assign', clientType: 'crm' }, { oauth: true });
		expect(result.error).toBeUndefined();
		expect(result.requests[0].headers.authorization).toBe(`Bearer ${SANDBOX_SECRETS.ucOAuth2Token}`);
	});

	it('tests the access token credential: OK with the right token, a readable error with a wrong one', async () => {
		expect(await testCredential('ucSoftphoneApi', sandbox.credentials.uc)).toMatchObject({ status: 'OK' });
		const wrong = await testCredential('ucSoftphoneApi', { ...sandbox.credentials.uc, accessToken: 'nope-token-1234' });
		expect(wrong).toEqual({ status: 'Error', message: 'The access token is missing, invalid or expired.' });
	});
});
