import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

import { UC_OAUTH2 } from '../nodes/shared/regions';
import { ucRegionProperties } from '../nodes/shared/credentialFields';

export class UcSoftphoneOAuth2Api implements ICredentialType {
	name = 'ucSoftphoneOAuth2Api';

	extends = ['oAuth2Api'];

	displayName = 'UC Softphone OAuth2 API';

	icon: Icon = {
		light: 'file:../nodes/UcSoftphoneDevice/ucSoftphone.svg',
		dark: 'file:../nodes/UcSoftphoneDevice/ucSoftphone.dark.svg',
	};

	documentationUrl = 'https://github.com/n8n-nodes-telephony-devices/n8n-nodes-telephony-devices#uc-softphone-device';

	properties: INodeProperties[] = [
		...ucRegionProperties,
		{
			displayName: 'Grant Type',
			name: 'grantType',
			type: 'hidden',
			default: 'authorizationCode',
		},
		{
			displayName: 'Authorization URL',
			name: 'authUrl',
			type: 'string',
			default: UC_OAUTH2.authUrl,
			required: true,
		},
		{
			displayName: 'Access Token URL',
			name: 'accessTokenUrl',
			type: 'string',
			default: UC_OAUTH2.accessTokenUrl,
			required: true,
		},
		{
			displayName: 'Scope',
			name: 'scope',
			type: 'hidden',
			default: UC_OAUTH2.scope,
		},
		{
			displayName: 'Auth URI Query Parameters',
			name: 'authQueryParameters',
			type: 'hidden',
			default: '',
		},
		{
			displayName: 'Authentication',
			name: 'authentication',
			type: 'hidden',
			default: 'body',
		},
	];
}
