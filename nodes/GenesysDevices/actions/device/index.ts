import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as performAction from './performAction.operation';

export { create, get, getAll, performAction };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['device'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Create a device and assign it to a user',
				action: 'Create a device',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get a device',
				action: 'Get a device',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'Get many devices',
				action: 'Get many devices',
			},
			{
				name: 'Perform Action',
				value: 'performAction',
				description: 'Do Not Disturb, call forwarding, or supervisor monitoring (Listen In, Coach, Barge In)',
				action: 'Perform an action on a device',
			},
		],
		default: 'getAll',
	},
	...create.description,
	...get.description,
	...getAll.description,
	...performAction.description,
];
