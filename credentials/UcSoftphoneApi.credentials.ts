import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import { UC_REGION_HOSTS, baseUrlExpression } from '../nodes/shared/regions';
import { UC_CREDENTIAL_TEST_PATH, ucRegionProperties } from '../nodes/shared/credentialFields';

export class UcSoftphoneApi implements ICredentialType {
	name = 'ucSoftphoneApi';

	displayName = 'UC Softphone API';

	icon: Icon = {
		light: 'file:../nodes/UcSoftphoneDevice/ucSoftphone.svg',
		dark: 'file:../nodes/UcSoftphoneDevice/ucSoftphone.dark.svg',
	};

	documentationUrl = 'https://github.com/n8n-nodes-telephony-devices/n8n-nodes-telephony-devices#uc-softphone-device';

	properties: INodeProperties[] = [
		...ucRegionProperties,
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'A bearer token (JWT) for the UC cloud API',
			required: true,
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: { Authorization: '=Bearer {{$credentials.accessToken}}' },
		},
	};

	// No read endpoint is documented: unassigning from a customer that cannot
	// exist is refused as 401 for a bad token and as 404 for a good one, and changes nothing.
	test: ICredentialTestRequest = {
		request: {
			baseURL: baseUrlExpression(UC_REGION_HOSTS),
			url: UC_CREDENTIAL_TEST_PATH,
			method: 'PUT',
			ignoreHttpStatusErrors: true,
		},
		rules: [
			{
				type: 'responseCode',
				properties: { value: 401, message: 'The access token is missing, invalid or expired.' },
			},
			{
				type: 'responseCode',
				properties: { value: 403, message: 'The access token is not allowed to manage softphone devices.' },
			},
		],
	};
}
