import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { RunLimits } from '../../../shared/runLimits';
import { pathSegment, readText } from '../../../shared/validation';
import { listFields, listForItem } from './common';

const properties: INodeProperties[] = [
	{
		displayName: 'Username',
		name: 'username',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'dwalker',
		description: 'The user whose devices to list, as Plantronics Hub reports it',
	},
	...listFields('getAllByUser'),
];

export const description = updateDisplayOptions({ show: { resource: ['device'], operation: ['getAllByUser'] } }, properties);

/** The devices of one user. */
export async function execute(this: IExecuteFunctions, itemIndex: number, run: RunLimits): Promise<IDataObject[]> {
	const username = readText(this, 'username', itemIndex, 'Username');
	// Checked as a path segment here ("." or ".." would leave the user path); encoded by the transport.
	pathSegment(this, username, 'Username', itemIndex);
	return await listForItem.call(this, itemIndex, { kind: 'user', username }, run);
}
