import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import { ignoreSslIssuesField } from '../nodes/shared/credentialFields';

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
			placeholder: 'http://gws-host:8080',
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
		},
		ignoreSslIssuesField,
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			auth: {
				username: '={{$credentials.username}}',
				password: '={{$credentials.password}}',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{ String($credentials.baseUrl).replace(/\\/+$/, "") }}',
			url: '/api/v2/me',
			skipSslCertificateValidation: '={{$credentials.allowUnauthorizedCerts}}' as unknown as boolean,
			ignoreHttpStatusErrors: true,
		},
		rules: [
			{
				type: 'responseCode',
				properties: { value: 401, message: 'The username or password is wrong.' },
			},
		],
	};
}
