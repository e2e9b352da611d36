import type { IDataObject } from 'n8n-workflow';

import { SANDBOX_SECRETS, startSandbox } from '../../../sandbox';
import { SCHEDULERS, activate, pollOnce } from '../../harness';
import type { PollOutcome } from '../../harness';

const TYPE = 'plantronicsInventoryTrigger';
const NO_DEVICE_ENTITY = JSON.stringify({ status: 404, message: 'No device entity could be found for the requested device path parameters' });

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;
interface DeviceRecord {
	device: { id: string; displayId: string; versionCompliant: boolean };
	lastSeen: { username: string; userGroups: string[] };
}

describe.each(SCHEDULERS)('Plantronics Inventory Trigger, %s scheduler', (scheduler) => {
	let sandbox: Sandbox;
	beforeEach(async () => (sandbox = await startSandbox({ size: 60, seed: 5 })));
	afterEach(async () => await sandbox.close());

	const records = () => sandbox.data.plantronics.list() as DeviceRecord[];
	const ids = (outcome: PollOutcome) => (outcome.items ?? []).map((item) => String((item.json.device as IDataObject | undefined)?.id ?? item.json.id));

	/** An active trigger on this scheduler; every poll is checked for the API key. */
	function activeTrigger(parameters: Record<string, unknown>, credentials: () => Record<string, unknown> = () => sandbox.credentials.plantronics, staticData?: IDataObject) {
		const active = activate(scheduler, { type: TYPE, parameters, credentials: () => ({ plantronicsManagerProApi: credentials() }), staticData });
		const checked = (outcome: PollOutcome) => {
			expect(JSON.stringify([outcome.items, outcome.staticData, outcome.logs, outcome.error?.message, outcome.error?.description])).not.toContain(SANDBOX_SECRETS.plantronicsApiKey);
			return outcome;
		};
		return {
			get staticData() {
				return active.staticData;
			},
			async poll(overrides: Record<string, unknown> = {}, mode: 'trigger' | 'manual' = 'trigger') {
				return checked(await (mode === 'manual' ? active.manualPoll(overrides) : active.poll(overrides)));
			},
		};
	}

	describe('Non-Compliant Device', () => {
		const parameters = { event: 'nonCompliantDevice', scope: 'tenant' };
		const nonCompliant = () => records().filter((record) => record.device.versionCompliant === false).map((record) => record.device.id);

		it('fires once when a device falls out of compliance, not while it stays so, and again after it recovers and falls out again', async () => {
			const trigger = activeTrigger(parameters);
			expect((await trigger.poll()).items).toBeNull();
			const id = records().find((record) => record.device.versionCompliant)!.device.id;
			const fired: string[][] = [];
			for (const compliant of [false, false, true, true, false, true]) {
				sandbox.data.plantronics.setCompliant(id, compliant);
				fired.push(ids(await trigger.poll()));
			}
			expect(fired).toEqual([[id], [], [], [], [id], []]);
		});

		it('carries the compliance it had before under "previous"', async () => {
			const trigger = activeTrigger({ ...parameters, simplify: true });
			await trigger.poll();
			const id = records().find((record) => record.device.versionCompliant)!.device.id;
			sandbox.data.plantronics.setCompliant(id, false);
			const items = (await trigger.poll()).items!;
			expect(items.map((item) => item.json)).toEqual([expect.objectContaining({ id, versionCompliant: false, previous: { versionCompliant: true } })]);
		});

		it('does not fire the old non-compliant devices again after one "no device entity" answer', async () => {
			expect(nonCompliant().length).toBeGreaterThan(3);
			const trigger = activeTrigger(parameters);
			await trigger.poll();
			sandbox.setFaults([{ kind: 'status', status: 404, vendor: 'plantronics', times: 1, body: NO_DEVICE_ENTITY }]);
			const empty = await trigger.poll();
			expect(empty.error).toBeUndefined();
			expect(empty.items).toBeNull();
			expect((await trigger.poll()).items).toBeNull();
		});

		it('does not fire a non-compliant device again that was missing from one poll, or left the watched user for one poll', async () => {
			const trigger = activeTrigger(parameters);
			await trigger.poll();
			const missing = records().find((record) => record.device.versionCompliant === false)!;
			sandbox.data.plantronics.removeDevice(missing.device.id);
			expect((await trigger.poll()).items).toBeNull();
			sandbox.data.plantronics.addDevice({ id: missing.device.id, username: missing.lastSeen.username, device: { versionCompliant: false } });
			expect((await trigger.poll()).items).toBeNull();

			const username = 'dwalker';
			const byUser = activeTrigger({ ...parameters, scope: 'user', username });
			sandbox.data.plantronics.setCompliant(records().find((record) => record.lastSeen.username === username)!.device.id, false);
			await byUser.poll();
			const mine = records().filter((record) => record.lastSeen.username === username);
			for (const record of mine) sandbox.data.plantronics.patchDevice(record.device.id, { lastSeenUsername: 'someone-else' });
			expect((await byUser.poll()).items).toBeNull(); // a 404 "no device entity" for the user
			for (const record of mine) sandbox.data.plantronics.patchDevice(record.device.id, { lastSeenUsername: username });
			expect((await byUser.poll()).items).toBeNull();
		});

		it('a new device fires when it arrives non-compliant', async () => {
			const trigger = activeTrigger(parameters);
			await trigger.poll();
			const compliantOne = sandbox.data.plantronics.addDevice({ id: 'new-compliant', device: { versionCompliant: true } });
			const nonCompliantOne = sandbox.data.plantronics.addDevice({ id: 'new-non-compliant', device: { versionCompliant: false } });
			expect(ids(await trigger.poll())).toEqual([nonCompliantOne.device.id]);
			expect(compliantOne.device.id).toBe('new-compliant');
		});
	});

	describe('New Device', () => {
		it('fires once for a device id never seen before, with the simplified record', async () => {
			const trigger = activeTrigger({ event: 'newDevice', scope: 'tenant', simplify: true });
			expect((await trigger.poll()).items).toBeNull();
			const added = sandbox.data.plantronics.addDevice({ id: 'brand-new' });
			const second = await trigger.poll();
			expect((second.items ?? []).map((item) => item.json)).toEqual([expect.objectContaining({ id: added.device.id, displayId: added.device.displayId })]);
			expect((await trigger.poll()).items).toBeNull();
		});

		it('a device removed then re-added fires again only once it was forgotten (after Missed Polls Before Removed)', async () => {
			const trigger = activeTrigger({ event: 'newDevice', scope: 'tenant', options: { missedPollsBeforeRemoved: 2 } });
			await trigger.poll();
			const id = records()[4].device.id;
			sandbox.data.plantronics.removeDevice(id);
			await trigger.poll();
			sandbox.data.plantronics.addDevice({ id });
			expect((await trigger.poll()).items).toBeNull(); // missing from one poll: the same device
			sandbox.data.plantronics.removeDevice(id);
			await trigger.poll();
			await trigger.poll();
			sandbox.data.plantronics.addDevice({ id });
			expect(ids(await trigger.poll())).toEqual([id]);
		});

		it('keeps its state bounded when device ids change at every poll', async () => {
			const trigger = activeTrigger({ event: 'newDevice', scope: 'tenant' });
			await trigger.poll();
			const sizes: number[] = [];
			for (let round = 0; round < 6; round++) {
				for (const record of records()) sandbox.data.plantronics.removeDevice(record.device.id);
				for (let index = 0; index < 60; index++) sandbox.data.plantronics.addDevice({ id: `round-${round}-device-${index}` });
				expect(ids(await trigger.poll())).toHaveLength(60);
				sizes.push(JSON.stringify(trigger.staticData).length);
			}
			// Each poll's 60 new ids, and the 60 missed once; older ones were forgotten.
			expect(Math.max(...sizes)).toBeLessThan(2 * 60 * 14 + 300);
			expect(sizes[5]).toBe(sizes[1]);
		});
	});

	describe('Device Reassigned', () => {
		it('fires once when the last-seen user changes, with the previous and the new user', async () => {
			const trigger = activeTrigger({ event: 'deviceReassigned', scope: 'tenant', simplify: true });
			expect((await trigger.poll()).items).toBeNull();
			const record = records()[7];
			sandbox.data.plantronics.patchDevice(record.device.id, { lastSeenUsername: 'new.owner' });
			sandbox.data.plantronics.setCompliant(records()[8].device.id, !records()[8].device.versionCompliant); // not a reassignment
			const items = (await trigger.poll()).items!;
			expect(items.map((item) => item.json)).toEqual([
				expect.objectContaining({ id: record.device.id, lastSeenUser: 'new.owner', previous: { lastSeenUser: record.lastSeen.username } }),
			]);
			expect((await trigger.poll()).items).toBeNull();
			sandbox.data.plantronics.patchDevice(record.device.id, { lastSeenUsername: record.lastSeen.username });
			const back = (await trigger.poll()).items!;
			expect(back.map((item) => item.json)).toEqual([expect.objectContaining({ lastSeenUser: record.lastSeen.username, previous: { lastSeenUser: 'new.owner' } })]);
		});

		it('does not fire for new or removed devices', async () => {
			const trigger = activeTrigger({ event: 'deviceReassigned', scope: 'tenant' });
			await trigger.poll();
			sandbox.data.plantronics.addDevice({ id: 'arrives', username: 'someone' });
			sandbox.data.plantronics.removeDevice(records()[0].device.id);
			expect((await trigger.poll()).items).toBeNull();
			expect((await trigger.poll()).items).toBeNull();
		});
	});

	describe('Device Removed', () => {
		it('fires only after Missed Polls Before Removed listings in a row without the device, once, with what was known of it', async () => {
			const trigger = activeTrigger({ event: 'deviceRemoved', scope: 'tenant', options: { missedPollsBeforeRemoved: 3 } });
			expect((await trigger.poll()).items).toBeNull();
			const gone = records()[9];
			sandbox.data.plantronics.removeDevice(gone.device.id);
			expect((await trigger.poll()).items).toBeNull();
			expect((await trigger.poll()).items).toBeNull();
			const fired = await trigger.poll();
			expect(fired.items!.map((item) => item.json)).toEqual([
				{ device: { id: gone.device.id, displayId: gone.device.displayId }, lastSeen: { username: gone.lastSeen.username } },
			]);
			expect((await trigger.poll()).items).toBeNull();
		});

		it('an empty answer between two normal ones removes nothing; a failed poll does not count as a missed one', async () => {
			const trigger = activeTrigger({ event: 'deviceRemoved', scope: 'tenant', simplify: true });
			await trigger.poll();
			sandbox.setFaults([{ kind: 'status', status: 404, vendor: 'plantronics', times: 1, body: NO_DEVICE_ENTITY }]);
			expect((await trigger.poll()).items).toBeNull();
			expect((await trigger.poll()).items).toBeNull();

			const gone = records()[3];
			sandbox.data.plantronics.removeDevice(gone.device.id);
			expect((await trigger.poll()).items).toBeNull();
			sandbox.setFaults([{ kind: 'status', status: 500, vendor: 'plantronics' }]);
			const failed = await trigger.poll();
			expect(failed.error?.message).toBeTruthy();
			sandbox.setFaults([]);
			const fired = await trigger.poll();
			expect(fired.items!.map((item) => item.json)).toEqual([{ id: gone.device.id, displayId: gone.device.displayId, lastSeenUser: gone.lastSeen.username }]);
		});
	});

	it('a failed poll fails visibly and leaves the stored state exactly as it was', async () => {
		const trigger = activeTrigger({ event: 'newDevice', scope: 'tenant' });
		await trigger.poll();
		const before = trigger.staticData;
		sandbox.data.plantronics.addDevice({ id: 'while-failing' });
		sandbox.setFaults([{ kind: 'status', status: 500, vendor: 'plantronics', after: 0 }]);
		const failed = await trigger.poll();
		expect(failed.error?.message).toMatch(/internal server error|injected fault/i);
		expect(failed.staticData).toEqual(before);
		sandbox.setFaults([]);
		expect(ids(await trigger.poll())).toEqual(['while-failing']);
	});

	it('refuses a listing with one device id twice, naming it, and keeps the state', async () => {
		const trigger = activeTrigger({ event: 'newDevice', scope: 'tenant' });
		await trigger.poll();
		const before = trigger.staticData;
		const id = records()[0].device.id;
		sandbox.data.plantronics.addDevice({ id });
		const outcome = await trigger.poll();
		expect(outcome.error?.message).toBe(`Plantronics Manager Pro listed the device ID "${id}" twice in one poll`);
		expect(outcome.staticData).toEqual(before);
	});

	it('another tenant behind the credential starts a new baseline instead of firing all its devices', async () => {
		let credentials = sandbox.credentials.plantronics;
		const trigger = activeTrigger({ event: 'newDevice', scope: 'tenant' }, () => credentials);
		await trigger.poll();
		credentials = sandbox.credentials.plantronicsOtherTenant;
		const other = await trigger.poll();
		expect(sandbox.requests.at(-1)?.path).toContain(String(credentials.tenantApiCode));
		expect(sandbox.requests.at(-1)?.status).toBe(200);
		expect(other.items).toBeNull();
		expect((await trigger.poll()).items).toBeNull();
		sandbox.data.plantronicsOtherTenant.addDevice({ id: 'other-tenant-new' });
		expect(ids(await trigger.poll())).toEqual(['other-tenant-new']);
	});

	it('another server behind the credential (region or Base URL) starts a new baseline', async () => {
		const second = await startSandbox({ size: 60, seed: 6 });
		try {
			let credentials = sandbox.credentials.plantronics;
			const trigger = activeTrigger({ event: 'newDevice', scope: 'tenant' }, () => credentials);
			await trigger.poll();
			credentials = second.credentials.plantronics;
			expect((await trigger.poll()).items).toBeNull();
			expect(second.requests.length).toBeGreaterThan(0);
		} finally {
			await second.close();
		}
	});

	it('watches each of the comma-separated User Groups, trimmed, as the action node lists them', async () => {
		const trigger = activeTrigger({ event: 'newDevice', scope: 'userGroup', userGroups: ' Support,  Sales ,' });
		await trigger.poll();
		const sent = sandbox.requests.filter((request) => request.path.endsWith('/devices/usergroup'));
		expect(sent.length).toBeGreaterThan(0);
		for (const request of sent) expect(request.query.userGroups).toBe('Support,Sales');
		const salesUser = records().find((record) => record.lastSeen.userGroups.includes('Sales'))!.lastSeen.username;
		sandbox.data.plantronics.addDevice({ id: 'sales-headset', username: salesUser });
		expect(ids(await trigger.poll())).toEqual(['sales-headset']);
		// The same groups in another order are the same scope: no new baseline.
		sandbox.data.plantronics.addDevice({ id: 'sales-headset-2', username: salesUser });
		expect(ids(await trigger.poll({ userGroups: 'Sales,Support' }))).toEqual(['sales-headset-2']);
	});

	it('checks Event, Scope and Missed Polls Before Removed at run time, naming the field and the allowed values', async () => {
		const trigger = activeTrigger({ event: 'newDevice', scope: 'tenant' });
		const sentBefore = sandbox.requests.length;
		const badEvent = await trigger.poll({ event: 'created' });
		expect(badEvent.error?.message).toBe('"Event" must be one of deviceAssigned, deviceReassigned, deviceRemoved, deviceUnassigned, newDevice, nonCompliantDevice, but it is "created"');
		const badScope = await trigger.poll({ scope: 'mine' });
		expect(badScope.error?.message).toBe('"Scope" must be one of tenant, user, userGroup, but it is "mine"');
		const badThreshold = await trigger.poll({ options: { missedPollsBeforeRemoved: 0 } });
		expect(badThreshold.error?.message).toBe('"Missed Polls Before Removed" must be a whole number from 1 to 100, but it is 0');
		expect(sandbox.requests.length).toBe(sentBefore);
		expect((await trigger.poll({ event: 'NewDevice', scope: ' Tenant' })).error).toBeUndefined();
	});

	it('a manual test run returns up to 10 current devices in the shape the event fires, and keeps no state', async () => {
		const trigger = activeTrigger({ event: 'newDevice', scope: 'user', username: 'dwalker' });
		const manual = await trigger.poll({}, 'manual');
		expect(manual.items?.length).toBeGreaterThan(0);
		expect(manual.items!.length).toBeLessThanOrEqual(10);
		expect(manual.staticData).toEqual({});
		expect(sandbox.requests.at(-1)?.path).toMatch(/\/user\/dwalker$/);

		const removedShape = await trigger.poll({ event: 'deviceRemoved', scope: 'tenant', simplify: true }, 'manual');
		expect(removedShape.items).toHaveLength(10);
		expect(Object.keys(removedShape.items![0].json).sort()).toEqual(['displayId', 'id', 'lastSeenUser']);
		const nonCompliant = await trigger.poll({ event: 'nonCompliantDevice', scope: 'tenant' }, 'manual');
		for (const item of nonCompliant.items!) expect((item.json.device as IDataObject).versionCompliant).toBe(false);
		expect(nonCompliant.staticData).toEqual({});
	});

	it('replaces the state of earlier versions with a new baseline, firing nothing', async () => {
		const trigger = activeTrigger({ event: 'newDevice', scope: 'tenant' }, undefined, { 'node:Poller': { key: 'newDevice|{"kind":"tenant"}', seen: 'AAAAAAAAAAAA' } });
		const first = await trigger.poll();
		expect(first.items).toBeNull();
		expect(Object.keys(first.staticData['node:Poller'] as IDataObject)).toEqual(['changeTracking']);
	});
});

describe('Plantronics Inventory Trigger state at 100,000 devices', () => {
	it.each([
		// The smallest (fingerprints only) and the largest (ids, display ids and users, to report removals).
		['newDevice', 1_400_000],
		['deviceRemoved', 7_600_000],
	])('%s keeps its state under %d bytes', async (event, bound) => {
		const big = await startSandbox({ size: 100_000 });
		try {
			const result = await pollOnce({ type: TYPE, parameters: { event, scope: 'tenant' }, credentials: { plantronicsManagerProApi: big.credentials.plantronics } });
			expect(result.error).toBeUndefined();
			expect(result.items).toBeNull();
			const size = JSON.stringify(result.staticData).length;
			expect(size).toBeGreaterThan(100_000 * 12);
			expect(size).toBeLessThan(bound);
		} finally {
			await big.close();
		}
	}, 180_000);
});
