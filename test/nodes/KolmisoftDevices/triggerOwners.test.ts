import type { IDataObject } from 'n8n-workflow';

import { startSandbox } from '../../../sandbox';
import { durablePoller, SCHEDULERS } from '../../harness';
import type { PollOutcome } from '../../harness';
import { formOf, kolmisoftTriggerPolls } from './run';

/**
 * Owners: every item names the user its device was listed under, a move
 * between the listed users fires Device Reassigned, and Device Removed fires
 * only for a device the server no longer has (device_details_get).
 */

const TYPE = 'kolmisoftDevicesTrigger';
type Sandbox = Awaited<ReturnType<typeof startSandbox>>;
type Items = PollOutcome['items'];
type Device = { device_id: string; user_id: string; description: string; device_type: string; [field: string]: string };

const DETAILS = '/billing/api/device_details_get';
const LIST = '/billing/api/devices_get';

describe.each(SCHEDULERS)('Kolmisoft Devices Trigger owners, %s scheduler', (scheduler) => {
	let sandbox: Sandbox;
	beforeAll(async () => (sandbox = await startSandbox({ size: 6 })));
	afterAll(async () => await sandbox.close());
	// The documented devices_get entries hold no user: the trigger must know it from its own listing.
	beforeEach(() => kolmisoft().setListsUser(false));
	afterEach(() => {
		kolmisoft().setListsUser(true);
		sandbox.setFaults([]);
	});

	const kolmisoft = () => sandbox.data.kolmisoft;
	const { activeTrigger } = kolmisoftTriggerPolls(() => sandbox, scheduler);
	const json = (items: Items) => (items ?? []).map((item) => item.json);
	const ids = (items: Items) => json(items).map((item) => item.device_id);
	const newDevice = (userId: string, fields: Record<string, string> = {}) => kolmisoft().addDevice(userId, fields) as Device;
	const moveTo = (device: Device, userId: string) => kolmisoft().updateDevice(device.device_id, { user_id: userId });
	const asked = (requests: Array<{ path: string; body: string }>, path: string) =>
		requests.filter((request) => request.path === path).map((request) => formOf(request.body)[path === LIST ? 'user_id' : 'device_id']);

	it('Device Reassigned: a move between two listed users fires once, with the user now and the user before; moving back fires again', async () => {
		const device = newDevice('101');
		const trigger = activeTrigger({ event: 'deviceReassigned', userIds: '100,101' });
		expect((await trigger.pollOk()).items).toBeNull();

		moveTo(device, '100');
		const moved = await trigger.pollOk();
		expect(json(moved.items)).toEqual([{ ...withoutUser(device), user_id: '100', previous: { user_id: '101' } }]);
		expect((await trigger.pollOk()).items).toBeNull();

		moveTo(device, '101');
		const back = await trigger.pollOk();
		expect(json(back.items).map((item) => [item.device_id, item.user_id, item.previous])).toEqual([[device.device_id, '101', { user_id: '100' }]]);
		expect((await trigger.pollOk()).items).toBeNull();
	});

	it('a move between listed users fires neither Device Changed, New Device nor Device Removed; Device Changed items carry the user', async () => {
		const device = newDevice('100', { extension: '300' });
		const triggers = ['deviceChanged', 'newDevice', 'deviceRemoved'].map((event) => activeTrigger({ event, userIds: '100, 101', options: { missedPollsBeforeRemoved: 1 } }));
		for (const trigger of triggers) await trigger.pollOk();
		moveTo(device, '101');
		for (let poll = 0; poll < 2; poll++) {
			for (const trigger of triggers) expect((await trigger.pollOk()).items).toBeNull();
		}
		kolmisoft().updateDevice(device.device_id, { extension: '301' });
		const changed = await triggers[0].pollOk();
		expect(json(changed.items).map((item) => [item.device_id, item.user_id, item.previous])).toEqual([
			[device.device_id, '101', { callerid: null, description: device.description, device_type: 'SIP', extension: '300', user_id: '101' }],
		]);
	});

	it('a device that moves to a user not listed fires no Device Removed: device_details_get still finds it, and it is forgotten', async () => {
		const device = newDevice('100');
		const trigger = activeTrigger({ event: 'deviceRemoved', userIds: '100' });
		await trigger.pollOk();
		moveTo(device, '102');
		const firstMiss = await trigger.pollOk();
		expect(asked(firstMiss.requests, DETAILS)).toEqual([]);
		const secondMiss = await trigger.pollOk();
		expect(secondMiss.items).toBeNull();
		expect(asked(secondMiss.requests, DETAILS)).toEqual([device.device_id]);
		// Forgotten: not asked about again.
		const after = await trigger.pollOk();
		expect(after.items).toBeNull();
		expect(asked(after.requests, DETAILS)).toEqual([]);
	});

	it('a deleted device fires Device Removed once, with the user it was listed under, also when the list entries hold no user', async () => {
		const device = newDevice('101', { extension: '310' });
		const trigger = activeTrigger({ event: 'deviceRemoved', userIds: '100,101' });
		await trigger.pollOk();
		kolmisoft().removeDevice(device.device_id);
		expect((await trigger.pollOk()).items).toBeNull();
		const removed = await trigger.pollOk();
		expect(json(removed.items)).toEqual([
			{ device_id: device.device_id, user_id: '101', previous: { description: device.description, device_type: 'SIP', extension: '310', user_id: '101' } },
		]);
		expect(asked(removed.requests, DETAILS)).toEqual([device.device_id]);
		expect((await trigger.pollOk()).items).toBeNull();
	});

	it('a look-up that fails leaves the device for the next poll, which fires it', async () => {
		const device = newDevice('100');
		const trigger = activeTrigger({ event: 'deviceRemoved', userIds: '100', options: { missedPollsBeforeRemoved: 1 } });
		await trigger.pollOk();
		kolmisoft().removeDevice(device.device_id);
		const failing = await trigger.pollWhile(
			() => sandbox.setFaults([{ vendor: 'kolmisoft', path: DETAILS, kind: 'status', status: 500 }]),
			() => sandbox.setFaults([]),
		);
		expect(failing.error).toBeUndefined();
		expect(failing.items).toBeNull();
		expect(asked(failing.requests, DETAILS).length).toBeGreaterThan(0);
		const next = await trigger.pollOk();
		expect(ids(next.items)).toEqual([device.device_id]);
		expect((await trigger.pollOk()).items).toBeNull();
	});

	it('look-ups are bounded: at most 50 per poll, 4 at a time; the rest fire at the next poll', async () => {
		const gone = Array.from({ length: 55 }, () => newDevice('102'));
		const trigger = activeTrigger({ event: 'deviceRemoved', userIds: '102', options: { missedPollsBeforeRemoved: 1 } });
		await trigger.pollOk();
		for (const device of gone) kolmisoft().removeDevice(device.device_id);
		sandbox.setFaults([{ vendor: 'kolmisoft', path: DETAILS, kind: 'latency', ms: 20 }]);
		sandbox.resetInFlight();
		const first = await trigger.pollOk();
		expect(asked(first.requests, DETAILS)).toHaveLength(50);
		expect(sandbox.maxInFlight()).toBe(4);
		expect(first.items).toHaveLength(50);
		const second = await trigger.pollOk();
		expect(asked(second.requests, DETAILS)).toHaveLength(5);
		expect(new Set([...ids(first.items), ...ids(second.items)])).toEqual(new Set(gone.map((device) => device.device_id)));
	});

	// Polls overlap on one context on the legacy scheduler; the durable one gives each poll its own copy and discards an abandoned one.
	(scheduler === 'legacy' ? it : it.skip)('two overlapping polls: a deletion fires once, whichever finishes its look-up first', async () => {
		const device = newDevice('102');
		const trigger = activeTrigger({ event: 'deviceRemoved', userIds: '102', options: { missedPollsBeforeRemoved: 1 } });
		await trigger.pollOk();
		kolmisoft().removeDevice(device.device_id);
		// The first poll's look-up is slow: the second poll finishes first and fires; the first one is then stale.
		sandbox.setFaults([{ vendor: 'kolmisoft', path: DETAILS, kind: 'latency', ms: 300, times: 1 }]);
		const [first, second] = await Promise.all([trigger.poll(), trigger.poll()]);
		expect([first.error, second.error]).toEqual([undefined, undefined]);
		expect([...ids(first.items), ...ids(second.items)]).toEqual([device.device_id]);
		expect(ids(second.items)).toEqual([device.device_id]);
		expect((await trigger.pollOk()).items).toBeNull();
	});

	it('re-activation catches up: the first poll after activating again fires what changed meanwhile', async () => {
		const device = newDevice('100');
		const before = activeTrigger({ event: 'deviceReassigned', userIds: '100,101' });
		await before.pollOk();
		moveTo(device, '101');
		const again = activeTrigger({ event: 'deviceReassigned', userIds: '100,101' }, before.staticData);
		expect(json((await again.pollOk()).items).map((item) => [item.device_id, item.user_id])).toEqual([[device.device_id, '101']]);
	});

	it.each([
		['newDevice', undefined],
		['deviceChanged', { extension: true }],
		['deviceReassigned', undefined],
		['deviceRemoved', undefined],
	])('Fetch Test Event for %s gives items in the shape the event fires', async (event, watchFields) => {
		let device = newDevice('101', { extension: '320' });
		const trigger = activeTrigger({ event, userIds: '101,102', watchFields, options: { missedPollsBeforeRemoved: 1 } });
		await trigger.pollOk();
		if (event === 'newDevice') device = newDevice('101', { extension: '321' });
		if (event === 'deviceChanged') kolmisoft().updateDevice(device.device_id, { extension: '322' });
		if (event === 'deviceReassigned') moveTo(device, '102');
		const sample = await trigger.manualPoll();
		if (event === 'deviceRemoved') kolmisoft().removeDevice(device.device_id);
		const fired = await trigger.pollOk();
		expect(ids(fired.items)).toEqual([device.device_id]);
		const shape = (item: IDataObject | undefined) => ({ keys: Object.keys(item ?? {}).sort(), previous: Object.keys((item?.previous as IDataObject | undefined) ?? {}).sort() });
		const expected = shape(fired.items![0].json);
		// The same device, in the same shape; every other sampled device with the same user and previous fields.
		expect(shape(json(sample.items).find((item) => item.device_id === device.device_id))).toEqual(expected);
		for (const item of json(sample.items)) {
			expect(shape(item).previous).toEqual(expected.previous);
			expect(['101', '102']).toContain(item.user_id);
		}
		expect(sample.requests.filter((request) => request.path === DETAILS)).toEqual([]);
	});

	it('a listing with the same device twice fails visibly, fires nothing and leaves the state as it was', async () => {
		for (const event of ['deviceRemoved', 'deviceReassigned']) {
			const trigger = activeTrigger({ event, userIds: '100,101', options: { missedPollsBeforeRemoved: 1 } });
			await trigger.pollOk();
			const state = trigger.staticData;
			const twice = `<page><devices>${'<device><device_id>1000</device_id><device_type>SIP</device_type></device>'.repeat(2)}</devices></page>`;
			const failed = await trigger.pollWhile(
				() => sandbox.setFaults([{ vendor: 'kolmisoft', path: LIST, kind: 'echo', body: () => twice, times: 1 }]),
				() => sandbox.setFaults([]),
			);
			expect(failed.error?.message).toMatch(/The listing holds the device ID "1000" more than once/);
			expect(failed.error?.description).toMatch(/Nothing was fired and the stored state is unchanged/);
			expect(failed.items).toBeNull();
			expect(trigger.staticData).toEqual(state);
			// The devices the broken listing left out were not counted missing.
			expect((await trigger.pollOk()).items).toBeNull();
		}
	});

	it('User IDs given twice ("100, 100") are listed once', async () => {
		const trigger = activeTrigger({ event: 'newDevice', userIds: '100, 100' });
		const baseline = await trigger.pollOk();
		expect(asked(baseline.requests, LIST)).toEqual(['100']);
		const added = newDevice('100');
		expect(ids((await trigger.pollOk()).items)).toEqual([added.device_id]);
	});

	it.each([
		['ipAddress', 'ipaddr', '192.0.2.10'],
		['port', 'port', '5070'],
		['username', 'username', 'desk-renamed'],
		['deviceType', 'device_type', 'IAX2'],
	])('Watch Field %s reads the documented field %s and fires on its change only', async (watchField, field, value) => {
		const device = newDevice('101');
		const trigger = activeTrigger({ event: 'deviceChanged', userIds: '101', watchFields: { [watchField]: true } });
		await trigger.pollOk();
		// Another documented field changing does not fire.
		kolmisoft().updateDevice(device.device_id, field === 'port' ? { ipaddr: '192.0.2.99' } : { port: '5999' });
		expect((await trigger.pollOk()).items).toBeNull();
		const before = device[field];
		kolmisoft().updateDevice(device.device_id, { [field]: value });
		const fired = await trigger.pollOk();
		expect(json(fired.items).map((item) => [item.device_id, item[field], item.previous])).toEqual([[device.device_id, value, { [field]: before, user_id: '101' }]]);
	});
});

function withoutUser(device: Device): IDataObject {
	return Object.fromEntries(Object.entries(device).filter(([key]) => key !== 'user_id'));
}

describe('Kolmisoft Devices Trigger look-ups and the poll time budget (durable scheduler)', () => {
	let sandbox: Sandbox;
	beforeAll(async () => (sandbox = await startSandbox({ size: 3 })));
	afterAll(async () => await sandbox.close());

	it('no look-up starts when less than 5 s of the poll budget is left: the device waits, and fires at a poll with time left', async () => {
		const kolmisoft = sandbox.data.kolmisoft;
		const device = kolmisoft.addDevice('102') as Device;
		const activation = {
			type: TYPE,
			parameters: { event: 'deviceRemoved', userIds: '102', options: { missedPollsBeforeRemoved: 1 } },
			credentials: () => ({ kolmisoftApi: sandbox.credentials.kolmisoft }),
		};
		const tight = durablePoller(activation, 4_000);
		expect((await tight.poll()).error).toBeUndefined();
		kolmisoft.removeDevice(device.device_id);
		sandbox.clearRequests();
		const short = await tight.poll();
		expect(short.error).toBeUndefined();
		expect(short.items).toBeNull();
		expect(sandbox.requests.filter((request) => request.path === DETAILS)).toEqual([]);
		expect(short.logs.join('\n')).toMatch(/1 device\(s\) missing from the listing wait for the next poll/);

		const roomy = durablePoller({ ...activation, staticData: tight.staticData }, 36_000);
		const next = await roomy.poll();
		expect(next.items?.map((item) => item.json.device_id)).toEqual([device.device_id]);
	});
});

