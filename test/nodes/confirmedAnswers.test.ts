import { startSandbox } from '../../sandbox';
import { runNode } from '../harness';

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

/**
 * A write is a success only on the answer the vendor documents for success;
 * answers of another shape are clear errors, never items or silent successes.
 */
describe('confirmed writes and answers of odd shape', () => {
	let sandbox: Sandbox;
	beforeAll(async () => (sandbox = await startSandbox({ size: 5 })));
	afterAll(async () => await sandbox.close());
	afterEach(() => sandbox.setFaults([]));

	const kolmisoft = async (parameters: Record<string, unknown>, answer?: string) => {
		if (answer !== undefined) sandbox.setFaults([{ vendor: 'kolmisoft', kind: 'echo', status: 200, body: () => answer }]);
		sandbox.clearRequests();
		const result = await runNode({ type: 'kolmisoftDevices', parameters: { resource: 'device', ...parameters }, credentials: { kolmisoftApi: sandbox.credentials.kolmisoft } });
		return { ...result, requests: sandbox.requests.filter((request) => request.vendor === 'kolmisoft') };
	};

	const WRITES = [
		['delete', { operation: 'delete', deviceId: '1000' }],
		['update', { operation: 'update', deviceId: '1000', updateFields: { host: '10.0.0.9' } }],
		['create', { operation: 'create', userId: '101', type: 'SIP' }],
	] as const;

	it.each(
		WRITES.flatMap(([name, parameters]) =>
			['<page><status>Device was not deleted</status></page>', '<page><status>failed</status></page>', '<page><status><success>false</success></status></page>'].map((answer) => [name, answer, parameters] as const),
		),
	)('Kolmisoft %s answered %s is an error saying the change may or may not have been made', async (_name, answer, parameters) => {
		const result = await kolmisoft(parameters, answer);
		expect(result.requests).toHaveLength(1);
		expect(result.items).toHaveLength(0);
		expect(result.error?.message).toMatch(/is not the documented success/);
		expect(result.error?.description).toMatch(/may or may not have been made/);
	});

	it.each([
		['delete', '<?xml version="1.0" encoding="UTF-8"?>\n<page>\n <status>Device was deleted</status>\n</page>', WRITES[0][1]],
		['update', '<page><status><success>Device successfully updated</success></status></page>', WRITES[1][1]],
		['create (older servers)', '<page><status>Device was created</status><device_id>42</device_id></page>', WRITES[2][1]],
		['create', '<page><status><success>Device created</success></status><device_id>42</device_id></page>', WRITES[2][1]],
	])('Kolmisoft %s answered the documented success is a success', async (_name, answer, parameters) => {
		const result = await kolmisoft(parameters, answer);
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ success: true });
	});

	it('Kolmisoft <Error> (capital E) is the error it names, not zero devices', async () => {
		const result = await kolmisoft({ operation: 'getAll', userId: '100', returnAll: true }, '<page><Error>Incorrect hash</Error></page>');
		expect(result.items).toHaveLength(0);
		expect(result.error?.message).toBe('Kolmisoft: Incorrect hash [HTTP 200]');
		expect(result.error?.description).toMatch(/API Secret Key/);
	});

	it('Kolmisoft: a plain answer over 512 KB with a UTF-8 byte order mark is read', async () => {
		const devices = Array.from({ length: 6000 }, (_, index) => `<device><device_id>${index}</device_id><description>desk phone number ${index} on floor two</description></device>`).join('');
		const answer = `\uFEFF<?xml version="1.0" encoding="UTF-8"?><page><devices>${devices}</devices></page>`;
		expect(answer.length).toBeGreaterThan(512 * 1024);
		const result = await kolmisoft({ operation: 'getAll', userId: '100', returnAll: true }, answer);
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(6000);
		expect(result.items[5999].json).toEqual({ device_id: '5999', description: 'desk phone number 5999 on floor two' });
	});

	it('UC: a 404 answered in French about the device gets the device hint, not the customer one', async () => {
		sandbox.setFaults([{ vendor: 'uc', kind: 'status', status: 404, body: JSON.stringify({ error: 404, message: 'Dispositif introuvable', status: 'erreur', timestamp: '2020-02-06T12:46:58.7669535Z' }) }]);
		const result = await runNode({
			type: 'ucSoftphoneDevice',
			parameters: { authentication: 'accessToken', resource: 'device', operation: 'assign', customerTenantId: sandbox.data.uc.customers[0], userId: 'user-2', deviceId: 'dev-2-a', clientType: 'mobile' },
			credentials: { ucSoftphoneApi: sandbox.credentials.uc },
		});
		expect(result.error?.message).toMatch(/Dispositif introuvable/);
		expect(result.error?.description).toMatch(/must already be assigned to this user on the PBX/);
		expect(result.error?.description).not.toMatch(/No customer has this Customer Tenant ID/);
	});

	it.each([
		[[null, { evil: 1 }], /Entry 0 of the URI list is null, not a URI/],
		[['http://gws/api/v2/devices/1', { evil: 1 }], /Entry 1 of the URI list is an object, not a URI/],
		[['http://gws/api/v2/devices/1', ''], /Entry 1 of the URI list is an empty text, not a URI/],
	])('Genesys Get Many with URIs only: %j is an error, not items', async (uris, message) => {
		sandbox.setFaults([{ vendor: 'genesys', kind: 'echo', status: 200, contentType: 'application/json', body: () => JSON.stringify({ statusCode: 0, uris }) }]);
		const result = await runNode({
			type: 'genesysDevices',
			parameters: { resource: 'device', operation: 'getAll', scope: 'all', returnAll: true, options: { urisOnly: true } },
			credentials: { genesysWebServicesApi: sandbox.credentials.genesys },
		});
		expect(result.items).toHaveLength(0);
		expect(result.error?.message).toMatch(message);
	});

	const plantronicsGetAll = async (filters: Record<string, unknown>, timezone?: string) => {
		sandbox.clearRequests();
		const result = await runNode({
			type: 'plantronicsInventory',
			parameters: { resource: 'device', operation: 'getAll', returnAll: false, limit: 5, filters },
			credentials: { plantronicsManagerProApi: sandbox.credentials.plantronics },
			timezone,
		});
		return { ...result, requests: sandbox.requests.filter((request) => request.vendor === 'plantronics') };
	};

	it.each(['2026-03-01T08:00:00+99:99', '2026-03-01T08:00:00+15:00', '2026-03-01T08:00:00-01:60'])('the date %s (no such offset) is refused, naming the field', async (value) => {
		const result = await plantronicsGetAll({ lastSeenStartTime: value });
		expect(result.error?.message).toBe(`"Last Seen After" is not a date: "${value}"`);
		expect(result.requests).toHaveLength(0);
	});

	it('an offset in use (+14:00, -12:00) is read', async () => {
		const result = await plantronicsGetAll({ lastSeenStartTime: '2026-03-01T08:00:00+14:00', lastSeenEndTime: '2026-03-01T08:00:00-12:00' });
		expect(result.error).toBeUndefined();
		expect([result.requests[0].query.lastSeenStartTime, result.requests[0].query.lastSeenEndTime]).toEqual(['2026-02-28T18:00:00.000Z', '2026-03-01T20:00:00.000Z']);
	});

	it('an invalid workflow time zone is named with the field it was needed for', async () => {
		const result = await plantronicsGetAll({ lastSeenStartTime: '2026-03-01T08:00:00' }, 'Mars/Olympus_Mons');
		expect(result.error?.message).toBe('"Last Seen After" cannot be read in the workflow\'s time zone "Mars/Olympus_Mons": it is not a known time zone');
		expect(result.error?.description).toMatch(/Settings > Timezone/);
		expect(result.requests).toHaveLength(0);
	});
});
