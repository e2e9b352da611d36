import { SANDBOX_SECRETS, startSandbox } from '../../sandbox';
import { testCredential } from '../harness';

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

const VENDOR_OF: Record<string, string> = {
	plantronicsManagerProApi: 'plantronics',
	ucSoftphoneApi: 'uc',
	kolmisoftApi: 'kolmisoft',
	genesysWebServicesApi: 'genesys',
};

/** Whatever goes wrong, a credential test ends with a status and a message naming it: it never throws. */
describe('credential tests never throw', () => {
	let sandbox: Sandbox;
	beforeAll(async () => (sandbox = await startSandbox({ size: 5 })));
	afterAll(async () => await sandbox.close());
	afterEach(() => sandbox.setFaults([]));

	const credentialsOf = (type: string): Record<string, unknown> =>
		({
			plantronicsManagerProApi: sandbox.credentials.plantronics,
			ucSoftphoneApi: sandbox.credentials.uc,
			kolmisoftApi: sandbox.credentials.kolmisoft,
			genesysWebServicesApi: sandbox.credentials.genesys,
		})[type] as Record<string, unknown>;

	async function outcomeOf(type: string) {
		const outcome = await testCredential(type, credentialsOf(type));
		for (const secret of Object.values(SANDBOX_SECRETS)) expect(outcome.message).not.toContain(secret);
		return outcome;
	}

	it.each(Object.keys(VENDOR_OF))('%s: "Content-Encoding: gzip" on a plain body is a failed test saying the answer could not be decompressed', async (type) => {
		sandbox.setFaults([{ vendor: VENDOR_OF[type], kind: 'echo', status: 200, contentType: 'application/json', headers: { 'Content-Encoding': 'gzip' }, body: () => '{"statusCode":0,"plain":"not gzip at all"}' }]);
		expect(await outcomeOf(type)).toEqual({ status: 'Error', message: expect.stringMatching(/could not be decompressed: the server marked it compressed \(Content-Encoding\) but sent something else/) });
	});

	it.each(Object.keys(VENDOR_OF))('%s: a connection reset in the middle of the body is a failed test saying so', async (type) => {
		sandbox.setFaults([{ vendor: VENDOR_OF[type], kind: 'dropMidBody' }]);
		expect(await outcomeOf(type)).toEqual({ status: 'Error', message: expect.stringMatching(/connection was closed before the whole answer arrived/) });
	});

	it('Kolmisoft: HTTP 500 fails the test even when the body looks like a device list', async () => {
		sandbox.setFaults([{ vendor: 'kolmisoft', kind: 'echo', status: 500, body: () => '<page><devices><device><device_id>1</device_id></device></devices></page>' }]);
		expect(await outcomeOf('kolmisoftApi')).toEqual({ status: 'Error', message: expect.stringMatching(/answered HTTP 500 to devices_get/) });
	});

	it('Kolmisoft: a redirect fails the test (not followed) even when its body looks like a device list', async () => {
		sandbox.clearRequests();
		sandbox.setFaults([
			{
				vendor: 'kolmisoft',
				kind: 'echo',
				status: 302,
				headers: { Location: 'http://elsewhere.example/billing/api/devices_get' },
				body: () => '<page><devices><device><device_id>1</device_id></device></devices></page>',
			},
		]);
		expect(await outcomeOf('kolmisoftApi')).toEqual({ status: 'Error', message: expect.stringMatching(/redirected to elsewhere\.example \(HTTP 302\); the credential was not sent there/) });
		expect(sandbox.requests.map((request) => request.path)).toEqual(['/billing/api/devices_get']);
	});

	it('Kolmisoft: a gzip body without a Content-Encoding header is unpacked only up to 1 MB', async () => {
		sandbox.setFaults([{ vendor: 'kolmisoft', kind: 'gzipBomb', bytes: 2 * 1024 * 1024 }]);
		expect(await outcomeOf('kolmisoftApi')).toEqual({ status: 'Error', message: expect.stringMatching(/decompressed answer is larger than 1 MB/) });
	});
});
