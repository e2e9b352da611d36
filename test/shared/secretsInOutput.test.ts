import { SANDBOX_SECRETS, startSandbox } from '../../sandbox';
import { runNode } from '../harness';

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

/** Every stretch of 8 characters of the secret: a secret cut in part must not show either. */
function fragmentsOf(secret: string): string[] {
	return Array.from({ length: secret.length - 7 }, (_, start) => secret.slice(start, start + 8));
}

function expectNoPartOf(secret: string, value: unknown) {
	const text = JSON.stringify(value);
	for (const fragment of fragmentsOf(secret)) expect(text).not.toContain(fragment);
}

/**
 * Servers echo what they were sent. Whatever they echo, no secret of the run's
 * credentials reaches an output item or an error, in whole or in part.
 */
describe('secrets never reach an output item or an error', () => {
	let sandbox: Sandbox;
	let customer: string;
	beforeAll(async () => {
		sandbox = await startSandbox({ size: 5 });
		customer = sandbox.data.uc.customers[0];
	});
	afterAll(async () => await sandbox.close());
	afterEach(() => sandbox.setFaults([]));

	const assign = async (credentials: Record<string, Record<string, unknown>>, authentication: string, options: Record<string, unknown> = {}) =>
		await runNode({
			type: 'ucSoftphoneDevice',
			parameters: { authentication, resource: 'device', operation: 'assign', customerTenantId: customer, userId: 'user-2', deviceId: 'dev-2-a', clientType: 'mobile', options },
			credentials,
			...options,
		});

	it('Plantronics: HAL self links built from the request URL come out with the API key masked', async () => {
		sandbox.setFaults([
			{
				vendor: 'plantronics',
				kind: 'echo',
				status: 200,
				contentType: 'application/json',
				body: (request: { path: string; query: Record<string, string> }) => {
					const self = `https://api.example.com${request.path}?${new URLSearchParams(request.query)}`;
					const device = { device: { id: 'd-1', displayId: 'S1' }, product: { name: 'BT600' }, _links: { self: { href: self } } };
					return JSON.stringify({ _embedded: { deviceInventoryList: [device] }, _links: { self: { href: self } } });
				},
			},
		]);
		const result = await runNode({
			type: 'plantronicsInventory',
			parameters: { resource: 'device', operation: 'getAll', returnAll: true },
			credentials: { plantronicsManagerProApi: sandbox.credentials.plantronics },
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1);
		expectNoPartOf(SANDBOX_SECRETS.plantronicsApiKey, result.items);
		expect(JSON.stringify(result.items)).toContain('apikey=***');
	});

	it('UC: a success body echoing the Authorization header comes out masked', async () => {
		sandbox.setFaults([
			{
				vendor: 'uc',
				kind: 'echo',
				status: 201,
				contentType: 'application/json',
				body: (request: { headers: Record<string, string> }) => JSON.stringify({ status: 'success', received: { authorization: request.headers.authorization, token: request.headers.authorization.slice(7) } }),
			},
		]);
		const result = await assign({ ucSoftphoneApi: sandbox.credentials.uc }, 'accessToken');
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1);
		expect(result.items[0].json.received).toEqual({ authorization: 'Bearer ***', token: '***' });
		expectNoPartOf(SANDBOX_SECRETS.ucAccessToken, result.items);
	});

	it('UC OAuth2: the token n8n refreshed during the run is masked too when the server quotes it', async () => {
		sandbox.setFaults([
			{
				vendor: 'uc',
				kind: 'echo',
				path: '/assign',
				after: 1,
				status: 400,
				contentType: 'application/json',
				body: (request: { headers: Record<string, string> }) =>
					JSON.stringify({ status: 'error', error: 'invalid_request', message: `The token ${request.headers.authorization.slice(7)} may not assign this device` }),
			},
		]);
		sandbox.clearRequests();
		const result = await assign({ ucSoftphoneOAuth2Api: sandbox.credentials.ucOAuth2Expired }, 'oAuth2', { continueOnFail: true });
		const sent = sandbox.requests.filter((request) => request.path.endsWith('/assign')).map((request) => request.headers.authorization);
		expect(sent).toEqual([`Bearer ${SANDBOX_SECRETS.ucOAuth2ExpiredToken}`, `Bearer ${SANDBOX_SECRETS.ucOAuth2RefreshedToken}`]);
		expect(result.items).toHaveLength(1);
		expect(result.items[0].json.error).toMatch(/The token \*\*\* may not assign this device/);
		expectNoPartOf(SANDBOX_SECRETS.ucOAuth2RefreshedToken, result.items);
	});

	it('an error message repeating the secret shows no part of it, wherever the cut falls', async () => {
		const token = SANDBOX_SECRETS.ucAccessToken;
		// Every offset of the secret against the point where a long message is cut.
		for (let shift = 0; shift <= token.length; shift++) {
			const message = `${'x'.repeat(shift)}${` ${token}`.repeat(400)}`;
			sandbox.setFaults([{ vendor: 'uc', kind: 'status', status: 400, body: JSON.stringify({ status: 'error', error: 'invalid', message }) }]);
			const result = await assign({ ucSoftphoneApi: sandbox.credentials.uc }, 'accessToken', { continueOnFail: true });
			expect(result.items).toHaveLength(1);
			expect(String(result.items[0].json.error)).toMatch(/ \*\*\* \*\*\*/);
			expectNoPartOf(token, result.items);
		}
	});
});
