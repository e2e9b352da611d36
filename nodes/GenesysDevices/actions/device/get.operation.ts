import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { vendorApiError } from '../../../shared/errors';
import { pathSegment, readText } from '../../../shared/validation';
import type { GenesysSession } from '../../transport';
import { genesysProfile } from '../../transport';

const properties: INodeProperties[] = [
	{
		displayName: 'Device ID',
		name: 'deviceId',
		type: 'string',
		required: true,
		default: '',
		placeholder: '0c754c1f-7a65-4a7f-9a2b-c5bb5c983653',
		description: 'ID of the device to get',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['device'], operation: ['get'] } }, properties);

/** The full device object (fields=*); shared with Perform Action's capability check. */
export async function fetchDevice(
	this: IExecuteFunctions,
	itemIndex: number,
	session: GenesysSession,
	deviceId: string,
): Promise<IDataObject> {
	const answer = await session.read(itemIndex, `/api/v2/devices/${pathSegment(this, deviceId, 'Device ID', itemIndex)}`, {
		fields: '*',
	});
	const device = answer.device;
	if (device === null || typeof device !== 'object' || Array.isArray(device)) {
		throw vendorApiError(
			this.getNode(),
			{
				message: 'The answer has no device',
				hint: 'The server answered something other than a device. Check the base URL in the credential.',
			},
			{ vendorName: genesysProfile.name, secrets: [], itemIndex },
		);
	}
	return device as IDataObject;
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	session: GenesysSession,
): Promise<IDataObject> {
	const deviceId = readText(this, 'deviceId', itemIndex, 'Device ID');
	return await fetchDevice.call(this, itemIndex, session, deviceId);
}
