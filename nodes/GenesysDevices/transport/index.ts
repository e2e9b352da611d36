import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	ILoadOptionsFunctions,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { VendorErrorDetails } from '../../shared/errors';
import { asNodeError, vendorApiError } from '../../shared/errors';
import { basicAuthToken } from '../../shared/redact';
import type { VendorAnswer, VendorProfile } from '../../shared/transport';
import { BODY_LIMITS } from '../../shared/body';
import { firstNonObject, notAnObject } from '../../shared/runner';
import type { RunLimits } from '../../shared/runLimits';
import { sendRequest } from '../../shared/transport';
import { pathSegment, resolveBaseUrl } from '../../shared/validation';

export const CREDENTIAL_TYPE = 'genesysWebServicesApi';

/** vendorCode of the 403 a CSRF-protected server gives a write without a valid token. */
export const CSRF_REJECTED = 'CSRF';

/** The documented meaning of every statusCode (0 is success) and what the user can do about it. */
const STATUS_CODES: Record<number, { meaning: string; hint: string }> = {
	1: { meaning: 'Missing parameter', hint: 'Fill in the value the message names.' },
	2: {
		meaning: 'Invalid for the current state',
		hint: 'The device or user is not in a state that allows this right now. Check its current state and capabilities.',
	},
	3: { meaning: 'Forbidden', hint: 'The user in the credential is not allowed to do this.' },
	4: {
		meaning: 'Internal error',
		hint: 'This is on the Genesys server side. Try again later; if it persists, ask your GWS administrator.',
	},
	5: {
		meaning: 'No permission',
		hint: "The user in the credential lacks the role for this (listing all devices or another user's devices needs Contact Center Admin).",
	},
	6: { meaning: 'Not found', hint: 'Check the IDs in the node.' },
	7: {
		meaning: 'Partial success',
		hint: 'Only part of the request was carried out. Check the result in Genesys before running it again.',
	},
	8: {
		meaning: 'Password change required',
		hint: 'Change the password of this user in Genesys, then update the credential.',
	},
	9: {
		meaning: 'Processing incomplete',
		hint: 'The server has not finished. Check the result in Genesys before running it again.',
	},
	10: { meaning: 'Input validation failed', hint: 'Check the values in the node, e.g. the phone number format.' },
	11: { meaning: 'Read-only property', hint: 'Remove the read-only field from the request.' },
	12: { meaning: 'Unable to retrieve', hint: 'The server could not read the object. Try again later.' },
	13: { meaning: 'Unable to create', hint: 'The server could not create the object. Check the values in the node.' },
	14: { meaning: 'Unable to delete', hint: 'The server could not delete the object. Check it is not in use.' },
	15: { meaning: 'Unable to update', hint: 'The server could not update the object. Check the values in the node.' },
	16: { meaning: 'Unable to assign', hint: 'The server could not assign the object. Check the user and the device.' },
	17: { meaning: 'Unable to unassign', hint: 'The server could not unassign the object. Check the user and the device.' },
	18: { meaning: 'Already exists', hint: 'An object with these values exists already: use it, or change the values.' },
	19: { meaning: 'In use', hint: 'The object is in use. Free it first, then try again.' },
	20: {
		meaning: 'Not authenticated: the username or password is wrong',
		hint: 'Check the username and password in the Genesys Web Services credential.',
	},
};

interface GenesysBody {
	statusCode?: unknown;
	statusMessage?: unknown;
	message?: unknown;
}

function bodyOf(answer: VendorAnswer): GenesysBody | undefined {
	const json = answer.json;
	return json !== null && typeof json === 'object' && !Array.isArray(json) ? (json as GenesysBody) : undefined;
}

/** statusCode as a number; GWS sends a number, a numeric string is tolerated. */
function statusCodeOf(body: GenesysBody | undefined): number | undefined {
	const code = body?.statusCode;
	if (typeof code === 'number' && Number.isInteger(code)) return code;
	if (typeof code === 'string' && /^\d+$/.test(code.trim())) return Number(code);
	return undefined;
}

function vendorText(body: GenesysBody | undefined): string | undefined {
	const text = body?.statusMessage ?? body?.message;
	return typeof text === 'string' && text.trim() !== '' ? text.trim() : undefined;
}

export const genesysProfile: VendorProfile = {
	name: 'Genesys Web Services',
	readError(answer): VendorErrorDetails | undefined {
		const body = bodyOf(answer);
		const statusMessage = vendorText(body);
		if (answer.statusCode === 403 && /csrf/i.test(answer.text)) {
			return {
				message: statusMessage ?? 'Missing or invalid Csrf token',
				hint: 'The server rejected the CSRF token of the session. Run the node again; if it persists, check the CSRF settings of the GWS server.',
				vendorCode: CSRF_REJECTED,
			};
		}
		const code = statusCodeOf(body);
		if (code === undefined && answer.statusCode === 401) {
			const { meaning, hint } = STATUS_CODES[20];
			return { message: meaning, hint };
		}
		if (code === undefined || code === 0) return undefined;
		const known = STATUS_CODES[code] ?? {
			meaning: 'Unknown status',
			hint: 'Check the message and the GWS server documentation.',
		};
		// The server's message often just repeats the table's words ("Not authenticated"): then it adds nothing.
		const repeatsMeaning = statusMessage !== undefined && known.meaning.toLowerCase().startsWith(statusMessage.toLowerCase());
		const message = statusMessage && !repeatsMeaning ? `${known.meaning}: ${statusMessage}` : known.meaning;
		return { message, hint: known.hint, vendorCode: code };
	},
};

interface Connection {
	credentials: ICredentialDataDecryptedObject;
	baseUrl: string;
	secrets: string[];
	skipSslCertificateValidation: boolean;
}

/** What a write carries on a CSRF-protected server; no headers when the server has CSRF off. */
interface CsrfPass {
	headers: IDataObject;
	secrets: string[];
}

function headerText(headers: VendorAnswer['headers'], name: string): string | undefined {
	const value = headers[name];
	const text = Array.isArray(value) ? value[0] : value;
	return typeof text === 'string' && text.trim() !== '' ? text.trim() : undefined;
}

/** name=value of every cookie the server set (JSESSIONID among them), read straight from Set-Cookie. */
function cookiesOf(headers: VendorAnswer['headers']): string[] {
	const raw = headers['set-cookie'];
	const lines = Array.isArray(raw) ? raw : typeof raw === 'string' ? [raw] : [];
	const cookies: string[] = [];
	for (const line of lines) {
		const pair = line.split(';')[0].trim();
		const separator = pair.indexOf('=');
		if (separator > 0 && separator < pair.length - 1) cookies.push(pair);
	}
	return cookies;
}

function csrfPassOf(answer: VendorAnswer): CsrfPass {
	const headerName = headerText(answer.headers, 'x-csrf-header');
	const token = headerText(answer.headers, 'x-csrf-token');
	if (!headerName || !token || !/^[A-Za-z0-9-]+$/.test(headerName)) return { headers: {}, secrets: [] };
	const cookies = cookiesOf(answer.headers);
	const headers: IDataObject = { [headerName]: token };
	if (cookies.length > 0) headers.Cookie = cookies.join('; ');
	const cookieValues = cookies.map((cookie) => cookie.slice(cookie.indexOf('=') + 1));
	return { headers, secrets: [token, ...cookieValues] };
}

function isCsrfRejection(error: unknown): boolean {
	return error instanceof NodeApiError && error.context.vendorCode === CSRF_REJECTED;
}

type SessionContext = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions;

/**
 * Talks to one GWS server for the length of one execute() call: credentials are
 * read once, and the CSRF token and session cookie are fetched before the first
 * write and kept until the server rejects them. Nothing here outlives the call.
 */
export class GenesysSession {
	private connection?: Promise<Connection>;

	private csrf?: Promise<CsrfPass>;

	/** @param run the limits of the poll or execution it serves (a poll's time budget), if any */
	constructor(
		private readonly context: SessionContext,
		private readonly run?: RunLimits,
	) {}

	/** A GET; safe to repeat, so transient failures are retried. Returns the JSON body, which must be an object. */
	async read(itemIndex: number, path: string, qs?: IDataObject): Promise<IDataObject> {
		const answer = await this.send(itemIndex, 'GET', path, { qs, idempotent: true });
		return await this.bodyOf(answer, itemIndex, false);
	}

	/**
	 * A POST. Never retried on failure, except once after the server rejected the
	 * CSRF token: it refused before acting, so the write is sent with a fresh token.
	 * Its answer must say statusCode 0: anything else is not reported as done.
	 */
	async write(itemIndex: number, path: string, body: IDataObject): Promise<IDataObject> {
		const used = this.csrfPass(itemIndex);
		const pass = await used;
		let answer: VendorAnswer;
		try {
			answer = await this.send(itemIndex, 'POST', path, { body, pass, idempotent: false });
		} catch (error) {
			if (!isCsrfRejection(error)) throw asNodeError(this.context, error);
			const fresh = await this.csrfPass(itemIndex, used);
			answer = await this.send(itemIndex, 'POST', path, { body, pass: fresh, idempotent: false });
		}
		return await this.bodyOf(answer, itemIndex, true);
	}

	/** Everything that must never reach an error or output: the password, its basic-auth form, CSRF values. */
	async secrets(): Promise<string[]> {
		const connection = await this.connect();
		const pass = this.csrf ? await this.csrf.catch(() => undefined) : undefined;
		return [...connection.secrets, ...(pass?.secrets ?? [])];
	}

	/** The URI GWS gives a device, e.g. for a supervisor's targetDeviceUri. */
	async deviceUri(deviceId: string): Promise<string> {
		const connection = await this.connect();
		return `${connection.baseUrl}/api/v2/devices/${deviceId}`;
	}

	/** An error about this server's answer, with the session's secrets removed. */
	async answerError(itemIndex: number, details: VendorErrorDetails, httpStatus?: number) {
		return vendorApiError(this.context.getNode(), details, {
			vendorName: genesysProfile.name,
			secrets: await this.secrets(),
			itemIndex,
			httpStatus,
		});
	}

	// GWS documents a JSON object with statusCode in every answer: an empty or other answer is not success.
	private async bodyOf(answer: VendorAnswer, itemIndex: number, isWrite: boolean): Promise<IDataObject> {
		const body = answer.json;
		const isObject = body !== null && typeof body === 'object' && !Array.isArray(body);
		if (!isObject || (isWrite && statusCodeOf(body as GenesysBody) !== 0)) {
			const what = answer.text.trim() === '' ? 'is empty' : isObject ? 'has no statusCode' : 'is not a JSON object';
			throw await this.answerError(
				itemIndex,
				{
					message: `The answer ${what}`,
					hint: isWrite
						? 'GWS did not say whether this was done: check in Genesys before running it again, and check the Base URL.'
						: 'The server answered something other than the GWS API. Check the Base URL in the credential.',
				},
				answer.statusCode,
			);
		}
		return body as IDataObject;
	}

	private async send(
		itemIndex: number,
		method: IHttpRequestMethods,
		path: string,
		request: { qs?: IDataObject; body?: IDataObject; pass?: CsrfPass; idempotent: boolean },
	): Promise<VendorAnswer> {
		const connection = await this.connect();
		return await sendRequest.call(this.context, genesysProfile, {
			credentialType: CREDENTIAL_TYPE,
			credentials: connection.credentials,
			run: this.run,
			method,
			url: `${connection.baseUrl}${path}`,
			qs: request.qs,
			headers: {
				...(request.body ? { 'Content-Type': 'application/json' } : {}),
				...request.pass?.headers,
			},
			body: request.body,
			idempotent: request.idempotent,
			...BODY_LIMITS.genesys,
			secrets: [...connection.secrets, ...(request.pass?.secrets ?? [])],
			expect: 'json',
			itemIndex,
			skipSslCertificateValidation: connection.skipSslCertificateValidation,
		});
	}

	private async connect(): Promise<Connection> {
		this.connection ??= (async () => {
			const credentials = await this.context.getCredentials(CREDENTIAL_TYPE);
			const username = String(credentials.username ?? '');
			const password = String(credentials.password ?? '');
			return {
				credentials,
				baseUrl: resolveBaseUrl(this.context, credentials, {}),
				secrets: [password, basicAuthToken(username, password)],
				skipSslCertificateValidation: credentials.allowUnauthorizedCerts === true,
			};
		})();
		return await this.connection;
	}

	/** The cached pass, or a new one when there is none or `stale` is the one the server just rejected. */
	private csrfPass(itemIndex: number, stale?: Promise<CsrfPass>): Promise<CsrfPass> {
		if (this.csrf === undefined || this.csrf === stale) {
			const pending = this.send(itemIndex, 'GET', '/api/v2/me', { idempotent: true }).then(csrfPassOf);
			this.csrf = pending;
			// A failed fetch is not cached: the next item asks again.
			pending.catch(() => {
				if (this.csrf === pending) this.csrf = undefined;
			});
		}
		return this.csrf;
	}
}

/** Whose devices a listing covers: every device, the credential's user's, or one user's. */
export type DeviceScope = 'all' | 'me' | 'user';

export const DEVICE_SCOPES: readonly DeviceScope[] = ['all', 'me', 'user'];

/** The list endpoint of a scope; the user ID becomes exactly one path segment. */
export function devicesPath(context: Pick<SessionContext, 'getNode'>, scope: DeviceScope, userId: string, itemIndex?: number): string {
	if (scope === 'me') return '/api/v2/me/devices';
	if (scope === 'user') return `/api/v2/users/${pathSegment(context, userId, 'User ID', itemIndex)}/devices`;
	return '/api/v2/devices';
}

/** One GET of a device list (GWS documents no paging): the devices, or their URIs when no fields were asked for. */
export async function listDevices(session: GenesysSession, itemIndex: number, path: string, qs: IDataObject): Promise<IDataObject[]> {
	const answer = await session.read(itemIndex, path, qs);
	let devices: IDataObject[];
	if (Array.isArray(answer.devices)) {
		devices = answer.devices as IDataObject[];
	} else if (Array.isArray(answer.uris)) {
		const uris = answer.uris as unknown[];
		const odd = uris.findIndex((uri) => typeof uri !== 'string' || uri.trim() === '');
		if (odd !== -1) {
			const kind = typeof uris[odd] === 'string' ? 'an empty text' : (notAnObject(uris[odd]) ?? 'an object');
			throw await session.answerError(itemIndex, {
				message: `Entry ${odd} of the URI list is ${kind}, not a URI`,
				hint: 'GWS lists device URIs as texts: the server answered something other than the documented list. Check the Base URL in the credential.',
			});
		}
		devices = uris.map((uri) => ({ uri: uri as string }));
	} else {
		throw await session.answerError(itemIndex, {
			message: 'The answer has no list of devices',
			hint: 'The server answered something other than the device list. Check the base URL in the credential.',
		});
	}
	const odd = firstNonObject(devices);
	if (odd !== undefined) {
		throw await session.answerError(itemIndex, {
			message: `Entry ${odd.index} of the device list is ${odd.kind}, not a device`,
			hint: 'GWS lists devices as objects: the server answered something other than the documented list. Check the Base URL in the credential.',
		});
	}
	return devices;
}
