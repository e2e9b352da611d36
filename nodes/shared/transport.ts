import type {
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
import { DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_GUNZIPPED_BYTES, decodeBody, isBodyProblem, readBodyBytes } from './body';
import type { VendorErrorDetails } from './errors';
import { vendorApiError } from './errors';
import { redactText } from './redact';
import type { RetryPolicy } from './retry';
import {
	DEFAULT_RETRY_POLICY,
	isRetryableNetworkError,
	isRetryableStatus,
	nextDelay,
	parseRetryAfter,
} from './retry';

/**
 * The one place every node sends its HTTP requests through: authentication by
 * n8n's credential system, a timeout, bounded retries for requests that are
 * safe to repeat, capped body reading, and vendor errors mapped to NodeApiError
 * with secrets removed.
 */

export type RequestContext = IExecuteFunctions | IPollFunctions | ILoadOptionsFunctions | IHookFunctions;

export const DEFAULT_TIMEOUT_MS = 30_000;

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
	timeoutMs?: number;
	maxBodyBytes?: number;
	maxGunzippedBytes?: number;
	skipSslCertificateValidation?: boolean;
	retryPolicy?: RetryPolicy;
}

interface NetworkFailure {
	code?: string;
	message: string;
}

const TIMEOUT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT']);

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
	const errorContext = { vendorName: vendor.name, secrets: request.secrets, itemIndex: request.itemIndex };
	const options: IHttpRequestOptions = {
		method: request.method,
		url: request.url,
		qs: request.qs,
		headers: { Accept: 'application/json', ...request.headers },
		body: request.body,
		encoding: 'stream',
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: timeoutMs,
		skipSslCertificateValidation: request.skipSslCertificateValidation,
	};

	let waitedMs = 0;
	for (let attempt = 1; ; attempt++) {
		let outcome: VendorAnswer | BodyProblem;
		try {
			outcome = await sendOnce.call(this, request, { ...options, headers: { ...options.headers } });
		} catch (error) {
			const failure = networkFailureOf(error);
			const delay =
				request.idempotent && isRetryableNetworkError(failure.code)
					? nextDelay(attempt, waitedMs, undefined, policy)
					: undefined;
			if (delay !== undefined) {
				this.logger.debug(
					redactText(`${vendor.name}: ${failure.code} from ${hostOf(request.url)}, retrying in ${delay} ms`, request.secrets),
				);
				waitedMs += delay;
				await sleep(delay);
				continue;
			}
			throw vendorApiError(node, networkErrorDetails(failure, request, timeoutMs, attempt), errorContext);
		}

		if ('problem' in outcome) {
			throw vendorApiError(node, { message: outcome.problem, hint: outcome.hint }, errorContext);
		}
		const answer = outcome;

		if (request.idempotent && isRetryableStatus(answer.statusCode)) {
			const retryAfterMs = parseRetryAfter(headerValue(answer.headers, 'retry-after'));
			const delay = nextDelay(attempt, waitedMs, retryAfterMs, policy);
			if (delay !== undefined) {
				this.logger.debug(
					`${vendor.name}: HTTP ${answer.statusCode} from ${hostOf(request.url)}, retrying in ${delay} ms`,
				);
				waitedMs += delay;
				await sleep(delay);
				continue;
			}
		}

		const httpStatus = answer.statusCode;
		if (request.acceptStatuses?.includes(httpStatus)) return answer;
		const vendorError = vendor.readError(answer);
		if (vendorError) throw vendorApiError(node, vendorError, { ...errorContext, httpStatus });
		if (httpStatus >= 400) throw vendorApiError(node, genericStatusError(httpStatus), { ...errorContext, httpStatus });
		if (request.expect !== 'raw' && answer.json === undefined && answer.text.trim() !== '') {
			throw vendorApiError(
				node,
				{
					message: 'The answer is not valid JSON',
					hint: 'The server answered something other than the API. Check the base URL in the credential.',
				},
				{ ...errorContext, httpStatus },
			);
		}
		return answer;
	}
}

async function sendOnce(
	this: RequestContext,
	request: ApiRequest,
	options: IHttpRequestOptions,
): Promise<VendorAnswer | BodyProblem> {
	const response = (await this.helpers.httpRequestWithAuthentication.call(this, request.credentialType, options)) as {
		statusCode: number;
		headers: VendorAnswer['headers'];
		body: unknown;
	};
	const received = await readBodyBytes(response.body, request.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES);
	if (isBodyProblem(received)) return received;
	const bytes = await decodeBody(received, request.maxGunzippedBytes ?? DEFAULT_MAX_GUNZIPPED_BYTES);
	if (isBodyProblem(bytes)) return bytes;
	const text = bytes.toString('utf8');
	return { statusCode: response.statusCode, headers: response.headers ?? {}, bytes, text, json: parseJson(text) };
}

function networkErrorDetails(
	failure: NetworkFailure,
	request: ApiRequest,
	timeoutMs: number,
	attempts: number,
): VendorErrorDetails {
	const host = hostOf(request.url);
	const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
	if (failure.code && TIMEOUT_CODES.has(failure.code)) {
		return {
			message: `No answer from ${host} within ${Math.round(timeoutMs / 1000)} s${tries}`,
			hint: request.idempotent
				? 'The server is slow or unreachable. Try again later, or check the base URL in the credential.'
				: 'The request may or may not have been carried out, so it was not sent again. Check the result in the vendor system before running it again.',
			vendorCode: failure.code,
		};
	}
	return {
		message: `Could not complete the request to ${host}${tries}: ${failure.code ?? failure.message}`,
		hint: request.idempotent
			? 'Check the base URL or region in the credential and that the server is reachable from n8n.'
			: 'The connection failed; the request may or may not have reached the server, so it was not sent again. Check the result in the vendor system before running it again.',
		vendorCode: failure.code,
	};
}
