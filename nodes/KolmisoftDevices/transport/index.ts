import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { VendorErrorDetails } from '../../shared/errors';
import { vendorApiError } from '../../shared/errors';
import type { VendorAnswer, VendorProfile } from '../../shared/transport';
import { BODY_LIMITS } from '../../shared/body';
import { sendRequest } from '../../shared/transport';
import { resolveBaseUrl } from '../../shared/validation';
import { parseXml } from '../../shared/xml';
import type { KolmisoftMethod } from './signing';
import { signedForm } from './signing';

export const CREDENTIAL_TYPE = 'kolmisoftApi';
export const VENDOR_NAME = 'Kolmisoft';

/** What to do about each error text Kolmisoft documents. */
const HINTS: Array<[RegExp, string]> = [
	[/incorrect hash/i, 'Check the API Secret Key in the credential (Settings > API on the server), and that the server checks hashes the documented way.'],
	[/api requests are disabled/i, 'Enable the API on the Kolmisoft server (Settings > API).'],
	[/bad login/i, 'Check the Username, and the Password if the server requires one.'],
	[/access denied/i, 'The API user lacks permission: it must be the admin or a manager with the Connection Points permission.'],
	[/user not found/i, 'Check the User ID: no such user, or not one of this admin/manager\'s users.'],
	[/user_id is empty/i, 'Fill in the User ID.'],
	[/device was not found/i, 'Check the Device ID.'],
	[/pin_is_already_used/i, 'Choose another PIN: this one belongs to another device.'],
	[/get api is not allowed/i, 'The server only accepts POST; this node always uses POST, so check the Base URL.'],
];

function hintFor(text: string): string {
	return HINTS.find(([pattern]) => pattern.test(text))?.[1] ?? 'Check the values in the node and the credential.';
}

// Errors are small XML documents; a pattern finds one without parsing a large success answer twice.
const ERROR_ELEMENT = /<error>\s*([^<]*?)\s*<\/error>/i;

export const kolmisoftProfile: VendorProfile = {
	name: VENDOR_NAME,
	readError(answer: VendorAnswer): VendorErrorDetails | undefined {
		const match = ERROR_ELEMENT.exec(answer.text.slice(0, 64 * 1024));
		if (match) return { message: match[1] || 'Unknown error', hint: hintFor(match[1]) };
		if (answer.statusCode >= 400) {
			return { message: `HTTP ${answer.statusCode}`, hint: 'Check the Base URL: it must be the billing root, e.g. https://host/billing.' };
		}
		return undefined;
	},
};

export interface KolmisoftConnection {
	baseUrl: string;
	secret: string;
	secrets: string[];
	skipSslCertificateValidation: boolean;
}

export async function kolmisoftConnection(this: IExecuteFunctions): Promise<KolmisoftConnection> {
	const credentials = await this.getCredentials(CREDENTIAL_TYPE);
	const secret = String(credentials.apiSecretKey ?? '');
	return {
		baseUrl: resolveBaseUrl(this, { region: 'custom', baseUrl: credentials.baseUrl }, {}),
		secret,
		secrets: [secret, String(credentials.password ?? '')],
		skipSslCertificateValidation: credentials.allowUnauthorizedCerts === true,
	};
}

// With "XML API Extension" on, the server wraps its answer in <head></head><body>…</body>:
// two roots, so they are put under one before parsing.
const HEAD_BODY_WRAPPER = /^\s*(?:<\?xml[^>]*\?>\s*)?<head\b/i;

function unwrap(document: Record<string, unknown>, wrapped: boolean): IDataObject {
	if (!wrapped) return document as IDataObject;
	const body = (document.response as IDataObject | undefined)?.body;
	return (body !== null && typeof body === 'object' ? body : {}) as IDataObject;
}

/** Sends one signed API call and returns the parsed answer (its `page` element when there is one). */
export async function kolmisoftCall(
	this: IExecuteFunctions,
	connection: KolmisoftConnection,
	call: { method: KolmisoftMethod; values: Record<string, string>; idempotent: boolean; itemIndex: number },
): Promise<IDataObject> {
	const form = signedForm(call.method, call.values, connection.secret);
	const secrets = [...connection.secrets, form.get('hash') ?? ''];
	const answer = await sendRequest.call(this, kolmisoftProfile, {
		credentialType: CREDENTIAL_TYPE,
		method: 'POST',
		url: `${connection.baseUrl}/api/${call.method}`,
		body: form,
		headers: { Accept: 'application/xml, text/xml, application/x-gzip' },
		idempotent: call.idempotent,
		...BODY_LIMITS.kolmisoft,
		secrets,
		itemIndex: call.itemIndex,
		expect: 'raw',
		skipSslCertificateValidation: connection.skipSslCertificateValidation,
	});
	const wrapped = HEAD_BODY_WRAPPER.test(answer.text);
	const parsed = parseXml(wrapped ? `<response>${answer.text.replace(/^\s*<\?xml[^>]*\?>/, '')}</response>` : answer.text);
	if ('problem' in parsed) {
		throw vendorApiError(
			this.getNode(),
			{ message: parsed.problem, hint: 'The answer was damaged or is not the Kolmisoft API. Try again, and check the Base URL.' },
			{ vendorName: VENDOR_NAME, secrets, itemIndex: call.itemIndex, httpStatus: answer.statusCode },
		);
	}
	const document = unwrap(parsed.document, wrapped);
	return ((document.page as IDataObject | undefined) ?? document) as IDataObject;
}

/** One element or many come out the same way: a list. */
export function asList<T>(value: T | T[] | undefined | ''): T[] {
	if (value === undefined || value === '') return [];
	return Array.isArray(value) ? value : [value];
}
