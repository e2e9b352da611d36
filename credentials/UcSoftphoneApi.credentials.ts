import type {
	ICredentialType,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import { authenticateWith, ucRegionProperties, WEAK_SECRET_NOTE } from '../nodes/shared/credentialFields';

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
			description: `A bearer token (JWT) for the UC cloud API. ${WEAK_SECRET_NOTE}`,
			required: true,
		},
	];

	authenticate = authenticateWith((credentials) => ({
		headers: { Authorization: `Bearer ${String(credentials.accessToken ?? '')}` },
	}));
}
