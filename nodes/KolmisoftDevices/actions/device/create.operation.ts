import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { readOption, readText } from '../../../shared/validation';
import type { KolmisoftConnection } from '../../transport';
import { kolmisoftCall } from '../../transport';
import { readOptionalTexts, userIdField } from './fields';

/** The types offered; the API also documents ZAP and Skype (legacy channels), not offered here. */
const DEVICE_TYPES = ['FAX', 'H323', 'IAX2', 'SIP', 'Virtual'] as const;

const properties: INodeProperties[] = [
	userIdField,
	{
		displayName: 'Type',
		name: 'type',
		type: 'options',
		options: [
			{ name: 'FAX', value: 'FAX' },
			{ name: 'H323', value: 'H323' },
			{ name: 'IAX2', value: 'IAX2' },
			{ name: 'SIP', value: 'SIP' },
			{ name: 'Virtual', value: 'Virtual' },
		],
		default: 'SIP',
		description: 'The device type',
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{ displayName: 'Caller ID', name: 'callerId', type: 'string', default: '', description: 'The caller ID of the device' },
			{ displayName: 'Description', name: 'description', type: 'string', default: '' },
			{ displayName: 'Device Group ID', name: 'devicegroupId', type: 'string', default: '' },
			{ displayName: 'PIN', name: 'pin', type: 'string', default: '', description: 'A PIN not used by another device' },
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['device'], operation: ['create'] } }, properties);

/** device_create: a new device for a user. Never retried: it may have been created. */
export async function execute(this: IExecuteFunctions, itemIndex: number, connection: KolmisoftConnection): Promise<IDataObject> {
	const userId = readText(this, 'userId', itemIndex, 'User ID');
	const type = readOption(this, 'type', itemIndex, 'Type', DEVICE_TYPES, 'SIP');
	const extra = readOptionalTexts(this, 'additionalFields', itemIndex, {
		description: 'Description',
		pin: 'PIN',
		devicegroupId: 'Device Group ID',
		callerId: 'Caller ID',
	});
	const answer = await kolmisoftCall.call(this, connection, {
		method: 'device_create',
		values: { user_id: userId, description: extra.description, pin: extra.pin, type, devicegroup_id: extra.devicegroupId, caller_id: extra.callerId },
		idempotent: false,
		itemIndex,
	});
	const message = answer.successText();
	return { deviceId: answer.page.device_id, userId, type, success: true, message };
}
