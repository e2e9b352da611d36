import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as device from './actions/device';
import { router } from './actions/router';
import { searchUserDevices } from './methods/listSearch';
import { kolmisoftApiTest } from './transport/credentialTest';

export class KolmisoftDevices implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Kolmisoft Devices',
		name: 'kolmisoftDevices',
		icon: { light: 'file:kolmisoft.svg', dark: 'file:kolmisoft.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle:
			'={{ { create: "Create a device", delete: "Delete a device", get: "Get a device", getAll: "Get many devices", update: "Update a device" }[$parameter["operation"]] }}',
		description: 'Manage the devices (connection points) of a Kolmisoft MOR / M4 billing server',
		defaults: { name: 'Kolmisoft Devices' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'kolmisoftApi', required: true, testedBy: 'kolmisoftApiTest' }],
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

	methods = { credentialTest: { kolmisoftApiTest }, listSearch: { searchUserDevices } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [await router.call(this)];
	}
}
