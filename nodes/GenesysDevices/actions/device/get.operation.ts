import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { pathSegment } from '../../../shared/validation';
import type { GenesysSession } from '../../transport';
import { deviceLocator, readDeviceId } from './deviceLocator';

const properties: INodeProperties[] = [deviceLocator('searchAllDevices', 'The device to get')];

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
		throw await session.answerError(itemIndex, {
			message: 'The answer has no device',
			hint: 'The server answered something other than a device. Check the base URL in the credential.',
		});
	}
	return device as IDataObject;
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	session: GenesysSession,
): Promise<IDataObject> {
	return await fetchDevice.call(this, itemIndex, session, readDeviceId(this, itemIndex));
}
