import { startSandbox } from '../../sandbox';
import { json, startScriptedServer } from '../fixtures/scriptedServer';
import { testCredential } from '../harness';

/** A credential test must not carry the key along a redirect to another host either. */
describe('credential tests and redirects', () => {
	it('Plantronics: a redirect to another host is not followed, and the message names the host', async () => {
		const sandbox = await startSandbox({ size: 5 });
		const other = await startScriptedServer((_request, response) => json(response, 200, {}));
		sandbox.setFaults([{ kind: 'redirect', status: 302, vendor: 'plantronics', location: `${other.url}/reports/assets` }]);
		const outcome = await testCredential('plantronicsManagerProApi', sandbox.credentials.plantronics);
		await Promise.all([sandbox.close(), other.close()]);
		expect(other.seen).toEqual([]);
		expect(outcome).toEqual({ status: 'Error', message: expect.stringContaining(`redirected to ${new URL(other.url).host}`) });
	});

	it('Genesys: the password does not follow a redirect to another host', async () => {
		const sandbox = await startSandbox({ size: 5 });
		const other = await startScriptedServer((_request, response) => json(response, 200, { statusCode: 0 }));
		sandbox.setFaults([{ kind: 'redirect', status: 302, vendor: 'genesys', location: `${other.url}/api/v2/me` }]);
		const outcome = await testCredential('genesysWebServicesApi', sandbox.credentials.genesys);
		await Promise.all([sandbox.close(), other.close()]);
		expect(other.seen).toEqual([]);
		expect(outcome.status).toBe('Error');
	});
});
