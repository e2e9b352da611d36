import { createHash } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

/**
 * The state of a polling change trigger: what it saw of each device at the
 * last complete listing, so that each change fires once, and a short or empty
 * answer does not make every device look removed and then new.
 *
 * Kept in the workflow's static data as one entry, `changeTracking`:
 * - `key`: what the trigger watches (triggerStateKey); another key starts a new baseline;
 * - `fields`: the names of the watched values, in the order they are stored;
 * - `devices`: one entry per remembered device, sorted, joined by `;`:
 *   `fingerprint|missedPolls|id|value|value…`, with a missed count of 0 left
 *   empty and empty fields at the end left out (a device of a trigger that
 *   keeps no ids and no values is its 12-character fingerprint alone). One
 *   string rather than an object per device: n8n wraps every nested object of
 *   static data in a proxy.
 *
 * Each device is remembered by a 12-character fingerprint of its id (72 bits
 * of SHA-1). Its id is stored only when the trigger reports removals
 * (`rememberIds`). Each stored text (id or value) is at most
 * MAX_STORED_TEXT_LENGTH characters: a longer one keeps its start plus a
 * fingerprint of the whole, so a change past the cut is still seen.
 *
 * A device absent from a listing is kept with a count of missed polls; when
 * the count reaches `missedPollsBeforeRemoved` it is reported removed and
 * forgotten. So the state holds at most `missedPollsBeforeRemoved` times the
 * largest listing, however often ids change.
 */

export type WatchedValues = Record<string, string | number | boolean | null>;

export interface ObservedDevice {
	id: string;
	/** The watched fields only. */
	values: WatchedValues;
}

export interface DeviceChange {
	id: string;
	previous: WatchedValues;
	current: WatchedValues;
}

export interface PollChanges {
	/** First poll for this state key: recorded, nothing to fire. */
	baseline: boolean;
	/** Not known before (or forgotten after being removed). */
	added: ObservedDevice[];
	/** Absent from `missedPollsBeforeRemoved` consecutive complete listings; `current` is {}. */
	removed: DeviceChange[];
	/** Present before and now, with watched values that differ. */
	changed: DeviceChange[];
}

export interface TrackingOptions {
	/** At least 1; the triggers default to 2. */
	missedPollsBeforeRemoved: number;
	/**
	 * Whether to store each device's id, so a removed device is reported by
	 * its id (default true). Without it, `removed[].id` is `#` plus the
	 * fingerprint; a trigger that never reports removals saves the space.
	 */
	rememberIds?: boolean;
}

/** Two devices in one listing with the same id: the listing cannot be compared device by device. */
export class DuplicateDeviceIdError extends Error {
	constructor(readonly deviceId: string) {
		super(`The listing holds the device ID "${deviceId.slice(0, 100)}" more than once`);
	}
}

export const STATE_ENTRY = 'changeTracking';
export const FINGERPRINT_LENGTH = 12;
export const MAX_STORED_TEXT_LENGTH = 200;

function hash(text: string): string {
	return createHash('sha1').update(text).digest('base64url');
}

export function fingerprint(id: string): string {
	return hash(id).slice(0, FINGERPRINT_LENGTH);
}

/** A stable, short key (hashed) for what a trigger watches: credential's tenant/server, scope, users, event, watched fields. */
export function triggerStateKey(parts: unknown[]): string {
	return hash(JSON.stringify(parts)).slice(0, 24);
}

/** A text cut to the stored length; a longer one ends in a fingerprint of the whole, so it still differs when the end does. */
function bounded(text: string): string {
	if (text.length <= MAX_STORED_TEXT_LENGTH) return text;
	const mark = `…#${fingerprint(text)}`;
	return text.slice(0, MAX_STORED_TEXT_LENGTH - mark.length) + mark;
}

// Stored values: "~" null, "T"/"F" booleans, "n<number>", "s<text>"; in text, the
// characters that would split an entry or need escaping in JSON are percent-encoded.
const ESCAPED = /[%|;"\\\u0000-\u001f\u007f\u2028\u2029]/g;
const escapeText = (text: string) => text.replace(ESCAPED, (char) => `%${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
const unescapeText = (text: string) => text.replace(/%([0-9a-f]{4})/g, (_, code: string) => String.fromCharCode(parseInt(code, 16)));

type StoredValue = string | number | boolean | null;

function normalise(value: StoredValue | undefined): StoredValue {
	if (value === undefined || value === null) return null;
	if (typeof value === 'number' && !Number.isFinite(value)) return null;
	return typeof value === 'string' ? bounded(value) : value;
}

function encodeValue(value: StoredValue): string {
	if (value === null) return '~';
	if (typeof value === 'boolean') return value ? 'T' : 'F';
	if (typeof value === 'number') return `n${value}`;
	return `s${escapeText(value)}`;
}

function decodeValue(text: string): StoredValue {
	if (text === 'T') return true;
	if (text === 'F') return false;
	if (text.startsWith('n')) return Number(text.slice(1));
	if (text.startsWith('s')) return unescapeText(text.slice(1));
	return null;
}

interface Remembered {
	missedPolls: number;
	/** Empty when ids are not remembered. */
	id: string;
	values: WatchedValues;
}

interface StoredState {
	key: string;
	fields: string[];
	devices: Map<string, Remembered>;
}

function readState(staticData: IDataObject): StoredState | undefined {
	const entry = staticData[STATE_ENTRY] as IDataObject | undefined;
	if (!entry || typeof entry.key !== 'string' || typeof entry.devices !== 'string' || !Array.isArray(entry.fields)) return undefined;
	const fields = (entry.fields as unknown[]).map(String);
	const devices = new Map<string, Remembered>();
	for (const line of entry.devices === '' ? [] : entry.devices.split(';')) {
		const [key, missed, id, ...values] = line.split('|');
		devices.set(key, {
			missedPolls: Number(missed) || 0,
			id: unescapeText(id ?? ''),
			values: Object.fromEntries(fields.map((field, index) => [field, decodeValue(values[index] ?? '~')])),
		});
	}
	return { key: entry.key, fields, devices };
}

function writeState(staticData: IDataObject, state: StoredState): void {
	const lines = [...state.devices.entries()]
		.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
		.map(([key, device]) =>
			[key, device.missedPolls || '', escapeText(device.id), ...state.fields.map((field) => encodeValue(device.values[field] ?? null))]
				.join('|')
				.replace(/\|+$/, ''),
		);
	const next = { key: state.key, fields: state.fields, devices: lines.join(';') };
	const stored = staticData[STATE_ENTRY] as IDataObject | undefined;
	// Unchanged state is not written again: n8n then has nothing to save.
	if (stored && stored.key === next.key && stored.devices === next.devices && JSON.stringify(stored.fields) === JSON.stringify(next.fields)) return;
	staticData[STATE_ENTRY] = next;
}

function differs(previous: WatchedValues, current: WatchedValues): boolean {
	const fields = new Set([...Object.keys(previous), ...Object.keys(current)]);
	for (const field of fields) if ((previous[field] ?? null) !== (current[field] ?? null)) return true;
	return false;
}

/**
 * Compare one complete, successful listing with the stored state, update the
 * state in staticData, report the changes. A different stateKey starts a new
 * baseline. Throws DuplicateDeviceIdError (state untouched) when one id is
 * listed twice.
 */
export function trackDeviceChanges(
	staticData: IDataObject,
	stateKey: string,
	devices: ObservedDevice[],
	options: TrackingOptions,
): PollChanges {
	const threshold = Math.max(1, Math.floor(options.missedPollsBeforeRemoved));
	const rememberIds = options.rememberIds !== false;

	const current = new Map<string, ObservedDevice>();
	const fieldSet = new Set<string>();
	for (const device of devices) {
		const values: WatchedValues = {};
		for (const [field, value] of Object.entries(device.values)) {
			values[field] = normalise(value);
			fieldSet.add(field);
		}
		const key = fingerprint(device.id);
		if (current.has(key)) throw new DuplicateDeviceIdError(device.id);
		current.set(key, { id: device.id, values });
	}

	const stored = readState(staticData);
	const previous = stored?.key === stateKey ? stored : undefined;
	for (const field of previous?.fields ?? []) fieldSet.add(field);
	const fields = [...fieldSet].sort();

	const next = new Map<string, Remembered>();
	const changes: PollChanges = { baseline: previous === undefined, added: [], removed: [], changed: [] };
	for (const [key, device] of current) {
		next.set(key, { missedPolls: 0, id: rememberIds ? bounded(device.id) : '', values: device.values });
		if (!previous) continue;
		const known = previous.devices.get(key);
		if (!known) changes.added.push(device);
		else if (differs(known.values, device.values)) changes.changed.push({ id: device.id, previous: known.values, current: device.values });
	}
	for (const [key, known] of previous?.devices ?? []) {
		if (current.has(key)) continue;
		const missedPolls = known.missedPolls + 1;
		if (missedPolls >= threshold) changes.removed.push({ id: known.id || `#${key}`, previous: known.values, current: {} });
		else next.set(key, { ...known, missedPolls });
	}

	writeState(staticData, { key: stateKey, fields, devices: next });
	return changes;
}
