'use strict';
/**
 * The vendor sandbox: all four vendor APIs (and a ticket inbox) on one
 * loopback HTTP server, behaving as the vendors document, errors included.
 * Tests start it on an ephemeral port; `npm run sandbox` starts it by hand.
 */
const { createServer } = require('./server');
const { createPlantronics } = require('./plantronics');
const { createUc } = require('./uc');
const { createKolmisoft } = require('./kolmisoft');
const { createGenesys } = require('./genesys');
const { createTickets } = require('./tickets');
const { createHome } = require('./home');
const { createOpenAi } = require('./openai');

/** Distinctive secret values, so a scan of any output can find a leak. */
const SANDBOX_SECRETS = Object.freeze({
	plantronicsApiKey: 'sbx-plantronics-apikey-6Qv9tZk2Lr',
	ucAccessToken: 'sbx-uc-access-token-Hs83kP0qWz',
	ucOAuth2Token: 'sbx-uc-oauth2-token-Yt62bN4mXe',
	ucOAuth2ExpiredToken: 'sbx-uc-oauth2-expired-Jn47vB3cRo',
	ucOAuth2RefreshToken: 'sbx-uc-oauth2-refresh-Qa19mW6pEt',
	ucOAuth2RefreshedToken: 'sbx-uc-oauth2-refreshed-Zu85xH2kLi',
	ucOAuth2ClientId: 'sbx-uc-client',
	ucOAuth2ClientSecret: 'sbx-uc-client-secret-Rw57cJ1vQa',
	kolmisoftApiSecretKey: 'sbx-kolmisoft-secret-Pm49dL8sKu',
	kolmisoftPassword: 'sbx-kolmisoft-password-Gf21hT6yNb',
	genesysPassword: 'sbx-genesys-password-Vc38nR5wJd',
	genesysAgentPassword: 'sbx-genesys-agent-password-Lk74qE2zMx',
	openAiApiKey: 'sbx-openai-apikey-Wn52gH7tBc',
});

const TENANT_API_CODE = 'af0813e6-81c0-4a77-89d2-3338d0277c42';
/** A second Plantronics tenant on the same server, for a credential pointed at another tenant. */
const OTHER_TENANT_API_CODE = '5c1d2e3f-4a5b-4c6d-8e7f-90a1b2c3d4e5';
const OTHER_TENANT_SIZE = 30;
const APP_ID = 'a7bbeaaf-4225-4d3e-ac63-19789a13b845';

async function startSandbox(options = {}) {
	const settings = {
		port: 0,
		host: '127.0.0.1',
		size: 250,
		// Genesys devices (default: size, at most 1,000); the benchmark asks for more.
		genesysSize: undefined,
		seed: 1,
		genesysCsrf: true,
		genesysErrorHttpStatus: 200,
		// Which HTTP status carries statusCode 20 (not authenticated) is undocumented: 401 or 200.
		genesysAuthErrorHttpStatus: 401,
		kolmisoftGzip: 'raw',
		kolmisoftXmlWrapper: false,
		kolmisoftAllowGet: false,
		kolmisoftRequirePassword: false,
		// How many users share the Kolmisoft devices (1: all are user 100's; see sandbox/kolmisoft.js).
		kolmisoftUsers: 1,
		// 'current' knows devices_get; 'legacy' only its old name device_list (an unknown method answers
		// HTTP 404 <error>Unknown method</error>: what Kolmisoft answers is undocumented).
		kolmisoftMethods: 'current',
		// Answers the documents do not rule out, in place of the documented one (see sandbox/kolmisoft.js).
		kolmisoftAnswer: 'documented',
		// The method UC's softphone endpoint takes: its headings say PUT, its examples POST.
		// The other method is answered 405.
		ucMethod: 'PUT',
		// UC, Kolmisoft and Genesys carry out a write, then a proxy answers its own HTML page (HTTP 200).
		proxyPageOnWrites: false,
		plantronicsPageMetadata: true,
		// Answers the Plantronics documents allow (see sandbox/plantronics.js): how the 404 "no device entity" is
		// sent ('json', 'text', 'jsonOtherKey'), what an empty page answers ('list', 'noDeviceEntity'), whether
		// undocumented filters are ignored, and a list that shrinks during a walk ({ afterPage, remaining }).
		plantronicsNoDevicesBody: 'json',
		plantronicsEmptyPage: 'list',
		plantronicsIgnoresUndocumentedFilters: false,
		plantronicsShrink: undefined,
		latencyMs: 0,
		...options,
	};
	const secrets = { ...SANDBOX_SECRETS, ...(options.secrets ?? {}) };
	const vendorCredentials = {
		plantronics: { tenantApiCode: TENANT_API_CODE, apiKey: secrets.plantronicsApiKey, appId: APP_ID },
		uc: { accessToken: secrets.ucAccessToken },
		kolmisoft: { username: 'admin', apiSecretKey: secrets.kolmisoftApiSecretKey, password: settings.kolmisoftRequirePassword ? secrets.kolmisoftPassword : '' },
		genesys: { username: 'admin', password: secrets.genesysPassword },
	};
	const vendors = {
		plantronicsOtherTenant: createPlantronics({
			seed: settings.seed + 500,
			size: OTHER_TENANT_SIZE,
			credentials: { ...vendorCredentials.plantronics, tenantApiCode: OTHER_TENANT_API_CODE },
			pageMetadata: settings.plantronicsPageMetadata,
			onlyTenant: true,
		}),
		plantronics: createPlantronics({
			seed: settings.seed,
			size: settings.size,
			credentials: vendorCredentials.plantronics,
			pageMetadata: settings.plantronicsPageMetadata,
			modes: {
				noDevicesBody: settings.plantronicsNoDevicesBody,
				emptyPage: settings.plantronicsEmptyPage,
				ignoresUndocumentedFilters: settings.plantronicsIgnoresUndocumentedFilters,
				shrink: settings.plantronicsShrink,
			},
		}),
		uc: createUc({ seed: settings.seed, credentials: vendorCredentials.uc, secrets, options: settings }),
		kolmisoft: createKolmisoft({ size: Math.min(settings.size, 50_000), credentials: vendorCredentials.kolmisoft, options: settings }),
		genesys: createGenesys({ seed: settings.seed, size: settings.genesysSize ?? Math.min(settings.size, 1000), credentials: vendorCredentials.genesys, secrets, options: settings }),
		tickets: createTickets(),
		home: createHome(),
		openai: createOpenAi({ apiKey: secrets.openAiApiKey }),
	};
	const { server, requests, inFlight, setFaults } = createServer({ vendors: Object.values(vendors), latencyMs: settings.latencyMs });
	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(settings.port, settings.host, resolve);
	});
	const url = `http://${settings.host}:${server.address().port}`;
	const ucOAuth2 = {
		region: 'custom',
		baseUrl: `${url}/api`,
		authUrl: `${url}/connect/authorize`,
		accessTokenUrl: `${url}/connect/token`,
		clientId: secrets.ucOAuth2ClientId,
		clientSecret: secrets.ucOAuth2ClientSecret,
	};
	return {
		url,
		secrets,
		credentials: {
			plantronics: { region: 'custom', baseUrl: url, ...vendorCredentials.plantronics },
			plantronicsOtherTenant: { region: 'custom', baseUrl: url, ...vendorCredentials.plantronics, tenantApiCode: OTHER_TENANT_API_CODE },
			uc: { region: 'custom', baseUrl: `${url}/api`, ...vendorCredentials.uc },
			ucOAuth2: { ...ucOAuth2, oauthTokenData: { access_token: secrets.ucOAuth2Token, token_type: 'Bearer', refresh_token: secrets.ucOAuth2RefreshToken } },
			// The same credential an hour later: its access token has expired, its refresh token still works.
			ucOAuth2Expired: { ...ucOAuth2, oauthTokenData: { access_token: secrets.ucOAuth2ExpiredToken, token_type: 'Bearer', refresh_token: secrets.ucOAuth2RefreshToken } },
			kolmisoft: { baseUrl: `${url}/billing`, ...vendorCredentials.kolmisoft, allowUnauthorizedCerts: false },
			genesys: { baseUrl: url, ...vendorCredentials.genesys, allowUnauthorizedCerts: false },
			openAi: { apiKey: secrets.openAiApiKey, url: `${url}/v1` },
		},
		requests,
		clearRequests: () => requests.splice(0, requests.length),
		/** The most requests the sandbox was answering at one time since the last reset. */
		maxInFlight: () => inFlight.max,
		resetInFlight: () => {
			inFlight.max = inFlight.current;
		},
		setFaults,
		data: {
			plantronics: vendors.plantronics.data,
			plantronicsOtherTenant: vendors.plantronicsOtherTenant.data,
			uc: vendors.uc.data,
			kolmisoft: vendors.kolmisoft.data,
			genesys: vendors.genesys.data,
			tickets: vendors.tickets.data,
			openai: vendors.openai.data,
		},
		close: () =>
			new Promise((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}

module.exports = { startSandbox, SANDBOX_SECRETS };
