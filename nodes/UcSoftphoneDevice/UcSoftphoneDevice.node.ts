import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as device from './actions/device';
import { router } from './actions/router';
import { ucSoftphoneApiTest } from './transport/credentialTest';

export class UcSoftphoneDevice implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'UC Softphone Device',
		name: 'ucSoftphoneDevice',
		icon: { light: 'file:ucSoftphone.svg', dark: 'file:ucSoftphone.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{ { assign: "Assign as softphone", unassign: "Unassign softphone" }[$parameter["operation"]] }}',
		description: 'Assign or unassign PBX devices as a user\'s softphone in the UC cloud',
		defaults: { name: 'UC Softphone Device' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'ucSoftphoneApi', required: true, testedBy: 'ucSoftphoneApiTest', displayOptions: { show: { authentication: ['accessToken'] } } },
			{ name: 'ucSoftphoneOAuth2Api', required: true, displayOptions: { show: { authentication: ['oAuth2'] } } },
		],
		properties: [
			{
				displayName: 'Authentication',
				name: 'authentication',
				type: 'options',
				options: [
					{ name: 'Access Token', value: 'accessToken' },
					{ name: 'OAuth2', value: 'oAuth2' },
				],
				default: 'accessToken',
			},
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

	methods = { credentialTest: { ucSoftphoneApiTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [await router.call(this)];
	}
}
