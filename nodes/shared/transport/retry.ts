import type { RouterFailure } from './errors';

export interface RetryPolicy {
	maxRetries: number;
	/** First backoff step; doubles every attempt. */
	baseDelayMs: number;
	/** No single wait is longer than this. */
	maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxRetries: 2, baseDelayMs: 400, maxDelayMs: 20_000 };

/**
 * How long to wait before attempt `attempt + 1`: the server's own hint when it gave one
 * (Retry-After, a cold model's estimated_time), else exponential backoff with full jitter so that
 * concurrent items do not retry in lockstep.
 */
export function backoffDelayMs(
	attempt: number,
	failure: RouterFailure,
	policy: RetryPolicy,
	random: () => number = Math.random,
): number {
	// The server's own wait is honoured in full; the item's deadline decides whether it fits.
	if (failure.retryAfterMs !== undefined) return failure.retryAfterMs;
	const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
	return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
	return new Promise((resolve) => {
		if (ms <= 0 || signal?.aborted) return resolve();
		const timer = setTimeout(resolve, ms);
		signal?.addEventListener('abort', () => {
			clearTimeout(timer);
			resolve();
		});
	});
}
