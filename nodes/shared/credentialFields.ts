import type { ICredentialDataDecryptedObject, IDataObject, IHttpRequestOptions, INodeProperties } from 'n8n-workflow';

/** Region and Base URL fields shared by both UC credentials (bearer token and OAuth2). */
export const ucRegionProperties: INodeProperties[] = [
	{
		displayName: 'Region',
		name: 'region',
		type: 'options',
		options: [
			{ name: 'Australia', value: 'au' },
			{ name: 'Custom', value: 'custom' },
			{ name: 'Europe', value: 'eu' },
			{ name: 'North America', value: 'na' },
			{ name: 'United Kingdom', value: 'uk' },
		],
		default: 'na',
	},
	{
		displayName: 'Base URL',
		name: 'baseUrl',
		type: 'string',
		default: '',
		placeholder: 'e.g. https://api.na.myreports.cloud/api',
		description: 'Root of the API including the /api segment, used when Region is Custom',
		displayOptions: { show: { region: ['custom'] } },
	},
];

/** For self-hosted servers with their own certificates (Kolmisoft, Genesys). */
export const ignoreSslIssuesField: INodeProperties = {
	displayName: 'Ignore SSL Issues (Insecure)',
	name: 'allowUnauthorizedCerts',
	type: 'boolean',
	default: false,
	description: 'Whether to connect even if SSL certificate validation is not possible',
};

/** What a credential puts on each request. */
export interface CredentialParts {
	qs?: IDataObject;
	headers?: IDataObject;
	auth?: { username: string; password: string };
}

/**
 * A credential's `authenticate` as a function rather than n8n's generic
 * `{{$credentials.x}}` form: n8n calls it for every request (every page of a
 * list), and a function needs no expression evaluation each time.
 */
export function authenticateWith(
	partsOf: (credentials: ICredentialDataDecryptedObject) => CredentialParts,
): (credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions) => Promise<IHttpRequestOptions> {
	return async (credentials, requestOptions) => {
		const parts = partsOf(credentials);
		return {
			...requestOptions,
			...(parts.qs ? { qs: { ...requestOptions.qs, ...parts.qs } } : {}),
			...(parts.headers ? { headers: { ...requestOptions.headers, ...parts.headers } } : {}),
			...(parts.auth ? { auth: parts.auth } : {}),
		};
	};
}

/**
 * Said in each secret field's description: a secret shorter than this, or of
 * digits only, cannot be told apart from ordinary data (ids, numbers), so it is
 * not masked in output items (redact.ts, MIN_MASKED_SECRET_LENGTH).
 */
export const WEAK_SECRET_NOTE = 'Hidden from output items only when it has at least 8 characters and is not digits only; errors and logs always hide it.';
