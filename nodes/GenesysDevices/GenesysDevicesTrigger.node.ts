import type { IDataObject, INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import type { WatchedValues } from '../shared/changeTracking';
import type { ChangeKind, ListedDevice } from '../shared/changeTrigger';
import { changeItems, deviceRemovedEvent, optionsField, newDeviceEvent, readMissedPolls, watchedValue } from '../shared/changeTrigger';
import { startPoll } from '../shared/runLimits';
import { checkOption, checkText } from '../shared/validation';
import { scopeFields } from './actions/device/getAll.operation';
import type { DeviceScope } from './transport';
import { DEVICE_SCOPES, GenesysSession, devicesPath, listDevices } from './transport';
import { genesysWebServicesApiTest } from './transport/credentialTest';

const EVENTS = { deviceRemoved: 'removed', deviceStateChanged: 'changed', newDevice: 'added' } as const satisfies Record<string, ChangeKind>;
type TriggerEvent = keyof typeof EVENTS;

/** Device State Changed: the state, Do Not Disturb and call forwarding (forwardTo is absent when off). */
const STATE_FIELDS = ['deviceState', 'doNotDisturb', 'forwardTo'];

/** What a Device Removed item tells about the device that is gone. */
const REMEMBERED_FOR_REMOVAL = ['phoneNumber', 'deviceState'];

export class GenesysDevicesTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Genesys Devices Trigger',
		name: 'genesysDevicesTrigger',
		icon: { light: 'file:genesys.svg', dark: 'file:genesys.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ { deviceRemoved: "On device removed", deviceStateChanged: "On device state changed", newDevice: "On new device" }[$parameter["event"]] }}',
		description: 'Start a workflow when a Genesys Web Services (GWS) device is added, removed, or changes state, Do Not Disturb or call forwarding',
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
					deviceRemovedEvent,
					{
						name: 'Device State Changed',
						value: 'deviceStateChanged',
						description: 'A device whose state, Do Not Disturb or call forwarding differs from the previous poll',
					},
					newDeviceEvent,
				],
				default: 'deviceStateChanged',
			},
			...scopeFields,
			optionsField,
		],
	};

	methods = { credentialTest: { genesysWebServicesApiTest } };

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const run = startPoll(this);
		// Everything is read and checked before the first request.
		const node = this.getNode();
		const event = checkOption(node, this.getNodeParameter('event'), 'Event', Object.keys(EVENTS) as TriggerEvent[]);
		const scope = checkOption(node, this.getNodeParameter('scope', 'all'), 'Scope', DEVICE_SCOPES);
		const userId = scope === 'user' ? checkText(node, this.getNodeParameter('userId', ''), 'User ID') : '';
		const path = devicesPath(this, scope, userId);
		const missedPolls = readMissedPolls(this);

		const session = new GenesysSession(this, run);
		const records = await listDevices(session, 0, path, { fields: '*' });
		const devices: ListedDevice[] = records.map((record, index) => ({
			id: deviceIdOf(this, record, index, records.length),
			values: watchedValues(record, event),
			record,
		}));
		const credentials = await this.getCredentials('genesysWebServicesApi');
		return changeItems(
			this,
			{
				event,
				kind: EVENTS[event],
				watching: [credentials.baseUrl, credentials.username, scope satisfies DeviceScope, userId],
				devices,
				run,
				removedItem: (id, previous) => ({ id, previous }),
			},
			missedPolls,
		);
	}
}

function watchedValues(record: IDataObject, event: TriggerEvent): WatchedValues {
	if (event === 'newDevice') return {};
	const fields = event === 'deviceRemoved' ? REMEMBERED_FOR_REMOVAL : STATE_FIELDS;
	return Object.fromEntries(fields.map((field) => [field, watchedValue(record[field])]));
}

/** Devices are told apart by id: records without one cannot be compared. */
function deviceIdOf(context: IPollFunctions, record: IDataObject, index: number, total: number): string {
	const id = record.id;
	if (typeof id === 'string' && id.trim() !== '') return id.trim();
	throw new NodeOperationError(context.getNode(), `Genesys sent device ${index + 1} of ${total} without an ID`, {
		description: 'The trigger tells devices apart by "id". Nothing was fired and the stored state is unchanged; check the Base URL in the credential.',
	});
}
