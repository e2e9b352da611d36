import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { readInteger, readText } from '../../../shared/validation';
import type { KolmisoftConnection } from '../../transport';
import { devicesOfUser } from '../../transport';
import { userIdField } from './fields';

/** Highest Limit accepted; a larger list needs Return All. */
export const MAX_LIMIT = 1_000_000;

const properties: INodeProperties[] = [
	userIdField,
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: MAX_LIMIT },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
];

export const description = updateDisplayOptions({ show: { resource: ['device'], operation: ['getAll'] } }, properties);

/**
 * devices_get: every device of a user (the API has no paging, so the limit applies here).
 * Servers that know only the old name device_list are asked again under that name.
 */
export async function execute(this: IExecuteFunctions, itemIndex: number, connection: KolmisoftConnection): Promise<IDataObject[]> {
	const userId = readText(this, 'userId', itemIndex, 'User ID');
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const limit = returnAll ? undefined : readInteger(this, 'limit', itemIndex, 'Limit', { min: 1, max: MAX_LIMIT, fallback: 50 });
	const devices = await devicesOfUser.call(this, connection, userId, itemIndex);
	return limit === undefined ? devices : devices.slice(0, limit);
}
