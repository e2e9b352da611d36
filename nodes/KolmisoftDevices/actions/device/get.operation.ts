import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { KolmisoftConnection } from '../../transport';
import { kolmisoftCall } from '../../transport';
import { deviceIdField, listUserIdField, readDeviceId } from './fields';

export const description: INodeProperties[] = updateDisplayOptions({ show: { resource: ['device'], operation: ['get'] } }, [listUserIdField, deviceIdField]);

/** device_details_get: one device, as one `<device>` element with fields; any other answer is an error. */
export async function execute(this: IExecuteFunctions, itemIndex: number, connection: KolmisoftConnection): Promise<IDataObject> {
	const deviceId = readDeviceId(this, itemIndex);
	const answer = await kolmisoftCall.call(this, connection, { method: 'device_details_get', values: { device_id: deviceId }, idempotent: true, itemIndex });
	const device = answer.page.device as unknown;
	if (device === null || typeof device !== 'object' || Array.isArray(device)) {
		throw answer.invalid('The answer to device_details_get has no <device>');
	}
	return device as IDataObject;
}
