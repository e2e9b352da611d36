import type { ICredentialTestFunctions, ICredentialsDecrypted, INodeCredentialTestResult } from 'n8n-workflow';

import { probeCredential } from '../../shared/credentialProbe';
import { basicAuthToken } from '../../shared/redact';
import { BASE_URL_PROBLEM, baseUrlFromCredential } from '../../shared/validation';

const WRONG_LOGIN = 'The username or password is wrong.';

/** GWS's statusCode in a JSON object answer; undefined for anything else (an HTML login page, another server). */
function statusCodeOf(text: string): number | undefined {
	try {
		const body = JSON.parse(text) as unknown;
		const code = body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as { statusCode?: unknown }).statusCode : undefined;
		return typeof code === 'number' ? code : undefined;
	} catch {
		return undefined;
	}
}

/**
 * Reads the user of the credential (GET /api/v2/me): only GWS's JSON with
 * statusCode 0 proves it. GWS also reports a wrong login as statusCode 20
 * under HTTP 200, and anything else at the Base URL (a login page, a proxy)
 * must not pass.
 */
export async function genesysWebServicesApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const data = credential.data ?? {};
	const baseUrl = baseUrlFromCredential(data, {});
	if (baseUrl === undefined) return { status: 'Error', message: BASE_URL_PROBLEM };
	const username = String(data.username ?? '');
	const password = String(data.password ?? '');
	const token = basicAuthToken(username, password);
	return await probeCredential.call(this, {
		method: 'GET',
		url: `${baseUrl}/api/v2/me`,
		headers: { Authorization: `Basic ${token}`, Accept: 'application/json' },
		rejectUnauthorized: data.allowUnauthorizedCerts !== true,
		secrets: [password, token],
		accepted: (status, body) => status === 200 && statusCodeOf(body) === 0,
		refusal: (status, body) => {
			const code = statusCodeOf(body);
			if (code === 20) return WRONG_LOGIN;
			if (code === 8) return 'Genesys requires a password change for this user. Change it, then update the credential.';
			if (code !== undefined) return `Genesys Web Services answered statusCode ${code}. Check the user's roles and the Base URL.`;
			if (status === 200) return `The server at ${baseUrl} did not answer like Genesys Web Services (no JSON with a statusCode, e.g. a login page). Check the Base URL: the root of the GWS server, e.g. http://gws-host:8080.`;
			return undefined;
		},
		refusals: {
			401: WRONG_LOGIN,
			403: 'The user may not use Genesys Web Services.',
			404: `Genesys Web Services was not found at ${baseUrl}. Check the Base URL.`,
		},
		otherwise: (status) => `Genesys Web Services answered HTTP ${status}. Check the Base URL.`,
	});
}
