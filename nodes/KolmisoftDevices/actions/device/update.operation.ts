import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { inputError } from '../../../shared/errors';
import { readText } from '../../../shared/validation';
import type { KolmisoftConnection } from '../../transport';
import { kolmisoftCall } from '../../transport';
import { deviceIdField, readOptionalTexts, showFor } from './fields';

export const description: INodeProperties[] = [
	deviceIdField('update'),
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: showFor('update'),
		options: [
			{ displayName: 'Authentication', name: 'authentication', type: 'string', default: '', placeholder: 'yes', description: 'Whether the device authenticates: yes or no (IP authentication)' },
			{ displayName: 'Host', name: 'host', type: 'string', default: '', placeholder: 'dynamic' },
			{ displayName: 'Port', name: 'port', type: 'string', default: '', placeholder: '5060' },
			{ displayName: 'Username', name: 'username', type: 'string', default: '', description: 'The device\'s SIP username' },
		],
	},
];

/** device_update. Never retried: it may have been applied. */
export async function execute(this: IExecuteFunctions, itemIndex: number, connection: KolmisoftConnection): Promise<IDataObject> {
	const deviceId = readText(this, 'deviceId', itemIndex, 'Device ID');
	const fields = readOptionalTexts(this, 'updateFields', itemIndex, {
		authentication: 'Authentication',
		username: 'Username',
		host: 'Host',
		port: 'Port',
	});
	if (Object.values(fields).every((value) => value === '')) {
		throw inputError(this.getNode(), 'Nothing to update', 'Add at least one field under "Update Fields".', itemIndex);
	}
	const page = await kolmisoftCall.call(this, connection, {
		method: 'device_update',
		values: { device: deviceId, ...fields },
		idempotent: false,
		itemIndex,
	});
	const status = page.status as IDataObject | undefined;
	return { deviceId, success: status?.success ?? true, ...((page.device as IDataObject | undefined) ?? {}) };
}
