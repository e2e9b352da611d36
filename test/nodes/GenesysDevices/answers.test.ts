/**
 * Genesys answers that must never pass for success, Create's scope, numbers
 * checked before sending, supervisor monitoring, and the device lists the editor shows.
 */
import type { INodeListSearchResult } from 'n8n-workflow';

import { SANDBOX_SECRETS, startSandbox } from '../../../sandbox';
import { listSearch as searchList } from '../../harness/listSearch';
import type { Device, Recorded, Sandbox } from './run';
import { run } from './run';

const posts = (requests: Recorded[]) => requests.filter((request) => request.method === 'POST');
const agentCredentials = { username: 'agent2', password: SANDBOX_SECRETS.genesysAgentPassword };

/** Genesys Devices' list of devices, as the editor asks for it. */
async function listSearch(sandbox: Sandbox, method: string, filter?: string, credentials: Record<string, unknown> = {}): Promise<INodeListSearchResult> {
	const genesys = { ...sandbox.credentials.genesys, ...credentials };
	return await searchList({ type: 'genesysDevices', method, credentialType: 'genesysWebServicesApi', credentials: genesys, filter, field: 'deviceId' });
}

describe('Genesys Devices: answers, scope, numbers, supervisor monitoring and device lists', () => {
	let sandbox: Sandbox;
	const adminDevices = () => sandbox.data.genesys.devicesOf(sandbox.data.genesys.adminId) as Device[];
	const agentDevices = () => sandbox.data.genesys.devicesOf(sandbox.data.genesys.agentId) as Device[];
	let phone = 8100;

	beforeAll(async () => (sandbox = await startSandbox({ size: 12, genesysCsrf: true })));
	afterAll(async () => await sandbox.close());
	afterEach(() => sandbox.setFaults([]));

	it.each([
		['null', 'null'],
		['a number', '7'],
		['text', '"dev"'],
		['a list', '[]'],
	])('a device list with an entry that is %s is a clear error naming the entry; with Continue On Fail each input item still gives one item', async (kind, entry) => {
		sandbox.setFaults([{ vendor: 'genesys', kind: 'status', status: 200, body: `{"statusCode":0,"devices":[{"id":"a"},${entry}]}` }]);
		const stopped = await run(sandbox, { operation: 'getAll', scope: 'all', returnAll: true });
		expect(stopped.error?.message).toBe(`Genesys Web Services: Entry 1 of the device list is ${kind}, not a device`);
		const continued = await run(sandbox, { operation: 'getAll', scope: 'all', returnAll: true }, { continueOnFail: true, input: [{ a: 1 }, { a: 2 }] });
		expect(continued.error).toBeUndefined();
		expect(continued.items.map((item) => [item.json.error, item.pairedItem])).toEqual([
			[`Genesys Web Services: Entry 1 of the device list is ${kind}, not a device`, { item: 0 }],
			[`Genesys Web Services: Entry 1 of the device list is ${kind}, not a device`, { item: 1 }],
		]);
	});

	it.each([
		['empty', '', /The answer is empty/],
		['null', 'null', /not valid JSON/],
		['a list', '[]', /not a JSON object/],
		['a string', '"ok"', /not valid JSON/],
	])('an %s 200 answer to a read is a clear error, not a TypeError', async (_name, body, message) => {
		sandbox.setFaults([{ vendor: 'genesys', kind: 'status', status: 200, body }]);
		for (const parameters of [{ operation: 'get', deviceId: adminDevices()[0].id }, { operation: 'getAll', scope: 'all', returnAll: true }]) {
			const result = await run(sandbox, parameters);
			expect(result.items).toHaveLength(0);
			expect(result.error?.message).toMatch(message);
			expect(result.error?.message).not.toMatch(/Cannot read properties/);
		}
	});

	it.each([
		['empty', '', /The answer is empty/],
		['without statusCode', '{}', /has no statusCode/],
		['without the new id', '{"statusCode":0}', /has no id of the new device/],
	])('Create with an %s 200 answer fails and says it may have been created', async (_name, body, message) => {
		sandbox.setFaults([{ vendor: 'genesys', method: 'POST', kind: 'status', status: 200, body }]);
		const result = await run(sandbox, { operation: 'create', scope: 'me', phoneNumber: String(phone++) });
		expect(posts(result.requests)).toHaveLength(1);
		expect(result.items).toHaveLength(0);
		expect(result.error?.message).toMatch(message);
		expect(result.error?.description).toMatch(/check in Genesys before running/);
	});

	it('Perform Action with an empty 200 answer is not reported as accepted', async () => {
		sandbox.setFaults([{ vendor: 'genesys', method: 'POST', kind: 'status', status: 200, body: '' }]);
		const device = adminDevices()[0];
		const result = await run(sandbox, { operation: 'performAction', deviceId: device.id, action: 'DoNotDisturbOn' });
		expect(posts(result.requests)).toHaveLength(1);
		expect(result.error?.message).toMatch(/The answer is empty/);
	});

	it('Create refuses the "all" scope kept from Get Many instead of creating the device for me; me and user still work', async () => {
		const refused = await run(sandbox, { operation: 'create', scope: 'all', phoneNumber: String(phone++) });
		expect(result(refused)).toBeUndefined();
		expect(refused.requests).toHaveLength(0);
		expect(refused.error?.message).toBe('"Scope" must be Me or User for Create, but it is "all"');
		const mine = await run(sandbox, { operation: 'create', scope: 'me', phoneNumber: String(phone++) });
		expect(posts(mine.requests)[0].path).toBe('/api/v2/me/devices');
		const theirs = await run(sandbox, { operation: 'create', scope: 'user', userId: sandbox.data.genesys.agentId, phoneNumber: String(phone++) });
		expect(posts(theirs.requests)[0].path).toBe(`/api/v2/users/${sandbox.data.genesys.agentId}/devices`);
		function result(outcome: { items: unknown[] }) {
			return outcome.items[0];
		}
	});

	it.each([
		[-1, /but it is -1/],
		[0, /but it is 0/],
		[2.5, /but it is 2.5/],
		['={{ NaN }}', /but it is NaN/],
		['={{ "abc" }}', /but it is "abc"/],
	])('Get Many Limit %s is refused before anything is sent', async (limit, message) => {
		const result = await run(sandbox, { operation: 'getAll', scope: 'all', returnAll: false, limit });
		expect(result.requests).toHaveLength(0);
		expect(result.error?.message).toMatch(/^"Limit" must be a whole number from 1 to 1000000/);
		expect(result.error?.message).toMatch(message);
	});

	it('server-supplied capabilities in a refusal are redacted and bounded', async () => {
		const device = sandbox.data.genesys.devices.get(adminDevices()[1].id).device;
		const saved = device.capabilities;
		const basic = Buffer.from(`admin:${SANDBOX_SECRETS.genesysPassword}`).toString('base64');
		device.capabilities = [SANDBOX_SECRETS.genesysPassword, `x${basic}y`, 'A'.repeat(5000), ...Array.from({ length: 200 }, (_, i) => `Cap${i}`)];
		try {
			// run() fails the test if the password or its basic-auth form comes out anywhere.
			const result = await run(sandbox, { operation: 'performAction', deviceId: device.id, action: 'DoNotDisturbOn' });
			expect(posts(result.requests)).toHaveLength(0);
			expect(result.error?.message).toMatch(/does not offer "DoNotDisturbOn"/);
			expect(result.error?.description).toMatch(/and 183 more/);
			expect(result.error!.description!.length).toBeLessThan(2000);
		} finally {
			device.capabilities = saved;
		}
	});

	describe('supervisor monitoring', () => {
		const supervisorDevice = () => adminDevices()[0];
		const target = () => agentDevices()[0];

		it('Listen In: checks the capability, then posts targetDeviceUri, mode and scope from the supervisor\'s own device', async () => {
			const result = await run(sandbox, {
				operation: 'performAction',
				deviceId: { __rl: true, mode: 'list', value: supervisorDevice().id },
				action: 'ListenIn',
				targetDevice: target().id,
				supervisorMonitoringMode: 'NextCall',
				supervisorMonitoringScope: 'Agent',
			});
			expect(result.error).toBeUndefined();
			expect(result.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
				`GET /api/v2/devices/${supervisorDevice().id}`,
				'GET /api/v2/me',
				`POST /api/v2/me/devices/${supervisorDevice().id}`,
			]);
			const body = { operationName: 'ListenIn', targetDeviceUri: `${sandbox.url}/api/v2/devices/${target().id}`, supervisorMonitoringMode: 'NextCall', supervisorMonitoringScope: 'Agent' };
			expect(JSON.parse(posts(result.requests)[0].body)).toEqual(body);
			expect(result.items[0].json).toEqual({ deviceId: supervisorDevice().id, ...body, accepted: true });
			expect(supervisorDevice()).toMatchObject({ supervisorMonitoringState: { state: 'ListenIn', mode: 'NextCall', scope: 'Agent' } });
			expect(supervisorDevice().capabilities).toContain('CancelSupervisorMonitoring');
		});

		it('Coach and Barge In take a full target URI, with the documented defaults AllCalls and Call', async () => {
			for (const action of ['Coach', 'BargeIn']) {
				const uri = `${sandbox.url}/api/v2/devices/${target().id}`;
				const result = await run(sandbox, { operation: 'performAction', deviceId: supervisorDevice().id, action, targetDevice: uri });
				expect(result.error).toBeUndefined();
				expect(JSON.parse(posts(result.requests)[0].body)).toEqual({ operationName: action, targetDeviceUri: uri, supervisorMonitoringMode: 'AllCalls', supervisorMonitoringScope: 'Call' });
			}
			expect(supervisorDevice()).toMatchObject({ supervisorMonitoringState: { state: 'BargeIn', mode: 'AllCalls', scope: 'Call' } });
		});

		it('Cancel Supervisor Monitoring is offered only while monitoring, and ends it', async () => {
			const cancel = await run(sandbox, { operation: 'performAction', deviceId: supervisorDevice().id, action: 'CancelSupervisorMonitoring' });
			expect(cancel.error).toBeUndefined();
			expect(JSON.parse(posts(cancel.requests)[0].body)).toEqual({ operationName: 'CancelSupervisorMonitoring' });
			expect(supervisorDevice()).not.toHaveProperty('supervisorMonitoringState');
			const again = await run(sandbox, { operation: 'performAction', deviceId: supervisorDevice().id, action: 'CancelSupervisorMonitoring' });
			expect(posts(again.requests)).toHaveLength(0);
			expect(again.error?.message).toMatch(/does not offer "CancelSupervisorMonitoring" right now/);
		});

		it('another supervisor already monitoring the agent: the server\'s refusal comes out as an error', async () => {
			sandbox.data.genesys.monitorByAnotherSupervisor(agentDevices()[1].id);
			const result = await run(sandbox, { operation: 'performAction', deviceId: supervisorDevice().id, action: 'ListenIn', targetDevice: agentDevices()[1].id });
			expect(posts(result.requests)).toHaveLength(1);
			expect(result.error?.message).toMatch(/Another supervisor is already monitoring this device \(code 2\)/);
			expect(result.items).toHaveLength(0);
		});

		it('an agent device offers no supervisor actions: refused before sending, with the reason', async () => {
			const result = await run(sandbox, { operation: 'performAction', deviceId: agentDevices()[0].id, action: 'ListenIn', targetDevice: agentDevices()[1].id }, { credentials: agentCredentials });
			expect(posts(result.requests)).toHaveLength(0);
			expect(result.error?.description).toMatch(/need the supervisor role/);
		});

		it.each([
			[{ targetDevice: '={{ "" }}' }, /"Target Device" is required/],
			[{ targetDevice: 'x', supervisorMonitoringMode: '={{ "Sometimes" }}' }, /"Monitoring Mode" must be one of AllCalls, NextCall, but it is "Sometimes"/],
			[{ targetDevice: 'x', supervisorMonitoringScope: 'Team' }, /"Monitoring Scope" must be one of Agent, Call, but it is "Team"/],
			[{ targetDevice: 'http://[broken' }, /"Target Device" is not a valid URI/],
		])('bad supervisor input %j is refused before anything is sent', async (extra, message) => {
			const result = await run(sandbox, { operation: 'performAction', deviceId: supervisorDevice().id, action: 'ListenIn', ...extra });
			expect(result.requests).toHaveLength(0);
			expect(result.error?.message).toMatch(message);
		});
	});

	describe('the Device field', () => {
		it('takes a locator by ID or from the list, and plain text from older workflows', async () => {
			const device = adminDevices()[2];
			for (const deviceId of [{ __rl: true, mode: 'id', value: device.id }, { __rl: true, mode: 'list', value: device.id }, device.id]) {
				const result = await run(sandbox, { operation: 'get', deviceId });
				expect(result.requests.map((request) => request.path)).toEqual([`/api/v2/devices/${device.id}`]);
				expect(result.items[0].json).toMatchObject({ id: device.id });
			}
			const empty = await run(sandbox, { operation: 'get', deviceId: { __rl: true, mode: 'id', value: '={{ " " }}' } });
			expect(empty.requests).toHaveLength(0);
			expect(empty.error?.message).toBe('"Device ID" is required');
		});

		it('lists every device for Get, and the user\'s own for Perform Action, named by phone number', async () => {
			sandbox.clearRequests();
			const all = await listSearch(sandbox, 'searchAllDevices');
			expect(sandbox.requests.map((request) => `${request.path}?fields=${request.query.fields}`)).toEqual(['/api/v2/devices?fields=id,phoneNumber,deviceState']);
			expect(all.results).toHaveLength(sandbox.data.genesys.devices.size);
			const first = [...sandbox.data.genesys.devices.values()][0].device;
			expect(all.results[0]).toEqual({ name: `${first.phoneNumber} (${first.deviceState})`, value: first.id });

			const mine = await listSearch(sandbox, 'searchMyDevices');
			expect(mine.results.map((entry) => entry.value)).toEqual(adminDevices().map((device) => device.id));

			const filtered = await listSearch(sandbox, 'searchAllDevices', adminDevices()[0].phoneNumber);
			expect(filtered.results.map((entry) => entry.value)).toEqual([adminDevices()[0].id]);
		});

		it('falls back to the user\'s own devices when the user may not list the contact center', async () => {
			sandbox.clearRequests();
			const list = await listSearch(sandbox, 'searchAllDevices', undefined, agentCredentials);
			expect(sandbox.requests.map((request) => request.path)).toEqual(['/api/v2/devices', '/api/v2/me/devices']);
			expect(list.results.map((entry) => entry.value)).toEqual(agentDevices().map((device) => device.id));
		});
	});
});
