import type {
	IAdditionalCredentialOptions,
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IPollFunctions,
} from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import type { BodyProblem } from './body';
import {
	DEFAULT_MAX_BODY_BYTES,
	DEFAULT_MAX_GUNZIPPED_BYTES,
	DEFAULT_MAX_JSON_CONTAINERS,
	TIMED_OUT,
	decodeBody,
	isBodyProblem,
	jsonContainerCount,
	readBodyBytes,
	untilDeadline,
} from './body';
import type { VendorErrorDetails } from './errors';
import { vendorApiError } from './errors';
import { redactText, redactValue } from './redact';
import type { RunLimits } from './runLimits';
import type { RetryPolicy, SharedBackoff } from './retry';
import {
	DEFAULT_RETRY_POLICY,
	isRetryableNetworkError,
	isRetryableStatus,
	isThrottleStatus,
	nextDelay,
	parseRetryAfter,
} from './retry';

/**
 * The one place every node sends its HTTP requests through: authentication by
 * n8n's credential system (OAuth2 tokens refreshed by n8n on a 401), one
 * deadline per exchange covering the body, no credential sent to another
 * origin, bounded retries for requests that are safe to repeat, capped body
 * reading, and vendor errors mapped to NodeApiError with secrets removed.
 */

export type RequestContext = IExecuteFunctions | IPollFunctions | ILoadOptionsFunctions | IHookFunctions;

/** One exchange (request, redirects of a read, the whole answer body) must be complete within this. */
export const DEFAULT_TIMEOUT_MS = 30_000;

/** All attempts of one request and the waits between them together. */
export const DEFAULT_TOTAL_TIME_MS = 120_000;

/** Same-origin redirects followed for a read; a write is never sent again to a redirect target. */
export const MAX_REDIRECTS = 5;

export interface VendorAnswer {
	statusCode: number;
	headers: Record<string, string | string[] | undefined>;
	/** The body as received, gunzipped when it was gzip data. */
	bytes: Buffer;
	text: string;
	/** The parsed body when it is JSON; undefined otherwise. */
	json?: unknown;
}

export interface VendorProfile {
	/** The product name users know, used at the start of every error message. */
	name: string;
	/** The vendor's error in an answer (HTTP 200 included), or undefined when the answer is a success. */
	readError(answer: VendorAnswer): VendorErrorDetails | undefined;
}

export interface ApiRequest {
	credentialType: string;
	/**
	 * The credential as the node already read it (getCredentials) for this item or run.
	 * n8n then authenticates with it instead of loading and decrypting the
	 * credential again for every request (every page of a list). Not used for
	 * OAuth2 types: their token is always n8n's to read and refresh.
	 */
	credentials?: ICredentialDataDecryptedObject;
	method: IHttpRequestMethods;
	url: string;
	qs?: IDataObject;
	headers?: IDataObject;
	body?: IDataObject | string | URLSearchParams;
	/** Safe to send again after a failure. Decided per operation: a Kolmisoft read is a POST, yet safe. */
	idempotent: boolean;
	/** Values that must never reach an error or a log, in addition to what the vendor profile knows. */
	secrets: readonly string[];
	/** Statuses handed back as answers instead of errors (e.g. a list's 404 that means "none"). */
	acceptStatuses?: number[];
	/** 'json' requires a JSON body on success; 'raw' leaves decoding to the caller. */
	expect?: 'json' | 'raw';
	itemIndex?: number;
	/** Deadline of one exchange, body included. */
	timeoutMs?: number;
	/** Bound on all attempts and waits together. */
	totalTimeMs?: number;
	maxBodyBytes?: number;
	maxGunzippedBytes?: number;
	/** JSON objects and lists an answer may hold before it is parsed (see DEFAULT_MAX_JSON_CONTAINERS). */
	maxJsonContainers?: number;
	skipSslCertificateValidation?: boolean;
	retryPolicy?: RetryPolicy;
	/** Shared with the other requests of the run sent at the same time (reads only): a 429 or 503 pauses them all. */
	backoff?: SharedBackoff;
	/** Aborted when the run no longer needs the answer (a page beyond the end): no further attempt is sent. */
	cancel?: AbortSignal;
	/** The run's limits: once its time budget is spent, no request or retry is sent and the one under way is dropped. */
	run?: RunLimits;
}

interface NetworkFailure {
	code?: string;
	message: string;
}

const TIMEOUT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT']);

/** Credential types built on n8n's oAuth2Api are named so by n8n's convention. */
function isOAuth2(credentialType: string): boolean {
	return /OAuth2Api$/.test(credentialType);
}

function networkFailureOf(error: unknown): NetworkFailure {
	const candidates = [error, (error as { cause?: unknown })?.cause];
	for (const candidate of candidates) {
		const code = (candidate as { code?: unknown })?.code;
		if (typeof code === 'string' && /^E[A-Z_]+$/.test(code)) {
			return { code, message: (candidate as Error).message ?? code };
		}
	}
	const message = (error as Error)?.message ?? String(error);
	// A body cut off mid-way surfaces as an 'aborted' stream error without a code.
	if (/aborted|socket hang up|premature close/i.test(message)) return { code: 'ECONNRESET', message };
	return { message };
}

function headerValue(headers: VendorAnswer['headers'], name: string): string | undefined {
	const value = headers[name.toLowerCase()];
	return Array.isArray(value) ? value[0] : value;
}

function parseJson(text: string): unknown {
	const trimmed = text.trim();
	if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return undefined;
	try {
		return JSON.parse(trimmed);
	} catch {
		return undefined;
	}
}

function hostOf(url: string): string {
	try {
		return new URL(url).host;
	} catch {
		return 'the server';
	}
}

function genericStatusError(status: number): VendorErrorDetails {
	if (status === 401) {
		return { message: 'Authentication failed', hint: 'Check the secret in the credential.' };
	}
	if (status === 403) {
		return { message: 'Access denied', hint: 'The credential is valid but not allowed to do this.' };
	}
	if (status === 404) {
		return { message: 'Not found', hint: 'Check the IDs in the node and the base URL in the credential.' };
	}
	if (status === 429) {
		return {
			message: 'Too many requests',
			hint: 'The service is rate limiting. Run fewer items at once or try again later.',
		};
	}
	if (status >= 500) {
		return {
			message: 'The service had an internal problem',
			hint: 'This is on the service side. Try again later; if it persists, contact the vendor.',
		};
	}
	return { message: `Request failed`, hint: 'Check the node parameters.' };
}

export async function sendRequest(
	this: RequestContext,
	vendor: VendorProfile,
	request: ApiRequest,
): Promise<VendorAnswer> {
	const node = this.getNode();
	const policy = request.retryPolicy ?? DEFAULT_RETRY_POLICY;
	const timeoutMs = request.timeoutMs ?? DEFAULT_TIMEOUT_MS;
	const totalTimeMs = request.totalTimeMs ?? DEFAULT_TOTAL_TIME_MS;
	const errorContext = { vendorName: vendor.name, secrets: [...request.secrets], itemIndex: request.itemIndex };
	const options: IHttpRequestOptions = {
		method: request.method,
		url: request.url,
		qs: request.qs,
		headers: { Accept: 'application/json', ...request.headers },
		body: request.body,
		encoding: 'stream',
		returnFullResponse: true,
		// n8n refreshes an OAuth2 token only when the request throws a 401, so that status must throw
		// (n8n 2.x; n8n 1.x hands every status back: see oauth2Request).
		ignoreHttpStatusErrors: isOAuth2(request.credentialType) ? { ignore: true, except: [401] } : true,
		// Redirects are looked at here: a credential or a write must never follow one to another host.
		disableFollowRedirect: true,
		skipSslCertificateValidation: request.skipSslCertificateValidation,
		// A request the run no longer needs is dropped mid-way rather than left to finish after the run.
		abortSignal: request.cancel,
	};

	const startedAt = Date.now();
	const run = request.run;
	/** Whether a wait of `ms` still ends within the run's time budget. */
	const fitsRun = (ms: number) => run === undefined || ms < run.remainingMs();
	let waitedMs = 0;
	for (let attempt = 1; ; attempt++) {
		if (request.cancel?.aborted) throw vendorApiError(node, CANCELLED, errorContext);
		if (run?.timeIsUp) throw run.timeUpError(node);
		const sharedWaitMs = request.backoff?.remainingMs() ?? 0;
		if (sharedWaitMs > 0) {
			if (run && !fitsRun(sharedWaitMs)) throw run.timeUpError(node);
			await sleep(sharedWaitMs);
			if (request.cancel?.aborted) throw vendorApiError(node, CANCELLED, errorContext);
		}
		const exchangeMs = Math.max(1, Math.min(timeoutMs, totalTimeMs - (Date.now() - startedAt), run?.remainingMs() ?? Infinity));
		let outcome: Outcome;
		try {
			outcome = await exchange.call(this, request, options, exchangeMs);
		} catch (error) {
			if (run?.timeIsUp) throw run.timeUpError(node);
			errorContext.secrets.push(...(await refreshedTokens.call(this, request)));
			const failure = networkFailureOf(error);
			if (failure.code && TIMEOUT_CODES.has(failure.code)) {
				throw vendorApiError(node, timeoutDetails(request, exchangeMs), errorContext);
			}
			const delay = request.idempotent && isRetryableNetworkError(failure.code) ? nextDelay(attempt, waitedMs, undefined, policy) : undefined;
			if (delay !== undefined && Date.now() - startedAt + delay < totalTimeMs && fitsRun(delay)) {
				this.logger.debug(
					redactText(`${vendor.name}: ${failure.code} from ${hostOf(request.url)}, retrying in ${delay} ms`, request.secrets),
				);
				waitedMs += delay;
				await sleep(delay);
				continue;
			}
			throw vendorApiError(node, networkErrorDetails(failure, request, attempt), errorContext);
		}

		errorContext.secrets.push(...(await refreshedTokens.call(this, request)));
		if ('problem' in outcome) {
			if (run?.timeIsUp) throw run.timeUpError(node);
			throw vendorApiError(node, { message: outcome.problem, hint: outcome.hint, vendorCode: outcome.code }, errorContext);
		}
		const answer = withoutSecrets(outcome, errorContext.secrets);

		let retryAfterMs: number | undefined;
		if (request.idempotent && isRetryableStatus(answer.statusCode)) {
			retryAfterMs = parseRetryAfter(headerValue(answer.headers, 'retry-after'));
			const delay = nextDelay(attempt, waitedMs, retryAfterMs, policy);
			if (delay !== undefined && Date.now() - startedAt + delay < totalTimeMs && fitsRun(delay)) {
				this.logger.debug(
					`${vendor.name}: HTTP ${answer.statusCode} from ${hostOf(request.url)}, retrying in ${delay} ms`,
				);
				if (isThrottleStatus(answer.statusCode)) request.backoff?.pause(answer.statusCode, delay);
				waitedMs += delay;
				await sleep(delay);
				continue;
			}
		} else if (isRetryableStatus(answer.statusCode)) {
			retryAfterMs = parseRetryAfter(headerValue(answer.headers, 'retry-after'));
		}

		const httpStatus = answer.statusCode;
		if (request.acceptStatuses?.includes(httpStatus)) return answer;
		const vendorError = vendor.readError(answer) ?? (httpStatus >= 400 ? genericStatusError(httpStatus) : undefined);
		if (vendorError) {
			throw vendorApiError(node, withRetryAfter(vendorError, retryAfterMs), { ...errorContext, httpStatus });
		}
		if (request.expect !== 'raw' && answer.json === undefined && answer.text.trim() !== '') {
			throw vendorApiError(node, request.idempotent ? NOT_JSON : unconfirmedWrite(vendor, NOT_JSON.message), { ...errorContext, httpStatus });
		}
		return answer;
	}
}

const NOT_JSON: VendorErrorDetails = {
	message: 'The answer is not valid JSON',
	hint: 'The server answered something other than the API. Check the base URL in the credential.',
};

/**
 * A write answered with something other than the API's answer (a proxy's or a
 * firewall's page): it may have been carried out before the answer was replaced,
 * so running it again could repeat it.
 */
export function unconfirmedWrite(vendor: Pick<VendorProfile, 'name'>, problem: string): VendorErrorDetails {
	return {
		message: `${problem}, so the change is not confirmed`,
		hint: `The change may or may not have been made: check the device in ${vendor.name} before running this again. A proxy in front of the API, or a base URL in the credential that points at something other than the API, gives such answers.`,
	};
}

/**
 * For an OAuth2 credential, the tokens n8n holds after the exchange: when it
 * refreshed the token on a 401, the one the node read before is no longer the
 * one that was sent (and may be echoed back).
 */
async function refreshedTokens(this: RequestContext, request: ApiRequest): Promise<string[]> {
	if (!isOAuth2(request.credentialType)) return [];
	try {
		const credentials = await (this.getCredentials as (type: string, itemIndex?: number) => Promise<ICredentialDataDecryptedObject>)(request.credentialType, request.itemIndex);
		const token = (credentials.oauthTokenData ?? {}) as IDataObject;
		return [token.access_token, token.refresh_token].filter((value): value is string => typeof value === 'string' && value !== '');
	} catch {
		return [];
	}
}

/**
 * The answer with every secret of the run masked, so none reaches an output
 * item, an error or a log: servers echo what they were sent (a HAL self link
 * built from the request URL with its API key, a header in a debug field).
 * Parsed JSON is masked value by value, so numbers and structure stay as sent.
 */
function withoutSecrets(answer: VendorAnswer, secrets: readonly string[]): VendorAnswer {
	const text = redactText(answer.text, secrets);
	if (text === answer.text) return answer;
	return { ...answer, text, bytes: Buffer.from(text, 'utf8'), json: answer.json === undefined ? undefined : redactValue(answer.json, secrets) };
}

const CANCELLED: VendorErrorDetails = {
	message: 'The request was not sent again: the run no longer needs its answer',
	hint: 'Nothing to do: another request of the same run ended it.',
};

/** Says so when the server asked for a longer wait than the node allows (the reason it was not retried). */
function withRetryAfter(details: VendorErrorDetails, retryAfterMs: number | undefined): VendorErrorDetails {
	if (retryAfterMs === undefined) return details;
	const seconds = Math.ceil(retryAfterMs / 1000);
	return {
		...details,
		message: `${details.message}: the server asked to wait ${seconds} s before trying again`,
		hint: `The node waits at most ${DEFAULT_RETRY_POLICY.maxDelayMs / 1000} s at a time and did not wait that long. Run it again later. ${details.hint}`,
	};
}

type Outcome = VendorAnswer | (BodyProblem & { code?: string });

function isRedirect(status: number): boolean {
	return status >= 300 && status < 400 && status !== 304;
}

/**
 * One exchange under one deadline: the request, the whole body and, for a
 * read, same-origin redirects (each hop authenticated by n8n again). A
 * redirect to another origin is never followed: nothing is sent there.
 */
async function exchange(this: RequestContext, request: ApiRequest, options: IHttpRequestOptions, exchangeMs: number): Promise<Outcome> {
	const deadline = AbortSignal.timeout(exchangeMs);
	const origin = new URL(request.url).origin;
	let hopOptions: IHttpRequestOptions = { ...options, timeout: exchangeMs, headers: { ...options.headers } };
	for (let hop = 0; ; hop++) {
		const outcome = await sendOnce.call(this, request, hopOptions, deadline);
		if ('problem' in outcome || !isRedirect(outcome.statusCode)) return outcome;
		const location = headerValue(outcome.headers, 'location');
		if (!location) return outcome;
		let target: URL;
		try {
			target = new URL(location, hopOptions.url);
		} catch {
			return { problem: 'The server answered with a redirect to an address that is not valid', hint: 'Check the Base URL in the credential.' };
		}
		if (target.origin !== origin) {
			return {
				problem: `The server redirected the request to another host (${target.host}); it was not followed`,
				hint: `Nothing was sent to ${target.host}. Check the Base URL in the credential: it must be the API's own address${request.idempotent ? '' : ', and check in the vendor system whether this write was carried out'}.`,
				code: `HTTP ${outcome.statusCode}`,
			};
		}
		if (!request.idempotent) {
			return {
				problem: `The server redirected the write to ${target.pathname}; it was not sent again`,
				hint: 'Check the Base URL in the credential, and check in the vendor system whether the write was carried out.',
				code: `HTTP ${outcome.statusCode}`,
			};
		}
		if (hop >= MAX_REDIRECTS) {
			return { problem: `More than ${MAX_REDIRECTS} redirects`, hint: 'Check the Base URL in the credential.' };
		}
		hopOptions = { ...hopOptions, url: target.href, qs: undefined, headers: { ...options.headers } };
	}
}

interface RawResponse {
	statusCode: number;
	headers: VendorAnswer['headers'];
	body: unknown;
}

function destroyBody(body: unknown): void {
	(body as { destroy?: () => void } | undefined)?.destroy?.();
}

/**
 * A 401 that n8n let through after refreshing an OAuth2 token (or after the
 * refreshed token was refused too) comes back thrown; it is still the API's answer.
 */
function answerInError(error: unknown, url: string): RawResponse | undefined {
	for (let cause = error as { cause?: unknown } | undefined, depth = 0; cause && depth < 5; cause = cause.cause as typeof cause, depth++) {
		const { config, response } = cause as { config?: { url?: string }; response?: { status?: number; headers?: RawResponse['headers']; data?: unknown } };
		if (config?.url === url && typeof response?.status === 'number') {
			return { statusCode: response.status, headers: response.headers ?? {}, body: response.data };
		}
	}
	return undefined;
}

/** Whether the error is the request's own (it carries the request's URL) rather than the token endpoint's. */
function isOwnFailure(error: unknown, url: string): boolean {
	for (let cause = error as { cause?: unknown } | undefined, depth = 0; cause && depth < 5; cause = cause.cause as typeof cause, depth++) {
		const config = (cause as { config?: { url?: string } }).config;
		if (config?.url !== undefined) return config.url === url;
	}
	return false;
}

function tokenRefreshProblem(error: unknown): BodyProblem {
	const n8nError = error as { message?: string; description?: string; httpCode?: string | null };
	const status = n8nError.httpCode && /^\d+$/.test(n8nError.httpCode) ? ` (the token URL answered HTTP ${n8nError.httpCode})` : '';
	return {
		problem: `The OAuth2 access token expired and could not be refreshed${status}: ${n8nError.message ?? 'unknown error'}`,
		hint: 'Open the credential and reconnect it (Connect my account); check its Access Token URL, Client ID and Client Secret. Nothing was changed.',
	};
}

/** The credential the node read, handed to n8n's request helper so it is not read again (see ApiRequest.credentials). */
function alreadyRead(this: RequestContext, request: ApiRequest): IAdditionalCredentialOptions | undefined {
	if (request.credentials === undefined || isOAuth2(request.credentialType)) return undefined;
	const saved = this.getNode().credentials?.[request.credentialType];
	return {
		credentialsDecrypted: { id: saved?.id ?? '', name: saved?.name ?? '', type: request.credentialType, data: request.credentials },
	};
}

async function authenticatedRequest(this: RequestContext, request: ApiRequest, options: IHttpRequestOptions): Promise<RawResponse> {
	return (await this.helpers.httpRequestWithAuthentication.call(
		this,
		request.credentialType,
		{ ...options },
		alreadyRead.call(this, request),
	)) as RawResponse;
}

/** The token refreshes n8n was asked for per credential (n8n 1.x only, see oauth2Request). */
interface AskedRefreshes {
	count: number;
	latest?: Promise<unknown>;
}

const askedRefreshes = new Map<string, AskedRefreshes>();

function askedRefreshesOf(this: RequestContext, credentialType: string): AskedRefreshes {
	const key = `${credentialType}:${this.getNode().credentials?.[credentialType]?.id ?? ''}`;
	let refreshes = askedRefreshes.get(key);
	if (!refreshes) {
		refreshes = { count: 0 };
		askedRefreshes.set(key, refreshes);
	}
	return refreshes;
}

/**
 * An OAuth2 request. n8n 2.x throws the 401 (ignoreHttpStatusErrors.except),
 * refreshes the token and sends the request once more itself. n8n 1.x reads
 * any ignoreHttpStatusErrors value as "hand every status back", so its
 * refresh-on-401 never runs and the 401 comes back as an answer: then n8n is
 * asked to refresh the token (its refreshOAuth2Token helper calls the token
 * URL and saves the new token in the credential; the node never reads it) and
 * the request is sent once more, with the token n8n now signs it with.
 * Requests refused while a refresh is under way wait for it instead of
 * starting another, as they share one refresh in n8n 2.x.
 */
async function oauth2Request(this: RequestContext, request: ApiRequest, options: IHttpRequestOptions): Promise<RawResponse> {
	const refreshes = askedRefreshesOf.call(this, request.credentialType);
	const refreshesBefore = refreshes.count;
	const response = await authenticatedRequest.call(this, request, options);
	if (response.statusCode !== 401) return response;
	destroyBody(response.body);
	if (refreshes.count === refreshesBefore) {
		this.logger.debug(`${this.getNode().name}: HTTP 401 with the OAuth2 credential, asking n8n to refresh the token`);
		refreshes.count++;
		refreshes.latest = this.helpers.refreshOAuth2Token.call(this, request.credentialType);
	}
	await refreshes.latest;
	return await authenticatedRequest.call(this, request, options);
}

async function sendOnce(
	this: RequestContext,
	request: ApiRequest,
	options: IHttpRequestOptions,
	deadline: AbortSignal,
): Promise<Outcome> {
	const url = options.url;
	const pending = (
		isOAuth2(request.credentialType) ? oauth2Request.call(this, request, options) : authenticatedRequest.call(this, request, options)
	).catch((error: unknown) => {
		const answered = answerInError(error, url);
		if (answered) return answered;
		if (isOAuth2(request.credentialType) && !isOwnFailure(error, url)) return tokenRefreshProblem(error);
		throw error;
	});
	const response = await untilDeadline(pending, deadline);
	if (response === TIMED_OUT) {
		// The answer may still come: its body is dropped so the connection closes.
		pending.then((late) => destroyBody((late as RawResponse).body), () => undefined);
		return timeoutProblem(request, options.timeout);
	}
	if ('problem' in response) return response;
	const received = await readBodyBytes(response.body, request.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES, deadline);
	if (received === TIMED_OUT) return timeoutProblem(request, options.timeout);
	if (isBodyProblem(received)) return received;
	const bytes = await decodeBody(received, request.maxGunzippedBytes ?? DEFAULT_MAX_GUNZIPPED_BYTES);
	if (isBodyProblem(bytes)) return bytes;
	const text = bytes.toString('utf8');
	const maxContainers = request.maxJsonContainers ?? DEFAULT_MAX_JSON_CONTAINERS;
	if (request.expect !== 'raw' && jsonContainerCount(text) > maxContainers) {
		return {
			problem: `The answer holds more than ${maxContainers.toLocaleString('en-US')} JSON objects and lists`,
			hint: 'It was far larger than expected and was not read. Narrow the request (filters, fewer fields).',
		};
	}
	return { statusCode: response.statusCode, headers: response.headers ?? {}, bytes, text, json: parseJson(text) };
}

function timeoutDetails(request: ApiRequest, timeoutMs: number | undefined): VendorErrorDetails {
	return {
		message: `Timed out: no complete answer from ${hostOf(request.url)} within ${Math.round((timeoutMs ?? DEFAULT_TIMEOUT_MS) / 100) / 10} s`,
		hint: request.idempotent
			? 'The server is slow or unreachable. Try again later, or check the base URL in the credential.'
			: 'The request may or may not have been carried out, so it was not sent again. Check the result in the vendor system before running it again.',
		vendorCode: 'ETIMEDOUT',
	};
}

function timeoutProblem(request: ApiRequest, timeoutMs: number | undefined): BodyProblem & { code?: string } {
	const details = timeoutDetails(request, timeoutMs);
	return { problem: details.message, hint: details.hint, code: 'ETIMEDOUT' };
}

function networkErrorDetails(failure: NetworkFailure, request: ApiRequest, attempts: number): VendorErrorDetails {
	const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
	return {
		message: `Could not complete the request to ${hostOf(request.url)}${tries}: ${failure.code ?? failure.message}`,
		hint: request.idempotent
			? 'Check the base URL or region in the credential and that the server is reachable from n8n.'
			: 'The connection failed; the request may or may not have reached the server, so it was not sent again. Check the result in the vendor system before running it again.',
		vendorCode: failure.code,
	};
}
