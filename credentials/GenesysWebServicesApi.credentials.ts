import type {
	IAuthenticateRuleResponseCode,
	IAuthenticateRuleResponseSuccessBody,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import { authenticateWith, ignoreSslIssuesField } from '../nodes/shared/credentialFields';

const WRONG_LOGIN = 'The username or password is wrong.';

const genesysTestRules: Array<IAuthenticateRuleResponseCode | IAuthenticateRuleResponseSuccessBody> = [
	{ type: 'responseCode', properties: { value: 401, message: WRONG_LOGIN } },
	{ type: 'responseSuccessBody', properties: { key: 'statusCode', value: 20, message: WRONG_LOGIN } },
	{
		type: 'responseSuccessBody',
		properties: {
			key: 'statusCode',
			value: 8,
			message: 'Genesys requires a password change for this user. Change it, then update the credential.',
		},
	},
];

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

	authenticate = authenticateWith((credentials) => ({
		auth: { username: String(credentials.username ?? ''), password: String(credentials.password ?? '') },
	}));

	// n8n checks responseCode rules only on answers that failed (HTTP status >= 400) and
	// responseSuccessBody rules only on answers that succeeded, so HTTP status errors
	// must not be ignored here: with them ignored, a 401 (or a wrong Base URL's 404)
	// would pass the test. GWS may also report statusCode 20 under HTTP 200.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{ String($credentials.baseUrl).replace(/\\/+$/, "") }}',
			url: '/api/v2/me',
			// The password must never follow a redirect to another host.
			disableFollowRedirect: true,
			skipSslCertificateValidation: '={{$credentials.allowUnauthorizedCerts}}' as unknown as boolean,
		},
		// n8n-workflow types the list as rules of one kind; n8n reads each rule by its own type.
		rules: genesysTestRules as IAuthenticateRuleResponseCode[],
	};
}
