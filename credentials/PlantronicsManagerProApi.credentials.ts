import type {
	ICredentialType,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import { authenticateWith, WEAK_SECRET_NOTE } from '../nodes/shared/credentialFields';

export class PlantronicsManagerProApi implements ICredentialType {
	name = 'plantronicsManagerProApi';

	displayName = 'Plantronics Manager Pro API';

	icon: Icon = {
		light: 'file:../nodes/PlantronicsInventory/plantronics.svg',
		dark: 'file:../nodes/PlantronicsInventory/plantronics.dark.svg',
	};

	documentationUrl = 'https://github.com/n8n-nodes-telephony-devices/n8n-nodes-telephony-devices#plantronics-manager-pro';

	properties: INodeProperties[] = [
		{
			displayName: 'Region',
			name: 'region',
			type: 'options',
			options: [
				{ name: 'North America', value: 'na' },
				{ name: 'Europe', value: 'eu' },
				{ name: 'Asia Pacific', value: 'ap' },
				{ name: 'Australia', value: 'au' },
				{ name: 'Sandbox (Sample Data)', value: 'sandbox' },
				{ name: 'Custom', value: 'custom' },
			],
			default: 'na',
			description: 'The Plantronics Manager Pro region your tenant and app are registered in',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'e.g. https://oda-api-na.plantronicsmanager.com',
			description: 'Root URL of the Open Data Access API, used when Region is Custom',
			displayOptions: { show: { region: ['custom'] } },
		},
		{
			displayName: 'Tenant API Code',
			name: 'tenantApiCode',
			type: 'string',
			default: '',
			placeholder: 'e.g. af0813e6-81c0-4a77-89d2-3338d0277c42',
			description: 'Admin > Accounts > Company Profile in Plantronics Manager Pro',
			required: true,
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: `The developer key of your app (sent as the apikey query parameter). ${WEAK_SECRET_NOTE}`,
			required: true,
		},
		{
			displayName: 'App ID',
			name: 'appId',
			type: 'string',
			default: '',
			description: 'The ID of the partner app the tenant admin has authorised (sent as the appId header)',
			required: true,
		},
	];

	authenticate = authenticateWith((credentials) => ({
		qs: { apikey: String(credentials.apiKey ?? '') },
		headers: { appId: String(credentials.appId ?? '') },
	}));
}
