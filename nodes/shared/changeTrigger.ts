import type { IDataObject, INodeExecutionData, INodeProperties, INodePropertyOptions, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { DeviceChange, ObservedDevice, PollChanges, TrackingOptions, WatchedValues } from './changeTracking';
import { STATE_ENTRY, canonicalJson, trackDeviceChanges, triggerStateKey } from './changeTracking';
import type { RunLimits } from './runLimits';
import { checkInteger } from './validation';

/**
 * What the device change triggers share: the removal option, the manual test
 * run, and turning the tracked changes into items. What is remembered between
 * polls, and how, is changeTracking's.
 */

/** How many devices a manual test run returns, so the user can map fields. */
export const MANUAL_SAMPLE_SIZE = 10;

/** Also the option's limits and default below (the linter wants them written out). */
export const MISSED_POLLS = { min: 1, max: 100, fallback: 2 };

/** The trigger's Options, the same as the Plantronics Inventory Trigger's. */
export const optionsField: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Missed Polls Before Removed',
			name: 'missedPollsBeforeRemoved',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 100 },
			default: 2,
			description:
				'How many complete listings in a row must miss a device before it counts as removed (and is forgotten), so that one empty or short answer does not fire Device Removed and then New Device',
		},
	],
};

/** The Event options every device change trigger offers besides its own change event. */
export const deviceRemovedEvent: INodePropertyOptions = {
	name: 'Device Removed',
	value: 'deviceRemoved',
	description: 'A device missing from the listings of several polls in a row',
};

export const newDeviceEvent: INodePropertyOptions = {
	name: 'New Device',
	value: 'newDevice',
	description: 'A device that was not listed at the previous poll',
};

/** Which part of the tracked changes an event fires on. */
export type ChangeKind = 'added' | 'removed' | 'changed' | 'reassigned';

export const deviceReassignedEvent: INodePropertyOptions = {
	name: 'Device Reassigned',
	value: 'deviceReassigned',
	description: 'A device that moved from one of the listed users to another',
};

export interface ListedDevice {
	id: string;
	/** The values the event watches (for removals: what identifies the device once it is gone). */
	values: WatchedValues;
	/** The device as the vendor listed it: the item that fires. */
	record: IDataObject;
	/** The user whose listing holds the device, for a trigger that lists devices user by user. */
	owner?: string;
}

export interface ChangePoll {
	event: string;
	kind: ChangeKind;
	/** Everything else the trigger watches (server, user, scope, users, fields): another value starts a new baseline. */
	watching: unknown[];
	/** The complete listing of this poll. */
	devices: ListedDevice[];
	/** The poll's limits: when it began listing tells a stale poll (see changeTracking); look-ups keep within its time budget. */
	run: RunLimits;
	/**
	 * The item field that names the user a device was listed under (`user_id`, `user`),
	 * for a trigger that lists devices user by user: every item carries it, and
	 * `previous` carries the user before for a change.
	 */
	ownerField?: string;
	/** The item of a removed device, of which only its id and its last watched values are known. */
	removedItem(id: string, previous: WatchedValues): IDataObject;
	/**
	 * Asks the vendor whether a device missing from the listings still exists
	 * (it only left what the trigger lists): true or false; throws when the
	 * answer cannot tell. Without it, a missing device counts as removed.
	 */
	stillExists?(id: string): Promise<boolean>;
}

/**
 * Devices missing from the listings are looked up one by one before Device
 * Removed fires: at most `perPoll` per poll, `concurrency` at a time, none
 * started after `timeMs` from the first, nor once less than `budgetMarginMs`
 * is left of the poll's time budget (RunLimits). Those not looked up (or
 * whose look-up failed) wait for the next poll.
 */
export const REMOVAL_CHECKS = { perPoll: 50, concurrency: 4, timeMs: 10_000, budgetMarginMs: 5_000 };

/** Turns a listed value into one that can be stored and compared: text, number, boolean or null. */
export function watchedValue(value: unknown): WatchedValues[string] {
	if (value === undefined || value === null) return null;
	if (typeof value === 'string' || typeof value === 'boolean') return value;
	if (typeof value === 'number') return Number.isFinite(value) ? value : null;
	return canonicalJson(value);
}

export function readMissedPolls(context: IPollFunctions): number {
	const value = context.getNodeParameter('options.missedPollsBeforeRemoved', MISSED_POLLS.fallback) as unknown;
	return checkInteger(context.getNode(), value, 'Missed Polls Before Removed', MISSED_POLLS);
}

/** What is stored for a device: a reassignment watches its user alone; the other events also keep it, to report it. */
function trackedValues(poll: ChangePoll, device: ListedDevice): WatchedValues {
	if (!poll.ownerField || poll.kind === 'added') return device.values;
	const owner = { [poll.ownerField]: device.owner ?? null };
	return poll.kind === 'reassigned' ? owner : { ...device.values, ...owner };
}

/** The item of a listed device: its record, with the user it was listed under. */
function itemOf(poll: ChangePoll, device: ListedDevice): IDataObject {
	return poll.ownerField ? { ...device.record, [poll.ownerField]: device.owner ?? null } : device.record;
}

/** Whether a change is one the event fires on: Device Changed does not fire when only the user changed. */
function firesOn(poll: ChangePoll, change: DeviceChange): boolean {
	if (poll.kind !== 'changed' || !poll.ownerField) return true;
	return Object.keys(change.current).some((field) => field !== poll.ownerField && change.current[field] !== change.previous[field]);
}

/** Looks up the devices missing from the listings: which are gone, and which could not be looked up. */
async function checkRemovals(context: IPollFunctions, poll: ChangePoll, candidates: DeviceChange[]) {
	const gone: DeviceChange[] = [];
	const unsure = new Set(candidates.slice(REMOVAL_CHECKS.perPoll).map((change) => change.id));
	const queue = candidates.slice(0, REMOVAL_CHECKS.perPoll);
	const stopAt = Date.now() + REMOVAL_CHECKS.timeMs;
	let failures = 0;
	const worker = async () => {
		for (let change = queue.shift(); change; change = queue.shift()) {
			if (Date.now() > stopAt || poll.run.remainingMs() < REMOVAL_CHECKS.budgetMarginMs) {
				unsure.add(change.id);
				continue;
			}
			try {
				if (!(await poll.stillExists!(change.id))) gone.push(change);
			} catch {
				failures++;
				unsure.add(change.id);
			}
		}
	};
	await Promise.all(Array.from({ length: REMOVAL_CHECKS.concurrency }, worker));
	if (unsure.size > 0) {
		context.logger.warn(
			`${unsure.size} device(s) missing from the listing wait for the next poll: ${failures} look-up(s) failed, the others were not looked up within this poll's limits`,
		);
	}
	// In the order of the state, whatever order the look-ups finished in.
	const order = new Map(candidates.map((change, index) => [change.id, index]));
	gone.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
	return { gone, unsure };
}

function compare(context: IPollFunctions, staticData: IDataObject, stateKey: string, devices: ObservedDevice[], options: TrackingOptions) {
	try {
		return trackDeviceChanges(staticData, stateKey, devices, options);
	} catch (error) {
		throw new NodeOperationError(context.getNode(), (error as Error).message, {
			description: (error as { description?: string }).description ?? 'Nothing was fired and the stored state is unchanged.',
		});
	}
}

/** Up to MANUAL_SAMPLE_SIZE current devices, each in the shape the event fires. */
function sampleItems(poll: ChangePoll): IDataObject[] {
	return poll.devices.slice(0, MANUAL_SAMPLE_SIZE).map((device) => {
		if (poll.kind === 'added') return itemOf(poll, device);
		const values = trackedValues(poll, device);
		if (poll.kind === 'removed') return poll.removedItem(device.id, values);
		return { ...itemOf(poll, device), previous: values };
	});
}

/**
 * The items one poll fires. A manual test run returns up to MANUAL_SAMPLE_SIZE
 * current devices in the shape the event fires, and leaves the state alone;
 * the first poll for what the trigger watches records a baseline and fires
 * nothing. Called only once the listing is complete, so a failed poll never
 * reaches the state. Device Removed fires only for a device the vendor no
 * longer has (when the trigger can look one up): one that only left the
 * listings is forgotten.
 */
export async function changeItems(context: IPollFunctions, poll: ChangePoll, missedPollsBeforeRemoved: number): Promise<INodeExecutionData[][] | null> {
	const toItems = (records: IDataObject[]) => (records.length ? [records.map((json) => ({ json }))] : null);
	if (context.getMode() === 'manual') return toItems(sampleItems(poll));

	const stateKey = triggerStateKey([poll.event, ...poll.watching]);
	const staticData = context.getWorkflowStaticData('node');
	const observed = poll.devices.map((device) => ({ id: device.id, values: trackedValues(poll, device) }));
	// Only removals are reported by their id alone; the other events take ids from the listing.
	const options: TrackingOptions = { missedPollsBeforeRemoved, rememberIds: poll.kind === 'removed', listingStartedAt: poll.run.startedAt };
	const quiet = (changes: PollChanges) => {
		if (changes.stale) logStalePoll(context, changes.stale);
		return changes.stale !== undefined || changes.baseline;
	};

	if (poll.kind === 'removed' && poll.stillExists) {
		// Compared on a copy first: a removal that cannot be confirmed yet must stay in the state.
		const scratch: IDataObject = { ...staticData };
		const first = compare(context, scratch, stateKey, observed, options);
		if (first.stale || first.baseline || first.removed.length === 0) {
			if (!first.stale && scratch[STATE_ENTRY] !== staticData[STATE_ENTRY]) staticData[STATE_ENTRY] = scratch[STATE_ENTRY];
			quiet(first);
			return null;
		}
		const { gone, unsure } = await checkRemovals(context, poll, first.removed);
		// Compared again on the stored state, which a later poll may have replaced during the look-ups.
		const second = compare(context, staticData, stateKey, observed, { ...options, keepMissing: unsure });
		if (quiet(second)) return null;
		const goneIds = new Set(gone.map((change) => change.id));
		return toItems(second.removed.filter((change) => goneIds.has(change.id)).map((change) => poll.removedItem(change.id, change.previous)));
	}

	const changes = compare(context, staticData, stateKey, observed, options);
	if (quiet(changes)) return null;
	if (poll.kind === 'removed') return toItems(changes.removed.map((change) => poll.removedItem(change.id, change.previous)));
	const listed = new Map(poll.devices.map((device) => [device.id, device]));
	const item = (id: string) => {
		const device = listed.get(id);
		return device ? itemOf(poll, device) : {};
	};
	if (poll.kind === 'added') return toItems(changes.added.map((device) => item(device.id)));
	return toItems(changes.changed.filter((change) => firesOn(poll, change)).map((change) => ({ ...item(change.id), previous: change.previous })));
}

/** A poll that another, later one overtook: it fired nothing, and says why in n8n's log. */
export function logStalePoll(context: IPollFunctions, stale: NonNullable<PollChanges['stale']>): void {
	context.logger.info(
		`${context.getNode().name}: this poll's listing began at ${new Date(stale.listingStartedAt).toISOString()}, before that of the state a later poll stored (${new Date(stale.stateListedAt).toISOString()}); it fired nothing and left the state as it was`,
	);
}
