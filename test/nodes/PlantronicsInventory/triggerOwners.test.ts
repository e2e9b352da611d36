import type { IDataObject } from 'n8n-workflow';

import { SANDBOX_SECRETS, startSandbox } from '../../../sandbox';
import { SCHEDULERS, activate } from '../../harness';
import type { PollOutcome } from '../../harness';

/**
 * The Plantronics Inventory Trigger follows owners: Device Assigned,
 * Unassigned and Reassigned; in a user's or group's listing, where a headset
 * that left it went (one tenant listing says); Device Removed only for a
 * headset the tenant no longer lists; values missing from one answer are
 * unknown, not changes. Every rule runs under both n8n schedulers.
 */

const TYPE = 'plantronicsInventoryTrigger';

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;
interface DeviceRecord {
	device: { id: string; displayId: string; versionCompliant?: boolean };
	lastSeen: { username?: string; userGroups: string[] };
}

describe.each(SCHEDULERS)('Plantronics Inventory Trigger owners, %s scheduler', (scheduler) => {
	let sandbox: Sandbox;
	beforeEach(async () => (sandbox = await startSandbox({ size: 60, seed: 5 })));
	afterEach(async () => await sandbox.close());

	const plantronics = () => sandbox.data.plantronics;
	const records = () => plantronics().list() as DeviceRecord[];
	const devicesOf = (username: string) => records().filter((record) => record.lastSeen.username === username);
	const tenantPath = () => `/reports/assets/tenant/${sandbox.credentials.plantronics.tenantApiCode}/devices`;
	const tenantListings = () => sandbox.requests.filter((request) => request.path === tenantPath()).length;
	/** What each fired item says: device id, its user now, its user before. */
	const fired = (outcome: PollOutcome) => {
		expect(outcome.error).toBeUndefined();
		return (outcome.items ?? []).map((item) => [item.json.id, item.json.lastSeenUser ?? null, (item.json.previous as IDataObject | undefined)?.lastSeenUser]);
	};

	function trigger(parameters: Record<string, unknown>) {
		const active = activate(scheduler, { type: TYPE, parameters: { simplify: true, ...parameters }, credentials: () => ({ plantronicsManagerProApi: sandbox.credentials.plantronics }) });
		const checked = (outcome: PollOutcome) => {
			expect(JSON.stringify([outcome.items, outcome.staticData, outcome.logs, outcome.error?.message])).not.toContain(SANDBOX_SECRETS.plantronicsApiKey);
			return outcome;
		};
		return {
			get staticData() {
				return active.staticData;
			},
			poll: async (overrides: Record<string, unknown> = {}) => checked(await active.poll(overrides)),
			manualPoll: async (overrides: Record<string, unknown> = {}) => checked(await active.manualPoll(overrides)),
		};
	}

	describe('whole tenant', () => {
		it('Device Assigned fires for a known device that gets its first user, Unassigned for one left with none, Reassigned for one user to another only', async () => {
			const [toUnassign, toMove] = devicesOf('user4');
			const events = ['deviceAssigned', 'deviceUnassigned', 'deviceReassigned'] as const;
			const triggers = Object.fromEntries(events.map((event) => [event, trigger({ event, scope: 'tenant', options: { missedPollsBeforeRemoved: 1 } })]));
			const pollAll = async () => Object.fromEntries(await Promise.all(events.map(async (event) => [event, fired(await triggers[event].poll())])));
			for (const event of events) expect(fired(await triggers[event].poll())).toEqual([]);

			plantronics().unassignDevice(toUnassign.device.id);
			plantronics().moveDevice(toMove.device.id, 'user5');
			expect(await pollAll()).toEqual({
				deviceAssigned: [],
				deviceUnassigned: [[toUnassign.device.id, null, 'user4']],
				deviceReassigned: [[toMove.device.id, 'user5', 'user4']],
			});
			plantronics().moveDevice(toUnassign.device.id, 'user9');
			expect(await pollAll()).toEqual({ deviceAssigned: [[toUnassign.device.id, 'user9', null]], deviceUnassigned: [], deviceReassigned: [] });
			expect(await pollAll()).toEqual({ deviceAssigned: [], deviceUnassigned: [], deviceReassigned: [] });
		});

		it('a user missing from one answer is no change: user9 -> none -> user9 fires nothing; none for Missed Polls Before Removed answers is an unassignment', async () => {
			const [headset, other] = devicesOf('user9');
			const events = ['deviceAssigned', 'deviceUnassigned', 'deviceReassigned'] as const;
			const triggers = events.map((event) => trigger({ event, scope: 'tenant' }));
			const pollAll = async () => (await Promise.all(triggers.map(async (active) => fired(await active.poll())))).flat();
			await pollAll();
			plantronics().unassignDevice(headset.device.id);
			expect(await pollAll()).toEqual([]);
			plantronics().moveDevice(headset.device.id, 'user9');
			expect(await pollAll()).toEqual([]);
			expect(await pollAll()).toEqual([]);

			// Missing twice in a row (the default 2): unassigned, once.
			plantronics().unassignDevice(other.device.id);
			expect(await pollAll()).toEqual([]);
			expect(await pollAll()).toEqual([[other.device.id, null, 'user9']]);
			expect(await pollAll()).toEqual([]);

			// Missing once, then another user: one user to another.
			plantronics().unassignDevice(headset.device.id);
			expect(await pollAll()).toEqual([]);
			plantronics().moveDevice(headset.device.id, 'user10');
			expect(await pollAll()).toEqual([[headset.device.id, 'user10', 'user9']]);
		});
	});

	describe('one user', () => {
		it("Device Reassigned: a headset that leaves the user's listing for another user fires with the new user, confirmed by one tenant listing; then it is forgotten", async () => {
			const [moved] = devicesOf('dwalker');
			const watching = trigger({ event: 'deviceReassigned', scope: 'user', username: 'dwalker' });
			expect(fired(await watching.poll())).toEqual([]);
			expect(fired(await watching.poll())).toEqual([]);
			expect(tenantListings()).toBe(0); // nothing left the listing: no tenant listing

			plantronics().moveDevice(moved.device.id, 'user7');
			const outcome = await watching.poll();
			expect(fired(outcome)).toEqual([[moved.device.id, 'user7', 'dwalker']]);
			expect(outcome.items![0].json).toEqual(expect.objectContaining({ displayId: moved.device.displayId, lastSeenHost: expect.any(String) }));
			const tenantRequests = sandbox.requests.filter((request) => request.path === tenantPath());
			expect(tenantRequests.length).toBeGreaterThan(0);
			for (const request of tenantRequests) expect(request.query).toEqual(expect.objectContaining({ count: '99' }));

			// Forgotten: no more tenant listings, nothing fires again.
			const listingsBefore = tenantListings();
			expect(fired(await watching.poll())).toEqual([]);
			expect(fired(await watching.poll())).toEqual([]);
			expect(tenantListings()).toBe(listingsBefore);
		});

		it('Device Removed fires for a headset the tenant no longer lists, after Missed Polls Before Removed; never for one that went to another user or lost its user', async () => {
			const [deleted, moved, unassigned] = devicesOf('dwalker');
			const watching = trigger({ event: 'deviceRemoved', scope: 'user', username: 'dwalker' });
			await watching.poll();
			plantronics().removeDevice(deleted.device.id);
			plantronics().moveDevice(moved.device.id, 'user2');
			plantronics().unassignDevice(unassigned.device.id);
			expect(fired(await watching.poll())).toEqual([]);
			expect(fired(await watching.poll())).toEqual([[deleted.device.id, 'dwalker', undefined]]);
			for (let poll = 0; poll < 3; poll++) expect(fired(await watching.poll())).toEqual([]);
		});

		it("Device Unassigned: a headset left with no user fires once the tenant has named no user for Missed Polls Before Removed polls; back with the same user first, nothing", async () => {
			const [headset, flicker] = devicesOf('dwalker');
			const watching = trigger({ event: 'deviceUnassigned', scope: 'user', username: 'dwalker' });
			await watching.poll();
			plantronics().unassignDevice(headset.device.id);
			plantronics().unassignDevice(flicker.device.id);
			expect(fired(await watching.poll())).toEqual([]);
			plantronics().moveDevice(flicker.device.id, 'dwalker');
			const outcome = await watching.poll();
			expect(fired(outcome)).toEqual([[headset.device.id, null, 'dwalker']]);
			expect(fired(await watching.poll())).toEqual([]);
		});

		it('a short answer of the scoped listing is no departure: the tenant still names the user, nothing fires and nothing counts as missed', async () => {
			const username = 'dwalker';
			const userPath = `${tenantPath()}/user/${username}`;
			const removedTrigger = trigger({ event: 'deviceRemoved', scope: 'user', username });
			const reassignedTrigger = trigger({ event: 'deviceReassigned', scope: 'user', username });
			await removedTrigger.poll();
			await reassignedTrigger.poll();
			const states = [removedTrigger.staticData, reassignedTrigger.staticData];
			for (let poll = 0; poll < 3; poll++) {
				sandbox.setFaults([{ path: userPath, kind: 'status', status: 404, times: 2, body: JSON.stringify({ status: 404, message: 'No device entity could be found for the requested device path parameters' }) }]);
				expect(fired(await removedTrigger.poll())).toEqual([]);
				expect(fired(await reassignedTrigger.poll())).toEqual([]);
			}
			expect(tenantListings()).toBeGreaterThan(0);
			expect([removedTrigger.staticData, reassignedTrigger.staticData]).toEqual(states);
		});

		it('Device Assigned needs the whole tenant: refused for one user before any request, naming the event to use', async () => {
			const outcome = await trigger({ event: 'deviceAssigned', scope: 'user', username: 'dwalker' }).poll();
			expect(outcome.error?.message).toBe('"Device Assigned" needs the Scope "Whole Tenant"');
			expect(outcome.error?.description).toContain('New Device');
			expect(sandbox.requests).toHaveLength(0);
		});
	});

	describe('user groups', () => {
		it('Device Reassigned: a Sales headset given to a Support user fires with the new user; one given to another Sales user fires from the listing itself', async () => {
			const salesUsers = plantronics().usernames().filter((_: string, index: number) => index % 4 === 0);
			const [leaving, staying] = devicesOf(salesUsers[1]);
			const watching = trigger({ event: 'deviceReassigned', scope: 'userGroup', userGroups: 'Sales' });
			await watching.poll();
			plantronics().moveDevice(leaving.device.id, 'user1'); // Support
			plantronics().moveDevice(staying.device.id, salesUsers[2]);
			const items = fired(await watching.poll());
			expect(items.sort()).toEqual(
				[
					[leaving.device.id, 'user1', salesUsers[1]],
					[staying.device.id, salesUsers[2], salesUsers[1]],
				].sort(),
			);
			expect(fired(await watching.poll())).toEqual([]);
		});

		it('a headset taken out of the group (same user) left the scope: no Device Removed, no Device Reassigned, ever; a deleted one is removed', async () => {
			const [outOfGroup, deleted] = devicesOf('user4');
			const removedTrigger = trigger({ event: 'deviceRemoved', scope: 'userGroup', userGroups: 'Sales' });
			const reassignedTrigger = trigger({ event: 'deviceReassigned', scope: 'userGroup', userGroups: 'Sales' });
			await removedTrigger.poll();
			await reassignedTrigger.poll();
			plantronics().patchDevice(outOfGroup.device.id, { lastSeenUserGroups: ['Finance'] });
			plantronics().removeDevice(deleted.device.id);
			const removals: unknown[] = [];
			for (let poll = 0; poll < 4; poll++) {
				removals.push(...fired(await removedTrigger.poll()));
				expect(fired(await reassignedTrigger.poll())).toEqual([]);
			}
			expect(removals).toEqual([[deleted.device.id, 'user4', undefined]]);
		});
	});

	it('a headset whose group comes back in other letter case, missing from the group listing, is still in the scope: nothing fires, nothing is forgotten', async () => {
		const [headset] = devicesOf('user4');
		const watching = trigger({ event: 'deviceRemoved', scope: 'userGroup', userGroups: 'Sales' });
		await watching.poll();
		const before = watching.staticData;
		plantronics().patchDevice(headset.device.id, { lastSeenUserGroups: ['SALES'] });
		for (let poll = 0; poll < 3; poll++) expect(fired(await watching.poll())).toEqual([]);
		expect(tenantListings()).toBeGreaterThan(0);
		expect(watching.staticData).toEqual(before);
	});

	describe('firmware compliance', () => {
		it('a versionCompliant missing from one answer keeps the last known value: false -> missing -> false fires nothing, true -> missing -> false fires once', async () => {
			const nonCompliant = records().find((record) => record.device.versionCompliant === false)!;
			const compliant = records().find((record) => record.device.versionCompliant === true)!;
			const watching = trigger({ event: 'nonCompliantDevice', scope: 'tenant' });
			await watching.poll();
			plantronics().patchDevice(nonCompliant.device.id, { omitCompliance: true });
			plantronics().patchDevice(compliant.device.id, { omitCompliance: true });
			expect((await watching.poll()).items).toBeNull();
			plantronics().patchDevice(nonCompliant.device.id, { omitCompliance: false });
			plantronics().patchDevice(compliant.device.id, { omitCompliance: false, versionCompliant: false });
			const items = (await watching.poll()).items ?? [];
			expect(items.map((item) => [item.json.id, item.json.previous])).toEqual([[compliant.device.id, { versionCompliant: true }]]);
			expect((await watching.poll()).items).toBeNull();
		});
	});

	describe('Fetch Test Event', () => {
		/** Each event: how to make it fire once after the baseline. */
		const makeFire: Record<string, (sandbox: Sandbox) => void> = {
			newDevice: (box) => box.data.plantronics.addDevice({ id: 'sample-new', username: 'user3' }),
			nonCompliantDevice: (box) => box.data.plantronics.setCompliant((box.data.plantronics.list() as DeviceRecord[]).find((record) => record.device.versionCompliant)!.device.id, false),
			deviceAssigned: (box) => box.data.plantronics.moveDevice((box.data.plantronics.list() as DeviceRecord[]).find((record) => !record.lastSeen.username)!.device.id, 'user3'),
			deviceReassigned: (box) => box.data.plantronics.moveDevice((box.data.plantronics.list() as DeviceRecord[])[5].device.id, 'user3'),
			deviceUnassigned: (box) => box.data.plantronics.unassignDevice((box.data.plantronics.list() as DeviceRecord[])[6].device.id),
			deviceRemoved: (box) => box.data.plantronics.removeDevice((box.data.plantronics.list() as DeviceRecord[])[7].device.id),
		};
		/** The keys of an item, and of what it nests, all the way down. */
		const nestedKeys = (value: unknown): unknown =>
			value !== null && typeof value === 'object' && !Array.isArray(value) ? Object.fromEntries(Object.keys(value).sort().map((key) => [key, nestedKeys((value as IDataObject)[key])])) : true;

		it.each(Object.keys(makeFire).flatMap((event) => [[event, true] as const, [event, false] as const]))('%s (simplify %s): the sample has exactly the fired item\'s fields', async (event, simplify) => {
			// One unassigned headset for Device Assigned to see get a user.
			plantronics().unassignDevice(records()[2].device.id);
			const watching = trigger({ event, scope: 'tenant', simplify, options: { missedPollsBeforeRemoved: 1 } });
			const sample = await watching.manualPoll();
			expect(sample.error).toBeUndefined();
			expect(sample.items!.length).toBeGreaterThan(0);
			expect(watching.staticData).toEqual({});
			await watching.poll();
			makeFire[event](sandbox);
			const items = (await watching.poll()).items!;
			expect(items).toHaveLength(1);
			expect(nestedKeys(sample.items![0].json)).toEqual(nestedKeys(items[0].json));
		});
	});

	it('refuses a record whose device id is blank or only spaces, like one with no id, and keeps the state', async () => {
		const watching = trigger({ event: 'newDevice', scope: 'tenant' });
		await watching.poll();
		const before = watching.staticData;
		for (const blank of ['', '   ']) {
			plantronics().addDevice({ id: blank, device: { displayId: 'TT-BLANK' } });
			const outcome = await watching.poll();
			expect(outcome.error?.message).toBe('Plantronics Manager Pro sent device 61 of 61 without an ID (display ID TT-BLANK)');
			expect(watching.staticData).toEqual(before);
			plantronics().removeDevice(blank);
		}
		expect((await watching.poll()).error).toBeUndefined();
	});
});
