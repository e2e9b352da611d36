import { createHash } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

/**
 * The state of a polling change trigger: what it saw of each device at the
 * last complete listing, so that each change fires once, and a short or empty
 * answer does not make every device look removed and then new.
 *
 * Kept in the workflow's static data as one entry, `changeTracking`:
 * - `key`: what the trigger watches (triggerStateKey); another key starts a new baseline;
 * - `listedAt`: when the listing the state holds began (ms since 1970): a poll whose
 *   listing began earlier is stale and changes nothing (polls may overlap);
 * - `largestListing`: the most devices one listing held (see below);
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
 * MAX_STORED_TEXT_LENGTH characters once escaped: a longer one keeps its start
 * plus a fingerprint of the whole, so a change past the cut is still seen. So
 * a device takes at most maxEntryLength(fields) characters, and the whole
 * state at most MAX_STATE_LENGTH: a listing that would need more fails the
 * poll with StateTooLargeError (state untouched), nothing is dropped silently.
 *
 * A device absent from a listing is kept with a count of missed polls; when
 * the count reaches `missedPollsBeforeRemoved` it is reported removed and
 * forgotten. The devices kept while missing never outnumber the largest
 * listing the state has seen (or MIN_MISSING_KEPT, whichever is more):
 * beyond that, those missing longest are reported removed (and forgotten) at
 * once. So when ids change at every poll the state holds at most two of the
 * largest listings, whatever `missedPollsBeforeRemoved` is, while a short or
 * empty answer still removes nothing before its time.
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
	/**
	 * The listing began before the one the state holds (another poll that
	 * started later finished first): nothing is reported and the state is
	 * left alone. When the stale listing began, and when the state's did.
	 */
	stale?: { listingStartedAt: number; stateListedAt: number };
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
	/**
	 * Ids (as `removed[].id` reports them) of devices that reach the threshold
	 * but are kept one missed poll short of it instead of being reported: their
	 * removal could not be confirmed this time, so the next listing without
	 * them reports them again.
	 */
	keepMissing?: ReadonlySet<string>;
	/**
	 * Ids of listed devices that left what the trigger watches (another
	 * user's listing, say): compared and reported like the others, then
	 * dropped from the state, never reported removed.
	 */
	leaving?: string[];
	/** When this poll began listing (ms since 1970; default: now). */
	listingStartedAt?: number;
}

/** Two devices in one listing with the same id: the listing cannot be compared device by device. */
export class DuplicateDeviceIdError extends Error {
	readonly description = 'Nothing was fired and the stored state is unchanged: the listing cannot be compared device by device.';

	constructor(readonly deviceId: string) {
		super(`The listing holds the device ID "${deviceId.slice(0, 100)}" more than once`);
	}
}

/** The state the listing needs is over MAX_STATE_LENGTH: it is not written, rather than written in part. */
export class StateTooLargeError extends Error {
	readonly description: string;

	constructor(length: number, devices: number) {
		super(`The trigger's state for ${devices.toLocaleString('en-US')} devices would take ${megabytesOf(length)} MB, more than the ${megabytesOf(MAX_STATE_LENGTH)} MB it may keep`);
		this.description =
			'Nothing was fired and the stored state is unchanged. Watch a narrower scope (a user, user groups, fewer users) or fewer fields, or split the devices over several triggers.';
	}
}

export const STATE_ENTRY = 'changeTracking';
export const FINGERPRINT_LENGTH = 12;
/** The most one stored text (an id or a text value) takes, escaped. */
export const MAX_STORED_TEXT_LENGTH = 200;
/** The most the whole state may take (characters of the stored device entries; n8n keeps it with the workflow). */
export const MAX_STATE_LENGTH = 32 * 1024 * 1024;
/** Devices kept while missing are at most as many as the largest listing seen, or this many. */
export const MIN_MISSING_KEPT = 1_000;

/** The highest Missed Polls Before Removed a trigger accepts (changeTrigger's option). */
const MISSED_POLLS_LIMIT = 100;

/** The most one device's entry takes: fingerprint, missed count, id, and each field's value (type letter and text), with separators. */
export function maxEntryLength(fieldCount: number): number {
	return FINGERPRINT_LENGTH + 1 + String(MISSED_POLLS_LIMIT).length + 1 + MAX_STORED_TEXT_LENGTH + fieldCount * (2 + MAX_STORED_TEXT_LENGTH) + 1;
}

const megabytesOf = (length: number) => Math.round((length / 1024 / 1024) * 10) / 10;

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

/**
 * A text as stored: escaped, then cut to MAX_STORED_TEXT_LENGTH; a longer one
 * ends in a fingerprint of the whole, so it still differs when the end does.
 * The cut never splits an escape.
 */
function storedText(text: string): string {
	const escaped = escapeText(text);
	if (escaped.length <= MAX_STORED_TEXT_LENGTH) return escaped;
	const mark = `…#${fingerprint(text)}`;
	return escaped.slice(0, MAX_STORED_TEXT_LENGTH - mark.length).replace(/%[0-9a-f]{0,3}$/, '') + mark;
}

/** JSON with the keys of every object sorted: the same value, whatever order its keys came in, is the same text. */
export function canonicalJson(value: unknown): string {
	return JSON.stringify(value, (_key, inner: unknown) =>
		inner !== null && typeof inner === 'object' && !Array.isArray(inner)
			? Object.fromEntries(Object.keys(inner).sort().map((name) => [name, (inner as Record<string, unknown>)[name]]))
			: inner,
	);
}

// Stored values: "~" null, "T"/"F" booleans, "n<number>", "s<text>"; in text, the
// characters that would split an entry or need escaping in JSON are percent-encoded.
// eslint-disable-next-line no-control-regex -- control characters are exactly what JSON would escape
const ESCAPED = /[%|;"\\\u0000-\u001f\u007f\u2028\u2029]/g;
const escapeText = (text: string) => text.replace(ESCAPED, (char) => `%${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
const unescapeText = (text: string) => text.replace(/%([0-9a-f]{4})/g, (_, code: string) => String.fromCharCode(parseInt(code, 16)));

type StoredValue = string | number | boolean | null;

function normalise(value: StoredValue | undefined): StoredValue {
	if (value === undefined || value === null) return null;
	if (typeof value === 'number' && !Number.isFinite(value)) return null;
	return value;
}

function encodeValue(value: StoredValue): string {
	if (value === null) return '~';
	if (typeof value === 'boolean') return value ? 'T' : 'F';
	if (typeof value === 'number') return `n${value}`;
	return `s${storedText(value)}`;
}

function decodeValue(text: string): StoredValue {
	if (text === 'T') return true;
	if (text === 'F') return false;
	if (text.startsWith('n')) return Number(text.slice(1));
	if (text.startsWith('s')) return unescapeText(text.slice(1));
	return null;
}

/** A remembered device as stored: its id and values stay encoded until they are reported. */
interface Remembered {
	missedPolls: number;
	/** Escaped; empty when ids are not remembered. */
	id: string;
	/** The values in the order of `fields`, encoded and joined by "|". */
	encoded: string;
}

interface StoredState {
	key: string;
	/** Undefined in a state written before it was kept. */
	listedAt?: number;
	/** Undefined in a state written before it was kept. */
	largestListing?: number;
	fields: string[];
	devices: Map<string, Remembered>;
}

function readState(staticData: IDataObject): StoredState | undefined {
	const entry = staticData[STATE_ENTRY] as IDataObject | undefined;
	if (!entry || typeof entry.key !== 'string' || typeof entry.devices !== 'string' || !Array.isArray(entry.fields)) return undefined;
	const devices = new Map<string, Remembered>();
	for (const line of entry.devices === '' ? [] : entry.devices.split(';')) {
		// fingerprint|missed|id|values, with empty trailing parts left out
		const afterKey = line.indexOf('|');
		const afterMissed = afterKey === -1 ? -1 : line.indexOf('|', afterKey + 1);
		const afterId = afterMissed === -1 ? -1 : line.indexOf('|', afterMissed + 1);
		devices.set(afterKey === -1 ? line : line.slice(0, afterKey), {
			missedPolls: afterKey === -1 ? 0 : Number(line.slice(afterKey + 1, afterMissed === -1 ? undefined : afterMissed)) || 0,
			id: afterMissed === -1 ? '' : line.slice(afterMissed + 1, afterId === -1 ? undefined : afterId),
			encoded: afterId === -1 ? '' : line.slice(afterId + 1),
		});
	}
	const number = (value: unknown) => (typeof value === 'number' ? value : undefined);
	return { key: entry.key, listedAt: number(entry.listedAt), largestListing: number(entry.largestListing), fields: (entry.fields as unknown[]).map(String), devices };
}

/** Throws StateTooLargeError, before anything is written, when the state would be over MAX_STATE_LENGTH. */
function writeState(staticData: IDataObject, state: StoredState): void {
	const lines = [...state.devices.entries()]
		.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
		.map(([key, device]) => `${key}|${device.missedPolls || ''}|${device.id}|${device.encoded}`.replace(/\|+$/, ''));
	const length = lines.reduce((sum, line) => sum + line.length + 1, 0);
	if (length > MAX_STATE_LENGTH) throw new StateTooLargeError(length, lines.length);
	staticData[STATE_ENTRY] = { key: state.key, listedAt: state.listedAt, largestListing: state.largestListing, fields: state.fields, devices: lines.join(';') };
}

const encodeValues = (fields: string[], values: WatchedValues) => fields.map((field) => encodeValue(normalise(values[field]))).join('|');

function decodeValues(fields: string[], encoded: string): WatchedValues {
	const parts = encoded === '' ? [] : encoded.split('|');
	return Object.fromEntries(fields.map((field, index) => [field, decodeValue(parts[index] ?? '~')]));
}

/**
 * The watched values stored for each device at the last complete listing, by
 * fingerprint; undefined when nothing is stored for this state key yet (the
 * next tracked listing is a baseline).
 */
export function storedValues(staticData: IDataObject, stateKey: string): Map<string, WatchedValues> | undefined {
	const stored = readState(staticData);
	if (stored?.key !== stateKey) return undefined;
	return new Map([...stored.devices].map(([key, known]) => [key, decodeValues(stored.fields, known.encoded)]));
}

/**
 * Compare one complete, successful listing with the stored state, update the
 * state in staticData, report the changes. A different stateKey starts a new
 * baseline. A listing that began before the one the state holds is stale:
 * nothing is reported or written. Throws DuplicateDeviceIdError or
 * StateTooLargeError (state untouched). The state is written only when
 * something in it changed, so n8n has nothing to save after a quiet poll.
 */
export function trackDeviceChanges(
	staticData: IDataObject,
	stateKey: string,
	devices: ObservedDevice[],
	options: TrackingOptions,
): PollChanges {
	const threshold = Math.max(1, Math.floor(options.missedPollsBeforeRemoved));
	const rememberIds = options.rememberIds !== false;

	const listingStartedAt = options.listingStartedAt ?? Date.now();

	const stored = readState(staticData);
	const previous = stored?.key === stateKey ? stored : undefined;
	// A state from the future means the clock went back, not that this listing is older.
	if (previous?.listedAt !== undefined && listingStartedAt < previous.listedAt && previous.listedAt <= Date.now()) {
		return { baseline: false, stale: { listingStartedAt, stateListedAt: previous.listedAt }, added: [], removed: [], changed: [] };
	}
	const fieldSet = new Set<string>(previous?.fields);
	for (const device of devices) for (const field in device.values) fieldSet.add(field);
	const fields = [...fieldSet].sort();
	// Watched fields that were added since the state was written: re-encode what it holds for them.
	if (previous && fields.join('|') !== previous.fields.join('|')) {
		for (const known of previous.devices.values()) known.encoded = encodeValues(fields, decodeValues(previous.fields, known.encoded));
	}

	const next = new Map<string, Remembered>();
	const leavingIds = new Set(options.leaving);
	const left = new Set<string>();
	const changes: PollChanges = { baseline: previous === undefined, added: [], removed: [], changed: [] };
	let stateChanged = !previous || fields.length !== previous.fields.length;
	for (const device of devices) {
		const key = fingerprint(device.id);
		if (next.has(key) || left.has(key)) throw new DuplicateDeviceIdError(device.id);
		const entry: Remembered = { missedPolls: 0, id: rememberIds ? storedText(device.id) : '', encoded: encodeValues(fields, device.values) };
		if (leavingIds.has(device.id)) {
			left.add(key);
			stateChanged = true;
		} else next.set(key, entry);
		if (!previous) continue;
		const known = previous.devices.get(key);
		if (!known) {
			changes.added.push({ id: device.id, values: decodeValues(fields, entry.encoded) });
			stateChanged = true;
		} else if (known.encoded !== entry.encoded) {
			changes.changed.push({ id: device.id, previous: decodeValues(fields, known.encoded), current: decodeValues(fields, entry.encoded) });
			stateChanged = true;
		} else if (known.missedPolls !== 0 || known.id !== entry.id) {
			stateChanged = true;
		}
	}
	const stillMissing: Array<[string, Remembered]> = [];
	const reportRemoved = (key: string, known: Remembered) =>
		changes.removed.push({ id: unescapeText(known.id) || `#${key}`, previous: decodeValues(fields, known.encoded), current: {} });
	for (const [key, known] of previous?.devices ?? []) {
		if (next.has(key) || left.has(key)) continue;
		stateChanged = true;
		const missedPolls = known.missedPolls + 1;
		if (missedPolls < threshold) stillMissing.push([key, { ...known, missedPolls }]);
		else if (options.keepMissing?.has(unescapeText(known.id) || `#${key}`)) stillMissing.push([key, { ...known, missedPolls: threshold - 1 }]);
		else reportRemoved(key, known);
	}
	// Missing devices kept: at most as many as the largest listing (MIN_MISSING_KEPT at least); those missing longest go first.
	const largestListing = Math.max(devices.length, previous?.largestListing ?? previous?.devices.size ?? 0);
	const keep = Math.max(MIN_MISSING_KEPT, largestListing);
	if (stillMissing.length > keep) {
		stillMissing.sort(([keyA, a], [keyB, b]) => a.missedPolls - b.missedPolls || (keyA < keyB ? -1 : 1));
		for (const [key, known] of stillMissing.splice(keep)) reportRemoved(key, known);
	}
	for (const [key, known] of stillMissing) next.set(key, known);

	if (stateChanged) writeState(staticData, { key: stateKey, listedAt: listingStartedAt, largestListing, fields, devices: next });
	return changes;
}
