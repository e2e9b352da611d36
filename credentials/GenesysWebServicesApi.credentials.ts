import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

import { authenticateWith, ignoreSslIssuesField, WEAK_SECRET_NOTE } from '../nodes/shared/credentialFields';

export class GenesysWebServicesApi implements ICredentialType {
	name = 'genesysWebServicesApi';

	displayName = 'Genesys Web Services API';

	icon: Icon = {
		light: 'file:../nodes/GenesysDevices/genesys.svg',
		dark: 'file:../nodes/GenesysDevices/genesys.dark.svg',
	};

	documentationUrl = 'https://github.com/n8n-nodes-telephony-devices/n8n-nodes-telephony-devices#genesys-devices';

	properties: INodeProperties[] = [
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'e.g. http://gws-host:8080',
			description: 'Root of your Genesys Web Services server; requests go to {Base URL}/api/v2/...',
			required: true,
		},
		{
			displayName: 'Username',
			name: 'username',
			type: 'string',
			default: '',
			required: true,
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: WEAK_SECRET_NOTE,
		},
		ignoreSslIssuesField,
	];

	authenticate = authenticateWith((credentials) => ({
		auth: { username: String(credentials.username ?? ''), password: String(credentials.password ?? '') },
	}));

	// Tested by the Genesys Devices node (genesysWebServicesApiTest): a declarative test
	// cannot require GWS's JSON with statusCode 0, nor bound the answer's size and time.
}
