import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as deleteDevice from './delete.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as update from './update.operation';

export { create, deleteDevice, get, getAll, update };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['device'] } },
		options: [
			{ name: 'Create', value: 'create', description: 'Create a device for a user', action: 'Create a device' },
			{ name: 'Delete', value: 'delete', description: 'Delete a device', action: 'Delete a device' },
			{ name: 'Get', value: 'get', description: 'Get a device', action: 'Get a device' },
			{ name: 'Get Many', value: 'getAll', description: 'Get the devices of a user', action: 'Get many devices' },
			{ name: 'Update', value: 'update', description: 'Update a device', action: 'Update a device' },
		],
		default: 'getAll',
	},
	...getAll.description,
	...get.description,
	...create.description,
	...update.description,
	...deleteDevice.description,
];
