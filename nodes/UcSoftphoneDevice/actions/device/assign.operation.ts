import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { readOption } from '../../../shared/validation';
import type { UcConnection } from '../../transport';
import { actOnDevice } from './common';

// As the English original spells them; "WebRTC" and "CRM", as the French source writes them, are read case-insensitively.
const CLIENT_TYPES = ['crm', 'desktop', 'mobile', 'webrtc'] as const;

const properties: INodeProperties[] = [
	{
		displayName: 'Client Type',
		name: 'clientType',
		type: 'options',
		required: true,
		options: [
			{ name: 'CRM', value: 'crm' },
			{ name: 'Desktop', value: 'desktop' },
			{ name: 'Mobile', value: 'mobile' },
			{ name: 'WebRTC', value: 'webrtc' },
		],
		default: 'desktop',
		description: 'The client the device becomes the softphone of; assigning again with another type moves it',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['device'], operation: ['assign'] } }, properties);

/** Assigns the PBX device as the user's softphone for a client type. */
export async function execute(this: IExecuteFunctions, itemIndex: number, connection?: UcConnection): Promise<IDataObject> {
	const clientType = readOption(this, 'clientType', itemIndex, 'Client Type', CLIENT_TYPES, 'desktop');
	return await actOnDevice.call(this, itemIndex, 'assign', connection, clientType);
}
