import type { INodeProperties } from 'n8n-workflow';

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
		placeholder: 'https://api.na.myreports.cloud/api',
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
