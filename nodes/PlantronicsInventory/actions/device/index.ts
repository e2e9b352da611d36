import type { INodeProperties } from 'n8n-workflow';

import * as getAll from './getAll.operation';
import * as getAllByUser from './getAllByUser.operation';
import * as getAllByUserGroup from './getAllByUserGroup.operation';

export { getAll, getAllByUser, getAllByUserGroup };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['device'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'Get the devices of the whole tenant',
				action: 'Get many devices',
			},
			{
				name: 'Get Many by User',
				value: 'getAllByUser',
				description: 'Get the devices of one user',
				action: 'Get many devices of a user',
			},
			{
				name: 'Get Many by User Group',
				value: 'getAllByUserGroup',
				description: 'Get the devices of users in user groups',
				action: 'Get many devices of user groups',
			},
		],
		default: 'getAll',
	},
	...getAll.description,
	...getAllByUser.description,
	...getAllByUserGroup.description,
];
