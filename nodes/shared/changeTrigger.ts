import type { IDataObject, INodeExecutionData, INodeProperties, INodePropertyOptions, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { WatchedValues } from './changeTracking';
import { canonicalJson, trackDeviceChanges, triggerStateKey } from './changeTracking';
import type { PollChanges } from './changeTracking';
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
export type ChangeKind = 'added' | 'removed' | 'changed';

export interface ListedDevice {
	id: string;
	/** The values the event watches (for removals: what identifies the device once it is gone). */
	values: WatchedValues;
	/** The device as the vendor listed it: the item that fires. */
	record: IDataObject;
}

export interface ChangePoll {
	event: string;
	kind: ChangeKind;
	/** Everything else the trigger watches (server, user, scope, users, fields): another value starts a new baseline. */
	watching: unknown[];
	/** The complete listing of this poll. */
	devices: ListedDevice[];
	/** The poll's limits: when it began listing tells a stale poll (see changeTracking). */
	run: RunLimits;
	/** The item of a removed device, of which only its id and its last watched values are known. */
	removedItem(id: string, previous: WatchedValues): IDataObject;
}

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

/**
 * The items one poll fires. A manual test run returns up to MANUAL_SAMPLE_SIZE
 * current devices and leaves the state alone; the first poll for what the
 * trigger watches records a baseline and fires nothing. Called only once the
 * listing is complete, so a failed poll never reaches the state.
 */
export function changeItems(context: IPollFunctions, poll: ChangePoll, missedPollsBeforeRemoved: number): INodeExecutionData[][] | null {
	const toItems = (records: IDataObject[]) => (records.length ? [records.map((json) => ({ json }))] : null);
	if (context.getMode() === 'manual') return toItems(poll.devices.slice(0, MANUAL_SAMPLE_SIZE).map((device) => device.record));

	const stateKey = triggerStateKey([poll.event, ...poll.watching]);
	const staticData = context.getWorkflowStaticData('node');
	let changes;
	try {
		changes = trackDeviceChanges(
			staticData,
			stateKey,
			poll.devices.map(({ id, values }) => ({ id, values })),
			// Only removals are reported by their id alone; the other events take ids from the listing.
			{ missedPollsBeforeRemoved, rememberIds: poll.kind === 'removed', listingStartedAt: poll.run.startedAt },
		);
	} catch (error) {
		throw new NodeOperationError(context.getNode(), (error as Error).message, {
			description: (error as { description?: string }).description ?? 'Nothing was fired and the stored state is unchanged.',
		});
	}
	if (changes.stale) {
		logStalePoll(context, changes.stale);
		return null;
	}
	if (changes.baseline) return null;

	if (poll.kind === 'removed') return toItems(changes.removed.map((change) => poll.removedItem(change.id, change.previous)));
	const records = new Map(poll.devices.map((device) => [device.id, device.record]));
	if (poll.kind === 'added') return toItems(changes.added.map((device) => records.get(device.id) ?? {}));
	return toItems(changes.changed.map((change) => ({ ...records.get(change.id), previous: change.previous })));
}

/** A poll that another, later one overtook: it fired nothing, and says why in n8n's log. */
export function logStalePoll(context: IPollFunctions, stale: NonNullable<PollChanges['stale']>): void {
	context.logger.info(
		`${context.getNode().name}: this poll's listing began at ${new Date(stale.listingStartedAt).toISOString()}, before that of the state a later poll stored (${new Date(stale.stateListedAt).toISOString()}); it fired nothing and left the state as it was`,
	);
}
