/**
 * Kolmisoft answers that must never be read as "no devices" or "done", hostile
 * answers that must not freeze n8n, and numbers checked before anything is sent.
 */
import { SANDBOX_SECRETS, startSandbox } from '../../../sandbox';
import { testCredential } from '../../harness';
import type { Sandbox } from './run';
import { formOf, run, sha1 } from './run';

const secret = SANDBOX_SECRETS.kolmisoftApiSecretKey;
// An <error> followed by 64 KB of spaces: the old error pattern backtracked for hours on this.
const HOSTILE_SPACES = ' '.repeat(64 * 1024);
const answerWith = (body: string) => [{ vendor: 'kolmisoft', kind: 'status', status: 200, body }];

describe('Kolmisoft Devices: none, done and wrong told apart', () => {
	let sandbox: Sandbox;
	beforeAll(async () => (sandbox = await startSandbox({ size: 3 })));
	afterAll(async () => await sandbox.close());
	afterEach(() => sandbox.setFaults([]));

	it.each([
		['unclosed', `<page><error>${HOSTILE_SPACES}<x/></page>`, /not well-formed XML/],
		['closed', `<page><error>${HOSTILE_SPACES}<x/></error></page>`, /Kolmisoft: Unknown error/],
		['long text', `<page><error>${'a'.repeat(64 * 1024)}</error></page>`, /\(cut\)/],
	])('a hostile 64 KB <error> answer (%s) is read at once, by the node and by the credential test', async (_name, body, message) => {
		sandbox.setFaults(answerWith(body));
		const started = Date.now();
		const result = await run(sandbox, { operation: 'getAll', userId: '100', returnAll: true });
		const outcome = await testCredential('kolmisoftApi', sandbox.credentials.kolmisoft);
		// A correctness bound, not a speed target: the backtracking pattern took hours here.
		expect(Date.now() - started).toBeLessThan(10_000);
		expect(result.error?.message).toMatch(message);
		expect(result.error!.message.length).toBeLessThan(700);
		expect(outcome.status).toBe('Error');
	});

	it('a device list with a text entry is a clear error naming the entry; with Continue On Fail one item per input item', async () => {
		sandbox.setFaults(answerWith('<page><devices><device><device_id>1</device_id></device><device>oops</device></devices></page>'));
		const result = await run(sandbox, { operation: 'getAll', userId: '100', returnAll: true }, { continueOnFail: true, input: [{ a: 1 }, { a: 2 }] });
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => [item.json.error, item.pairedItem])).toEqual([
			['Kolmisoft: The answer to devices_get has a <device> without fields: "oops" [HTTP 200]', { item: 0 }],
			['Kolmisoft: The answer to devices_get has a <device> without fields: "oops" [HTTP 200]', { item: 1 }],
		]);
		expect(result.pairedByNode).toEqual([{ item: 0 }, { item: 1 }]);
	});

	it('decodes XML escapes in values (Tom &amp; Jerry &lt;HQ&gt; comes out as Tom & Jerry <HQ>)', async () => {
		const create = await run(sandbox, { operation: 'create', userId: '101', type: 'SIP', additionalFields: { description: 'Tom & Jerry <HQ> "A"' } });
		expect(create.error).toBeUndefined();
		const deviceId = String(create.items[0].json.deviceId);
		const get = await run(sandbox, { operation: 'get', deviceId });
		expect(get.items[0].json.description).toBe('Tom & Jerry <HQ> "A"');
		sandbox.setFaults(answerWith('<page><devices><device><device_id>7</device_id><description>caf&#233; &#x2603; &nbsp;</description></device></devices></page>'));
		const list = await run(sandbox, { operation: 'getAll', userId: '100', returnAll: true });
		expect(list.items.map((item) => item.json.description)).toEqual(['café ☃ &nbsp;']);
	});

	it('create, update and delete report the server\'s success text, and fail when the answer has no <status>', async () => {
		const create = await run(sandbox, { operation: 'create', userId: '101', type: 'SIP' });
		expect(create.items[0].json).toMatchObject({ success: true, message: 'Device created' });
		const deviceId = String(create.items[0].json.deviceId);

		for (const parameters of [
			{ operation: 'create', userId: '101', type: 'SIP' },
			{ operation: 'update', deviceId, updateFields: { host: '10.0.0.9' } },
			{ operation: 'delete', deviceId },
		]) {
			sandbox.setFaults(answerWith(`<page><device_id>${deviceId}</device_id></page>`));
			const result = await run(sandbox, parameters);
			expect(result.requests).toHaveLength(1);
			expect(result.items).toHaveLength(0);
			expect(result.error?.message).toMatch(/reports neither success nor an error/);
			expect(result.error?.description).toMatch(/may or may not have been made/);
		}
		sandbox.setFaults([]);
		const remove = await run(sandbox, { operation: 'delete', deviceId });
		expect(remove.items[0].json).toMatchObject({ deviceId, deleted: true, success: true, message: 'Device was deleted' });
	});

	it('"Device was not created" comes out with the reason the server gave in <message>', async () => {
		const result = await run(sandbox, { operation: 'create', userId: '101', type: 'SIP', additionalFields: { devicegroupId: 'broken' } });
		expect(result.error?.message).toBe('Kolmisoft: Device was not created: Device group is full [HTTP 200]');
	});

	it('an <error> echoing the password XML-escaped comes out redacted', async () => {
		const password = 'pa&ss<word-7731';
		sandbox.setFaults(answerWith('<page><error>Bad login for p=pa&amp;ss&lt;word-7731 (pa&#38;ss&#x3C;word-7731)</error></page>'));
		const result = await run(sandbox, { operation: 'getAll', userId: '100', returnAll: true }, { credentials: { password } });
		expect(result.error?.message).toMatch(/Bad login/);
		const text = JSON.stringify([result.error?.message, result.error?.description]);
		for (const form of [password, 'pa&amp;ss&lt;word-7731', 'pa&#38;ss', 'ss<word', 'ss&lt;word']) expect(text).not.toContain(form);
	});

	it('a devices_get answer without <devices> is an error, not zero devices', async () => {
		sandbox.setFaults(answerWith('<page><something>else</something></page>'));
		const result = await run(sandbox, { operation: 'getAll', userId: '100', returnAll: true });
		expect(result.items).toHaveLength(0);
		expect(result.error?.message).toMatch(/has no <devices> list/);
		sandbox.setFaults(answerWith('<page><devices></devices></page>'));
		const none = await run(sandbox, { operation: 'getAll', userId: '100', returnAll: true });
		expect(none.error).toBeUndefined();
		expect(none.items).toHaveLength(0);
	});

	it('the credential test fails on a web page that is not the API (an nginx welcome page)', async () => {
		sandbox.setFaults(answerWith('<!DOCTYPE html><html><head><title>Welcome to nginx!</title></head><body><h1>Welcome to nginx!</h1></body></html>'));
		const outcome = await testCredential('kolmisoftApi', sandbox.credentials.kolmisoft);
		expect(outcome).toEqual({ status: 'Error', message: expect.stringMatching(/did not answer like the Kolmisoft API/) });
		sandbox.setFaults(answerWith('<page><devices><device><device_id>1</device_id></device></devices></page>'));
		expect(await testCredential('kolmisoftApi', sandbox.credentials.kolmisoft)).toMatchObject({ status: 'OK' });
	});

	it('a bad Base URL fails each item on its own with Continue On Fail', async () => {
		const input = [{ id: '100' }, { id: '101' }];
		const result = await run(sandbox, { operation: 'getAll', userId: '={{ $json.id }}', returnAll: true }, { input, continueOnFail: true, credentials: { baseUrl: 'not a url' } });
		expect(result.error).toBeUndefined();
		expect(result.requests).toHaveLength(0);
		expect(result.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(result.pairedByNode).toEqual([{ item: 0 }, { item: 1 }]);
		for (const item of result.items) expect(item.json.error).toMatch(/Base URL/);
	});

	it.each([
		[-1, /"Limit" must be a whole number from 1 to 1000000, but it is -1/],
		[0, /but it is 0/],
		[2.5, /but it is 2.5/],
		['={{ NaN }}', /but it is NaN/],
		['={{ "abc" }}', /but it is "abc"/],
	])('Limit %s is refused before anything is sent', async (limit, message) => {
		const result = await run(sandbox, { operation: 'getAll', userId: '100', returnAll: false, limit });
		expect(result.requests).toHaveLength(0);
		expect(result.error?.message).toMatch(message);
	});

	it('Update: Authentication is 0/1 as documented (old yes/no still works), Port a number, extra fields sent unsigned', async () => {
		const deviceId = [...sandbox.data.kolmisoft.devices.keys()][0];
		const update = await run(sandbox, {
			operation: 'update',
			deviceId,
			updateFields: { authentication: '1', host: '192.168.5.20', port: 5070, calleridNumber: '200', calleridName: 'Desk', extension: '200', comment: 'moved' },
		});
		expect(update.error).toBeUndefined();
		expect(formOf(update.requests[0].body)).toEqual({
			device: deviceId, authentication: '1', host: '192.168.5.20', port: '5070', callerid_number: '200', callerid_name: 'Desk', extension: '200', comment: 'moved', u: 'admin',
			hash: sha1(`${deviceId}1192.168.5.205070${secret}`),
		});
		expect(sandbox.data.kolmisoft.devices.get(deviceId)).toMatchObject({ authentication: '1', port: '5070', callerid: '"Desk" <200>', extension: '200', comment: 'moved' });

		const legacy = await run(sandbox, { operation: 'update', deviceId, updateFields: { authentication: 'yes', username: 'desk200', port: '5060' } });
		expect(formOf(legacy.requests[0].body)).toMatchObject({ authentication: '0', port: '5060', hash: sha1(`${deviceId}0desk2005060${secret}`) });

		for (const [fields, message] of [
			[{ authentication: 'maybe' }, /"Authentication" must be one of 0, 1, but it is "maybe"/],
			[{ port: 70000 }, /"Port" must be a whole number from 1 to 65535/],
			[{ port: '={{ "abc" }}' }, /"Port" must be a whole number/],
			[{ pin: '12a' }, /"PIN" may contain only digits/],
		] as const) {
			const refused = await run(sandbox, { operation: 'update', deviceId, updateFields: fields });
			expect(refused.requests).toHaveLength(0);
			expect(refused.error?.message).toMatch(message);
		}
	});
});
