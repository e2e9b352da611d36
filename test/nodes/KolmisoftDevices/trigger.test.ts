import type { IDataObject } from 'n8n-workflow';

import { startSandbox } from '../../../sandbox';
import { SCHEDULERS } from '../../harness';
import type { PollOutcome } from '../../harness';
import { formOf, kolmisoftTriggerPolls } from './run';

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;
type Items = PollOutcome['items'];

describe.each(SCHEDULERS)('Kolmisoft Devices Trigger, %s scheduler', (scheduler) => {
	let sandbox: Sandbox;
	beforeAll(async () => (sandbox = await startSandbox({ size: 12 })));
	afterAll(async () => await sandbox.close());

	const kolmisoft = () => sandbox.data.kolmisoft;

	const { activeTrigger } = kolmisoftTriggerPolls(() => sandbox, scheduler);
	const ids = (items: Items) => (items ?? []).map((item) => item.json.device_id);
	const devicesOf = (userId: string) => [...kolmisoft().devices.values()].filter((device: { user_id: string }) => device.user_id === userId);

	it('New Device: nothing on the baseline, then each new device once, from every user listed', async () => {
		const trigger = activeTrigger({ event: 'newDevice', userIds: '101, 100' });
		const baseline = await trigger.pollOk();
		expect(baseline.items).toBeNull();
		// One devices_get per user, each user id sent (and signed) as given.
		expect(baseline.requests.map((request) => [request.path, formOf(request.body).user_id])).toEqual([
			['/billing/api/devices_get', '100'],
			['/billing/api/devices_get', '101'],
		]);

		const forUser100 = kolmisoft().addDevice('100', { description: 'New desk phone' });
		const forUser101 = kolmisoft().addDevice('101');
		const second = await trigger.pollOk();
		expect(ids(second.items)).toEqual([forUser100.device_id, forUser101.device_id]);
		expect(second.items![0].json).toMatchObject({ device_id: forUser100.device_id, user_id: '100', description: 'New desk phone', device_type: 'SIP' });

		const third = await trigger.pollOk();
		expect(third.items).toBeNull();
	});

	it('Device Removed: only after the device is missing from two complete listings in a row, once, with what it was', async () => {
		const trigger = activeTrigger({ event: 'deviceRemoved', userIds: '100' });
		await trigger.pollOk();
		const gone = devicesOf('100')[0];
		kolmisoft().removeDevice(gone.device_id);

		const firstMiss = await trigger.pollOk();
		expect(firstMiss.items).toBeNull();
		const secondMiss = await trigger.pollOk();
		expect(secondMiss.items?.map((item) => item.json)).toEqual([
			{ device_id: gone.device_id, user_id: '100', previous: { user_id: '100', device_type: 'SIP', description: gone.description, extension: null } },
		]);
		const after = await trigger.pollOk();
		expect(after.items).toBeNull();
	});

	it('Device Removed with "Missed Polls Before Removed" 1 fires at the first listing without the device', async () => {
		const trigger = activeTrigger({ event: 'deviceRemoved', userIds: '100', options: { missedPollsBeforeRemoved: 1 } });
		await trigger.pollOk();
		const gone = devicesOf('100')[0];
		kolmisoft().removeDevice(gone.device_id);
		const next = await trigger.pollOk();
		expect(ids(next.items)).toEqual([gone.device_id]);
	});

	it('Device Changed: a device that flips back and forth fires each time, with the values before; an unwatched field fires nothing', async () => {
		const trigger = activeTrigger({ event: 'deviceChanged', userIds: '100', watchFields: { extension: true, description: true } });
		const device = devicesOf('100')[1];
		kolmisoft().updateDevice(device.device_id, { extension: '201' });
		const baseline = await trigger.pollOk();
		expect(baseline.items).toBeNull();

		kolmisoft().updateDevice(device.device_id, { extension: '202' });
		const flipped = await trigger.pollOk();
		expect(flipped.items?.map((item) => item.json)).toEqual([{ ...device, extension: '202', previous: { description: device.description, extension: '201', user_id: '100' } }]);

		kolmisoft().updateDevice(device.device_id, { extension: '201' });
		const back = await trigger.pollOk();
		expect(back.items?.map((item) => [item.json.extension, (item.json.previous as IDataObject).extension])).toEqual([['201', '202']]);

		const unchanged = await trigger.pollOk();
		expect(unchanged.items).toBeNull();

		// The port is not watched here; a field that appears (caller ID) is not either.
		kolmisoft().updateDevice(device.device_id, { port: '5070', callerid: '"Desk" <201>' });
		const unwatched = await trigger.pollOk();
		expect(unwatched.items).toBeNull();
	});

	it('Device Changed by default watches caller ID, description, type and extension; a field that appears counts', async () => {
		const trigger = activeTrigger({ event: 'deviceChanged', userIds: '101' });
		const [device] = devicesOf('101');
		await trigger.pollOk();
		kolmisoft().updateDevice(device.device_id, { callerid: '"Front desk" <100>' });
		const next = await trigger.pollOk();
		expect(next.items?.map((item) => item.json.previous)).toEqual([{ callerid: null, description: device.description, device_type: device.device_type, extension: device.extension ?? null, user_id: '101' }]);
	});

	it('a device removed then added again: Removed once, then New once', async () => {
		const removedTrigger = activeTrigger({ event: 'deviceRemoved', userIds: '100' });
		const newTrigger = activeTrigger({ event: 'newDevice', userIds: '100' });
		await removedTrigger.pollOk();
		await newTrigger.pollOk();
		const device = devicesOf('100')[2];
		const fired: Record<string, unknown[]> = { removed: [], added: [] };
		const pollBoth = async () => {
			fired.removed.push(...ids((await removedTrigger.pollOk()).items));
			fired.added.push(...ids((await newTrigger.pollOk()).items));
		};
		kolmisoft().removeDevice(device.device_id);
		await pollBoth();
		await pollBoth();
		kolmisoft().devices.set(device.device_id, device);
		await pollBoth();
		await pollBoth();
		expect(fired).toEqual({ removed: [device.device_id], added: [device.device_id] });
	});

	it('an empty answer between two normal ones fires nothing, for every event', async () => {
		for (const event of ['newDevice', 'deviceRemoved', 'deviceChanged']) {
			const trigger = activeTrigger({ event, userIds: '100' });
			await trigger.pollOk();
			kolmisoft().answerEmptyLists(1);
			const empty = await trigger.pollOk();
			expect(empty.requests).toHaveLength(1);
			expect(empty.items).toBeNull();
			const normal = await trigger.pollOk();
			expect({ event, items: normal.items }).toEqual({ event, items: null });
		}
	});

	it('a failed poll fails visibly and leaves the state as it was; the change behind it fires once at the next good poll', async () => {
		const trigger = activeTrigger({ event: 'newDevice', userIds: '100' });
		const baseline = await trigger.pollOk();
		const added = kolmisoft().addDevice('100');
		const failed = await trigger.pollWhile(() => kolmisoft().setApiEnabled(false), () => kolmisoft().setApiEnabled(true));
		expect(failed.error?.message).toMatch(/API Requests are disabled/);
		expect(failed.items).toBeNull();
		expect(failed.staticData).toEqual(baseline.staticData);

		const next = await trigger.pollOk();
		expect(ids(next.items)).toEqual([added.device_id]);
		expect((await trigger.pollOk()).items).toBeNull();
	});

	it('one failing user fails the whole poll: a partial listing is never compared', async () => {
		const trigger = activeTrigger({ event: 'deviceRemoved', userIds: '100,101', options: { missedPollsBeforeRemoved: 1 } });
		const baseline = await trigger.pollOk();
		const failed = await trigger.pollWhile(() => sandbox.setFaults([{ vendor: 'kolmisoft', kind: 'status', status: 500, after: 1 }]), () => sandbox.setFaults([]));
		expect(failed.error).toBeDefined();
		expect(failed.staticData).toEqual(baseline.staticData);
		expect((await trigger.pollOk()).items).toBeNull();
	});

	it('changing the users or the watched fields starts a new baseline instead of firing', async () => {
		const trigger = activeTrigger({ event: 'deviceChanged', userIds: '100', watchFields: { extension: true } });
		await trigger.pollOk();
		const device = devicesOf('100')[3];
		kolmisoft().updateDevice(device.device_id, { extension: '777', description: 'Moved' });
		const otherFields = await trigger.pollOk({ watchFields: { description: true } });
		expect(otherFields.items).toBeNull();

		const users = activeTrigger({ event: 'newDevice', userIds: '100' });
		await users.pollOk();
		kolmisoft().addDevice('101');
		const twoUsers = await users.pollOk({ userIds: '100,101' });
		expect(twoUsers.items).toBeNull();
		// The same users in another order are the same watch: no new baseline, the device added next fires.
		const added = kolmisoft().addDevice('100');
		const reordered = await users.pollOk({ userIds: '101,100' });
		expect(ids(reordered.items)).toEqual([added.device_id]);
	});

	it('a manual test run returns up to 10 current devices and leaves the state alone', async () => {
		const trigger = activeTrigger({ event: 'newDevice', userIds: '100' });
		const baseline = await trigger.pollOk();
		const manual = await trigger.manualPoll({ event: 'deviceChanged' });
		expect(devicesOf('100').length).toBeGreaterThan(10);
		expect(manual.items).toHaveLength(10);
		expect(manual.items![0].json.device_id).toBe(devicesOf('100')[0].device_id);
		expect(trigger.staticData).toEqual(baseline.staticData);
	});

	it.each([
		[{ event: 'deviceAdded', userIds: '100' }, /"Event" must be one of deviceChanged, deviceReassigned, deviceRemoved, newDevice, but it is "deviceAdded"/],
		[{ event: 'newDevice', userIds: '' }, /"User IDs" is required/],
		[{ event: 'newDevice', userIds: '100,,101' }, /"User IDs" has an empty entry/],
		[{ event: 'newDevice', userIds: '100, admin' }, /"User IDs" holds "admin", which is not a user ID/],
		[{ event: 'newDevice', userIds: '100', options: { missedPollsBeforeRemoved: 0 } }, /"Missed Polls Before Removed" must be a whole number from 1 to 100, but it is 0/],
		[{ event: 'deviceChanged', userIds: '100', watchFields: { extension: false } }, /"Watch Fields" has no field turned on/],
		[{ event: 'deviceChanged', userIds: '100', watchFields: { extension: 'yes' } }, /"Watch Fields" > "extension" must be true or false/],
	])('refuses %j before sending anything', async (parameters, message) => {
		const outcome = await activeTrigger(parameters).poll();
		expect(outcome.error?.message).toMatch(message);
		expect(outcome.requests).toEqual([]);
		expect(outcome.staticData).toEqual({});
	});
});
