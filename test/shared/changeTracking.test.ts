import type { IDataObject } from 'n8n-workflow';

import { startSandbox } from '../../sandbox';
import { pollOnce, registerForTests } from '../harness';
import { DeviceChangePoller } from '../fixtures/DeviceChangePoller.node';
import { MAX_STORED_TEXT_LENGTH, STATE_ENTRY } from '../../nodes/shared/changeTracking';

registerForTests({ nodes: [new DeviceChangePoller()] });

const NO_DEVICE_ENTITY = JSON.stringify({ status: 404, message: 'No device entity could be found for the requested device path parameters' });

interface Change extends IDataObject {
	change: 'added' | 'changed' | 'removed';
	id: string;
	previous?: IDataObject;
	current?: IDataObject;
}

describe('change tracking (through a polling trigger over the sandbox)', () => {
	let sandbox: Awaited<ReturnType<typeof startSandbox>>;
	beforeEach(async () => (sandbox = await startSandbox({ size: 40, seed: 3 })));
	afterEach(async () => await sandbox.close());

	/** Polls like an active workflow, carrying the static data from poll to poll. */
	function watcher(parameters: Record<string, unknown> = {}) {
		let staticData: IDataObject | undefined;
		return {
			get staticData() {
				return staticData;
			},
			set staticData(value) {
				staticData = value;
			},
			async poll(overrides: Record<string, unknown> = {}) {
				const outcome = await pollOnce({
					type: 'deviceChangePoller',
					parameters: { watch: ['device.versionCompliant', 'lastSeen.username'], ...parameters, ...overrides },
					credentials: { plantronicsManagerProApi: sandbox.credentials.plantronics },
					staticData,
				});
				if (!outcome.error) staticData = outcome.staticData;
				return { ...outcome, changes: (outcome.items ?? []).map((item) => item.json as Change) };
			},
		};
	}
	/** The remembered devices, one line each, in the node's static data. */
	const storedDevices = (staticData: IDataObject | undefined) => ((staticData?.['node:Poller'] as IDataObject)[STATE_ENTRY] as IDataObject).devices as string;
	const firstDevice = () => sandbox.data.plantronics.list()[0].device.id as string;

	it('records a baseline first, then reports each addition, change and removal once', async () => {
		const trigger = watcher();
		expect((await trigger.poll()).changes).toEqual([{ baseline: true }]);
		expect((await trigger.poll()).changes).toEqual([]);

		const changedId = firstDevice();
		sandbox.data.plantronics.patchDevice(changedId, { lastSeenUsername: 'new-owner' });
		const added = sandbox.data.plantronics.addDevice({ id: 'added-device-1' });
		const removedId = sandbox.data.plantronics.list()[5].device.id as string;
		const removedUser = sandbox.data.plantronics.list()[5].lastSeen.username as string;
		sandbox.data.plantronics.removeDevice(removedId);

		const second = await trigger.poll();
		expect(second.changes).toEqual([
			{ change: 'added', id: added.device.id, current: { 'device.versionCompliant': added.device.versionCompliant, 'lastSeen.username': added.lastSeen.username } },
			{ change: 'changed', id: changedId, previous: expect.objectContaining({ 'lastSeen.username': expect.not.stringMatching('new-owner') }), current: expect.objectContaining({ 'lastSeen.username': 'new-owner' }) },
		]);
		// Missing from one listing is not yet removed; from the second one in a row it is, once.
		const third = await trigger.poll();
		expect(third.changes).toEqual([{ change: 'removed', id: removedId, previous: expect.objectContaining({ 'lastSeen.username': removedUser }), current: {} }]);
		expect((await trigger.poll()).changes).toEqual([]);
	});

	it('a device that flips back and forth is reported at each flip, and not between', async () => {
		const trigger = watcher({ watch: ['device.versionCompliant'] });
		await trigger.poll();
		const id = firstDevice();
		const start = sandbox.data.plantronics.list()[0].device.versionCompliant as boolean;
		const flips: unknown[] = [];
		for (const compliant of [!start, !start, start, !start, start, start]) {
			sandbox.data.plantronics.setCompliant(id, compliant);
			flips.push((await trigger.poll()).changes.map((change) => [change.id, change.previous?.['device.versionCompliant'], change.current?.['device.versionCompliant']]));
		}
		expect(flips).toEqual([[[id, start, !start]], [], [[id, !start, start]], [[id, start, !start]], [[id, !start, start]], []]);
	});

	it('an empty answer ("no device entity") between two normal ones reports nothing; two in a row remove everything once', async () => {
		const trigger = watcher();
		await trigger.poll();
		sandbox.setFaults([{ kind: 'status', status: 404, vendor: 'plantronics', times: 1, body: NO_DEVICE_ENTITY }]);
		const empty = await trigger.poll();
		expect(empty.error).toBeUndefined();
		expect(empty.changes).toEqual([]);
		expect((await trigger.poll()).changes).toEqual([]);

		sandbox.setFaults([{ kind: 'status', status: 404, vendor: 'plantronics', times: 2, body: NO_DEVICE_ENTITY }]);
		expect((await trigger.poll()).changes).toEqual([]);
		const gone = await trigger.poll();
		expect(gone.changes).toHaveLength(40);
		expect(new Set(gone.changes.map((change) => change.change))).toEqual(new Set(['removed']));
		// They come back as new: they were forgotten.
		const back = await trigger.poll();
		expect(back.changes).toHaveLength(40);
		expect(new Set(back.changes.map((change) => change.change))).toEqual(new Set(['added']));
	});

	it('a device removed and re-added within the threshold is neither removed nor added; after it, removed then added', async () => {
		const trigger = watcher({ missedPollsBeforeRemoved: 3 });
		await trigger.poll();
		const record = sandbox.data.plantronics.list()[2];
		const id = record.device.id as string;
		sandbox.data.plantronics.removeDevice(id);
		expect((await trigger.poll()).changes).toEqual([]);
		expect((await trigger.poll()).changes).toEqual([]);
		sandbox.data.plantronics.addDevice({ id, username: record.lastSeen.username, device: { versionCompliant: record.device.versionCompliant } });
		expect((await trigger.poll()).changes).toEqual([]);

		sandbox.data.plantronics.removeDevice(id);
		await trigger.poll();
		await trigger.poll();
		expect((await trigger.poll()).changes).toEqual([expect.objectContaining({ change: 'removed', id })]);
		sandbox.data.plantronics.addDevice({ id });
		expect((await trigger.poll()).changes).toEqual([expect.objectContaining({ change: 'added', id })]);
	});

	it('a failed poll fails and leaves the stored state exactly as it was', async () => {
		const trigger = watcher();
		await trigger.poll();
		const before = trigger.staticData;
		sandbox.data.plantronics.removeDevice(firstDevice());
		sandbox.setFaults([{ kind: 'status', status: 500, vendor: 'plantronics', after: 0 }]);
		const failed = await trigger.poll();
		expect(failed.error?.message).toMatch(/Internal server error|injected fault/i);
		expect(failed.staticData).toEqual(before);
		sandbox.setFaults([]);
		expect((await trigger.poll()).changes).toEqual([]); // missed once only: the failed poll did not count
	});

	it('another state key starts a new baseline instead of reporting every device', async () => {
		const trigger = watcher();
		await trigger.poll();
		expect((await trigger.poll({ key: 'another tenant' })).changes).toEqual([{ baseline: true }]);
		expect((await trigger.poll({ key: 'another tenant' })).changes).toEqual([]);
	});

	it('refuses a listing that holds one id twice, naming the id, and keeps the state', async () => {
		const trigger = watcher();
		await trigger.poll();
		const before = trigger.staticData;
		const id = firstDevice();
		sandbox.data.plantronics.addDevice({ id });
		const outcome = await trigger.poll();
		expect(outcome.error?.message).toContain(`"${id}" more than once`);
		expect(outcome.staticData).toEqual(before);
	});

	it('keeps each value to a bounded length and still sees a change past the cut', async () => {
		const trigger = watcher({ watch: ['device.firmwareVersion'] });
		const id = firstDevice();
		sandbox.data.plantronics.patchDevice(id, { device: { firmwareVersion: `${'x'.repeat(5000)}-1` } });
		await trigger.poll();
		const state = JSON.stringify(trigger.staticData);
		expect(state).not.toContain('x'.repeat(MAX_STORED_TEXT_LENGTH));
		expect(state.length).toBeLessThan(40 * 120);

		sandbox.data.plantronics.patchDevice(id, { device: { firmwareVersion: `${'x'.repeat(5000)}-2` } });
		const changed = (await trigger.poll()).changes;
		expect(changed).toHaveLength(1);
		expect((changed[0].previous?.['device.firmwareVersion'] as string).length).toBeLessThanOrEqual(MAX_STORED_TEXT_LENGTH);
		expect(changed[0].current?.['device.firmwareVersion']).not.toEqual(changed[0].previous?.['device.firmwareVersion']);
	});

	it('gives back stored text exactly, whatever characters it holds', async () => {
		const trigger = watcher({ watch: ['lastSeen.username'] });
		const id = firstDevice();
		const awkward = 'a;b|c%0041\n"d"\\ é';
		sandbox.data.plantronics.patchDevice(id, { lastSeenUsername: awkward });
		await trigger.poll();
		sandbox.data.plantronics.patchDevice(id, { lastSeenUsername: 'plain' });
		expect((await trigger.poll()).changes).toEqual([{ change: 'changed', id, previous: { 'lastSeen.username': awkward }, current: { 'lastSeen.username': 'plain' } }]);
	});

	it('stays bounded when every id changes at every poll: at most missedPollsBeforeRemoved listings are remembered', async () => {
		const trigger = watcher({ missedPollsBeforeRemoved: 2 });
		await trigger.poll();
		const sizes: number[] = [];
		let generation = 0;
		for (let round = 0; round < 6; round++) {
			for (const record of sandbox.data.plantronics.list()) sandbox.data.plantronics.removeDevice(record.device.id);
			for (let index = 0; index < 40; index++) sandbox.data.plantronics.addDevice({ id: `gen${generation}-device-${index}` });
			generation++;
			const { changes } = await trigger.poll();
			expect(changes.filter((change) => change.change === 'added')).toHaveLength(40);
			sizes.push(storedDevices(trigger.staticData).split(';').length);
		}
		// 40 new ones, and the 40 missed once; those missed twice were reported removed and forgotten.
		expect(sizes).toEqual([80, 80, 80, 80, 80, 80]);
	});

	it('without remembered ids the state holds fingerprints only', async () => {
		const trigger = watcher({ watch: [], rememberIds: false });
		await trigger.poll();
		const state = JSON.stringify(trigger.staticData);
		expect(state).not.toContain(firstDevice());
		const entries = storedDevices(trigger.staticData).split(';');
		expect(entries).toHaveLength(40);
		for (const entry of entries) expect(entry).toMatch(/^[A-Za-z0-9_-]{12}$/);
		expect(state.length).toBeLessThan(40 * 20 + 200);
	});
});
