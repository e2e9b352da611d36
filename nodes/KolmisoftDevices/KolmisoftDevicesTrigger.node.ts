import type {
	IDataObject,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeApiError, NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import type { WatchedValues } from '../shared/changeTracking';
import type { ChangeKind, ListedDevice } from '../shared/changeTrigger';
import {
	changeItems,
	deviceReassignedEvent,
	deviceRemovedEvent,
	optionsField,
	newDeviceEvent,
	readMissedPolls,
	watchedValue,
} from '../shared/changeTrigger';
import { asNodeError, inputError } from '../shared/errors';
import { startPoll } from '../shared/runLimits';
import { checkOption, checkText } from '../shared/validation';
import type { KolmisoftConnection } from './transport';
import { devicesOfUser, kolmisoftCall, kolmisoftConnection } from './transport';
import { kolmisoftApiTest } from './transport/credentialTest';

const EVENTS = { deviceChanged: 'changed', deviceReassigned: 'reassigned', deviceRemoved: 'removed', newDevice: 'added' } as const satisfies Record<string, ChangeKind>;
type TriggerEvent = keyof typeof EVENTS;

/** Watch Fields: the option's name -> the device's fields in the devices_get answer (the first one present counts). */
const WATCHABLE: Record<string, string[]> = {
	callerId: ['callerid', 'caller_id'],
	description: ['description'],
	deviceType: ['device_type'],
	extension: ['extension'],
	ipAddress: ['ipaddr'],
	port: ['port'],
	username: ['username'],
};

/** What a Device Removed item tells about the device that is gone, besides the user it was listed under. */
const REMEMBERED_FOR_REMOVAL = ['device_type', 'description', 'extension'];

export class KolmisoftDevicesTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Kolmisoft Devices Trigger',
		name: 'kolmisoftDevicesTrigger',
		icon: { light: 'file:kolmisoft.svg', dark: 'file:kolmisoft.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle:
			'={{ { deviceChanged: "On device changed", deviceReassigned: "On device reassigned", deviceRemoved: "On device removed", newDevice: "On new device" }[$parameter["event"]] }}',
		description: 'Start a workflow when a device (connection point) of Kolmisoft MOR / M4 users is added, removed, changed or moved to another user',
		defaults: { name: 'Kolmisoft Devices Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'kolmisoftApi', required: true, testedBy: 'kolmisoftApiTest' }],
		properties: [
			{
				displayName: 'Event',
				name: 'event',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Device Changed',
						value: 'deviceChanged',
						description: 'A device whose watched fields differ from the previous poll',
					},
					deviceReassignedEvent,
					{ ...deviceRemovedEvent, description: 'A device missing from the listings of several polls in a row that the server no longer has' },
					newDeviceEvent,
				],
				default: 'deviceChanged',
			},
			{
				displayName: 'User IDs',
				name: 'userIds',
				type: 'string',
				required: true,
				default: '',
				placeholder: 'e.g. 100,101',
				description:
					'The Kolmisoft user IDs whose devices to watch, separated by commas. Every item carries the user it was listed under in user_id; a device that moves to a user not listed here is no longer watched (it does not fire Device Removed).',
			},
			{
				displayName: 'Watch Fields',
				name: 'watchFields',
				type: 'collection',
				placeholder: 'Add Field',
				default: { callerId: true, description: true, deviceType: true, extension: true },
				description: 'Which fields count: a device fires when one of these differs from the previous poll',
				displayOptions: { show: { event: ['deviceChanged'] } },
				options: [
					{ displayName: 'Caller ID', name: 'callerId', type: 'boolean', default: true },
					{ displayName: 'Description', name: 'description', type: 'boolean', default: true },
					{ displayName: 'Extension', name: 'extension', type: 'boolean', default: true },
					{ displayName: 'IP Address', name: 'ipAddress', type: 'boolean', default: true },
					{ displayName: 'Port', name: 'port', type: 'boolean', default: true },
					{ displayName: 'Type', name: 'deviceType', type: 'boolean', default: true },
					{ displayName: 'Username', name: 'username', type: 'boolean', default: true },
				],
			},
			optionsField,
		],
	};

	methods = { credentialTest: { kolmisoftApiTest } };

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const run = startPoll(this);
		// Everything is read and checked before the first request.
		const event = checkOption(this.getNode(), this.getNodeParameter('event'), 'Event', Object.keys(EVENTS) as TriggerEvent[]);
		const userIds = readUserIds(this);
		const watchFields = event === 'deviceChanged' ? readWatchFields(this) : [];
		const missedPolls = readMissedPolls(this);
		const connection = { ...(await kolmisoftConnection.call(this)), run };

		const devices: ListedDevice[] = [];
		for (const userId of userIds) {
			for (const record of await devicesOfUser.call(this, connection, userId, 0)) {
				devices.push({ id: deviceIdOf(this, record, userId), values: watchedValues(record, event, watchFields), record, owner: userId });
			}
		}
		return await changeItems(
			this,
			{
				event,
				kind: EVENTS[event],
				watching: [connection.baseUrl, connection.credentials.username, userIds, watchFields],
				devices,
				run,
				ownerField: 'user_id',
				removedItem: (id, previous) => ({ device_id: id, user_id: previous.user_id ?? null, previous }),
				stillExists: async (id) => await deviceExists(this, connection, id),
			},
			missedPolls,
		);
	}
}

/** "100, 101" -> ["100", "101"], sorted so that the order does not start a new baseline. */
function readUserIds(context: IPollFunctions): string[] {
	const text = checkText(context.getNode(), context.getNodeParameter('userIds', ''), 'User IDs');
	const ids = text.split(',').map((id) => id.trim());
	const wrong = ids.find((id) => !/^\d{1,18}$/.test(id));
	if (wrong !== undefined) {
		throw inputError(
			context.getNode(),
			wrong === '' ? '"User IDs" has an empty entry' : `"User IDs" holds "${wrong.slice(0, 40)}", which is not a user ID`,
			'Kolmisoft user IDs are whole numbers: write them separated by commas, e.g. 100,101.',
		);
	}
	return [...new Set(ids)].sort((a, b) => Number(a) - Number(b));
}

function readWatchFields(context: IPollFunctions): string[] {
	const chosen = context.getNodeParameter('watchFields', {}) as unknown;
	if (chosen === null || typeof chosen !== 'object' || Array.isArray(chosen)) {
		throw inputError(context.getNode(), '"Watch Fields" must be a set of fields', 'Choose the fields that count in "Watch Fields".');
	}
	const names: string[] = [];
	for (const [name, on] of Object.entries(chosen as IDataObject)) {
		const field = checkOption(context.getNode(), name, 'Watch Fields', Object.keys(WATCHABLE));
		if (on !== true && on !== false) {
			throw inputError(context.getNode(), `"Watch Fields" > "${field}" must be true or false`, 'Check the expression that fills it.');
		}
		if (on) names.push(field);
	}
	if (names.length === 0) {
		throw inputError(context.getNode(), '"Watch Fields" has no field turned on', 'Turn on at least one field whose change should fire Device Changed.');
	}
	return names.sort();
}

function watchedValues(record: IDataObject, event: TriggerEvent, watchFields: string[]): WatchedValues {
	if (event === 'newDevice' || event === 'deviceReassigned') return {};
	if (event === 'deviceRemoved') return Object.fromEntries(REMEMBERED_FOR_REMOVAL.map((field) => [field, watchedValue(record[field])]));
	return Object.fromEntries(
		watchFields.map((name) => {
			const [shownAs, ...alternatives] = WATCHABLE[name];
			const present = [shownAs, ...alternatives].find((field) => record[field] !== undefined);
			return [shownAs, watchedValue(present === undefined ? undefined : record[present])];
		}),
	);
}

/** Devices are told apart by device_id: records without one cannot be compared. */
function deviceIdOf(context: IPollFunctions, record: IDataObject, userId: string): string {
	const id = record.device_id;
	if ((typeof id === 'string' && id.trim() !== '') || typeof id === 'number') return String(id).trim();
	throw new NodeOperationError(context.getNode(), `Kolmisoft sent a device of user ${userId} without a device_id`, {
		description: 'The trigger tells devices apart by "device_id". Nothing was fired and the stored state is unchanged; check the Kolmisoft server.',
	});
}

/** device_details_get: whether the server still has a device ("Device was not found" means it does not). */
async function deviceExists(context: IPollFunctions, connection: KolmisoftConnection, deviceId: string): Promise<boolean> {
	try {
		const answer = await kolmisoftCall.call(context, connection, { method: 'device_details_get', values: { device_id: deviceId }, idempotent: true, itemIndex: 0 });
		const device = answer.page.device as unknown;
		if (device === null || typeof device !== 'object' || Array.isArray(device)) throw answer.invalid('The answer to device_details_get has no <device>');
		return true;
	} catch (error) {
		if (error instanceof NodeApiError && /device was not found/i.test(error.message)) return false;
		throw asNodeError(context, error);
	}
}
