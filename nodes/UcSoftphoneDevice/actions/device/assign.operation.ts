import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { inputError } from '../../../shared/errors';
import type { UcConnection } from '../../transport';
import { actOnDevice } from './common';

const CLIENT_TYPES = ['crm', 'desktop', 'mobile', 'webrtc'];

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
	const clientType = this.getNodeParameter('clientType', itemIndex) as unknown;
	if (typeof clientType !== 'string' || !CLIENT_TYPES.includes(clientType)) {
		throw inputError(
			this.getNode(),
			`"Client Type" must be one of ${CLIENT_TYPES.join(', ')}`,
			'Check the value or the expression that fills "Client Type".',
			itemIndex,
		);
	}
	return await actOnDevice.call(this, itemIndex, 'assign', connection, clientType);
}
