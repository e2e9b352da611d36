import { DEFAULT_RETRY_POLICY, backoffDelay, isRetryableStatus, nextDelay, parseRetryAfter } from '../../nodes/shared/retry';

describe('retry policy', () => {
	it('retries only rate limiting and gateway failures', () => {
		expect([429, 502, 503, 504].every(isRetryableStatus)).toBe(true);
		expect([400, 401, 402, 403, 404, 422, 500, 501].some(isRetryableStatus)).toBe(false);
	});

	it('reads Retry-After as seconds or as an HTTP date', () => {
		const now = Date.parse('2026-01-01T00:00:00Z');
		expect(parseRetryAfter('3', now)).toBe(3000);
		expect(parseRetryAfter(['2'], now)).toBe(2000);
		expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5000);
		expect(parseRetryAfter('soon', now)).toBeUndefined();
		for (const unreadable of ['-5', '2, 3', '1.5', '', '5 s', 'Thu, 01 Jan 2026']) expect(parseRetryAfter(unreadable, now)).toBeUndefined();
		expect(parseRetryAfter(undefined, now)).toBeUndefined();
	});

	it('backs off exponentially with jitter, capped', () => {
		const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 100, maxDelayMs: 1000 };
		expect(backoffDelay(0, policy, () => 0)).toBe(50);
		expect(backoffDelay(0, policy, () => 1)).toBe(100);
		expect(backoffDelay(2, policy, () => 1)).toBe(400);
		expect(backoffDelay(10, policy, () => 1)).toBe(1000);
	});

	it('stops when attempts, the single-wait cap or the total wait budget run out', () => {
		const policy = { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 5000, maxTotalWaitMs: 6000 };
		expect(nextDelay(1, 0, 2000, policy)).toBe(2000);
		expect(nextDelay(3, 0, 2000, policy)).toBeUndefined();
		expect(nextDelay(1, 0, 9000, policy)).toBeUndefined();
		// Over the single-wait cap while still inside the total budget: only that cap refuses it.
		expect(nextDelay(1, 0, 5500, { ...policy, maxTotalWaitMs: 60_000 })).toBeUndefined();
		expect(nextDelay(2, 5000, 2000, policy)).toBeUndefined();
	});
});
