import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { readText } from '../../../shared/validation';
import { listFields, listForItem } from './common';

export const description: INodeProperties[] = [
	{
		displayName: 'User Groups',
		name: 'userGroups',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'Sales,Support',
		description: 'The enterprise user groups whose devices to list, separated by commas',
		displayOptions: { show: { resource: ['device'], operation: ['getAllByUserGroup'] } },
	},
	...listFields(['getAllByUserGroup']),
];

/** The devices of users in one or more user groups. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const userGroups = readText(this, 'userGroups', itemIndex, 'User Groups')
		.split(',')
		.map((group) => group.trim())
		.filter(Boolean)
		.join(',');
	return await listForItem.call(this, itemIndex, { kind: 'userGroup', userGroups });
}
