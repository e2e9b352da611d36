import type { ICredentialDataDecryptedObject, IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { VendorErrorDetails } from '../../shared/errors';
import { UC_REGION_HOSTS } from '../../shared/regions';
import type { VendorAnswer, VendorProfile } from '../../shared/transport';
import { BODY_LIMITS } from '../../shared/body';
import { sendRequest } from '../../shared/transport';
import { readOption, resolveBaseUrl } from '../../shared/validation';

export const AUTHENTICATIONS = ['accessToken', 'oAuth2'] as const;

/** The credential type the Authentication parameter selects. */
export function credentialTypeFor(authentication: (typeof AUTHENTICATIONS)[number]): string {
	return authentication === 'oAuth2' ? 'ucSoftphoneOAuth2Api' : 'ucSoftphoneApi';
}

interface UcErrorBody {
	error?: unknown;
	message?: unknown;
	data?: unknown;
	status?: unknown;
}

function bodyOf(answer: VendorAnswer): UcErrorBody {
	const json = answer.json;
	return json !== null && typeof json === 'object' && !Array.isArray(json) ? (json as UcErrorBody) : {};
}

function describeEcho(data: unknown): string {
	return data === undefined ? '' : ` The API echoed: ${JSON.stringify(data)}.`;
}

/** The UC cloud's documented errors, each with what the user can do about it. */
export const ucProfile: VendorProfile = {
	name: 'UC Softphone',
	readError(answer): VendorErrorDetails | undefined {
		const body = bodyOf(answer);
		const text = typeof body.message === 'string' && body.message.trim() ? body.message : undefined;
		switch (answer.statusCode) {
			case 401:
				return {
					message: text ?? 'The access token is missing, invalid or expired',
					hint: 'Renew the access token in the credential, or reconnect the OAuth2 credential.',
				};
			case 400:
				return {
					message: text ?? 'The request was refused',
					hint: 'Customer Tenant ID (and Account Tenant ID) must be tenant IDs in UUID form; Client Type must be desktop, mobile, webrtc or crm.',
				};
			case 402:
				return {
					message: `Charges apply: ${text ?? 'this request may incur additional charges'}. Nothing was changed.`,
					hint: `To go ahead and accept the charges, turn on Options > Accept Charges.${describeEcho(body.data)}`,
					vendorCode: 402,
				};
			case 404:
				// The API answers in the account's language: « Dispositif introuvable » is the French "Device not found".
				return /device|dispositif|appareil/i.test(text ?? '')
					? {
							message: text ?? 'Device not found',
							hint: 'The device must already be assigned to this user on the PBX before it can be made a softphone. Check Device ID and User ID.',
						}
					: {
							message: text ?? 'Not found',
							hint: 'No customer has this Customer Tenant ID (or the account does not hold it). Check the IDs and the region.',
						};
			case 403:
				return {
					message: text ?? 'Forbidden',
					hint: 'The user needs the customer_user_uc and customer_user_uc_softphone roles, and the token must allow onboarding.',
				};
			default:
				if (answer.statusCode >= 400) return text ? { message: text, hint: 'Check the node parameters.' } : undefined;
				// Success is documented as {"status":"success"}: any other answer must not pass for a change made
				// (a body that is not JSON at all is reported as such by the transport).
				if (answer.json === undefined && answer.text.trim() !== '') return undefined;
				return body.status === 'success'
					? undefined
					: {
							message: `The answer does not say the change was made (HTTP ${answer.statusCode}, ${answer.text.trim() ? 'no "status": "success"' : 'empty body'})`,
							hint: 'Check the region (or, for Custom, that the Base URL ends in /api). The request may have reached a server: check the device in the UC portal before running it again.',
						};
		}
	},
};

const METHOD_NOT_ALLOWED = 405;

export interface UcConnection {
	credentialType: string;
	credentials: ICredentialDataDecryptedObject;
	baseUrl: string;
	secrets: string[];
}

export async function ucConnection(this: IExecuteFunctions, itemIndex: number): Promise<UcConnection> {
	const credentialType = credentialTypeFor(readOption(this, 'authentication', itemIndex, 'Authentication', AUTHENTICATIONS, 'accessToken'));
	const credentials = await this.getCredentials(credentialType, itemIndex);
	const token = (credentials.oauthTokenData as IDataObject | undefined) ?? {};
	const secrets = [credentials.accessToken, credentials.clientSecret, token.access_token, token.refresh_token]
		.filter((value): value is string => typeof value === 'string' && value !== '');
	return { credentialType, credentials, baseUrl: resolveBaseUrl(this, credentials, UC_REGION_HOSTS), secrets };
}

/**
 * The documents' headings say PUT, their examples send POST. PUT is sent first;
 * a 405 answer means the server did nothing with it, so the same request is
 * sent once more with POST.
 */
export async function ucRequest(
	this: IExecuteFunctions,
	connection: UcConnection,
	request: { path: string; body?: IDataObject; acceptCharges: boolean; itemIndex: number },
): Promise<IDataObject> {
	const send = async (method: 'PUT' | 'POST') =>
		await sendRequest.call(this, ucProfile, {
			credentialType: connection.credentialType,
			credentials: connection.credentials,
			method,
			url: `${connection.baseUrl}${request.path}`,
			body: request.body,
			headers: request.acceptCharges ? { 'accept-charges': 'true' } : {},
			// Assigning changes state at the vendor (and may be charged): never sent twice.
			idempotent: false,
			...BODY_LIMITS.uc,
			secrets: connection.secrets,
			itemIndex: request.itemIndex,
			acceptStatuses: method === 'PUT' ? [METHOD_NOT_ALLOWED] : undefined,
		});
	let httpMethod: 'PUT' | 'POST' = 'PUT';
	let answer = await send(httpMethod);
	if (answer.statusCode === METHOD_NOT_ALLOWED) {
		httpMethod = 'POST';
		answer = await send(httpMethod);
	}
	const location = answer.headers.location;
	return {
		...(answer.json as IDataObject),
		httpStatus: answer.statusCode,
		httpMethod,
		// The documented 201 names the changed resource in Location.
		...(location === undefined ? {} : { location: Array.isArray(location) ? location[0] : location }),
	};
}
