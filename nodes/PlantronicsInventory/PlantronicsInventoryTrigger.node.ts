import type {
	IDataObject,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { parseUserGroups } from './helpers/userGroups';
import { simplifyDevice } from './helpers/simplify';
import { inputError } from '../shared/errors';
import { PLANTRONICS_REGION_HOSTS } from '../shared/regions';
import type { ObservedDevice, PollChanges, WatchedValues } from '../shared/changeTracking';
import { DuplicateDeviceIdError, fingerprint, storedValues, trackDeviceChanges, triggerStateKey } from '../shared/changeTracking';
import { MANUAL_SAMPLE_SIZE, logStalePoll, optionsField, readMissedPolls } from '../shared/changeTrigger';
import { MAX_PARALLEL_REQUESTS } from '../shared/paging';
import { startPoll } from '../shared/runLimits';
import type { RunLimits } from '../shared/runLimits';
import { baseUrlFromCredential, checkInteger, checkOption, pathSegment } from '../shared/validation';
import { TRIGGER_PARALLEL_REQUESTS, parallelRequestsOption } from './helpers/parallelRequests';
import type { DeviceScope, InventoryDevice } from './transport';
import { CREDENTIAL_TYPE, MAX_PAGE_SIZE, listDevices } from './transport';
import { plantronicsManagerProApiTest } from './transport/credentialTest';

const EVENTS = ['deviceAssigned', 'deviceReassigned', 'deviceRemoved', 'deviceUnassigned', 'newDevice', 'nonCompliantDevice'] as const;
type TriggerEvent = (typeof EVENTS)[number];
const SCOPES = ['tenant', 'user', 'userGroup'] as const;

type WatchedField = 'versionCompliant' | 'lastSeenUser' | 'userMissing' | 'displayId';

/**
 * What each event remembers of a device (named as in the simplified record),
 * and whether it needs the ids of devices that are gone. `userMissing` counts
 * the listings in a row that named no user for a device that had one.
 */
const WATCHED: Record<TriggerEvent, { fields: WatchedField[]; rememberIds: boolean }> = {
	newDevice: { fields: [], rememberIds: false },
	nonCompliantDevice: { fields: ['versionCompliant'], rememberIds: false },
	deviceAssigned: { fields: ['lastSeenUser', 'userMissing'], rememberIds: false },
	deviceReassigned: { fields: ['lastSeenUser', 'userMissing'], rememberIds: false },
	deviceUnassigned: { fields: ['lastSeenUser', 'userMissing'], rememberIds: false },
	deviceRemoved: { fields: ['displayId', 'lastSeenUser'], rememberIds: true },
};

/** Events that report on devices leaving a listing: in a user's or group's listing, the tenant listing says where one went. */
const FOLLOWS_DEPARTURES: ReadonlySet<TriggerEvent> = new Set(['deviceReassigned', 'deviceRemoved', 'deviceUnassigned']);

const EVENT_SUBTITLES: Record<TriggerEvent, string> = {
	deviceAssigned: 'On device assigned',
	deviceReassigned: 'On device reassigned',
	deviceRemoved: 'On device removed',
	deviceUnassigned: 'On device unassigned',
	newDevice: 'On new device',
	nonCompliantDevice: 'On non-compliant device',
};

export class PlantronicsInventoryTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Plantronics Inventory Trigger',
		name: 'plantronicsInventoryTrigger',
		icon: { light: 'file:plantronics.svg', dark: 'file:plantronics.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: `={{ ${JSON.stringify(EVENT_SUBTITLES)}[$parameter["event"]] }}`,
		// n8n's node picker shows a trigger's description on the entry it shares with the action node.
		description:
			'List the headsets of Plantronics Manager Pro (Poly) by tenant, user or user group, or start a workflow when one falls out of firmware compliance, appears, changes user or disappears',
		defaults: { name: 'Plantronics Inventory Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'plantronicsManagerProApi', required: true, testedBy: 'plantronicsManagerProApiTest' }],
		properties: [
			{
				displayName: 'Event',
				name: 'event',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Device Assigned',
						value: 'deviceAssigned',
						description:
							"A device seen before without a last-seen user that now has one; the item carries 'previous' (user null). Watches the whole tenant: a user's or group's listing holds only devices that have a user.",
					},
					{
						name: 'Device Reassigned',
						value: 'deviceReassigned',
						description:
							"A device whose last-seen user changed from one user to another, also when it left the watched user's or group's listing; the item carries the previous user under 'previous'",
					},
					{
						name: 'Device Removed',
						value: 'deviceRemoved',
						description:
							'A device the tenant no longer lists, several polls in a row (Options > Missed Polls Before Removed); one that only left the watched user or group does not count',
					},
					{
						name: 'Device Unassigned',
						value: 'deviceUnassigned',
						description:
							"A device that had a last-seen user and has none, several polls in a row (Options > Missed Polls Before Removed); the item carries the previous user under 'previous'",
					},
					{
						name: 'New Device',
						value: 'newDevice',
						description: 'A device ID not seen before in the watched listing (or forgotten since it was removed or left it)',
					},
					{
						name: 'Non-Compliant Device',
						value: 'nonCompliantDevice',
						description: 'A device whose last known firmware compliance was not non-compliant and now is',
					},
				],
				default: 'nonCompliantDevice',
			},
			{
				displayName: 'Scope',
				name: 'scope',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'One User', value: 'user' },
					{ name: 'User Groups', value: 'userGroup' },
					{ name: 'Whole Tenant', value: 'tenant' },
				],
				default: 'tenant',
				description: 'Which devices to watch',
			},
			{
				displayName: 'Username',
				name: 'username',
				type: 'string',
				required: true,
				default: '',
				displayOptions: { show: { scope: ['user'] } },
			},
			{
				displayName: 'User Groups',
				name: 'userGroups',
				type: 'string',
				required: true,
				default: '',
				placeholder: 'Sales,Support',
				description: 'User groups to watch, separated by commas',
				displayOptions: { show: { scope: ['userGroup'] } },
			},
			{
				displayName: 'Simplify',
				name: 'simplify',
				type: 'boolean',
				default: false,
				description: 'Whether to return a flat, readable record per device instead of the full nested one',
			},
			{ ...optionsField, options: [...(optionsField.options ?? []), parallelRequestsOption(TRIGGER_PARALLEL_REQUESTS)] },
		],
	};

	methods = { credentialTest: { plantronicsManagerProApiTest } };

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const run = startPoll(this);
		const node = this.getNode();
		const event = checkOption(node, this.getNodeParameter('event', 'nonCompliantDevice'), 'Event', EVENTS);
		const scope = readScope(this);
		if (event === 'deviceAssigned' && scope.kind !== 'tenant') {
			throw inputError(
				node,
				'"Device Assigned" needs the Scope "Whole Tenant"',
				"A user's or group's listing holds only devices that already have a user, so it never sees one get its first user. To start on a headset that arrives at a user or group, choose the Event \"New Device\" with that Scope.",
			);
		}
		const simplify = this.getNodeParameter('simplify', false) === true;
		const missedPollsBeforeRemoved = readMissedPolls(this);
		const parallelRequests = checkInteger(node, this.getNodeParameter('options.parallelRequests', TRIGGER_PARALLEL_REQUESTS), 'Parallel Requests', {
			min: 1,
			max: MAX_PARALLEL_REQUESTS,
		});
		const stateKey = await readStateKey(this, event, scope);

		const listing = { parallelRequests, run };
		const devices = await listInventory(this, scope, listing);
		const toItem = (record: InventoryDevice, previous?: WatchedValues): INodeExecutionData => ({
			json: { ...(simplify ? simplifyDevice(record) : record), ...(previous ? { previous } : {}) } as IDataObject,
		});

		// A manual test run shows current devices in the shape the event fires, and leaves the state alone.
		if (this.getMode() === 'manual') {
			const items = sampleItems(event, devices, simplify, toItem);
			return items.length ? [items] : null;
		}

		const staticData = this.getWorkflowStaticData('node');
		const stored = storedValues(staticData, stateKey);
		const merge = (record: InventoryDevice) => {
			const id = String(record.device.id);
			return { id, values: mergeUnknown(observe(record, event).values, stored?.get(fingerprint(id)), missedPollsBeforeRemoved) };
		};
		const observed = devices.map(merge);
		const recordById = new Map(devices.map((record) => [String(record.device.id), record]));

		// A known device that left a user's or group's listing: the tenant listing tells whether it has another
		// user, none, still this one (a short answer), or is gone (a missed poll, as in a tenant listing).
		const leaving: string[] = [];
		const listed = new Set(observed.map((device) => fingerprint(device.id)));
		const departed = stored && scope.kind !== 'tenant' && FOLLOWS_DEPARTURES.has(event) ? [...stored.keys()].filter((key) => !listed.has(key)) : [];
		if (departed.length > 0) {
			const wanted = new Set(departed);
			for (const record of await listInventory(this, { kind: 'tenant' }, listing)) {
				const id = String(record.device.id);
				if (!wanted.has(fingerprint(id))) continue;
				const device = merge(record);
				observed.push(device);
				recordById.set(id, record);
				// Still this scope's after all, or a user missing from this answer only (kept until it is missing long enough).
				const userPending = 'userMissing' in device.values && device.values.lastSeenUser !== null && userOf(record) === null;
				const stillHere = inScope(record, scope) || userPending;
				if (!stillHere) leaving.push(id);
			}
		}

		// Everything that can fail has run: only now is the stored state changed.
		let changes: PollChanges;
		try {
			changes = trackDeviceChanges(staticData, stateKey, observed, {
				missedPollsBeforeRemoved,
				rememberIds: WATCHED[event].rememberIds,
				listingStartedAt: run.startedAt,
				leaving,
			});
		} catch (error) {
			if (error instanceof DuplicateDeviceIdError) {
				throw new NodeOperationError(node, `Plantronics Manager Pro listed the device ID "${error.deviceId.slice(0, 100)}" twice in one poll`, {
					description: 'The trigger tells devices apart by "device.id". Nothing was fired and the stored state is unchanged; contact Poly support about the records.',
				});
			}
			throw new NodeOperationError(node, (error as Error).message, { description: (error as { description?: string }).description });
		}
		if (changes.stale) {
			logStalePoll(this, changes.stale);
			return null;
		}
		// State written by earlier versions of this trigger (a string of fingerprints).
		if ('seen' in staticData) {
			delete staticData.key;
			delete staticData.seen;
		}

		if (changes.baseline || changes.added.length + changes.changed.length + changes.removed.length === 0) return null;
		const items = firedItems(event, changes, recordById, toItem, simplify);
		return items.length ? [items] : null;
	}
}

/** One complete listing, every record with an ID. */
async function listInventory(context: IPollFunctions, scope: DeviceScope, listing: { parallelRequests: number; run: RunLimits }): Promise<InventoryDevice[]> {
	const devices = await listDevices.call(context, { scope, filters: {}, pageSize: MAX_PAGE_SIZE, ...listing });
	requireIds(context, devices);
	return devices;
}

/** The previous values an item shows for a change no earlier poll saw: a test run's sample. */
const UNKNOWN_PREVIOUS: Partial<Record<TriggerEvent, WatchedValues>> = {
	nonCompliantDevice: { versionCompliant: null },
	deviceAssigned: { lastSeenUser: null },
	deviceReassigned: { lastSeenUser: null },
	deviceUnassigned: { lastSeenUser: null },
};

/** Up to MANUAL_SAMPLE_SIZE current devices, in the shape the event fires (previous values unknown: null). */
function sampleItems(
	event: TriggerEvent,
	devices: InventoryDevice[],
	simplify: boolean,
	toItem: (record: InventoryDevice, previous?: WatchedValues) => INodeExecutionData,
): INodeExecutionData[] {
	const fitting: Partial<Record<TriggerEvent, (record: InventoryDevice) => boolean>> = {
		nonCompliantDevice: (record) => record.device.versionCompliant === false,
		deviceAssigned: (record) => userOf(record) !== null,
		deviceReassigned: (record) => userOf(record) !== null,
		deviceUnassigned: (record) => userOf(record) === null,
	};
	const matching = fitting[event] ? devices.filter(fitting[event]) : devices;
	// Unassigned devices may be few: the shape matters more than the values, so any device fills in.
	const sample = (matching.length || event !== 'deviceUnassigned' ? matching : devices).slice(0, MANUAL_SAMPLE_SIZE);
	if (event === 'deviceRemoved') return sample.map((record) => removedItem(observe(record, event), simplify));
	return sample.map((record) => toItem(record, UNKNOWN_PREVIOUS[event]));
}

/** The user a record names, or null when it names none. */
function userOf(record: InventoryDevice): string | null {
	const username = (record.lastSeen as IDataObject | undefined)?.username;
	return typeof username === 'string' && username.trim() !== '' ? username : null;
}

/** Whether a record from the tenant listing belongs in the watched user's or groups' listing (names compared case-insensitively). */
function inScope(record: InventoryDevice, scope: DeviceScope): boolean {
	if (scope.kind === 'tenant') return true;
	const lastSeen = record.lastSeen as IDataObject | undefined;
	if (scope.kind === 'user') return userOf(record)?.toLowerCase() === scope.username.toLowerCase();
	const groups = Array.isArray(lastSeen?.userGroups) ? (lastSeen.userGroups as unknown[]).map((group) => String(group).toLowerCase()) : [];
	return parseUserGroups(scope.userGroups).some((group) => groups.includes(group.toLowerCase()));
}

/**
 * What one answer leaves out is unknown, not a change: a missing
 * versionCompliant keeps the last known one; a missing user keeps the last
 * one until `missedPolls` listings in a row named none (the same tolerance as
 * for a device missing from a listing), or for good where user changes do not
 * fire (Device Removed).
 */
function mergeUnknown(current: WatchedValues, previous: WatchedValues | undefined, missedPolls: number): WatchedValues {
	const values = { ...current };
	if ('versionCompliant' in values && values.versionCompliant === null && previous) values.versionCompliant = previous.versionCompliant ?? null;
	if ('userMissing' in values) {
		const before = previous?.lastSeenUser ?? null;
		if (values.lastSeenUser !== null || before === null) values.userMissing = 0;
		else {
			const missing = Number(previous?.userMissing ?? 0) + 1;
			values.lastSeenUser = missing < missedPolls ? before : null;
			values.userMissing = missing < missedPolls ? missing : 0;
		}
	} else if ('lastSeenUser' in values && values.lastSeenUser === null && previous) {
		// A removal names the last user the trigger knew.
		values.lastSeenUser = previous.lastSeenUser ?? null;
	}
	return values;
}

function firedItems(
	event: TriggerEvent,
	changes: PollChanges,
	recordById: Map<string, InventoryDevice>,
	toItem: (record: InventoryDevice, previous?: WatchedValues) => INodeExecutionData,
	simplify: boolean,
): INodeExecutionData[] {
	const record = (id: string) => recordById.get(id) as InventoryDevice;
	const userChanges = (fires: (before: WatchedValues[string], after: WatchedValues[string]) => boolean) =>
		changes.changed
			.filter((change) => change.previous.lastSeenUser !== change.current.lastSeenUser && fires(change.previous.lastSeenUser, change.current.lastSeenUser))
			.map((change) => toItem(record(change.id), { lastSeenUser: change.previous.lastSeenUser }));
	switch (event) {
		case 'newDevice':
			return changes.added.map((device) => toItem(record(device.id)));
		case 'nonCompliantDevice':
			// A device not known before fires when it is non-compliant; a known one when it turns so.
			return [
				...changes.added.filter((device) => device.values.versionCompliant === false).map((device) => toItem(record(device.id), { versionCompliant: null })),
				...changes.changed
					.filter((change) => change.previous.versionCompliant !== false && change.current.versionCompliant === false)
					.map((change) => toItem(record(change.id), change.previous)),
			];
		case 'deviceAssigned':
			return userChanges((before) => before === null);
		case 'deviceReassigned':
			return userChanges((before, after) => before !== null && after !== null);
		case 'deviceUnassigned':
			return userChanges((_, after) => after === null);
		case 'deviceRemoved':
			return changes.removed.map((change) => removedItem({ id: change.id, values: change.previous }, simplify));
	}
}

/** A device that is gone: what the trigger remembered of it, in the shape of the record. */
function removedItem(device: ObservedDevice, simplify: boolean): INodeExecutionData {
	const { displayId, lastSeenUser } = device.values;
	const json: IDataObject = simplify
		? { id: device.id, displayId, lastSeenUser }
		: { device: { id: device.id, displayId }, lastSeen: { username: lastSeenUser } };
	return { json };
}

const asWatched = (value: unknown) => (typeof value === 'string' || typeof value === 'boolean' || typeof value === 'number' ? value : null);

function observe(record: InventoryDevice, event: TriggerEvent): ObservedDevice {
	const known: Record<WatchedField, unknown> = {
		versionCompliant: record.device.versionCompliant,
		lastSeenUser: userOf(record),
		userMissing: 0,
		displayId: record.device.displayId,
	};
	const values: WatchedValues = {};
	for (const field of WATCHED[event].fields) values[field] = asWatched(known[field]);
	return { id: String(record.device.id), values };
}

/**
 * What the trigger watches: the credential's tenant and where it points,
 * the scope and the event. Changing any of them starts a new baseline.
 */
async function readStateKey(context: IPollFunctions, event: TriggerEvent, scope: DeviceScope): Promise<string> {
	const credentials = await context.getCredentials(CREDENTIAL_TYPE);
	const scopeParts = scope.kind === 'userGroup' ? [scope.kind, [...parseUserGroups(scope.userGroups)].sort()] : scope.kind === 'user' ? [scope.kind, scope.username] : [scope.kind];
	return triggerStateKey([
		'plantronicsInventoryTrigger',
		String(credentials.tenantApiCode ?? '').trim().toLowerCase(),
		credentials.region ?? null,
		baseUrlFromCredential(credentials, PLANTRONICS_REGION_HOSTS) ?? null,
		scopeParts,
		event,
		WATCHED[event].fields,
	]);
}

/** Devices are told apart by id: records without one could not be. */
function requireIds(context: IPollFunctions, devices: InventoryDevice[]): void {
	const index = devices.findIndex(({ device }) => typeof device.id !== 'string' || device.id.trim() === '');
	if (index === -1) return;
	const displayId = devices[index].device.displayId;
	throw new NodeOperationError(
		context.getNode(),
		`Plantronics Manager Pro sent device ${index + 1} of ${devices.length} without an ID${typeof displayId === 'string' ? ` (display ID ${displayId})` : ''}`,
		{ description: 'The trigger tells devices apart by "device.id". Nothing was fired and the stored state is unchanged; contact Poly support about the record.' },
	);
}

function readScope(context: IPollFunctions): DeviceScope {
	const kind = checkOption(context.getNode(), context.getNodeParameter('scope', 'tenant'), 'Scope', SCOPES);
	if (kind === 'tenant') return { kind };
	const parameter = kind === 'user' ? 'username' : 'userGroups';
	const label = kind === 'user' ? 'Username' : 'User Groups';
	const value = context.getNodeParameter(parameter, '') as unknown;
	const text = typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '';
	if (text === '') {
		throw inputError(context.getNode(), `"${label}" is required`, `Fill in "${label}" or choose another Scope.`);
	}
	if (kind === 'user') {
		pathSegment(context, text, label);
		return { kind, username: text };
	}
	const groups = parseUserGroups(text);
	if (groups.length === 0) throw inputError(context.getNode(), '"User Groups" names no group', 'Give one or more user group names, separated by commas.');
	return { kind, userGroups: groups.join(',') };
}
