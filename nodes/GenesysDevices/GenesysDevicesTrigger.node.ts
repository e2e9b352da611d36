import type { IDataObject, INodeExecutionData, INodeProperties, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';
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
import { checkOption, checkText, pathSegment } from '../shared/validation';
import { scopeFields } from './actions/device/getAll.operation';
import { GenesysSession, devicesPath, listDevices } from './transport';
import { genesysWebServicesApiTest } from './transport/credentialTest';

const EVENTS = {
	deviceReassigned: 'reassigned',
	deviceRemoved: 'removed',
	deviceStateChanged: 'changed',
	newDevice: 'added',
} as const satisfies Record<string, ChangeKind>;
type TriggerEvent = keyof typeof EVENTS;

/** The listing's scopes: the Get Many ones, and several users, each listed on its own (the only one that sees owners). */
const SCOPES = ['all', 'me', 'user', 'users'] as const;
type TriggerScope = (typeof SCOPES)[number];

/** Device State Changed: the state, Do Not Disturb and call forwarding (forwardTo is absent when off). */
const STATE_FIELDS = ['deviceState', 'doNotDisturb', 'forwardTo'];

/** What a Device Removed item tells about the device that is gone. */
const REMEMBERED_FOR_REMOVAL = ['phoneNumber', 'deviceState'];

/** Items of scope Users carry the user they were listed under in this field. */
const OWNER_FIELD = 'user';

const OWNERS_UNSEEN = 'GWS lists devices without their owners: only the Users scope (each user listed by /users/{id}/devices) sees who a device belongs to';

const [scopeField, userIdField] = scopeFields;
const triggerScopeFields: INodeProperties[] = [
	{
		...scopeField,
		options: [
			{
				name: 'All Devices',
				value: 'all',
				description: `Every device in the contact center (needs the Contact Center Admin role). ${OWNERS_UNSEEN}.`,
			},
			{ name: 'My Devices', value: 'me', description: 'The devices of the user in the credential' },
			{ name: 'User', value: 'user', description: 'The devices of one user (needs the Contact Center Admin role)' },
			{
				name: 'Users',
				value: 'users',
				description: 'The devices of several users, each listed on its own, so that items carry their user and a move between them fires Device Reassigned (needs the Contact Center Admin role)',
			},
		],
	},
	{
		displayName: `${OWNERS_UNSEEN}: Device Reassigned needs it, and a device that moves to another user is not seen here.`,
		name: 'ownersNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { scope: ['all', 'me', 'user'] } },
	},
	userIdField,
	{
		displayName: 'User IDs',
		name: 'userIds',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. c6f1a9b2…,0d3e…',
		description:
			'The GWS user IDs whose devices to watch, separated by commas. Every item carries the user it was listed under in "user"; a device that moves to a user not listed here is no longer watched (it does not fire Device Removed).',
		displayOptions: { show: { scope: ['users'] } },
	},
];

export class GenesysDevicesTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Genesys Devices Trigger',
		name: 'genesysDevicesTrigger',
		icon: { light: 'file:genesys.svg', dark: 'file:genesys.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle:
			'={{ { deviceReassigned: "On device reassigned", deviceRemoved: "On device removed", deviceStateChanged: "On device state changed", newDevice: "On new device" }[$parameter["event"]] }}',
		description:
			'Start a workflow when a Genesys Web Services (GWS) device is added, removed, moved to another user, or changes state, Do Not Disturb or call forwarding',
		defaults: { name: 'Genesys Devices Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'genesysWebServicesApi', required: true, testedBy: 'genesysWebServicesApiTest' }],
		properties: [
			{
				displayName: 'Event',
				name: 'event',
				type: 'options',
				noDataExpression: true,
				options: [
					{ ...deviceReassignedEvent, description: 'A device that moved from one of the listed users to another (scope Users only)' },
					{ ...deviceRemovedEvent, description: 'A device missing from the listings of several polls in a row that the server no longer has' },
					{
						name: 'Device State Changed',
						value: 'deviceStateChanged',
						description: 'A device whose state, Do Not Disturb or call forwarding differs from the previous poll',
					},
					newDeviceEvent,
				],
				default: 'deviceStateChanged',
			},
			...triggerScopeFields,
			optionsField,
		],
	};

	methods = { credentialTest: { genesysWebServicesApiTest } };

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const run = startPoll(this);
		// Everything is read and checked before the first request.
		const node = this.getNode();
		const event = checkOption(node, this.getNodeParameter('event'), 'Event', Object.keys(EVENTS) as TriggerEvent[]);
		const scope = checkOption(node, this.getNodeParameter('scope', 'all'), 'Scope', SCOPES);
		if (event === 'deviceReassigned' && scope !== 'users') {
			throw inputError(node, '"Device Reassigned" needs the scope "Users"', `${OWNERS_UNSEEN}. Set "Scope" to "Users" and list the users in "User IDs".`);
		}
		const userId = scope === 'user' ? checkText(node, this.getNodeParameter('userId', ''), 'User ID') : '';
		const userIds = scope === 'users' ? readUserIds(this) : [];
		const listings = scope === 'users' ? userIds.map((id) => ({ owner: id, path: devicesPath(this, 'user', id) })) : [{ owner: undefined, path: devicesPath(this, scope, userId) }];
		const missedPolls = readMissedPolls(this);

		const session = new GenesysSession(this, run);
		const devices: ListedDevice[] = [];
		for (const { owner, path } of listings) {
			const records = await listDevices(session, 0, path, { fields: '*' });
			records.forEach((record, index) => {
				devices.push({ id: deviceIdOf(this, record, index, records.length), values: watchedValues(record, event), record, owner });
			});
		}
		const credentials = await this.getCredentials('genesysWebServicesApi');
		const owned = scope === 'users';
		return await changeItems(
			this,
			{
				event,
				kind: EVENTS[event],
				watching: [credentials.baseUrl, credentials.username, scope satisfies TriggerScope, scope === 'users' ? userIds : userId],
				devices,
				run,
				ownerField: owned ? OWNER_FIELD : undefined,
				removedItem: (id, previous) => (owned ? { id, [OWNER_FIELD]: previous[OWNER_FIELD] ?? null, previous } : { id, previous }),
				stillExists: async (id) => await deviceExists(this, session, id),
			},
			missedPolls,
		);
	}
}

/** "a, b" -> ["a", "b"]: each one path segment, no repeats, sorted so that the order does not start a new baseline. */
function readUserIds(context: IPollFunctions): string[] {
	const text = checkText(context.getNode(), context.getNodeParameter('userIds', ''), 'User IDs');
	const ids = text.split(',').map((id) => id.trim());
	if (ids.includes('')) {
		throw inputError(context.getNode(), '"User IDs" has an empty entry', 'Write the GWS user IDs separated by commas.');
	}
	return [...new Set(ids.map((id) => pathSegment(context, id, 'User IDs')))].sort();
}

function watchedValues(record: IDataObject, event: TriggerEvent): WatchedValues {
	if (event === 'newDevice' || event === 'deviceReassigned') return {};
	const fields = event === 'deviceRemoved' ? REMEMBERED_FOR_REMOVAL : STATE_FIELDS;
	return Object.fromEntries(fields.map((field) => [field, watchedValue(record[field])]));
}

/** GET /api/v2/devices/{id}: whether the server still has a device (statusCode 6, not found, means it does not). */
async function deviceExists(context: IPollFunctions, session: GenesysSession, deviceId: string): Promise<boolean> {
	let answer: IDataObject;
	try {
		answer = await session.read(0, `/api/v2/devices/${pathSegment(context, deviceId, 'Device ID')}`, { fields: 'id' });
	} catch (error) {
		if (error instanceof NodeApiError && String(error.context.vendorCode) === '6') return false;
		throw asNodeError(context, error);
	}
	if (answer.device === null || typeof answer.device !== 'object') {
		throw await session.answerError(0, { message: 'The answer has no device', hint: 'Check the Base URL in the credential.' });
	}
	return true;
}

/** Devices are told apart by id: records without one cannot be compared. */
function deviceIdOf(context: IPollFunctions, record: IDataObject, index: number, total: number): string {
	const id = record.id;
	if (typeof id === 'string' && id.trim() !== '') return id.trim();
	throw new NodeOperationError(context.getNode(), `Genesys sent device ${index + 1} of ${total} without an ID`, {
		description: 'The trigger tells devices apart by "id". Nothing was fired and the stored state is unchanged; check the Base URL in the credential.',
	});
}
