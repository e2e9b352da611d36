/**
 * When and how long to wait before asking again. Only requests that are safe to
 * repeat (decided per operation by the caller) are ever retried.
 */

export interface RetryPolicy {
	/** Attempts in all, the first one included. */
	maxAttempts: number;
	/** First backoff; each further retry doubles it. */
	baseDelayMs: number;
	/** No single wait is longer than this, Retry-After included. */
	maxDelayMs: number;
	/** All waits of one request together stay under this. */
	maxTotalWaitMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
	maxAttempts: 4,
	baseDelayMs: 500,
	maxDelayMs: 30_000,
	maxTotalWaitMs: 60_000,
};

const RETRYABLE_STATUSES = new Set([429, 502, 503, 504]);

// Connection failures after which the same request can simply be sent again.
const RETRYABLE_NETWORK_CODES = new Set([
	'ECONNRESET',
	'ECONNREFUSED',
	'EPIPE',
	'ENOTFOUND',
	'EAI_AGAIN',
	'ERR_STREAM_PREMATURE_CLOSE',
	'EHOSTUNREACH',
	'ENETUNREACH',
]);

export function isRetryableStatus(status: number): boolean {
	return RETRYABLE_STATUSES.has(status);
}

export function isRetryableNetworkError(code: string | undefined): boolean {
	return code !== undefined && RETRYABLE_NETWORK_CODES.has(code);
}

// An HTTP date as RFC 9110 writes it (IMF-fixdate), e.g. "Sun, 06 Nov 1994 08:49:37 GMT".
const HTTP_DATE = /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/;

/**
 * Retry-After as milliseconds: delta-seconds (digits only) or an HTTP date.
 * Undefined when absent or anything else ("-5", "2, 3"): Date.parse would read
 * those as dates long past, i.e. "ask again at once".
 */
export function parseRetryAfter(value: unknown, now = Date.now()): number | undefined {
	const text = Array.isArray(value) ? value[0] : value;
	if (typeof text !== 'string' && typeof text !== 'number') return undefined;
	const trimmed = String(text).trim();
	if (/^\d{1,9}$/.test(trimmed)) return Number(trimmed) * 1000;
	if (!HTTP_DATE.test(trimmed)) return undefined;
	const date = Date.parse(trimmed);
	if (Number.isNaN(date)) return undefined;
	return Math.max(0, date - now);
}

/** Exponential backoff with full jitter: a random wait up to base * 2^(retry). */
export function backoffDelay(retryNumber: number, policy: RetryPolicy, random = Math.random): number {
	const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retryNumber);
	return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/**
 * The wait before the next attempt, or undefined when the request must not be
 * retried again (attempts or wait budget used up, or the server asks for more
 * than we are willing to wait).
 */
export function nextDelay(
	attempt: number,
	waitedMs: number,
	retryAfterMs: number | undefined,
	policy: RetryPolicy,
): number | undefined {
	if (attempt >= policy.maxAttempts) return undefined;
	const delay = retryAfterMs ?? backoffDelay(attempt - 1, policy);
	if (delay > policy.maxDelayMs) return undefined;
	if (waitedMs + delay > policy.maxTotalWaitMs) return undefined;
	return delay;
}

/** The statuses by which a server says it is overloaded or rate limiting: the whole run backs off. */
const THROTTLE_STATUSES = new Set([429, 503]);

export function isThrottleStatus(status: number): boolean {
	return THROTTLE_STATUSES.has(status);
}

/**
 * Shared by the requests of one run that go out several at a time (the pages
 * of a list): when the server throttles one of them, none of the others is
 * sent before the wait it asked for is over, and the run goes on one request
 * at a time. Writes never share one.
 */
export class SharedBackoff {
	private resumeAt = 0;

	/** The status that made the run back off; undefined while it has not. */
	throttledBy?: number;

	get throttled(): boolean {
		return this.throttledBy !== undefined;
	}

	/** Every request of the run waits `delayMs` from now (a longer wait already set stays). */
	pause(status: number, delayMs: number, now = Date.now()): void {
		this.throttledBy ??= status;
		this.resumeAt = Math.max(this.resumeAt, now + delayMs);
	}

	/** How long a request must still wait before it is sent. */
	remainingMs(now = Date.now()): number {
		return Math.max(0, this.resumeAt - now);
	}
}
