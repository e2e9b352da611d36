import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as device from './actions/device';
import { router } from './actions/router';
import { searchUsers } from './methods/listSearch';
import { plantronicsManagerProApiTest } from './transport/credentialTest';

export class PlantronicsInventory implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Plantronics Inventory',
		name: 'plantronicsInventory',
		icon: { light: 'file:plantronics.svg', dark: 'file:plantronics.dark.svg' },
		group: ['input'],
		version: 1,
		subtitle:
			'={{ { getAll: "Devices of the tenant", getAllByUser: "Devices of a user", getAllByUserGroup: "Devices of user groups" }[$parameter["operation"]] }}',
		description: 'Read the headset inventory of Plantronics Manager Pro',
		defaults: { name: 'Plantronics Inventory' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'plantronicsManagerProApi', required: true, testedBy: 'plantronicsManagerProApiTest' }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [{ name: 'Device', value: 'device' }],
				default: 'device',
			},
			...device.description,
		],
	};

	methods = { credentialTest: { plantronicsManagerProApiTest }, listSearch: { searchUsers } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [await router.call(this)];
	}
}
