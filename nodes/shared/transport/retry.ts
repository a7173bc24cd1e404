import { sleep } from 'n8n-workflow';

import { RouterCallError, type RouterFailure } from './errors';
import type { CallLimiter } from './limiter';

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

/** Waits `ms`, or less when `signal` fires first (n8n's own sleep: nodes may not use timers themselves). */
export async function pause(ms: number, signal?: AbortSignal): Promise<void> {
	if (ms <= 0 || signal?.aborted) return;
	// An abort rejects n8n's sleep; for a pause it only means "stop waiting".
	await sleep(ms, signal).catch(() => undefined);
}

export interface RetryRun {
	/** Absolute time (ms since epoch) after which no attempt starts. */
	deadline: number;
	policy: RetryPolicy;
	/** The account's limiter for router calls (this caller's lane); null for calls it does not govern (Hub, CDN, polls). */
	limiter: CallLimiter | null;
	/** The item's whole budget, for the message when it runs out. */
	timeoutMs: number;
	/** Throws when the execution was stopped. */
	throwIfCancelled(): void;
	/** Runs inside the limiter slot right before each attempt; may throw to stop it (quota, spend). */
	beforeAttempt(): void;
	pause(ms: number): Promise<void>;
}

function timeoutFailure(timeoutMs: number): RouterFailure {
	return { kind: 'final', httpCode: null, code: 'ETIMEDOUT', message: `No answer within the timeout of ${timeoutMs} ms` };
}

/**
 * Runs attempts until one succeeds, the item's budget runs out, or a failure is final. With a
 * limiter, a 429 slows every call to the account down there and the call is tried again while the
 * budget lasts, without spending the item's retries: Max Retries bounds the other failures worth
 * another try (5xx, cut connections, malformed answers).
 */
export async function retryAttempts<T>(run: RetryRun, attempt: (remainingMs: number) => Promise<T>): Promise<T> {
	const { deadline, policy, limiter } = run;
	/** The last 429, which says more than "timed out" when the budget runs out waiting. */
	let rateLimited: RouterFailure | undefined;
	const outOfTime = () => new RouterCallError(rateLimited ?? timeoutFailure(run.timeoutMs));
	for (let retries = 0; ; ) {
		if (deadline - Date.now() <= 0) throw outOfTime();
		const epoch = limiter ? await limiter.acquire(deadline, run.pause, rateLimited !== undefined) : 0;
		// The pause a 429 asked for ends after the budget.
		if (epoch === undefined) throw outOfTime();
		let outcome: { result: T } | { error: unknown };
		try {
			run.throwIfCancelled();
			// The wait for a slot may have used the budget up.
			if (deadline - Date.now() <= 0) throw outOfTime();
			run.beforeAttempt();
			const sentAt = Date.now();
			outcome = { result: await attempt(deadline - sentAt) };
			limiter?.onSuccess(Date.now() - sentAt);
		} catch (error) {
			// The limiter hears of a 429 before the slot is released.
			if (limiter && error instanceof RouterCallError && error.failure.httpCode === 429) {
				limiter.onRateLimited(epoch, error.failure.retryAfterMs);
			}
			outcome = { error };
		} finally {
			limiter?.release();
		}
		if ('result' in outcome) return outcome.result;
		// Transport errors stay inside the node: the item pipeline turns them into NodeApiError,
		// NodeOperationError or a Quota Exhausted item.
		const { error } = outcome;
		if (!(error instanceof RouterCallError)) throw error;
		const failure = error.failure;
		if (limiter && failure.httpCode === 429) {
			rateLimited = failure;
			continue;
		}
		if (failure.kind !== 'retryable' || retries >= policy.maxRetries) throw error;
		const delay = backoffDelayMs(retries++, failure, policy);
		if (Date.now() + delay >= deadline) throw new RouterCallError(failure);
		await run.pause(delay);
	}
}
