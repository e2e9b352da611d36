import type { IDataObject } from 'n8n-workflow';

import { startSandbox } from '../../../sandbox';
import { runNode } from '../../harness';
import type { PollOutcome } from '../../harness';
import { changeTriggerPolls } from '../changeTriggerPolls';
import { ADMIN_BASIC } from './run';

const TYPE = 'genesysDevicesTrigger';
type Sandbox = Awaited<ReturnType<typeof startSandbox>>;
type Items = PollOutcome['items'];
type Device = { id: string; phoneNumber: string; e164Number: string; deviceState: string; doNotDisturb: string; forwardTo?: string; capabilities: string[] };

describe('Genesys Devices Trigger', () => {
	let sandbox: Sandbox;
	beforeAll(async () => (sandbox = await startSandbox({ size: 12 })));
	afterAll(async () => await sandbox.close());

	const genesys = () => sandbox.data.genesys;

	const { poll, pollOk, pollWhile } = changeTriggerPolls(() => sandbox, {
		type: TYPE,
		credentialType: 'genesysWebServicesApi',
		vendor: 'genesys',
		alsoSecret: () => [ADMIN_BASIC],
	});
	const ids = (items: Items) => (items ?? []).map((item) => item.json.id);
	const devices = (): Device[] => [...genesys().devices.values()].map((entry: { device: Device }) => entry.device);

	it('New Device: nothing on the baseline, then each new device once; the listing asked for all fields, as the admin', async () => {
		const parameters = { event: 'newDevice', scope: 'all' };
		const baseline = await pollOk(parameters);
		expect(baseline.items).toBeNull();
		expect(baseline.requests.map((request) => [request.method, request.path, request.query.fields, request.headers.authorization])).toEqual([
			['GET', '/api/v2/devices', '*', `Basic ${ADMIN_BASIC}`],
		]);

		const added = genesys().addDevice(genesys().agentId, { phoneNumber: '4001' });
		const second = await pollOk(parameters, baseline.staticData);
		expect(second.items?.map((item) => item.json)).toEqual([added]);
		expect((await pollOk(parameters, second.staticData)).items).toBeNull();
	});

	it('Device Removed: after two complete listings without the device, once, with what it was', async () => {
		const parameters = { event: 'deviceRemoved', scope: 'all' };
		const baseline = await pollOk(parameters);
		const gone = devices()[0];
		genesys().removeDevice(gone.id);
		const firstMiss = await pollOk(parameters, baseline.staticData);
		expect(firstMiss.items).toBeNull();
		const secondMiss = await pollOk(parameters, firstMiss.staticData);
		expect(secondMiss.items?.map((item) => item.json)).toEqual([
			{ id: gone.id, previous: { phoneNumber: gone.phoneNumber, deviceState: gone.deviceState } },
		]);
		expect((await pollOk(parameters, secondMiss.staticData)).items).toBeNull();
	});

	it('Device State Changed: Do Not Disturb switched by the Genesys Devices node fires once, with before and after; switching back fires again', async () => {
		const parameters = { event: 'deviceStateChanged', scope: 'me' };
		const baseline = await pollOk(parameters);
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
		const on = await pollOk(parameters, baseline.staticData);
		expect(on.items?.map((item) => [item.json.id, item.json.doNotDisturb, item.json.previous])).toEqual([
			[device.id, 'On', { deviceState: device.deviceState, doNotDisturb: 'Off', forwardTo: null }],
		]);
		expect((await pollOk(parameters, on.staticData)).items).toBeNull();

		await perform('DoNotDisturbOff');
		const off = await pollOk(parameters, on.staticData);
		expect(off.items?.map((item) => [item.json.doNotDisturb, (item.json.previous as IDataObject).doNotDisturb])).toEqual([['Off', 'On']]);
	});

	it('Device State Changed: the device state and call forwarding count; other fields do not', async () => {
		const parameters = { event: 'deviceStateChanged', scope: 'all' };
		const baseline = await pollOk(parameters);
		const [first, second, third] = devices();
		const firstState = first.deviceState;
		genesys().updateDevice(first.id, { deviceState: firstState === 'Active' ? 'Inactive' : 'Active' });
		genesys().updateDevice(second.id, { forwardTo: '+16505550100' });
		genesys().updateDevice(third.id, { location: 'Nevada', model: 'DeskPhone' });
		const changed = await pollOk(parameters, baseline.staticData);
		expect(changed.items?.map((item) => [item.json.id, item.json.previous])).toEqual([
			[first.id, { deviceState: firstState, doNotDisturb: 'Off', forwardTo: null }],
			[second.id, { deviceState: second.deviceState, doNotDisturb: 'Off', forwardTo: null }],
		]);
		expect(changed.items![1].json.forwardTo).toBe('+16505550100');

		genesys().updateDevice(second.id, { forwardTo: undefined });
		const forwardingOff = await pollOk(parameters, changed.staticData);
		expect(forwardingOff.items?.map((item) => [item.json.id, item.json.forwardTo, (item.json.previous as IDataObject).forwardTo])).toEqual([[second.id, undefined, '+16505550100']]);
	});

	it('a device removed then added again: Removed once, then New once', async () => {
		const removedParameters = { event: 'deviceRemoved', scope: 'all' };
		const newParameters = { event: 'newDevice', scope: 'all' };
		let removedState = (await pollOk(removedParameters)).staticData;
		let newState = (await pollOk(newParameters)).staticData;
		const device = devices()[2];
		const entry = genesys().devices.get(device.id);
		const fired: Record<string, unknown[]> = { removed: [], added: [] };
		const pollBoth = async () => {
			const removed = await pollOk(removedParameters, removedState);
			const added = await pollOk(newParameters, newState);
			fired.removed.push(...ids(removed.items));
			fired.added.push(...ids(added.items));
			removedState = removed.staticData;
			newState = added.staticData;
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
			const parameters = { event, scope: 'all' };
			const baseline = await pollOk(parameters);
			genesys().answerEmptyLists(1);
			const empty = await pollOk(parameters, baseline.staticData);
			expect(empty.items).toBeNull();
			const normal = await pollOk(parameters, empty.staticData);
			expect({ event, items: normal.items }).toEqual({ event, items: null });
		}
	});

	it.each([
		['an HTTP 500', { kind: 'status', status: 500 }, /500/],
		['an answer that is not the device list', { kind: 'echo', contentType: 'application/json', body: () => '{"statusCode":0}' }, /The answer has no list of devices/],
	])('a failed poll (%s) fails visibly and leaves the state as it was; the change behind it fires once at the next good poll', async (_, fault, message) => {
		const parameters = { event: 'newDevice', scope: 'all' };
		const baseline = await pollOk(parameters);
		const added = genesys().addDevice(undefined, { phoneNumber: '4100' });
		const failed = await pollWhile(() => sandbox.setFaults([{ vendor: 'genesys', ...fault }]), () => sandbox.setFaults([]), parameters, baseline.staticData);
		expect(failed.error?.message).toMatch(message);
		expect(failed.items).toBeNull();
		expect(failed.staticData).toEqual(baseline.staticData);
		const next = await pollOk(parameters, failed.staticData);
		expect(ids(next.items)).toEqual([added.id]);
		expect((await pollOk(parameters, next.staticData)).items).toBeNull();
	});

	it('a device listed without an ID fails the poll and keeps the state', async () => {
		const parameters = { event: 'newDevice', scope: 'all' };
		const baseline = await pollOk(parameters);
		const noId = { vendor: 'genesys', kind: 'echo', contentType: 'application/json', body: () => '{"statusCode":0,"devices":[{"phoneNumber":"1"}]}' };
		const failed = await pollWhile(() => sandbox.setFaults([noId]), () => sandbox.setFaults([]), parameters, baseline.staticData);
		expect(failed.error?.message).toMatch(/Genesys sent device 1 of 1 without an ID/);
		expect(failed.staticData).toEqual(baseline.staticData);
	});

	it('the scope and user are part of what is watched: another user starts a new baseline', async () => {
		const asAll = await pollOk({ event: 'newDevice', scope: 'all' });
		const forUser = await pollOk({ event: 'newDevice', scope: 'user', userId: genesys().agentId }, asAll.staticData);
		expect(forUser.requests.map((request) => request.path)).toEqual([`/api/v2/users/${genesys().agentId}/devices`]);
		expect(forUser.items).toBeNull();
		const added = genesys().addDevice(genesys().agentId, { phoneNumber: '4200' });
		genesys().addDevice(genesys().adminId, { phoneNumber: '4201' });
		const next = await pollOk({ event: 'newDevice', scope: 'user', userId: genesys().agentId }, forUser.staticData);
		expect(ids(next.items)).toEqual([added.id]);
		const otherUser = await pollOk({ event: 'newDevice', scope: 'user', userId: genesys().adminId }, next.staticData);
		expect(otherUser.items).toBeNull();
	});

	it('a manual test run returns up to 10 current devices and leaves the state alone', async () => {
		const baseline = await pollOk({ event: 'newDevice', scope: 'all' });
		const manual = await poll({ event: 'deviceStateChanged', scope: 'all' }, baseline.staticData, 'manual');
		expect(devices().length).toBeGreaterThan(10);
		expect(manual.items?.map((item) => item.json.id)).toEqual(devices().slice(0, 10).map((device) => device.id));
		expect(manual.staticData).toEqual(baseline.staticData);
	});

	it.each([
		[{ event: 'stateChanged', scope: 'all' }, /"Event" must be one of deviceRemoved, deviceStateChanged, newDevice, but it is "stateChanged"/],
		[{ event: 'newDevice', scope: 'everyone' }, /"Scope" must be one of all, me, user, but it is "everyone"/],
		[{ event: 'newDevice', scope: 'user', userId: ' ' }, /"User ID" is required/],
		[{ event: 'newDevice', scope: 'user', userId: '..' }, /"User ID" cannot be ".."/],
		[{ event: 'newDevice', scope: 'all', options: { missedPollsBeforeRemoved: 2.5 } }, /"Missed Polls Before Removed" must be a whole number from 1 to 100, but it is 2.5/],
	])('refuses %j before sending anything', async (parameters, message) => {
		const outcome = await poll(parameters);
		expect(outcome.error?.message).toMatch(message);
		expect(outcome.requests).toEqual([]);
		expect(outcome.staticData).toEqual({});
	});
});
