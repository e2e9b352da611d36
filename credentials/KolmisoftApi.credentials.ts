import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import { ignoreSslIssuesField, WEAK_SECRET_NOTE } from '../nodes/shared/credentialFields';

/**
 * Kolmisoft answers every error as XML inside HTTP 200, which a declarative
 * credential test cannot read: the Kolmisoft Devices node tests this
 * credential instead (testedBy), with a signed request.
 */
export class KolmisoftApi implements ICredentialType {
	name = 'kolmisoftApi';

	displayName = 'Kolmisoft MOR/M4 API';

	icon: Icon = {
		light: 'file:../nodes/KolmisoftDevices/kolmisoft.svg',
		dark: 'file:../nodes/KolmisoftDevices/kolmisoft.dark.svg',
	};

	documentationUrl = 'https://github.com/n8n-nodes-telephony-devices/n8n-nodes-telephony-devices#kolmisoft-devices';

	properties: INodeProperties[] = [
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'e.g. https://billing.example.com/billing',
			description: 'The billing root; requests go to {Base URL}/api/&lt;method&gt;',
			required: true,
		},
		{
			displayName: 'Username',
			name: 'username',
			type: 'string',
			default: '',
			description: 'The admin or manager login, sent as the u parameter',
			required: true,
		},
		{
			displayName: 'API Secret Key',
			name: 'apiSecretKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: `Settings > API > API Secret Key; it signs every request and is never sent. ${WEAK_SECRET_NOTE}`,
			required: true,
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: `Only for servers that require the p parameter; leave empty otherwise. ${WEAK_SECRET_NOTE}`,
		},
		ignoreSslIssuesField,
	];

	// u (and p when set) go in the form body, next to the signed parameters.
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const body = new URLSearchParams(requestOptions.body instanceof URLSearchParams ? requestOptions.body : undefined);
		body.set('u', String(credentials.username ?? ''));
		if (credentials.password) body.set('p', String(credentials.password));
		return { ...requestOptions, body };
	}
}
