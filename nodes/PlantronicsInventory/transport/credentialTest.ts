import type { ICredentialTestFunctions, ICredentialsDecrypted, INodeCredentialTestResult } from 'n8n-workflow';

import { probeCredential } from '../../shared/credentialProbe';
import { PLANTRONICS_REGION_HOSTS } from '../../shared/regions';
import { BASE_URL_PROBLEM, baseUrlFromCredential, isHexUuid } from '../../shared/validation';
import { isNoDeviceEntityAnswer, readPage } from './index';

/** The inventory's JSON page, as the node reads it: not any 2xx body. */
function isInventoryPage(text: string): boolean {
	try {
		return typeof readPage(JSON.parse(text), 0) !== 'string';
	} catch {
		return false;
	}
}

/**
 * Reads one device of the whole tenant. 200 proves key, App ID and tenant; so
 * does 404 "no device entity" (a tenant without headsets yet), which n8n's
 * declarative test would report as a failure.
 */
export async function plantronicsManagerProApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const data = credential.data ?? {};
	const baseUrl = baseUrlFromCredential(data, PLANTRONICS_REGION_HOSTS);
	if (baseUrl === undefined) return { status: 'Error', message: BASE_URL_PROBLEM };
	const tenantApiCode = String(data.tenantApiCode ?? '').trim();
	if (!isHexUuid(tenantApiCode)) {
		return { status: 'Error', message: 'The "Tenant API Code" must be the hexadecimal ID from Admin > Accounts > Company Profile.' };
	}
	const apiKey = String(data.apiKey ?? '');
	return await probeCredential.call(this, {
		method: 'GET',
		url: `${baseUrl}/reports/assets/tenant/${encodeURIComponent(tenantApiCode)}/devices`,
		qs: { page: 0, count: 1, apikey: apiKey },
		headers: { appId: String(data.appId ?? ''), Accept: 'application/json' },
		secrets: [apiKey],
		accepted: (status, body) => (status >= 200 && status < 300 && isInventoryPage(body)) || isNoDeviceEntityAnswer(status, body),
		refusals: {
			400: 'The tenant API code was refused. It must be the hexadecimal ID from the Company Profile.',
			401: 'The API key was rejected. Check the API key and the region.',
			403: 'The App ID is not authorised for this tenant. Check the App ID, and that the tenant admin has authorised the app.',
			404: 'The inventory API was not found there. Check the region (or, for Custom, the Base URL).',
			500: 'Plantronics Manager Pro had an internal error. Try again later.',
		},
		otherwise: (status) =>
			status >= 200 && status < 300
				? 'The server did not answer with the device inventory. Check the region (or, for Custom, the Base URL).'
				: `Plantronics Manager Pro answered HTTP ${status}. Check the region (or, for Custom, the Base URL).`,
	});
}
