import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { RunLimits } from '../../../shared/runLimits';
import { inputError } from '../../../shared/errors';
import { readText } from '../../../shared/validation';
import { parseUserGroups } from '../../helpers/userGroups';
import { listFields, listForItem } from './common';

const properties: INodeProperties[] = [
	{
		displayName: 'User Groups',
		name: 'userGroups',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'Sales,Support',
		description: 'The enterprise user groups whose devices to list, separated by commas',
	},
	...listFields('getAllByUserGroup'),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['device'], operation: ['getAllByUserGroup'] } },
	properties,
);

/** The devices of users in one or more user groups. */
export async function execute(this: IExecuteFunctions, itemIndex: number, run: RunLimits): Promise<IDataObject[]> {
	const userGroups = parseUserGroups(readText(this, 'userGroups', itemIndex, 'User Groups')).join(',');
	if (userGroups === '') {
		throw inputError(this.getNode(), '"User Groups" names no group', 'Give one or more user group names, separated by commas.', itemIndex);
	}
	return await listForItem.call(this, itemIndex, { kind: 'userGroup', userGroups }, run);
}
