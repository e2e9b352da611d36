import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { inputError } from '../../../shared/errors';
import { pathSegment, readText } from '../../../shared/validation';
import type { GenesysSession } from '../../transport';
import { fetchDevice } from './get.operation';

const properties: INodeProperties[] = [
	{
		displayName: 'Device ID',
		name: 'deviceId',
		type: 'string',
		required: true,
		default: '',
		placeholder: '0c754c1f-7a65-4a7f-9a2b-c5bb5c983653',
		description: 'ID of one of the devices of the user in the credential',
	},
	{
		displayName: 'Action',
		name: 'action',
		type: 'options',
		options: [
			{
				name: 'Do Not Disturb Off',
				value: 'DoNotDisturbOff',
				description: 'Turn Do Not Disturb off',
				action: 'Turn do not disturb off',
			},
			{
				name: 'Do Not Disturb On',
				value: 'DoNotDisturbOn',
				description: 'Turn Do Not Disturb on',
				action: 'Turn do not disturb on',
			},
			{
				name: 'Forward Calls Off',
				value: 'ForwardCallsOff',
				description: 'Stop forwarding calls',
				action: 'Stop forwarding calls',
			},
			{
				name: 'Forward Calls On',
				value: 'ForwardCallsOn',
				description: 'Forward calls to a destination',
				action: 'Forward calls to a destination',
			},
		],
		default: 'DoNotDisturbOn',
	},
	{
		displayName: 'Destination',
		name: 'destination',
		type: 'string',
		required: true,
		default: '',
		placeholder: '5551234',
		description: 'The number to forward calls to',
		displayOptions: { show: { action: ['ForwardCallsOn'] } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Check Capabilities',
				name: 'checkCapabilities',
				type: 'boolean',
				default: true,
				description:
					"Whether to read the device first and stop with a clear error, before sending anything, when the action is not among the device's current capabilities",
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['device'], operation: ['performAction'] } },
	properties,
);

async function assertActionOffered(
	this: IExecuteFunctions,
	itemIndex: number,
	session: GenesysSession,
	deviceId: string,
	action: string,
): Promise<void> {
	const device = await fetchDevice.call(this, itemIndex, session, deviceId);
	const capabilities = device.capabilities;
	if (!Array.isArray(capabilities)) {
		throw inputError(
			this.getNode(),
			`Device "${deviceId}" does not list its capabilities, so "${action}" was not sent`,
			'Turn off "Check Capabilities" in the options to send the action anyway.',
			itemIndex,
		);
	}
	if (!(capabilities as unknown[]).includes(action)) {
		const offered = capabilities.length > 0 ? capabilities.join(', ') : 'none';
		throw inputError(
			this.getNode(),
			`Device "${deviceId}" does not offer "${action}" right now, so it was not sent`,
			`The device currently offers: ${offered}. The capabilities depend on the device's state and the contact center configuration.`,
			itemIndex,
		);
	}
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	session: GenesysSession,
): Promise<IDataObject> {
	const deviceId = readText(this, 'deviceId', itemIndex, 'Device ID');
	const path = `/api/v2/me/devices/${pathSegment(this, deviceId, 'Device ID', itemIndex)}`;
	const action = this.getNodeParameter('action', itemIndex) as string;
	const body: IDataObject = { operationName: action };
	if (action === 'ForwardCallsOn') body.destination = readText(this, 'destination', itemIndex, 'Destination');
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;

	if (options.checkCapabilities !== false) {
		await assertActionOffered.call(this, itemIndex, session, deviceId, action);
	}
	await session.write(itemIndex, path, body);
	// GWS accepts the action with statusCode 0; the state change itself arrives later.
	return { deviceId, ...body, accepted: true };
}
