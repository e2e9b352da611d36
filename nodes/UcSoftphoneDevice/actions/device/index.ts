import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import * as assign from './assign.operation';
import { idFields, optionsField } from './common';
import * as unassign from './unassign.operation';

export { assign, unassign };

const both = { show: { resource: ['device'], operation: ['assign', 'unassign'] } };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['device'] } },
		options: [
			{
				name: 'Assign',
				value: 'assign',
				description: 'Make a PBX device the softphone of a user',
				action: 'Assign a device as softphone',
			},
			{
				name: 'Unassign',
				value: 'unassign',
				description: 'Remove a PBX device as the softphone of a user',
				action: 'Unassign a softphone device',
			},
		],
		default: 'assign',
	},
	...updateDisplayOptions(both, idFields),
	...assign.description,
	...unassign.description,
	...updateDisplayOptions(both, [optionsField]),
];
