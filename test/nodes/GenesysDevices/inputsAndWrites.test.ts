/**
 * Genesys options filled by an expression or an AI model ($fromAI) are checked
 * before anything is sent, and a write whose answer a proxy replaced is never
 * reported as a plain "wrong address": it may have been carried out.
 */
import { startSandbox } from '../../../sandbox';
import type { Device, Recorded, Sandbox } from './run';
import { run } from './run';

const posts = (requests: Recorded[]) => requests.filter((request) => request.method === 'POST');
const paths = (requests: Recorded[]) => requests.map((request) => `${request.method} ${request.path}`);
// n8n shows (and requires) every field an expression-filled option might show: these fill them.
const shownByScope = { userId: 'not-used' };
const shownByAction = { destination: '5550000', targetDevice: 'not-used' };

describe('Genesys Devices: options from expressions and AI models', () => {
	let sandbox: Sandbox;
	const adminDevices = () => sandbox.data.genesys.devicesOf(sandbox.data.genesys.adminId) as Device[];
	const supervisorDevice = () => adminDevices()[0];
	let phone = 8600;

	beforeAll(async () => (sandbox = await startSandbox({ size: 12 })));
	afterAll(async () => await sandbox.close());

	it.each(['mine', 'everyone', '', 'All Devices'])('Get Many with Scope %j lists nothing and names the allowed scopes', async (scope) => {
		const result = await run(sandbox, { operation: 'getAll', scope: `={{ ${JSON.stringify(scope)} }}`, ...shownByScope, returnAll: true });
		expect(result.requests).toHaveLength(0);
		expect(result.items).toHaveLength(0);
		expect(result.error?.message).toBe(`"Scope" must be one of all, me, user, but it is "${scope}"`);
	});

	it('Get Many Scope and the Telephony Network filter are read case-insensitively', async () => {
		const result = await run(sandbox, { operation: 'getAll', scope: '={{ " ME " }}', ...shownByScope, returnAll: true, filters: { telephonyNetwork: '={{ "public" }}' } });
		expect(result.error).toBeUndefined();
		expect(paths(result.requests)).toEqual(['GET /api/v2/me/devices']);
		expect(result.requests[0].query.telephonyNetwork).toBe('Public');
		expect(result.items.length).toBeGreaterThan(0);
		for (const item of result.items) expect(item.json.telephonyNetwork).toBe('Public');
	});

	it('Get Many refuses a Telephony Network the API does not know', async () => {
		const result = await run(sandbox, { operation: 'getAll', scope: 'all', returnAll: true, filters: { telephonyNetwork: '={{ "Cloud" }}' } });
		expect(result.requests).toHaveLength(0);
		expect(result.error?.message).toBe('"Telephony Network" must be one of Private, Public, but it is "Cloud"');
	});

	it('Create takes Scope "User" and Telephony Network "public" as written, and refuses another scope or network', async () => {
		const agentId = sandbox.data.genesys.agentId;
		const created = await run(sandbox, { operation: 'create', scope: '={{ "User" }}', userId: agentId, phoneNumber: String(phone++), additionalFields: { telephonyNetwork: '={{ "public" }}' } });
		expect(created.error).toBeUndefined();
		expect(posts(created.requests).map((request) => [request.path, JSON.parse(request.body).telephonyNetwork])).toEqual([[`/api/v2/users/${agentId}/devices`, 'Public']]);

		for (const [parameters, message] of [
			[{ scope: '={{ "them" }}' }, '"Scope" must be one of me, user, but it is "them"'],
			[{ scope: 'me', additionalFields: { telephonyNetwork: '={{ "PSTN" }}' } }, '"Telephony Network" must be one of Private, Public, but it is "PSTN"'],
		] as const) {
			const refused = await run(sandbox, { operation: 'create', phoneNumber: String(phone++), ...shownByScope, ...parameters });
			expect(refused.requests).toHaveLength(0);
			expect(refused.error?.message).toBe(message);
		}
	});

	it('Perform Action reads Action, Monitoring Mode and Scope case-insensitively and sends the documented spelling', async () => {
		const target = sandbox.data.genesys.devicesOf(sandbox.data.genesys.agentId)[0] as Device;
		const result = await run(sandbox, {
			operation: 'performAction',
			deviceId: supervisorDevice().id,
			...shownByAction,
			action: '={{ "listenin" }}',
			targetDevice: target.id,
			supervisorMonitoringMode: '={{ "nextcall" }}',
			supervisorMonitoringScope: '={{ "AGENT" }}',
		});
		expect(result.error).toBeUndefined();
		expect(JSON.parse(posts(result.requests)[0].body)).toMatchObject({ operationName: 'ListenIn', supervisorMonitoringMode: 'NextCall', supervisorMonitoringScope: 'Agent' });
		const cancel = await run(sandbox, { operation: 'performAction', deviceId: supervisorDevice().id, action: 'CancelSupervisorMonitoring' });
		expect(cancel.error).toBeUndefined();
	});

	it('Perform Action refuses an unknown action before reading the device, listing the actions', async () => {
		const result = await run(sandbox, { operation: 'performAction', deviceId: supervisorDevice().id, ...shownByAction, action: '={{ "Mute" }}' });
		expect(result.requests).toHaveLength(0);
		expect(result.error?.message).toBe(
			'"Action" must be one of BargeIn, CancelSupervisorMonitoring, Coach, DoNotDisturbOff, DoNotDisturbOn, ForwardCallsOff, ForwardCallsOn, ListenIn, but it is "Mute"',
		);
	});
});

describe('Genesys Devices: a write answered by a proxy\'s page', () => {
	let sandbox: Sandbox;
	beforeAll(async () => (sandbox = await startSandbox({ size: 12, proxyPageOnWrites: true })));
	afterAll(async () => await sandbox.close());

	it('Create: the device was created, and the error says the creation is not confirmed and to check in Genesys', async () => {
		const result = await run(sandbox, { operation: 'create', scope: 'me', phoneNumber: '8699' });
		expect(posts(result.requests)).toHaveLength(1);
		expect(adminDeviceNumbers(sandbox)).toContain('8699');
		expect(result.items).toHaveLength(0);
		expect(result.error?.message).toMatch(/not confirmed/);
		expect(result.error?.description).toMatch(/may or may not have been made: check the device in Genesys.* before running this again/);
	});

	it('Perform Action: Do Not Disturb was turned on, and the error says so may have happened', async () => {
		const device = sandbox.data.genesys.devicesOf(sandbox.data.genesys.adminId)[1] as Device & { doNotDisturb: string };
		const result = await run(sandbox, { operation: 'performAction', deviceId: device.id, action: 'DoNotDisturbOn' });
		expect(posts(result.requests)).toHaveLength(1);
		expect(device.doNotDisturb).toBe('On');
		expect(result.items).toHaveLength(0);
		expect(result.error?.message).toMatch(/not confirmed/);
		expect(result.error?.description).toMatch(/may or may not have been made: check the device in Genesys.* before running this again/);
	});
});

function adminDeviceNumbers(sandbox: Sandbox): string[] {
	return (sandbox.data.genesys.devicesOf(sandbox.data.genesys.adminId) as Device[]).map((device) => device.phoneNumber);
}
