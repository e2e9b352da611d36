import { SANDBOX_SECRETS, startSandbox } from '../../sandbox';
import { runNode } from '../harness';

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

/**
 * An OAuth2 access token expires about an hour after connecting. The node must
 * then refresh it once through the credential's token URL, repeat the request
 * once with the new token, and leave the new token saved in the credential.
 */
describe('OAuth2 token refresh (UC Softphone OAuth2 credential)', () => {
	let sandbox: Sandbox;
	let customer: string;
	beforeAll(async () => {
		sandbox = await startSandbox({ size: 5 });
		customer = sandbox.data.uc.customers[0];
	});
	afterAll(async () => await sandbox.close());
	afterEach(() => sandbox.setFaults([]));

	async function assign(credential: Record<string, unknown>, deviceId: string, input?: Array<Record<string, unknown>>) {
		sandbox.clearRequests();
		const result = await runNode({
			type: 'ucSoftphoneDevice',
			parameters: { authentication: 'oAuth2', resource: 'device', operation: 'assign', customerTenantId: customer, userId: 'user-2', deviceId, clientType: 'mobile', options: { concurrency: 3 } },
			credentials: { ucSoftphoneOAuth2Api: credential },
			input,
		});
		const text = JSON.stringify([result.items, result.error?.message, result.error?.description, result.logs]);
		for (const secret of Object.values(SANDBOX_SECRETS)) expect(text).not.toContain(secret);
		return { ...result, requests: [...sandbox.requests] };
	}

	it('an expired access token is refreshed once, the assign repeated once with the new token, and the new token saved', async () => {
		const result = await assign(sandbox.credentials.ucOAuth2Expired, 'dev-2-a');
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1);
		expect(sandbox.data.uc.assignments.get(`${customer}/user-2/dev-2-a`)).toBe('mobile');

		const tokenCalls = result.requests.filter((request) => request.path === '/connect/token');
		expect(tokenCalls).toHaveLength(1);
		expect(new URLSearchParams(tokenCalls[0].body).get('grant_type')).toBe('refresh_token');
		expect(new URLSearchParams(tokenCalls[0].body).get('refresh_token')).toBe(SANDBOX_SECRETS.ucOAuth2RefreshToken);

		const assigns = result.requests.filter((request) => request.path.endsWith('/assign'));
		expect(assigns.map((request) => request.headers.authorization)).toEqual([
			`Bearer ${SANDBOX_SECRETS.ucOAuth2ExpiredToken}`,
			`Bearer ${SANDBOX_SECRETS.ucOAuth2RefreshedToken}`,
		]);

		const saved = result.credentials.ucSoftphoneOAuth2Api.oauthTokenData as Record<string, unknown>;
		expect(saved.access_token).toBe(SANDBOX_SECRETS.ucOAuth2RefreshedToken);
		expect(saved.refresh_token).not.toBe(SANDBOX_SECRETS.ucOAuth2RefreshToken);
	});

	it('several items at once share one refresh', async () => {
		const input = [{ device: 'dev-3-a' }, { device: 'dev-3-b' }, { device: 'dev-2-b' }];
		sandbox.clearRequests();
		const result = await runNode({
			type: 'ucSoftphoneDevice',
			parameters: { authentication: 'oAuth2', resource: 'device', operation: 'assign', customerTenantId: customer, userId: '={{ "user-" + $json.device.split("-")[1] }}', deviceId: '={{ $json.device }}', clientType: 'crm', options: { concurrency: 3 } },
			credentials: { ucSoftphoneOAuth2Api: sandbox.credentials.ucOAuth2Expired },
			input,
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(3);
		expect(sandbox.requests.filter((request) => request.path === '/connect/token')).toHaveLength(1);
		for (const { device } of input) expect(sandbox.data.uc.assignments.get(`${customer}/user-${device.split('-')[1]}/${device}`)).toBe('crm');
	});

	it('a refresh the token endpoint refuses fails clearly, asks to reconnect, and is not repeated', async () => {
		const credential = { ...sandbox.credentials.ucOAuth2Expired, oauthTokenData: { access_token: SANDBOX_SECRETS.ucOAuth2ExpiredToken, token_type: 'Bearer', refresh_token: `${SANDBOX_SECRETS.ucOAuth2RefreshToken}-revoked` } };
		const result = await assign(credential, 'dev-2-b');
		expect(result.error?.message).toMatch(/reconnect/i);
		expect(result.requests.filter((request) => request.path === '/connect/token')).toHaveLength(1);
		expect(result.requests.filter((request) => request.path.endsWith('/assign'))).toHaveLength(1);
		expect(result.credentials.ucSoftphoneOAuth2Api.oauthTokenData).toEqual(credential.oauthTokenData);
	});

	it('a token still refused after the refresh is reported as an authentication error, sent twice at most', async () => {
		sandbox.setFaults([{ kind: 'status', status: 401, vendor: 'uc', path: '/assign', body: JSON.stringify({ error: 401, message: 'token expired' }) }]);
		const result = await assign(sandbox.credentials.ucOAuth2Expired, 'dev-2-a');
		expect(result.error?.message).toMatch(/UC Softphone: .*\[HTTP 401\]/);
		expect(result.error?.description).toMatch(/reconnect the OAuth2 credential/);
		expect(result.requests.filter((request) => request.path.endsWith('/assign'))).toHaveLength(2);
		expect(result.requests.filter((request) => request.path === '/connect/token')).toHaveLength(1);
	});
});
