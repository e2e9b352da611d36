/* eslint-disable -- test code, in no package: n8n's package rules do not apply; scripts/lint.mjs lints it with scripts/eslint.tooling.mjs */
import type { IDataObject } from 'n8n-workflow';

import type { ObservedDevice } from '../../nodes/shared/changeTracking';
import {
	MAX_STATE_LENGTH,
	MAX_STORED_TEXT_LENGTH,
	MIN_MISSING_KEPT,
	STATE_ENTRY,
	StateTooLargeError,
	canonicalJson,
	maxEntryLength,
	trackDeviceChanges,
} from '../../nodes/shared/changeTracking';

/**
 * The bounds of the trigger state, on the tracking itself (each rule is also
 * run through the triggers in test/nodes/triggerState.test.ts): every stored
 * text and device entry has a stated maximum after escaping, the whole state
 * has one (beyond it: an error, the state untouched), and devices missing
 * while ids change at every poll do not pile up.
 */

const entries = (staticData: IDataObject) => ((staticData[STATE_ENTRY] as IDataObject).devices as string).split(';');
const stateLength = (staticData: IDataObject) => ((staticData[STATE_ENTRY] as IDataObject).devices as string).length;

describe('change tracking bounds', () => {
	it('a stored text is bounded after escaping: 20,000 devices with 4 values of characters that escape 5 for 1 stay within the stated maximum', () => {
		// `"` and `|` are stored as %0022 and %007c: the raw 300 characters become 1,500.
		const awkward = (n: number) => `${'"|'.repeat(150)}${n}`;
		const devices: ObservedDevice[] = Array.from({ length: 20_000 }, (_, n) => ({
			id: `device-${n}`,
			values: { callerid: awkward(n), description: awkward(n + 1), device_type: awkward(n + 2), extension: awkward(n + 3) },
		}));
		const staticData: IDataObject = {};
		const started = Date.now();
		trackDeviceChanges(staticData, 'key', devices, { missedPollsBeforeRemoved: 2 });
		const ms = Date.now() - started;
		const perEntry = Math.max(...entries(staticData).map((entry) => entry.length));
		console.log(`20,000 devices x 4 escaped values: ${ms} ms, state ${(stateLength(staticData) / 1024 / 1024).toFixed(2)} MB, longest entry ${perEntry}`);
		expect(perEntry).toBeLessThanOrEqual(maxEntryLength(4));
		for (const value of entries(staticData)[0].split('|').slice(3)) expect(value.length).toBeLessThanOrEqual(1 + MAX_STORED_TEXT_LENGTH);
		expect(stateLength(staticData)).toBeLessThanOrEqual(20_000 * maxEntryLength(4));

		// The cut value still tells a change past the cut, and an escape is never split.
		const next = devices.map((device, n) => (n === 0 ? { ...device, values: { ...device.values, callerid: `${awkward(0)}!` } } : device));
		const changes = trackDeviceChanges(staticData, 'key', next, { missedPollsBeforeRemoved: 2 });
		expect(changes.changed.map((change) => change.id)).toEqual(['device-0']);
		expect(changes.changed[0].previous.callerid).toMatch(/^("\|)+"?…#[\w-]{12}$/);
	});

	it('an id longer than the stored-text limit is bounded under Device Removed, and the device is still reported by it', () => {
		const longId = `${'x'.repeat(1_000)}-end`;
		const staticData: IDataObject = {};
		trackDeviceChanges(staticData, 'key', [{ id: longId, values: {} }, { id: 'short', values: {} }], { missedPollsBeforeRemoved: 1, rememberIds: true });
		expect(JSON.stringify(staticData)).not.toContain('x'.repeat(MAX_STORED_TEXT_LENGTH));
		for (const entry of entries(staticData)) expect(entry.length).toBeLessThanOrEqual(maxEntryLength(0));
		const changes = trackDeviceChanges(staticData, 'key', [{ id: 'short', values: {} }], { missedPollsBeforeRemoved: 1, rememberIds: true });
		expect(changes.removed).toHaveLength(1);
		expect(changes.removed[0].id.length).toBeLessThanOrEqual(MAX_STORED_TEXT_LENGTH);
		expect(changes.removed[0].id).toMatch(/^x+…#[\w-]{12}$/);
	});

	it('a state over the whole-state maximum is an error and the state is left as it was, never cut', () => {
		const big = (n: number) => `${n}-${'v'.repeat(MAX_STORED_TEXT_LENGTH)}`;
		const count = Math.ceil(MAX_STATE_LENGTH / maxEntryLength(8)) + 2_000;
		const devices: ObservedDevice[] = Array.from({ length: count }, (_, n) => ({
			id: big(n),
			values: Object.fromEntries(Array.from({ length: 8 }, (_, field) => [`f${field}`, big(n + field)])),
		}));
		const staticData: IDataObject = { [STATE_ENTRY]: { key: 'key', fields: [], devices: 'kept' } };
		const before = JSON.stringify(staticData);
		expect(() => trackDeviceChanges(staticData, 'key', devices, { missedPollsBeforeRemoved: 2 })).toThrow(StateTooLargeError);
		expect(() => trackDeviceChanges(staticData, 'key', devices, { missedPollsBeforeRemoved: 2 })).toThrow(/more than the 32 MB it may keep/);
		expect(JSON.stringify(staticData)).toBe(before);
	});

	it('with Missed Polls Before Removed at 100 and ids that change at every poll, the state holds about two listings, not 100', () => {
		const size = 2 * MIN_MISSING_KEPT;
		const staticData: IDataObject = {};
		const counts: number[] = [];
		const removedAt: number[] = [];
		for (let poll = 0; poll < 12; poll++) {
			const devices = Array.from({ length: size }, (_, n) => ({ id: `poll-${poll}-device-${n}`, values: { user: `user-${n}` } }));
			const changes = trackDeviceChanges(staticData, 'key', devices, { missedPollsBeforeRemoved: 100, rememberIds: true });
			counts.push(entries(staticData).length);
			removedAt.push(changes.removed.length);
		}
		console.log(`12 polls of ${size} new ids, Missed Polls 100: entries ${counts.join(', ')}; state ${(stateLength(staticData) / 1024).toFixed(0)} KB`);
		expect(Math.max(...counts)).toBe(2 * size);
		// Those missing longest are reported removed (not dropped silently) once the missing outnumber the last listing.
		expect(removedAt).toEqual([0, 0, ...Array(10).fill(size)]);
	});

	it('a short or empty listing keeps every missing device until Missed Polls Before Removed', () => {
		const staticData: IDataObject = {};
		const all = Array.from({ length: 5_000 }, (_, n) => ({ id: `d${n}`, values: {} }));
		trackDeviceChanges(staticData, 'key', all, { missedPollsBeforeRemoved: 3 });
		expect(trackDeviceChanges(staticData, 'key', all.slice(0, 10), { missedPollsBeforeRemoved: 3 }).removed).toHaveLength(0);
		expect(trackDeviceChanges(staticData, 'key', [], { missedPollsBeforeRemoved: 3 }).removed).toHaveLength(0);
		expect(entries(staticData)).toHaveLength(5_000);
		expect(trackDeviceChanges(staticData, 'key', all, { missedPollsBeforeRemoved: 3 }).added).toHaveLength(0);
	});

	it('a listing that began before the one the state holds is stale: nothing reported, nothing written; a state from the future (clock set back) is not', () => {
		const staticData: IDataObject = {};
		const now = Date.now();
		trackDeviceChanges(staticData, 'key', [{ id: 'a', values: { user: 'amy' } }], { missedPollsBeforeRemoved: 2, listingStartedAt: now - 1_000 });
		trackDeviceChanges(staticData, 'key', [{ id: 'a', values: { user: 'bob' } }], { missedPollsBeforeRemoved: 2, listingStartedAt: now - 100 });
		const before = JSON.stringify(staticData);
		const stale = trackDeviceChanges(staticData, 'key', [{ id: 'a', values: { user: 'amy' } }, { id: 'b', values: {} }], { missedPollsBeforeRemoved: 1, listingStartedAt: now - 500 });
		expect(stale).toEqual({ baseline: false, stale: { listingStartedAt: now - 500, stateListedAt: now - 100 }, added: [], removed: [], changed: [] });
		expect(JSON.stringify(staticData)).toBe(before);

		(staticData[STATE_ENTRY] as IDataObject).listedAt = now + 3_600_000;
		const afterClockChange = trackDeviceChanges(staticData, 'key', [{ id: 'a', values: { user: 'cy' } }], { missedPollsBeforeRemoved: 2, listingStartedAt: now });
		expect(afterClockChange.stale).toBeUndefined();
		expect(afterClockChange.changed).toHaveLength(1);
	});

	it('an object value is the same whatever order its keys come in', () => {
		expect(canonicalJson({ b: 1, a: { d: [{ y: 1, x: 2 }], c: null } })).toBe(canonicalJson({ a: { c: null, d: [{ x: 2, y: 1 }] }, b: 1 }));
		expect(canonicalJson({ a: [1, 2] })).not.toBe(canonicalJson({ a: [2, 1] }));
	});
});
