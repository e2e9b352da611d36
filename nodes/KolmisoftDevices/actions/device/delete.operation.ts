import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { KolmisoftConnection } from '../../transport';
import { kolmisoftCall } from '../../transport';
import { deviceIdField, listUserIdField, readDeviceId } from './fields';

export const description: INodeProperties[] = updateDisplayOptions({ show: { resource: ['device'], operation: ['delete'] } }, [listUserIdField, deviceIdField]);

/** device_delete. Never retried: it may have been deleted. */
export async function execute(this: IExecuteFunctions, itemIndex: number, connection: KolmisoftConnection): Promise<IDataObject> {
	const deviceId = readDeviceId(this, itemIndex);
	const answer = await kolmisoftCall.call(this, connection, { method: 'device_delete', values: { device: deviceId }, idempotent: false, itemIndex });
	return { deviceId, deleted: true, success: true, message: answer.successText() };
}
