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
import { DuplicateDeviceIdError, trackDeviceChanges, triggerStateKey } from '../shared/changeTracking';
import { MANUAL_SAMPLE_SIZE, logStalePoll, optionsField, readMissedPolls } from '../shared/changeTrigger';
import { MAX_PARALLEL_REQUESTS } from '../shared/paging';
import { startPoll } from '../shared/runLimits';
import { baseUrlFromCredential, checkInteger, checkOption, pathSegment } from '../shared/validation';
import { TRIGGER_PARALLEL_REQUESTS, parallelRequestsOption } from './helpers/parallelRequests';
import type { DeviceScope, InventoryDevice } from './transport';
import { CREDENTIAL_TYPE, MAX_PAGE_SIZE, listDevices } from './transport';
import { plantronicsManagerProApiTest } from './transport/credentialTest';

const EVENTS = ['deviceReassigned', 'deviceRemoved', 'newDevice', 'nonCompliantDevice'] as const;
type TriggerEvent = (typeof EVENTS)[number];
const SCOPES = ['tenant', 'user', 'userGroup'] as const;

/**
 * What each event remembers of a device (named as in the simplified record),
 * and whether it needs the ids of devices that are gone.
 */
const WATCHED: Record<TriggerEvent, { fields: Array<'versionCompliant' | 'lastSeenUser' | 'displayId'>; rememberIds: boolean }> = {
	newDevice: { fields: [], rememberIds: false },
	nonCompliantDevice: { fields: ['versionCompliant'], rememberIds: false },
	deviceReassigned: { fields: ['lastSeenUser'], rememberIds: false },
	deviceRemoved: { fields: ['displayId', 'lastSeenUser'], rememberIds: true },
};

export class PlantronicsInventoryTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Plantronics Inventory Trigger',
		name: 'plantronicsInventoryTrigger',
		icon: { light: 'file:plantronics.svg', dark: 'file:plantronics.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle:
			'={{ { nonCompliantDevice: "On non-compliant device", newDevice: "On new device", deviceReassigned: "On device reassigned", deviceRemoved: "On device removed" }[$parameter["event"]] }}',
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
						name: 'Device Reassigned',
						value: 'deviceReassigned',
						description: "A device whose last-seen user changed; the item carries the previous user under 'previous'",
					},
					{
						name: 'Device Removed',
						value: 'deviceRemoved',
						description: 'A device missing from the list on several polls in a row (Options > Missed Polls Before Removed)',
					},
					{
						name: 'New Device',
						value: 'newDevice',
						description: 'A device ID not seen before (or forgotten since it was removed)',
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
		const simplify = this.getNodeParameter('simplify', false) === true;
		const missedPollsBeforeRemoved = readMissedPolls(this);
		const parallelRequests = checkInteger(node, this.getNodeParameter('options.parallelRequests', TRIGGER_PARALLEL_REQUESTS), 'Parallel Requests', {
			min: 1,
			max: MAX_PARALLEL_REQUESTS,
		});
		const stateKey = await readStateKey(this, event, scope);

		const devices = await listDevices.call(this, { scope, filters: {}, pageSize: MAX_PAGE_SIZE, parallelRequests, run });
		requireIds(this, devices);
		const observed = devices.map((record) => observe(record, event));
		const toItem = (record: InventoryDevice, previous?: WatchedValues): INodeExecutionData => ({
			json: { ...(simplify ? simplifyDevice(record) : record), ...(previous ? { previous } : {}) } as IDataObject,
		});

		// A manual test run shows current devices in the shape the event fires, and leaves the state alone.
		if (this.getMode() === 'manual') {
			const matching = event === 'nonCompliantDevice' ? devices.filter((record) => record.device.versionCompliant === false) : devices;
			const sample = matching.slice(0, MANUAL_SAMPLE_SIZE);
			const items = sample.map((record) => (event === 'deviceRemoved' ? removedItem(observe(record, event), simplify) : toItem(record)));
			return items.length ? [items] : null;
		}

		// Everything that can fail has run: only now is the stored state changed.
		const staticData = this.getWorkflowStaticData('node');
		let changes: PollChanges;
		try {
			changes = trackDeviceChanges(staticData, stateKey, observed, {
				missedPollsBeforeRemoved,
				rememberIds: WATCHED[event].rememberIds,
				listingStartedAt: run.startedAt,
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
		const recordById = new Map(devices.map((record) => [String(record.device.id), record]));
		const items = firedItems(event, changes, recordById, toItem, simplify);
		return items.length ? [items] : null;
	}
}

function firedItems(
	event: TriggerEvent,
	changes: PollChanges,
	recordById: Map<string, InventoryDevice>,
	toItem: (record: InventoryDevice, previous?: WatchedValues) => INodeExecutionData,
	simplify: boolean,
): INodeExecutionData[] {
	const record = (id: string) => recordById.get(id) as InventoryDevice;
	switch (event) {
		case 'newDevice':
			return changes.added.map((device) => toItem(record(device.id)));
		case 'nonCompliantDevice':
			// A device not known before fires when it is non-compliant; a known one when it turns so.
			return [
				...changes.added.filter((device) => device.values.versionCompliant === false).map((device) => toItem(record(device.id))),
				...changes.changed
					.filter((change) => change.previous.versionCompliant !== false && change.current.versionCompliant === false)
					.map((change) => toItem(record(change.id), change.previous)),
			];
		case 'deviceReassigned':
			return changes.changed.map((change) => toItem(record(change.id), change.previous));
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
	const known: Record<(typeof WATCHED)[TriggerEvent]['fields'][number], unknown> = {
		versionCompliant: record.device.versionCompliant,
		lastSeenUser: (record.lastSeen as IDataObject | undefined)?.username,
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
