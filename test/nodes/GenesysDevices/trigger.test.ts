import type { IDataObject } from 'n8n-workflow';

import { startSandbox } from '../../../sandbox';
import { SCHEDULERS, runNode } from '../../harness';
import type { PollOutcome } from '../../harness';
import { changeTriggerPolls } from '../changeTriggerPolls';
import { ADMIN_BASIC } from './run';

const TYPE = 'genesysDevicesTrigger';
type Sandbox = Awaited<ReturnType<typeof startSandbox>>;
type Items = PollOutcome['items'];
type Device = { id: string; phoneNumber: string; e164Number: string; deviceState: string; doNotDisturb: string; forwardTo?: string; capabilities: string[] };

describe.each(SCHEDULERS)('Genesys Devices Trigger, %s scheduler', (scheduler) => {
	let sandbox: Sandbox;
	beforeAll(async () => (sandbox = await startSandbox({ size: 12 })));
	afterAll(async () => await sandbox.close());

	const genesys = () => sandbox.data.genesys;

	const { activeTrigger } = changeTriggerPolls(
		() => sandbox,
		{ type: TYPE, credentialType: 'genesysWebServicesApi', vendor: 'genesys', alsoSecret: () => [ADMIN_BASIC] },
		scheduler,
	);
	const ids = (items: Items) => (items ?? []).map((item) => item.json.id);
	const devices = (): Device[] => [...genesys().devices.values()].map((entry: { device: Device }) => entry.device);

	it('New Device: nothing on the baseline, then each new device once; the listing asked for all fields, as the admin', async () => {
		const trigger = activeTrigger({ event: 'newDevice', scope: 'all' });
		const baseline = await trigger.pollOk();
		expect(baseline.items).toBeNull();
		expect(baseline.requests.map((request) => [request.method, request.path, request.query.fields, request.headers.authorization])).toEqual([
			['GET', '/api/v2/devices', '*', `Basic ${ADMIN_BASIC}`],
		]);

		const added = genesys().addDevice(genesys().agentId, { phoneNumber: '4001' });
		const second = await trigger.pollOk();
		expect(second.items?.map((item) => item.json)).toEqual([added]);
		expect((await trigger.pollOk()).items).toBeNull();
	});

	it('Device Removed: after two complete listings without the device, once, with what it was', async () => {
		const trigger = activeTrigger({ event: 'deviceRemoved', scope: 'all' });
		await trigger.pollOk();
		const gone = devices()[0];
		genesys().removeDevice(gone.id);
		const firstMiss = await trigger.pollOk();
		expect(firstMiss.items).toBeNull();
		const secondMiss = await trigger.pollOk();
		expect(secondMiss.items?.map((item) => item.json)).toEqual([
			{ id: gone.id, previous: { phoneNumber: gone.phoneNumber, deviceState: gone.deviceState } },
		]);
		expect((await trigger.pollOk()).items).toBeNull();
	});

	it('Device State Changed: Do Not Disturb switched by the Genesys Devices node fires once, with before and after; switching back fires again', async () => {
		const trigger = activeTrigger({ event: 'deviceStateChanged', scope: 'me' });
		const baseline = await trigger.pollOk();
		expect(baseline.requests.map((request) => request.path)).toEqual(['/api/v2/me/devices']);
		const mine = genesys().devicesOf(genesys().adminId) as Device[];
		const device = mine.find((candidate) => candidate.capabilities.includes('DoNotDisturbOn'))!;

		const perform = async (action: string) => {
			const result = await runNode({
				type: 'genesysDevices',
				parameters: { resource: 'device', operation: 'performAction', deviceId: { __rl: true, mode: 'id', value: device.id }, action },
				credentials: { genesysWebServicesApi: sandbox.credentials.genesys },
			});
			expect(result.error).toBeUndefined();
		};
		await perform('DoNotDisturbOn');
		const on = await trigger.pollOk();
		expect(on.items?.map((item) => [item.json.id, item.json.doNotDisturb, item.json.previous])).toEqual([
			[device.id, 'On', { deviceState: device.deviceState, doNotDisturb: 'Off', forwardTo: null }],
		]);
		expect((await trigger.pollOk()).items).toBeNull();

		await perform('DoNotDisturbOff');
		const off = await trigger.pollOk();
		expect(off.items?.map((item) => [item.json.doNotDisturb, (item.json.previous as IDataObject).doNotDisturb])).toEqual([['Off', 'On']]);
	});

	it('Device State Changed: the device state and call forwarding count; other fields do not', async () => {
		const trigger = activeTrigger({ event: 'deviceStateChanged', scope: 'all' });
		await trigger.pollOk();
		const [first, second, third] = devices();
		const firstState = first.deviceState;
		genesys().updateDevice(first.id, { deviceState: firstState === 'Active' ? 'Inactive' : 'Active' });
		genesys().updateDevice(second.id, { forwardTo: '+16505550100' });
		genesys().updateDevice(third.id, { location: 'Nevada', model: 'DeskPhone' });
		const changed = await trigger.pollOk();
		expect(changed.items?.map((item) => [item.json.id, item.json.previous])).toEqual([
			[first.id, { deviceState: firstState, doNotDisturb: 'Off', forwardTo: null }],
			[second.id, { deviceState: second.deviceState, doNotDisturb: 'Off', forwardTo: null }],
		]);
		expect(changed.items![1].json.forwardTo).toBe('+16505550100');

		genesys().updateDevice(second.id, { forwardTo: undefined });
		const forwardingOff = await trigger.pollOk();
		expect(forwardingOff.items?.map((item) => [item.json.id, item.json.forwardTo, (item.json.previous as IDataObject).forwardTo])).toEqual([[second.id, undefined, '+16505550100']]);
	});

	it('a device removed then added again: Removed once, then New once', async () => {
		const removedTrigger = activeTrigger({ event: 'deviceRemoved', scope: 'all' });
		const newTrigger = activeTrigger({ event: 'newDevice', scope: 'all' });
		await removedTrigger.pollOk();
		await newTrigger.pollOk();
		const device = devices()[2];
		const entry = genesys().devices.get(device.id);
		const fired: Record<string, unknown[]> = { removed: [], added: [] };
		const pollBoth = async () => {
			fired.removed.push(...ids((await removedTrigger.pollOk()).items));
			fired.added.push(...ids((await newTrigger.pollOk()).items));
		};
		genesys().removeDevice(device.id);
		await pollBoth();
		await pollBoth();
		genesys().devices.set(device.id, entry);
		await pollBoth();
		await pollBoth();
		expect(fired).toEqual({ removed: [device.id], added: [device.id] });
	});

	it('an empty answer between two normal ones fires nothing, for every event', async () => {
		for (const event of ['newDevice', 'deviceRemoved', 'deviceStateChanged']) {
			const trigger = activeTrigger({ event, scope: 'all' });
			await trigger.pollOk();
			genesys().answerEmptyLists(1);
			const empty = await trigger.pollOk();
			expect(empty.items).toBeNull();
			const normal = await trigger.pollOk();
			expect({ event, items: normal.items }).toEqual({ event, items: null });
		}
	});

	it.each([
		['an HTTP 500', { kind: 'status', status: 500 }, /500/],
		['an answer that is not the device list', { kind: 'echo', contentType: 'application/json', body: () => '{"statusCode":0}' }, /The answer has no list of devices/],
	])('a failed poll (%s) fails visibly and leaves the state as it was; the change behind it fires once at the next good poll', async (_, fault, message) => {
		const trigger = activeTrigger({ event: 'newDevice', scope: 'all' });
		const baseline = await trigger.pollOk();
		const added = genesys().addDevice(undefined, { phoneNumber: '4100' });
		const failed = await trigger.pollWhile(() => sandbox.setFaults([{ vendor: 'genesys', ...fault }]), () => sandbox.setFaults([]));
		expect(failed.error?.message).toMatch(message);
		expect(failed.items).toBeNull();
		expect(failed.staticData).toEqual(baseline.staticData);
		const next = await trigger.pollOk();
		expect(ids(next.items)).toEqual([added.id]);
		expect((await trigger.pollOk()).items).toBeNull();
	});

	it('a device listed without an ID fails the poll and keeps the state', async () => {
		const trigger = activeTrigger({ event: 'newDevice', scope: 'all' });
		const baseline = await trigger.pollOk();
		const noId = { vendor: 'genesys', kind: 'echo', contentType: 'application/json', body: () => '{"statusCode":0,"devices":[{"phoneNumber":"1"}]}' };
		const failed = await trigger.pollWhile(() => sandbox.setFaults([noId]), () => sandbox.setFaults([]));
		expect(failed.error?.message).toMatch(/Genesys sent device 1 of 1 without an ID/);
		expect(failed.staticData).toEqual(baseline.staticData);
	});

	it('the scope and user are part of what is watched: another user starts a new baseline', async () => {
		const trigger = activeTrigger({ event: 'newDevice', scope: 'all' });
		await trigger.pollOk();
		const forUser = await trigger.pollOk({ scope: 'user', userId: genesys().agentId });
		expect(forUser.requests.map((request) => request.path)).toEqual([`/api/v2/users/${genesys().agentId}/devices`]);
		expect(forUser.items).toBeNull();
		const added = genesys().addDevice(genesys().agentId, { phoneNumber: '4200' });
		genesys().addDevice(genesys().adminId, { phoneNumber: '4201' });
		const next = await trigger.pollOk({ scope: 'user', userId: genesys().agentId });
		expect(ids(next.items)).toEqual([added.id]);
		const otherUser = await trigger.pollOk({ scope: 'user', userId: genesys().adminId });
		expect(otherUser.items).toBeNull();
	});

	it('a manual test run returns up to 10 current devices and leaves the state alone', async () => {
		const trigger = activeTrigger({ event: 'newDevice', scope: 'all' });
		const baseline = await trigger.pollOk();
		const manual = await trigger.manualPoll({ event: 'deviceStateChanged' });
		expect(devices().length).toBeGreaterThan(10);
		expect(manual.items?.map((item) => item.json.id)).toEqual(devices().slice(0, 10).map((device) => device.id));
		expect(trigger.staticData).toEqual(baseline.staticData);
	});

	it.each([
		[{ event: 'stateChanged', scope: 'all' }, /"Event" must be one of deviceReassigned, deviceRemoved, deviceStateChanged, newDevice, but it is "stateChanged"/],
		[{ event: 'newDevice', scope: 'everyone' }, /"Scope" must be one of all, me, user, users, but it is "everyone"/],
		[{ event: 'newDevice', scope: 'user', userId: ' ' }, /"User ID" is required/],
		[{ event: 'newDevice', scope: 'user', userId: '..' }, /"User ID" cannot be ".."/],
		[{ event: 'newDevice', scope: 'all', options: { missedPollsBeforeRemoved: 2.5 } }, /"Missed Polls Before Removed" must be a whole number from 1 to 100, but it is 2.5/],
	])('refuses %j before sending anything', async (parameters, message) => {
		const outcome = await activeTrigger(parameters).poll();
		expect(outcome.error?.message).toMatch(message);
		expect(outcome.requests).toEqual([]);
		expect(outcome.staticData).toEqual({});
	});
});
