import type { ICredentialDataDecryptedObject, IDataObject, IExecuteFunctions, IPollFunctions, NodeApiError } from 'n8n-workflow';

import type { VendorErrorDetails } from '../../shared/errors';
import { vendorApiError } from '../../shared/errors';
import type { VendorAnswer, VendorProfile } from '../../shared/transport';
import { BODY_LIMITS } from '../../shared/body';
import type { RunLimits } from '../../shared/runLimits';
import { sendRequest, unconfirmedWrite } from '../../shared/transport';
import { resolveBaseUrl } from '../../shared/validation';
import type { XmlParseResult } from '../../shared/xml';
import { parseSmallXml, parseXml } from '../../shared/xml';
import type { KolmisoftMethod } from './signing';
import { signedForm } from './signing';

export const CREDENTIAL_TYPE = 'kolmisoftApi';
export const VENDOR_NAME = 'Kolmisoft';

/** The action node runs per item; the trigger polls. */
type KolmisoftContext = IExecuteFunctions | IPollFunctions;

/** What to do about each error text Kolmisoft documents (tested on the short, bounded error text only). */
const HINTS: Array<[RegExp, string]> = [
	[/incorrect hash/i, 'Check the API Secret Key in the credential (Settings > API on the server), and that the server checks hashes the documented way.'],
	[/api requests are disabled/i, 'Enable the API on the Kolmisoft server (Settings > API).'],
	[/bad login/i, 'Check the Username, and the Password if the server requires one.'],
	[/access denied/i, 'The API user lacks permission: it must be the admin or a manager with the Connection Points permission.'],
	[/user not found|user was not found/i, 'Check the User ID: no such user, or not one of this admin/manager\'s users.'],
	[/user_id is empty/i, 'Fill in the User ID.'],
	[/device was not found/i, 'Check the Device ID.'],
	[/pin_is_already_used/i, 'Choose another PIN: this one belongs to another device.'],
	[/get api is not allowed/i, 'The server only accepts POST; this node always uses POST, so check the Base URL.'],
];

/** Longest error text taken from an answer: enough for any documented message. */
export const MAX_ERROR_TEXT = 500;

function hintFor(text: string): string {
	return HINTS.find(([pattern]) => pattern.test(text))?.[1] ?? 'Check the values in the node and the credential.';
}

function boundedText(value: unknown): string {
	const text = typeof value === 'string' ? value.trim() : '';
	return text.length > MAX_ERROR_TEXT ? `${text.slice(0, MAX_ERROR_TEXT)}… (cut)` : text;
}

function asObject(value: unknown): IDataObject | undefined {
	return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as IDataObject) : undefined;
}

/**
 * The text of the answer's `<error>`, wherever Kolmisoft puts it: the root,
 * `<page>`, or `<status>` inside either. Read from the parsed document, so no
 * pattern ever runs over the raw answer.
 */
export function kolmisoftErrorOf(document: IDataObject): string | undefined {
	const page = asObject(document.page);
	const places = [document, page, asObject(document.status), asObject(page?.status)];
	for (const place of places) {
		if (place === undefined || !('error' in place)) continue;
		const error = boundedText(Array.isArray(place.error) ? place.error[0] : place.error) || 'Unknown error';
		// "Device was not created" comes with the reason in a <message> beside it.
		const detail = boundedText(place.message);
		return detail ? `${error}: ${detail}` : error;
	}
	return undefined;
}

// With "XML API Extension" on, the server wraps its answer in <head></head><body>…</body>:
// two roots, so they are put under one before parsing. Anchored and without nested repeats: linear.
const HEAD_BODY_WRAPPER = /^\s*(?:<\?xml[^>]*\?>\s*)?<head\b/i;

type KolmisoftXml = { document: IDataObject } | { problem: string };

/** The text to parse: the head/body extension's two roots put under one. */
function unwrapped(text: string): { xml: string; wrapped: boolean } {
	const wrapped = HEAD_BODY_WRAPPER.test(text);
	return { xml: wrapped ? `<response>${text.replace(/^\s*<\?xml[^>]*\?>/, '')}</response>` : text, wrapped };
}

function kolmisoftDocument(parsed: XmlParseResult, wrapped: boolean): KolmisoftXml {
	if ('problem' in parsed) return parsed;
	const document = parsed.document as IDataObject;
	return { document: wrapped ? (asObject(asObject(document.response)?.body) ?? {}) : document };
}

/** The parsed answer, unwrapped from the head/body extension when the server added it. */
export async function readKolmisoftXml(text: string): Promise<KolmisoftXml> {
	const { xml, wrapped } = unwrapped(text);
	return kolmisoftDocument(await parseXml(xml), wrapped);
}

/** The same for an error answer, read at once: only a small one is parsed. */
function readKolmisoftErrorXml(text: string): KolmisoftXml {
	const { xml, wrapped } = unwrapped(text);
	return kolmisoftDocument(parseSmallXml(xml), wrapped);
}

export const kolmisoftProfile: VendorProfile = {
	name: VENDOR_NAME,
	// Answers under HTTP 200 are read (errors included) once parsed, in kolmisoftCall.
	readError(answer: VendorAnswer): VendorErrorDetails | undefined {
		if (answer.statusCode < 400) return undefined;
		const parsed = readKolmisoftErrorXml(answer.text);
		const error = 'document' in parsed ? kolmisoftErrorOf(parsed.document) : undefined;
		if (error !== undefined) return { message: error, hint: hintFor(error) };
		return { message: `HTTP ${answer.statusCode}`, hint: 'Check the Base URL: it must be the billing root, e.g. https://host/billing.' };
	},
};

export interface KolmisoftConnection {
	credentials: ICredentialDataDecryptedObject;
	baseUrl: string;
	secret: string;
	secrets: string[];
	skipSslCertificateValidation: boolean;
	/** The limits of the poll that uses it (its time budget); none for the action node. */
	run?: RunLimits;
}

/** Read for each item, so a bad credential fails that item (and Continue On Fail goes on). */
export async function kolmisoftConnection(this: KolmisoftContext): Promise<KolmisoftConnection> {
	const credentials = await this.getCredentials(CREDENTIAL_TYPE);
	const secret = String(credentials.apiSecretKey ?? '');
	return {
		credentials,
		baseUrl: resolveBaseUrl(this, { region: 'custom', baseUrl: credentials.baseUrl }, {}),
		secret,
		secrets: [secret, String(credentials.password ?? '')],
		skipSslCertificateValidation: credentials.allowUnauthorizedCerts === true,
	};
}

/**
 * How Kolmisoft answers a method it does not know is undocumented: HTTP 404, or an
 * `<error>` naming the method unknown, are taken to mean it.
 */
const NOT_FOUND = 404;
const UNKNOWN_METHOD = /unknown (?:api )?method|no such method|method (?:was )?not found/i;

export interface KolmisoftAnswer {
	/** The answer's `page` element (or the whole document when there is none). */
	page: IDataObject;
	/** The server's success text; throws an error naming the method when the answer reports no success. */
	successText(): string;
	/** An error for an answer without the part the operation needs. */
	invalid(message: string): NodeApiError;
	/** The server's error when `element` (e.g. `<devices>`) holds an `<error>`. */
	errorIn(element: IDataObject): NodeApiError | undefined;
}

/** Sends one signed API call; an `<error>` in the answer, whatever the HTTP status, becomes an n8n error. */
export async function kolmisoftCall(
	this: KolmisoftContext,
	connection: KolmisoftConnection,
	call: {
		method: KolmisoftMethod;
		values: Record<string, string>;
		idempotent: boolean;
		itemIndex: number;
		/** The method's old name, asked (with the same values) when the server does not know `method`. Reads only. */
		oldName?: KolmisoftMethod;
	},
): Promise<KolmisoftAnswer> {
	const form = signedForm(call.method, call.values, connection.secret);
	const secrets = [...connection.secrets, form.get('hash') ?? ''];
	const answer = await sendRequest.call(this, kolmisoftProfile, {
		credentialType: CREDENTIAL_TYPE,
		credentials: connection.credentials,
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
		run: connection.run,
		acceptStatuses: call.oldName ? [NOT_FOUND] : undefined,
	});
	const askOldName = () => kolmisoftCall.call(this, connection, { ...call, method: call.oldName!, oldName: undefined });
	if (call.oldName && answer.statusCode === NOT_FOUND) return await askOldName();
	const fail = (details: VendorErrorDetails) =>
		vendorApiError(this.getNode(), details, { vendorName: VENDOR_NAME, secrets, itemIndex: call.itemIndex, httpStatus: answer.statusCode });
	const parsed = await readKolmisoftXml(answer.text);
	if ('problem' in parsed) {
		throw fail(
			call.idempotent
				? { message: parsed.problem, hint: 'The answer was damaged or is not the Kolmisoft API. Try again, and check the Base URL.' }
				: unconfirmedWrite(kolmisoftProfile, parsed.problem),
		);
	}
	const error = kolmisoftErrorOf(parsed.document);
	if (error !== undefined && call.oldName && UNKNOWN_METHOD.test(error)) return await askOldName();
	if (error !== undefined) throw fail({ message: error, hint: hintFor(error) });
	const page = asObject(parsed.document.page) ?? parsed.document;
	return {
		page,
		invalid: (message) =>
			fail({ message, hint: 'The server answered something other than the documented answer. Check the Base URL (the billing root).' }),
		errorIn(element) {
			const text = kolmisoftErrorOf(element);
			return text === undefined ? undefined : fail({ message: text, hint: hintFor(text) });
		},
		successText() {
			// Documented as <status><success>text</success></status>; older servers send <status>text</status>.
			const status = page.status;
			const text = boundedText(asObject(status)?.success ?? status);
			if (text !== '') return text;
			throw fail({
				message: `The answer to ${call.method} reports neither success nor an error`,
				hint: 'The change may or may not have been made: check the device on the server before running this again, and check the Base URL.',
			});
		},
	};
}

/** One element or many come out the same way: a list. */
export function asList<T>(value: T | T[] | undefined | ''): T[] {
	if (value === undefined || value === '') return [];
	return Array.isArray(value) ? value : [value];
}

/** Longest server text quoted in an error about the list's shape. */
const MAX_QUOTED = 100;

function quoted(text: string): string {
	return JSON.stringify(text.length > MAX_QUOTED ? `${text.slice(0, MAX_QUOTED)}…` : text);
}

/**
 * The devices of a documented `<devices>` list: `<device>` elements with fields,
 * or none. Anything else there is an error, never "no devices" or text items.
 */
function devicesOf(answer: KolmisoftAnswer): IDataObject[] {
	const { page } = answer;
	// No <devices> at all is not "no devices": it is not the documented answer.
	if (!('devices' in page)) throw answer.invalid('The answer to devices_get has no <devices> list');
	const list = page.devices as unknown;
	if (Array.isArray(list)) throw answer.invalid('The answer to devices_get has more than one <devices> list');
	if (list === '') return [];
	if (typeof list === 'string') throw answer.invalid(`The answer to devices_get has text instead of devices in <devices>: ${quoted(list)}`);
	const element = list as IDataObject;
	const error = answer.errorIn(element);
	if (error) throw error;
	const stranger = Object.keys(element).find((name) => name !== 'device');
	if (stranger !== undefined) throw answer.invalid(`The answer to devices_get has <${stranger.slice(0, MAX_QUOTED)}> in <devices>, not <device>`);
	const devices = asList(element.device as unknown);
	for (const device of devices) {
		if (device === null || typeof device !== 'object' || Array.isArray(device)) {
			throw answer.invalid(`The answer to devices_get has a <device> without fields: ${quoted(String(device))}`);
		}
	}
	return devices as IDataObject[];
}

/**
 * devices_get: every device of a user (the API has no paging). Servers that know
 * only the old name device_list are asked again under that name.
 */
export async function devicesOfUser(this: KolmisoftContext, connection: KolmisoftConnection, userId: string, itemIndex: number): Promise<IDataObject[]> {
	const answer = await kolmisoftCall.call(this, connection, {
		method: 'devices_get',
		oldName: 'device_list',
		values: { user_id: userId },
		idempotent: true,
		itemIndex,
	});
	return devicesOf(answer);
}
