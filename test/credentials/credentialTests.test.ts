/* eslint-disable -- test code, in no package: n8n's package rules do not apply; scripts/lint.mjs lints it with scripts/eslint.tooling.mjs */
import { startSandbox, SANDBOX_SECRETS } from '../../sandbox';
import { testCredential } from '../harness';

/** Each credential's own test request, against the sandbox over HTTP: right secret OK, wrong secret a readable error. */
describe('credential test requests', () => {
	let sandbox: Awaited<ReturnType<typeof startSandbox>>;
	beforeAll(async () => (sandbox = await startSandbox({ size: 20 })));
	afterAll(async () => await sandbox.close());

	const cases = () => [
		{ type: 'plantronicsManagerProApi', good: sandbox.credentials.plantronics, secretField: 'apiKey', expected: /API key was rejected/ },
		{ type: 'ucSoftphoneApi', good: sandbox.credentials.uc, secretField: 'accessToken', expected: /access token is missing, invalid or expired/ },
		{ type: 'genesysWebServicesApi', good: sandbox.credentials.genesys, secretField: 'password', expected: /username or password is wrong/ },
	];

	it.each([0, 1, 2])('case %i: the right secret passes and the request really reached the sandbox', async (index) => {
		const { type, good } = cases()[index];
		sandbox.clearRequests();
		expect(await testCredential(type, good)).toMatchObject({ status: 'OK' });
		expect(sandbox.requests.length).toBeGreaterThan(0);
	});

	it.each([0, 1, 2])('case %i: a wrong secret fails with a readable reason that does not show it', async (index) => {
		const { type, good, secretField, expected } = cases()[index];
		const wrong = `${String((good as Record<string, unknown>)[secretField])}-wrong`;
		const outcome = await testCredential(type, { ...good, [secretField]: wrong });
		expect(outcome.status).toBe('Error');
		expect(outcome.message).toMatch(expected);
		expect(outcome.message).not.toContain(wrong);
		for (const secret of Object.values(SANDBOX_SECRETS)) expect(outcome.message).not.toContain(secret);
	});

	it('Plantronics: 404 "no device entity" (a tenant without headsets) proves the credential; another server\'s 404 does not', async () => {
		const emptyTenant = '0123abcd-0000-4000-8000-000000000000';
		sandbox.clearRequests();
		expect(await testCredential('plantronicsManagerProApi', { ...sandbox.credentials.plantronics, tenantApiCode: emptyTenant })).toMatchObject({ status: 'OK' });
		expect(sandbox.requests.map((request) => request.path)).toEqual([`/reports/assets/tenant/${emptyTenant}/devices`]);
		const elsewhere = await testCredential('plantronicsManagerProApi', { ...sandbox.credentials.plantronics, baseUrl: `${sandbox.url}/elsewhere` });
		expect(elsewhere).toEqual({ status: 'Error', message: expect.stringMatching(/not found there.*Base URL/) });
	});

	it('UC: a token accepted is a documented 404 for the made-up customer; another server\'s 404 is not', async () => {
		sandbox.clearRequests();
		expect(await testCredential('ucSoftphoneApi', sandbox.credentials.uc)).toMatchObject({ status: 'OK' });
		expect(sandbox.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
			'PUT /api/v1.0/customers/00000000-0000-0000-0000-000000000000/users/n8n-credential-test/devices/pbx/n8n-credential-test/unassign',
		]);
		const elsewhere = await testCredential('ucSoftphoneApi', { ...sandbox.credentials.uc, baseUrl: `${sandbox.url}/elsewhere` });
		expect(elsewhere).toEqual({ status: 'Error', message: expect.stringMatching(/answered HTTP 404/) });
	});

	it('a Base URL that is not a URL is named before any request', async () => {
		sandbox.clearRequests();
		const outcome = await testCredential('plantronicsManagerProApi', { ...sandbox.credentials.plantronics, region: 'custom', baseUrl: 'not a url' });
		expect(outcome).toEqual({ status: 'Error', message: expect.stringMatching(/"Base URL"/) });
		expect(sandbox.requests).toHaveLength(0);
	});

	it('the Plantronics test uses the region host table, and the App ID check is its own message', async () => {
		const outcome = await testCredential('plantronicsManagerProApi', { ...sandbox.credentials.plantronics, appId: 'not-authorised' });
		expect(outcome).toEqual({ status: 'Error', message: expect.stringMatching(/App ID is not authorised/) });
	});

	it('Plantronics: a 2xx answer that is not the inventory\'s JSON fails the test', async () => {
		for (const body of [' '.repeat(4096), '{"status":"UP"}', '<html><body>Sign in</body></html>']) {
			sandbox.setFaults([{ vendor: 'plantronics', kind: 'status', status: 200, body }]);
			const outcome = await testCredential('plantronicsManagerProApi', sandbox.credentials.plantronics);
			expect(outcome).toEqual({ status: 'Error', message: expect.stringMatching(/did not answer with the device inventory/) });
		}
		sandbox.setFaults([]);
	});

	it('Genesys: only GWS\'s JSON with statusCode 0 passes; a login page fails naming the Base URL', async () => {
		const login = '<!DOCTYPE html><html><head><title>Sign in</title></head><body><form action="/login"></form></body></html>';
		sandbox.setFaults([{ vendor: 'genesys', kind: 'status', status: 200, body: login }]);
		expect(await testCredential('genesysWebServicesApi', sandbox.credentials.genesys)).toEqual({
			status: 'Error',
			message: expect.stringContaining(`The server at ${sandbox.credentials.genesys.baseUrl} did not answer like Genesys Web Services`),
		});
		sandbox.setFaults([{ vendor: 'genesys', kind: 'status', status: 200, body: '{"statusCode":20,"statusMessage":"Unauthorized"}' }]);
		expect(await testCredential('genesysWebServicesApi', sandbox.credentials.genesys)).toEqual({ status: 'Error', message: 'The username or password is wrong.' });
		sandbox.setFaults([]);
		sandbox.clearRequests();
		expect(await testCredential('genesysWebServicesApi', sandbox.credentials.genesys)).toMatchObject({ status: 'OK' });
		expect(sandbox.requests.map((request) => [request.path, request.headers.authorization])).toEqual([['/api/v2/me', `Basic ${Buffer.from(`admin:${SANDBOX_SECRETS.genesysPassword}`).toString('base64')}`]]);
	});

	it('a server sending one byte every second ends the test within its 30 s deadline, naming it', async () => {
		sandbox.setFaults([{ vendor: 'plantronics', kind: 'trickle', intervalMs: 1000 }]);
		const started = Date.now();
		const outcome = await testCredential('plantronicsManagerProApi', sandbox.credentials.plantronics);
		const elapsed = Date.now() - started;
		sandbox.setFaults([]);
		console.log(`credential test against a trickling server: ${elapsed} ms`);
		expect(outcome).toEqual({ status: 'Error', message: expect.stringMatching(/No complete answer from .* within 30 s/) });
		// A correctness bound: the answer's own idle timer never fired, as a byte came every second.
		expect(elapsed).toBeLessThan(45_000);
	}, 60_000);
});

