/**
 * Production hosts per region, as the vendors document them. Used by the
 * credential tests and by the nodes (every request), so they agree.
 */

export const PLANTRONICS_REGION_HOSTS: Record<string, string> = {
	na: 'https://oda-api-na.plantronicsmanager.com',
	eu: 'https://oda-api-eu.plantronicsmanager.com',
	ap: 'https://oda-api-ap.plantronicsmanager.com',
	au: 'https://oda-api-au.plantronicsmanager.com',
	sandbox: 'https://oda-sandbox.plantronicsmanager.com',
};

export const UC_REGION_HOSTS: Record<string, string> = {
	na: 'https://api.na.myreports.cloud/api',
	eu: 'https://api.eu.myreports.cloud/api',
	uk: 'https://api.uk.myreports.cloud/api',
	au: 'https://api.au.myreports.cloud/api',
};

export const UC_OAUTH2 = {
	authUrl: 'https://login.xarios.cloud/connect/authorize',
	accessTokenUrl: 'https://login.xarios.cloud/connect/token',
	scope: 'openid offline_access onboarding',
};
