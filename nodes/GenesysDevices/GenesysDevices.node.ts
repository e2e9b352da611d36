import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as device from './actions/device';
import { router } from './actions/router';
import { searchAllDevices, searchMyDevices } from './methods/listSearch';
import { genesysWebServicesApiTest } from './transport/credentialTest';

export class GenesysDevices implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Genesys Devices',
		name: 'genesysDevices',
		icon: { light: 'file:genesys.svg', dark: 'file:genesys.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle:
			'={{ { create: "Create a device", get: "Get a device", getAll: "Get many devices", performAction: "Action: " + $parameter["action"] }[$parameter["operation"]] }}',
		description: 'List, create and control the devices of Genesys Web Services (GWS) users, supervisor monitoring included',
		defaults: {
			name: 'Genesys Devices',
		},
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		usableAsTool: true,
		credentials: [
			{
				name: 'genesysWebServicesApi',
				required: true,
				testedBy: 'genesysWebServicesApiTest',
			},
		],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Device',
						value: 'device',
					},
				],
				default: 'device',
			},
			...device.description,
		],
	};

	methods = { credentialTest: { genesysWebServicesApiTest }, listSearch: { searchAllDevices, searchMyDevices } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [await router.call(this)];
	}
}
