import { SANDBOX_SECRETS, startSandbox } from '../../sandbox';
import { runNode } from '../harness';

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

/** JSON as Python's json.dumps writes it by default: every character past ASCII as a \u escape. */
const asciiJson = (value: unknown) => JSON.stringify(value).replace(/[\u0080-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
/** JSON with the given characters written as \u escapes (.NET escapes +, Gson = and &). */
const escapedJson = (value: unknown, chars: string) => JSON.stringify(value).replace(new RegExp(`[${chars.replace(/[\\\]^-]/g, '\\$&')}]`, 'g'), (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
/** PHP's rawurlencode: encodeURIComponent plus !'()*. */
const rawurlencode = (text: string) => encodeURIComponent(text).replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);

function genesysDevices(devices: Array<Record<string, unknown>>, encode: (value: unknown) => string = JSON.stringify) {
	return [
		{
			vendor: 'genesys',
			kind: 'echo',
			status: 200,
			contentType: 'application/json',
			body: () => encode({ statusCode: 0, devices }),
		},
	];
}

function kolmisoftAnswer(xml: string) {
	return [
		{
			vendor: 'kolmisoft',
			kind: 'echo',
			status: 200,
			contentType: 'text/xml',
			body: () => xml,
		},
	];
}

describe('secret masking in output items', () => {
	let sandbox: Sandbox;
	beforeAll(async () => (sandbox = await startSandbox({ size: 5 })));
	afterAll(async () => await sandbox.close());
	afterEach(() => sandbox.setFaults([]));

	const genesysGetAll = async (password: string) =>
		await runNode({
			type: 'genesysDevices',
			parameters: {
				resource: 'device',
				operation: 'getAll',
				scope: 'all',
				returnAll: true,
			},
			credentials: {
				genesysWebServicesApi: { ...sandbox.credentials.genesys, password },
			},
		});

	const kolmisoftGetAll = async (credentials: Record<string, unknown>) =>
		await runNode({
			type: 'kolmisoftDevices',
			parameters: {
				resource: 'device',
				operation: 'getAll',
				userId: '100',
				returnAll: true,
			},
			credentials: {
				kolmisoftApi: { ...sandbox.credentials.kolmisoft, ...credentials },
			},
		});

	/** Whatever the answer's escapes, the secret is found once the answer is read, and masked there. */
	describe('secrets masked in output items, whatever the escapes of the answer', () => {
		it.each([
			['Python json.dumps (non-ASCII as \\u)', 'Pässwörd-Genesys-71', asciiJson],
			['.NET (+ as \\u002B)', 'pass+word+Genesys72', (value: unknown) => escapedJson(value, '+')],
			['Gson (= and & as \\u003d, \\u0026)', 'a=b&c=d-Genesys-73', (value: unknown) => escapedJson(value, '=&')],
			[
				'every character escaped',
				'Genesys-secret-74',
				(value: unknown) => JSON.stringify(value).replace(/Genesys-secret-74/g, (text) => [...text].map((char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')),
			],
		])('Genesys JSON written by %s: the echoed password is masked in the item', async (_writer, password, encode) => {
			sandbox.setFaults(
				genesysDevices(
					[
						{
							id: 'dev-1',
							phoneNumber: '3001',
							comment: `set up with ${password} today`,
						},
					],
					encode,
				),
			);
			const result = await genesysGetAll(password);
			expect(result.error).toBeUndefined();
			expect(result.items.map((item) => item.json)).toEqual([
				{
					id: 'dev-1',
					phoneNumber: '3001',
					comment: 'set up with *** today',
				},
			]);
			expect(JSON.stringify(result.items)).not.toContain(password);
		});

		it("Genesys JSON echoing the password as PHP rawurlencode writes it (!'()* encoded) is masked", async () => {
			const password = "it's(a)*secret!-75";
			sandbox.setFaults(
				genesysDevices([
					{
						id: 'dev-1',
						uri: `http://gws/api/v2/devices/dev-1?from=${rawurlencode(password)}`,
					},
				]),
			);
			const result = await genesysGetAll(password);
			expect(result.items.map((item) => item.json.uri)).toEqual(['http://gws/api/v2/devices/dev-1?from=***']);
		});

		it.each([
			['decimal references (&#228;)', 'Kolmi-säcret-key-76', (text: string) => text.replace(/ä/g, '&#228;')],
			['hex references (&#x69;)', 'kolmisoft-api-key-77', (text: string) => text.replace(/i/g, '&#x69;')],
			['every character a reference', 'kolmisoft-api-key-78', (text: string) => [...text].map((char) => `&#${char.charCodeAt(0)};`).join('')],
		])('Kolmisoft XML with %s: the echoed API secret key is masked in the item', async (_form, apiSecretKey, encode) => {
			sandbox.setFaults(kolmisoftAnswer(`<page><devices><device><device_id>7</device_id><description>key ${encode(apiSecretKey)}</description></device></devices></page>`));
			const result = await kolmisoftGetAll({ apiSecretKey });
			expect(result.error).toBeUndefined();
			expect(result.items.map((item) => item.json)).toEqual([{ device_id: '7', description: 'key ***' }]);
		});

		it('UC OAuth2: a 2xx answer echoing the token n8n refreshed during the run is masked in the item', async () => {
			sandbox.setFaults([
				{
					vendor: 'uc',
					kind: 'echo',
					path: '/assign',
					after: 1,
					status: 201,
					contentType: 'application/json',
					body: (request: { headers: Record<string, string> }) =>
						JSON.stringify({
							status: 'success',
							sentWith: request.headers.authorization.slice(7),
						}),
				},
			]);
			sandbox.clearRequests();
			const customer = sandbox.data.uc.customers[0];
			const result = await runNode({
				type: 'ucSoftphoneDevice',
				parameters: {
					authentication: 'oAuth2',
					resource: 'device',
					operation: 'assign',
					customerTenantId: customer,
					userId: 'user-2',
					deviceId: 'dev-2-a',
					clientType: 'mobile',
				},
				credentials: {
					ucSoftphoneOAuth2Api: sandbox.credentials.ucOAuth2Expired,
				},
			});
			const sent = sandbox.requests.filter((request) => request.path.endsWith('/assign')).map((request) => request.headers.authorization);
			expect(sent).toEqual([`Bearer ${SANDBOX_SECRETS.ucOAuth2ExpiredToken}`, `Bearer ${SANDBOX_SECRETS.ucOAuth2RefreshedToken}`]);
			expect(result.error).toBeUndefined();
			expect(result.items.map((item) => item.json.sentWith)).toEqual(['***']);
		});
	});

	/** A secret too weak to be told apart from data is not masked in items (ids stay whole), is named in a notice, and is still hidden in errors. */
	describe('weak secrets leave data alone', () => {
		it.each([
			['1', [{ id: 'device-1', room: 'Room 1.1', floor: 1 }]],
			['admin', [{ id: 'd-2', owner: 'administrator', role: 'admin' }]],
		])('Genesys password %j: ids and words come out as sent, with a notice that the secret is too weak to be masked', async (password, devices) => {
			sandbox.setFaults(genesysDevices(devices));
			const result = await genesysGetAll(password);
			expect(result.error).toBeUndefined();
			expect(result.items.map((item) => item.json)).toEqual(devices);
			expect(result.hints.map((hint) => hint.message)).toEqual([expect.stringMatching(/^Genesys.*too weak to be hidden from output items/)]);
			expect(JSON.stringify(result.hints)).not.toMatch(new RegExp(`"${password}"`));
		});

		it('a strong secret gives no notice', async () => {
			sandbox.setFaults(genesysDevices([{ id: 'device-1' }]));
			const result = await genesysGetAll(SANDBOX_SECRETS.genesysPassword);
			expect(result.hints).toEqual([]);
		});

		it('Kolmisoft password 100: device_id and user_id 100 stay', async () => {
			sandbox.setFaults(kolmisoftAnswer('<page><devices><device><device_id>100</device_id><user_id>100</user_id></device></devices></page>'));
			const result = await kolmisoftGetAll({ password: '100' });
			expect(result.error).toBeUndefined();
			expect(result.items.map((item) => item.json)).toEqual([{ device_id: '100', user_id: '100' }]);
		});

		it.each(['device', 'page', 'devices'])('Kolmisoft password %j: the XML is still read', async (password) => {
			sandbox.setFaults(kolmisoftAnswer('<?xml version="1.0"?><page><devices><device><device_id>5</device_id><device_type>SIP</device_type></device></devices></page>'));
			const result = await kolmisoftGetAll({ password });
			expect(result.error).toBeUndefined();
			expect(result.items.map((item) => item.json)).toEqual([{ device_id: '5', device_type: 'SIP' }]);
		});

		it('a weak secret is still removed from errors (where rewriting text is harmless)', async () => {
			sandbox.setFaults([
				{
					vendor: 'genesys',
					kind: 'status',
					status: 400,
					body: JSON.stringify({
						statusCode: 1,
						statusMessage: 'Bad value pw1 for password (pw1x)',
					}),
				},
			]);
			const result = await genesysGetAll('pw1');
			expect(result.error?.message).toMatch(/Bad value \*\*\* for password \(\*\*\*x\)/);
			expect(JSON.stringify([result.error?.message, result.error?.description, result.logs])).not.toContain('pw1');
		});
	});
});
