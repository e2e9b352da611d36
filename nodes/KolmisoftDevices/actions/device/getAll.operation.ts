import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { readText } from '../../../shared/validation';
import type { KolmisoftConnection } from '../../transport';
import { asList, kolmisoftCall } from '../../transport';
import { showFor, userIdField } from './fields';

export const description: INodeProperties[] = [
	userIdField('getAll'),
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
		displayOptions: showFor('getAll'),
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { ...showFor('getAll').show, returnAll: [false] } },
	},
];

/** devices_get: every device of a user (the API has no paging, so the limit applies here). */
export async function execute(this: IExecuteFunctions, itemIndex: number, connection: KolmisoftConnection): Promise<IDataObject[]> {
	const userId = readText(this, 'userId', itemIndex, 'User ID');
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const page = await kolmisoftCall.call(this, connection, { method: 'devices_get', values: { user_id: userId }, idempotent: true, itemIndex });
	const devices = asList((page.devices as IDataObject | undefined)?.device as IDataObject | IDataObject[] | undefined);
	return returnAll ? devices : devices.slice(0, this.getNodeParameter('limit', itemIndex, 50) as number);
}
