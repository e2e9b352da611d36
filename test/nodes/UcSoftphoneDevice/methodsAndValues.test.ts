/**
 * What the UC documents leave open: the method (headings PUT, examples POST),
 * the client types as the French source writes them, and a proxy's page in
 * place of the answer to a change that was made.
 */
import { SANDBOX_SECRETS, startSandbox } from '../../../sandbox';
import { runNode, testCredential } from '../../harness';

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

async function run(sandbox: Sandbox, parameters: Record<string, unknown>, extra: { continueOnFail?: boolean } = {}) {
	sandbox.clearRequests();
	sandbox.data.uc.assignments.clear();
	const result = await runNode({
		type: 'ucSoftphoneDevice',
		parameters: { authentication: 'accessToken', resource: 'device', customerTenantId: sandbox.data.uc.customers[0], userId: 'user-1', deviceId: 'dev-1-a', ...parameters },
		credentials: { ucSoftphoneApi: sandbox.credentials.uc },
		continueOnFail: extra.continueOnFail,
	});
	const text = JSON.stringify([result.items, result.error?.message, result.error?.description, result.logs]);
	for (const secret of Object.values(SANDBOX_SECRETS)) expect(text).not.toContain(secret);
	return { ...result, requests: sandbox.requests.filter((request) => request.vendor === 'uc') };
}

const assignmentOf = (sandbox: Sandbox) => sandbox.data.uc.assignments.get(`${sandbox.data.uc.customers[0]}/user-1/dev-1-a`);

describe('UC Softphone Device: values from expressions and AI models', () => {
	let sandbox: Sandbox;
	beforeAll(async () => (sandbox = await startSandbox({ size: 10 })));
	afterAll(async () => await sandbox.close());

	it.each([
		['WebRTC', 'webrtc'],
		['CRM', 'crm'],
		[' Desktop ', 'desktop'],
	])('Client Type %j, as the French source writes it, is sent as %j', async (written, sent) => {
		const result = await run(sandbox, { operation: 'assign', clientType: `={{ ${JSON.stringify(written)} }}` });
		expect(result.error).toBeUndefined();
		expect(JSON.parse(result.requests[0].body)).toEqual({ clientType: sent });
		expect(assignmentOf(sandbox)).toBe(sent);
		expect(result.items[0].json.clientType).toBe(sent);
	});

	it('an unknown Client Type is refused before sending, listing the client types', async () => {
		const result = await run(sandbox, { operation: 'assign', clientType: '={{ "bureau" }}' });
		expect(result.requests).toHaveLength(0);
		expect(result.error?.message).toBe('"Client Type" must be one of crm, desktop, mobile, webrtc, but it is "bureau"');
	});

	it('an unknown Authentication is refused before sending instead of falling back to the access token', async () => {
		const result = await run(sandbox, { operation: 'unassign', authentication: '={{ "apiKey" }}' });
		expect(result.requests).toHaveLength(0);
		expect(result.error?.message).toBe('"Authentication" must be one of accessToken, oAuth2, but it is "apiKey"');
	});
});

describe('UC Softphone Device: a server that takes POST, as the examples show', () => {
	let sandbox: Sandbox;
	beforeAll(async () => (sandbox = await startSandbox({ size: 10, ucMethod: 'POST' })));
	afterAll(async () => await sandbox.close());

	it.each(['assign', 'unassign'])('%s: the PUT answered 405 changed nothing, so it is sent once more with POST', async (operation) => {
		if (operation === 'unassign') sandbox.data.uc.assignments.set(`${sandbox.data.uc.customers[0]}/user-1/dev-1-a`, 'desktop');
		const result = await run(sandbox, { operation, clientType: 'mobile' });
		expect(result.error).toBeUndefined();
		expect(result.requests.map((request) => [request.method, request.status])).toEqual([
			['PUT', 405],
			['POST', 201],
		]);
		expect(result.requests[1].body).toBe(result.requests[0].body);
		expect(assignmentOf(sandbox)).toBe(operation === 'assign' ? 'mobile' : undefined);
		expect(result.items[0].json).toMatchObject({ status: 'success', httpStatus: 201, httpMethod: 'POST' });
	});

	it('the access-token credential test passes: its PUT answered 405 is sent once more with POST', async () => {
		sandbox.clearRequests();
		expect(await testCredential('ucSoftphoneApi', sandbox.credentials.uc)).toMatchObject({ status: 'OK' });
		expect(sandbox.requests.map((request) => [request.method, request.status])).toEqual([
			['PUT', 405],
			['POST', 404],
		]);
	});

	it('a server that refuses POST too: one error, nothing sent a third time', async () => {
		sandbox.setFaults([{ vendor: 'uc', method: 'POST', kind: 'status', status: 405, body: JSON.stringify({ error: 405, message: 'Method Not Allowed', status: 'error' }) }]);
		const result = await run(sandbox, { operation: 'assign', clientType: 'mobile' });
		sandbox.setFaults([]);
		expect(result.requests.map((request) => request.method)).toEqual(['PUT', 'POST']);
		expect(result.error?.message).toMatch(/Method Not Allowed/);
	});
});

describe('UC Softphone Device: a change answered by a proxy\'s page', () => {
	let sandbox: Sandbox;
	beforeAll(async () => (sandbox = await startSandbox({ size: 10, proxyPageOnWrites: true })));
	afterAll(async () => await sandbox.close());

	it('the device was assigned, and the error says the change is not confirmed and to check the device first', async () => {
		const result = await run(sandbox, { operation: 'assign', clientType: 'desktop' }, { continueOnFail: true });
		expect(result.requests).toHaveLength(1);
		expect(assignmentOf(sandbox)).toBe('desktop');
		expect(result.items[0].json.error).toMatch(/not confirmed/);
		expect(result.items[0].json.description).toMatch(/may or may not have been made: check the device in UC Softphone before running this again/);
	});
});
