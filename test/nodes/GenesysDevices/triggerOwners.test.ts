import type { IDataObject } from 'n8n-workflow';

import { GenesysDevicesTrigger } from '../../../nodes/GenesysDevices/GenesysDevicesTrigger.node';
import { startSandbox } from '../../../sandbox';
import { SCHEDULERS } from '../../harness';
import type { PollOutcome } from '../../harness';
import { changeTriggerPolls } from '../changeTriggerPolls';
import { ADMIN_BASIC } from './run';

/**
 * Owners: scope Users lists each user on its own, so items carry their user
 * and a move between the listed users fires Device Reassigned; Device Removed
 * fires only for a device GET /api/v2/devices/{id} no longer finds.
 */

const TYPE = 'genesysDevicesTrigger';
type Sandbox = Awaited<ReturnType<typeof startSandbox>>;
type Items = PollOutcome['items'];
type Device = { id: string; phoneNumber: string; deviceState: string; doNotDisturb: string };

describe.each(SCHEDULERS)('Genesys Devices Trigger owners, %s scheduler', (scheduler) => {
	let sandbox: Sandbox;
	let phone = 5000;
	beforeAll(async () => (sandbox = await startSandbox({ size: 6 })));
	afterAll(async () => await sandbox.close());
	afterEach(() => sandbox.setFaults([]));

	const genesys = () => sandbox.data.genesys;
	const { activeTrigger } = changeTriggerPolls(() => sandbox, { type: TYPE, credentialType: 'genesysWebServicesApi', vendor: 'genesys', alsoSecret: () => [ADMIN_BASIC] }, scheduler);
	const json = (items: Items) => (items ?? []).map((item) => item.json);
	const ids = (items: Items) => json(items).map((item) => item.id);
	const newDevice = (ownerId: string) => genesys().addDevice(ownerId, { phoneNumber: String(phone++) }) as Device;
	const lookUps = (requests: Array<{ method: string; path: string }>) =>
		requests.filter((request) => request.method === 'GET' && /^\/api\/v2\/devices\/[^/]+$/.test(request.path)).map((request) => request.path.split('/').pop());
	const users = () => `${genesys().agentId}, ${genesys().adminId}`;

	it('scope Users lists each user on its own; Device Reassigned fires a move between them once, with the user now and before', async () => {
		const { adminId, agentId } = genesys();
		const device = newDevice(agentId);
		const trigger = activeTrigger({ event: 'deviceReassigned', scope: 'users', userIds: users() });
		const baseline = await trigger.pollOk();
		expect(baseline.items).toBeNull();
		expect(baseline.requests.map((request) => [request.method, request.path, request.query.fields])).toEqual(
			[adminId, agentId].sort().map((id) => ['GET', `/api/v2/users/${id}/devices`, '*']),
		);

		genesys().assignDevice(device.id, adminId);
		const moved = await trigger.pollOk();
		expect(json(moved.items)).toEqual([{ ...device, user: adminId, previous: { user: agentId } }]);
		expect((await trigger.pollOk()).items).toBeNull();
		genesys().assignDevice(device.id, agentId);
		expect(json((await trigger.pollOk()).items).map((item) => [item.id, item.user, item.previous])).toEqual([[device.id, agentId, { user: adminId }]]);
	});

	it('scope Users: a move fires neither Device State Changed, New Device nor Device Removed; their items carry the user', async () => {
		const { adminId, agentId } = genesys();
		const device = newDevice(agentId);
		const triggers = ['deviceStateChanged', 'newDevice', 'deviceRemoved'].map((event) => activeTrigger({ event, scope: 'users', userIds: users(), options: { missedPollsBeforeRemoved: 1 } }));
		for (const trigger of triggers) await trigger.pollOk();
		genesys().assignDevice(device.id, adminId);
		for (let poll = 0; poll < 2; poll++) {
			for (const trigger of triggers) expect((await trigger.pollOk()).items).toBeNull();
		}
		genesys().updateDevice(device.id, { doNotDisturb: 'On' });
		const added = newDevice(agentId);
		expect(json((await triggers[0].pollOk()).items).map((item) => [item.id, item.user, item.previous])).toEqual([
			[device.id, adminId, { deviceState: device.deviceState, doNotDisturb: 'Off', forwardTo: null, user: adminId }],
		]);
		expect(json((await triggers[1].pollOk()).items).map((item) => [item.id, item.user])).toEqual([[added.id, agentId]]);
	});

	it('scope Users: a device moved to a user not listed fires no Device Removed (GET /devices/{id} finds it); a deleted one fires once, with its user', async () => {
		const { agentId, otherAgentId } = genesys();
		const leaving = newDevice(agentId);
		const deleted = newDevice(agentId);
		const trigger = activeTrigger({ event: 'deviceRemoved', scope: 'users', userIds: users() });
		await trigger.pollOk();
		genesys().assignDevice(leaving.id, otherAgentId);
		genesys().removeDevice(deleted.id);
		expect((await trigger.pollOk()).items).toBeNull();
		const second = await trigger.pollOk();
		expect(json(second.items)).toEqual([{ id: deleted.id, user: agentId, previous: { phoneNumber: deleted.phoneNumber, deviceState: deleted.deviceState, user: agentId } }]);
		expect(lookUps(second.requests).sort()).toEqual([leaving.id, deleted.id].sort());
		const after = await trigger.pollOk();
		expect(after.items).toBeNull();
		expect(lookUps(after.requests)).toEqual([]);
	});

	it('scope All: Device Removed fires only once GET /devices/{id} says the device is gone; a failed look-up waits for the next poll', async () => {
		const device = newDevice(genesys().adminId);
		const trigger = activeTrigger({ event: 'deviceRemoved', scope: 'all', options: { missedPollsBeforeRemoved: 1 } });
		await trigger.pollOk();
		genesys().removeDevice(device.id);
		const failing = await trigger.pollWhile(
			() => sandbox.setFaults([{ vendor: 'genesys', path: `/api/v2/devices/${device.id}`, kind: 'status', status: 500 }]),
			() => sandbox.setFaults([]),
		);
		expect(failing.error).toBeUndefined();
		expect(failing.items).toBeNull();
		expect(lookUps(failing.requests).length).toBeGreaterThan(0);
		const next = await trigger.pollOk();
		expect(json(next.items)).toEqual([{ id: device.id, previous: { phoneNumber: device.phoneNumber, deviceState: device.deviceState } }]);
	});

	it('re-activation catches up: the first poll after activating again fires what changed meanwhile', async () => {
		const { adminId, agentId } = genesys();
		const device = newDevice(agentId);
		const before = activeTrigger({ event: 'deviceReassigned', scope: 'users', userIds: users() });
		await before.pollOk();
		genesys().assignDevice(device.id, adminId);
		const again = activeTrigger({ event: 'deviceReassigned', scope: 'users', userIds: users() }, before.staticData);
		expect(json((await again.pollOk()).items).map((item) => [item.id, item.user])).toEqual([[device.id, adminId]]);
	});

	it.each(['newDevice', 'deviceStateChanged', 'deviceReassigned', 'deviceRemoved'])('Fetch Test Event for %s (scope Users) gives items in the shape the event fires', async (event) => {
		const { otherAgentId, agentId } = genesys();
		let device = newDevice(otherAgentId);
		const trigger = activeTrigger({ event, scope: 'users', userIds: `${otherAgentId},${agentId}`, options: { missedPollsBeforeRemoved: 1 } });
		await trigger.pollOk();
		if (event === 'newDevice') device = newDevice(otherAgentId);
		if (event === 'deviceStateChanged') genesys().updateDevice(device.id, { doNotDisturb: 'On' });
		if (event === 'deviceReassigned') genesys().assignDevice(device.id, agentId);
		const sample = await trigger.manualPoll();
		if (event === 'deviceRemoved') genesys().removeDevice(device.id);
		const fired = await trigger.pollOk();
		expect(ids(fired.items)).toEqual([device.id]);
		const shape = (item: IDataObject | undefined) => ({ keys: Object.keys(item ?? {}).sort(), previous: Object.keys((item?.previous as IDataObject | undefined) ?? {}).sort() });
		const expected = shape(fired.items![0].json);
		// The same device when the sample reaches it (a removal item has no fields of its own: any one will do).
		const sampled = json(sample.items).find((item) => item.id === device.id) ?? (event === 'deviceRemoved' ? json(sample.items)[0] : undefined);
		expect(shape(sampled)).toEqual(expected);
		for (const item of json(sample.items)) {
			expect(shape(item).previous).toEqual(expected.previous);
			expect([otherAgentId, agentId]).toContain(item.user);
		}
		expect(lookUps(sample.requests)).toEqual([]);
	});

	it('a listing with the same device twice fails visibly, fires nothing and leaves the state as it was', async () => {
		for (const parameters of [
			{ event: 'deviceRemoved', scope: 'all', options: { missedPollsBeforeRemoved: 1 } },
			{ event: 'deviceReassigned', scope: 'users', userIds: users() },
		]) {
			const trigger = activeTrigger(parameters);
			await trigger.pollOk();
			const state = trigger.staticData;
			const twice = JSON.stringify({ statusCode: 0, devices: [{ id: 'dup-1', phoneNumber: '1' }, { id: 'dup-1', phoneNumber: '2' }] });
			const failed = await trigger.pollWhile(
				() => sandbox.setFaults([{ vendor: 'genesys', path: /\/devices$/, kind: 'echo', contentType: 'application/json', body: () => twice, times: 1 }]),
				() => sandbox.setFaults([]),
			);
			expect(failed.error?.message).toMatch(/The listing holds the device ID "dup-1" more than once/);
			expect(failed.items).toBeNull();
			expect(trigger.staticData).toEqual(state);
			expect((await trigger.pollOk()).items).toBeNull();
		}
	});

	it.each([
		[{ event: 'deviceReassigned', scope: 'all' }, /"Device Reassigned" needs the scope "Users"/],
		[{ event: 'deviceReassigned', scope: 'user', userId: 'u1' }, /"Device Reassigned" needs the scope "Users"/],
		[{ event: 'newDevice', scope: 'users', userIds: '' }, /"User IDs" is required/],
		[{ event: 'newDevice', scope: 'users', userIds: 'a,,b' }, /"User IDs" has an empty entry/],
		[{ event: 'newDevice', scope: 'users', userIds: 'a, ..' }, /"User IDs" cannot be ".."/],
	])('refuses %j before sending anything', async (parameters, message) => {
		const outcome = await activeTrigger(parameters).poll();
		expect(outcome.error?.message).toMatch(message);
		expect(outcome.requests).toEqual([]);
	});

	it('User IDs given twice are listed once', async () => {
		const { agentId } = genesys();
		const baseline = await activeTrigger({ event: 'newDevice', scope: 'users', userIds: `${agentId}, ${agentId}` }).pollOk();
		expect(baseline.requests.map((request) => request.path)).toEqual([`/api/v2/users/${agentId}/devices`]);
	});
});

describe('Genesys Devices Trigger panel', () => {
	it('says plainly that scope All (and the single-user scopes) cannot see owners', () => {
		const { properties } = new GenesysDevicesTrigger().description;
		const scope = properties.find((property) => property.name === 'scope')!;
		const all = (scope.options as Array<{ value: string; description: string }>).find((option) => option.value === 'all')!;
		expect(all.description).toMatch(/without their owners: only the Users scope/);
		const notice = properties.find((property) => property.type === 'notice')!;
		expect(notice.displayName).toMatch(/without their owners/);
		expect(notice.displayOptions?.show?.scope).toEqual(['all', 'me', 'user']);
	});
});
