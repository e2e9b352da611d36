import type { ICredentialTestFunctions, ICredentialsDecrypted, INodeCredentialTestResult } from 'n8n-workflow';

import { probeCredential } from '../../shared/credentialProbe';
import { UC_REGION_HOSTS } from '../../shared/regions';
import { BASE_URL_PROBLEM, baseUrlFromCredential } from '../../shared/validation';

/** A customer that cannot exist: the test changes nothing. */
const NO_SUCH_CUSTOMER_PATH =
	'/v1.0/customers/00000000-0000-0000-0000-000000000000/users/n8n-credential-test/devices/pbx/n8n-credential-test/unassign';

/** The documented error envelope, {"error":…,"message":…,"status":"error"}: not some other server's 404. */
function isUcErrorBody(text: string): boolean {
	try {
		return (JSON.parse(text) as { status?: unknown }).status === 'error';
	} catch {
		return false;
	}
}

/**
 * The API documents no read-only endpoint, so this unassigns a device of a
 * customer that cannot exist: 404 "not found" means the token was accepted,
 * 401 that it is missing, invalid or expired.
 */
export async function ucSoftphoneApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const data = credential.data ?? {};
	const baseUrl = baseUrlFromCredential(data, UC_REGION_HOSTS);
	if (baseUrl === undefined) return { status: 'Error', message: BASE_URL_PROBLEM };
	const accessToken = String(data.accessToken ?? '');
	return await probeCredential.call(this, {
		method: 'PUT',
		// The documents' examples send POST: a server that takes only POST answers PUT with 405.
		methodOn405: 'POST',
		url: `${baseUrl}${NO_SUCH_CUSTOMER_PATH}`,
		headers: { Authorization: `Bearer ${accessToken}`, Accept: 'application/json' },
		secrets: [accessToken],
		accepted: (status, body) => status === 404 && isUcErrorBody(body),
		refusals: {
			401: 'The access token is missing, invalid or expired.',
			403: 'The access token is not allowed to manage softphone devices.',
		},
		otherwise: (status) => `The UC API answered HTTP ${status}. Check the region (or, for Custom, the Base URL).`,
	});
}
