import { SANDBOX_SECRETS, startSandbox } from '../../sandbox';
import { runNode } from '../harness';
import { HarnessCredentialsHelper } from '../harness/credentialsHelper';

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

/**
 * n8n loads and decrypts a credential each time it is read (in n8n: a
 * database read, a decryption and expression resolution). The nodes read it
 * once per item and hand it to n8n's request helper, which still
 * authenticates every request with it: counted here at the credentials
 * helper n8n gives the node, and checked on the wire. (UC reads it once per
 * run: its items share one connection.)
 */
describe('credential reads', () => {
	let sandbox: Sandbox;
	let reads: jest.SpyInstance;
	beforeAll(async () => (sandbox = await startSandbox({ size: 250 })));
	afterAll(async () => await sandbox.close());
	beforeEach(() => {
		sandbox.clearRequests();
		// Each run has its own helper: every instance is counted.
		reads = jest.spyOn(HarnessCredentialsHelper.prototype, 'getDecrypted');
	});
	afterEach(() => reads.mockRestore());

	const readsOf = (type: string) => reads.mock.calls.filter((call) => call[2] === type).length;

	it('Plantronics: one read for a three-page list, and every page authenticated', async () => {
		const result = await runNode({
			type: 'plantronicsInventory',
			parameters: { resource: 'device', operation: 'getAll', returnAll: true, options: { pageSize: 99 } },
			credentials: { plantronicsManagerProApi: sandbox.credentials.plantronics },
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(250);
		const pages = sandbox.requests.filter((request) => request.vendor === 'plantronics');
		expect(pages.map((request) => request.query.page)).toEqual(['0', '1', '2']);
		for (const page of pages) {
			expect(page.query.apikey).toBe(SANDBOX_SECRETS.plantronicsApiKey);
			expect(page.headers.appid).toBe(sandbox.credentials.plantronics.appId);
		}
		expect(readsOf('plantronicsManagerProApi')).toBe(1);
	});

	it('UC: one read per run, also for items sent at the same time, each request with the token', async () => {
		const customer = sandbox.data.uc.customers[0];
		const result = await runNode({
			type: 'ucSoftphoneDevice',
			parameters: { authentication: 'accessToken', resource: 'device', operation: 'assign', customerTenantId: customer, userId: 'user-1', deviceId: 'dev-1-a', clientType: 'desktop' },
			credentials: { ucSoftphoneApi: sandbox.credentials.uc },
			input: [{ n: 1 }, { n: 2 }, { n: 3 }],
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(3);
		const sent = sandbox.requests.filter((request) => request.vendor === 'uc');
		expect(sent).toHaveLength(3);
		for (const request of sent) expect(request.headers.authorization).toBe(`Bearer ${SANDBOX_SECRETS.ucAccessToken}`);
		expect(readsOf('ucSoftphoneApi')).toBe(1);
	});

	it('a credential changed between executions is used by the next one (nothing is kept across runs)', async () => {
		const run = (apiKey: string) =>
			runNode({
				type: 'plantronicsInventory',
				parameters: { resource: 'device', operation: 'getAll', returnAll: false, limit: 5 },
				credentials: { plantronicsManagerProApi: { ...sandbox.credentials.plantronics, apiKey } },
			});
		await run(SANDBOX_SECRETS.plantronicsApiKey);
		const second = await run('a-key-the-sandbox-refuses');
		expect(second.error?.message).toBeDefined();
		const sent = sandbox.requests.filter((request) => request.vendor === 'plantronics');
		expect(sent.map((request) => request.query.apikey)).toEqual([SANDBOX_SECRETS.plantronicsApiKey, 'a-key-the-sandbox-refuses']);
	});
});
