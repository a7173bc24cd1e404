import { RouterCallError } from '../transport/errors';
import { pause as defaultSleep } from '../transport/retry';
import type { ProviderCall } from './types';

/** What one look at an asynchronous job says. */
export type JobState<R> =
	| { state: 'running'; status?: string }
	| { state: 'done'; result: R }
	| { state: 'failed'; message: string };

export interface PollOptions<R> {
	/** Provider id, for the messages. */
	provider: string;
	/** Absolute time (ms) after which no poll starts. */
	deadline: number;
	intervalMs: number;
	/** The state already known from the submit answer; when absent the first poll happens at once. */
	first?: JobState<R>;
	/** One status request through the router, read into a JobState. */
	poll: () => Promise<JobState<R>>;
	/** Injected by tests. */
	sleep?: (ms: number) => Promise<void>;
	now?: () => number;
}

/**
 * The one polling loop of every asynchronous provider (fal-ai, replicate, wavespeed, zai-org).
 * It returns as soon as the job ends, sleeps the poll interval but never past the item's deadline,
 * and stops at the deadline with a final error: the job may still finish on the provider's side,
 * but this item has no budget left to wait for it. HTTP failures of a poll are the transport's
 * business (retried or classified there), so nothing is caught here.
 */
export async function pollUntilDone<R>(options: PollOptions<R>): Promise<R> {
	const now = options.now ?? Date.now;
	const sleep = options.sleep ?? defaultSleep;
	const interval = Math.max(0, options.intervalMs);
	// A status request the item's budget ended is the same news as a budget ended between polls:
	// the job is still running, and the item gets the same error and advice either way.
	// Other failures go on as they are: the pipeline turns them into the item's NodeApiError.
	const poll = async (last: string | undefined) =>
		await options.poll().catch((error: unknown) => {
			if (now() >= options.deadline && error instanceof RouterCallError && error.failure.code === 'ETIMEDOUT') throw jobTimedOut(options.provider, last);
			throw error;
		});
	let job = options.first ?? (await poll(undefined));
	for (;;) {
		if (job.state === 'done') return job.result;
		if (job.state === 'failed') throw jobFailed(options.provider, job.message);
		const remaining = options.deadline - now();
		if (remaining <= 0) throw jobTimedOut(options.provider, job.status);
		await sleep(Math.min(interval, remaining));
		if (now() >= options.deadline) throw jobTimedOut(options.provider, job.status);
		job = await poll(job.status);
	}
}

/** pollUntilDone for one provider call: its deadline, its poll interval, and a pause that ends when the execution is stopped. */
export async function pollJob<R>(call: ProviderCall, provider: string, job: Pick<PollOptions<R>, 'first' | 'poll'>): Promise<R> {
	return await pollUntilDone({
		provider,
		deadline: call.deadline,
		intervalMs: call.pollIntervalMs,
		sleep: async (ms) => await call.transport.pause(ms),
		...job,
	});
}

export function jobFailed(provider: string, message: string): RouterCallError {
	return new RouterCallError({
		kind: 'final',
		httpCode: null,
		code: 'JOB_FAILED',
		message: `${provider} reported that the job failed: ${message || 'no reason given'}`,
	});
}

function jobTimedOut(provider: string, status: string | undefined): RouterCallError {
	return new RouterCallError({
		kind: 'final',
		httpCode: null,
		code: 'ETIMEDOUT',
		message: `Timed out while the ${provider} job was still running${status ? ` (last status: ${status})` : ''}`,
	});
}
