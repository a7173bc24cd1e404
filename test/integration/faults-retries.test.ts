/**
 * Fault injection through n8n's real engine against the router emulator, the retries: every case
 * sends 50 items and checks that each one ends in exactly one place (Success, Quota Exhausted or an
 * error item), paired with the input it answers, and that the node never sends more requests than
 * it should. What the user sees of an error and n8n's "On Error" settings: faults-errors.test.ts;
 * quota and concurrency cases: quota.test.ts.
 */
import type { IDataObject } from 'n8n-workflow';

import { MODEL, N, PROVIDER, account, attemptsByItem, chat, count, expectTokenNeverLeaked, inputItems, kit, run, statuses, useFaultEmulator } from './fault-kit';
import { routerCalls } from './support';

/** Statuses the node must never send twice. */
const FINAL_STATUSES = [400, 401, 403, 404, 422] as const;

useFaultEmulator();

describe('retries', () => {
	test('a 429 storm with Retry-After: all 50 succeed, within the attempt bound, each retry after the wait asked', async () => {
		kit.emulator.setLatency(15);
		kit.emulator.setConcurrencyCap(2, { retryAfterSeconds: 1 });
		const maxRetries = 6;
		const result = await run({ parameters: chat({ maxRetries }) });
		const { success } = account(result);
		expect(success).toHaveLength(N);
		const calls = routerCalls(kit.emulator);
		expect(count(calls, 429)).toBeGreaterThan(0);
		expect(count(calls, 200)).toBe(N);
		expect(calls.length).toBeLessThanOrEqual(N * (maxRetries + 1));
		// The item's next attempt came no sooner than the second the router asked for.
		for (const [index, attempts] of attemptsByItem(calls)) {
			attempts.slice(0, -1).forEach((attempt, position) => {
				expect({ index, status: attempt.status }).toEqual({ index, status: 429 });
				expect(attempts[position + 1].receivedAt! - attempt.answeredAt!).toBeGreaterThanOrEqual(990);
			});
		}
	});

	test('a 429 storm without Retry-After: all 50 succeed, the limiter slowing down', async () => {
		kit.emulator.setLatency(15);
		kit.emulator.setConcurrencyCap(2);
		const maxRetries = 6;
		const result = await run({ parameters: chat({ maxRetries }) });
		const { success } = account(result);
		expect(success).toHaveLength(N);
		const calls = routerCalls(kit.emulator);
		expect(count(calls, 429)).toBeGreaterThan(0);
		expect(count(calls, 200)).toBe(N);
		expect(calls.length).toBeLessThanOrEqual(N * (maxRetries + 1));
	});

	test('10 429s in a row without Retry-After over 20 items, default options: all 20 succeed', async () => {
		kit.emulator.failNext(10, 429, { body: 'Too Many Requests' });
		const result = await run({ parameters: chat(), items: inputItems(20) });
		const { success } = account(result, 20);
		expect(success).toHaveLength(20);
		const calls = routerCalls(kit.emulator);
		expect(count(calls, 429)).toBe(10);
		expect(count(calls, 200)).toBe(20);
	});

	test('429s do not spend Max Retries: with Max Retries 0, one item served after five 429s', async () => {
		kit.emulator.failNext(5, 429, { body: 'Too Many Requests' });
		const result = await run({ parameters: chat({ maxRetries: 0 }), items: inputItems(1) });
		expect(account(result, 1).success).toHaveLength(1);
		expect(statuses(routerCalls(kit.emulator))).toEqual([429, 429, 429, 429, 429, 200]);
	});

	test('a 500 still spends Max Retries: with Max Retries 0 the item fails on the first one', async () => {
		kit.emulator.failNext(1, 500);
		const result = await run({ parameters: chat({ maxRetries: 0 }), items: inputItems(1), settings: { onError: 'continueRegularOutput' } });
		expect(account(result, 1).errors).toHaveLength(1);
		expect(statuses(routerCalls(kit.emulator))).toEqual([500]);
	});

	test('503 "currently loading", then success: every item is served after the estimated time', async () => {
		kit.emulator.failNext(8, 503, { body: { error: `Model ${MODEL} is currently loading`, estimated_time: 1.0 } });
		const result = await run({ parameters: chat() });
		expect(account(result).success).toHaveLength(N);
		const calls = routerCalls(kit.emulator);
		expect(count(calls, 503)).toBe(8);
		expect(calls).toHaveLength(N + 8);
		// The wait is the model's estimated_time (1 s), not the 200-400 ms of the default backoff.
		const retried = [...attemptsByItem(calls)].filter(([, attempts]) => attempts.length > 1);
		expect(retried.length).toBeGreaterThan(0);
		for (const [, attempts] of retried) {
			expect(attempts.map((attempt) => attempt.status)).toEqual([...attempts.slice(1).map(() => 503), 200]);
			expect(attempts[1].receivedAt! - attempts[0].answeredAt!).toBeGreaterThanOrEqual(990);
		}
	});

	test('500 on every call: each item fails with its own error after the retries, none lost', async () => {
		kit.emulator.failNext(Number.POSITIVE_INFINITY, 500);
		const result = await run({ parameters: chat({ maxRetries: 1 }), settings: { onError: 'continueErrorOutput' } });
		const { success, quota, errors } = account(result);
		expect([success.length, quota.length, errors.length]).toEqual([0, 0, N]);
		expect(result.outputs[2]).toHaveLength(N);
		for (const item of errors) {
			expect(item.json.error).toBe(`Internal Server Error (HTTP 500, ${PROVIDER} / ${MODEL})`);
			expect(item.json.details).toMatchObject({ httpCode: 500, provider: PROVIDER, description: expect.stringMatching(/failed on its side/) });
		}
		// Each item tried twice (Max Retries 1), no more.
		expect(routerCalls(kit.emulator)).toHaveLength(N * 2);
	});

	test('a cut connection is retried and the item served', async () => {
		kit.emulator.cutNext(5);
		const result = await run({ parameters: chat() });
		expect(account(result).success).toHaveLength(N);
		const calls = routerCalls(kit.emulator);
		expect(count(calls, 0)).toBe(5);
		expect(calls).toHaveLength(N + 5);
	});

	// Retries of these three are shown above; here Max Retries 0 keeps the suite quick.
	test('connections cut on every attempt: each item ends as its own error', async () => {
		kit.emulator.cutNext(Number.POSITIVE_INFINITY);
		const result = await run({ parameters: chat({ maxRetries: 0 }), settings: { onError: 'continueErrorOutput' } });
		const { errors } = account(result);
		expect(errors).toHaveLength(N);
		for (const item of errors) {
			expect(item.json.error).toBe(`Hugging Face closed the connection before the answer was complete (${PROVIDER} / ${MODEL})`);
			expect((item.json.details as IDataObject).description).toMatch(/connection to Hugging Face failed \(\w+\) on every attempt/);
		}
		expect(routerCalls(kit.emulator)).toHaveLength(N);
	});

	test('a malformed JSON body is retried and the item served', async () => {
		kit.emulator.malformedNext(5);
		const result = await run({ parameters: chat() });
		expect(account(result).success).toHaveLength(N);
		expect(routerCalls(kit.emulator)).toHaveLength(N + 5);
	});

	test('malformed JSON on every attempt: each item ends as its own error', async () => {
		kit.emulator.malformedNext(Number.POSITIVE_INFINITY);
		const result = await run({ parameters: chat({ maxRetries: 0 }), settings: { onError: 'continueErrorOutput' } });
		const { errors } = account(result);
		expect(errors).toHaveLength(N);
		for (const item of errors) {
			expect(item.json.error).toMatch(new RegExp(`^The router answered with a body that is not valid JSON.*\\(${PROVIDER} / `));
			expect((item.json.details as IDataObject).description).toMatch(/cut short or was not JSON/);
		}
		expect(routerCalls(kit.emulator)).toHaveLength(N);
	});

	test('an answer without any choice is retried like a malformed one, and on every attempt ends each item as its error', async () => {
		const empty = { id: 'chatcmpl-empty', object: 'chat.completion', created: 0, model: MODEL, choices: [] };
		kit.emulator.failNext(3, 200, { body: empty });
		const retried = await run({ parameters: chat() });
		expect(account(retried).success).toHaveLength(N);
		expect(account(retried).success.every((item) => typeof item.json.content === 'string' && item.json.content.length > 0)).toBe(true);
		expect(routerCalls(kit.emulator)).toHaveLength(N + 3);

		kit.emulator.reset();
		kit.emulator.failNext(Number.POSITIVE_INFINITY, 200, { body: empty });
		const failed = await run({ parameters: chat({ maxRetries: 0 }), settings: { onError: 'continueErrorOutput' } });
		const { errors, success } = account(failed);
		expect(success).toHaveLength(0);
		expect(errors).toHaveLength(N);
		for (const item of errors) expect(item.json.error).toMatch(new RegExp(`^The router answered without any choices.*\\(${PROVIDER} / `));
	});

	test('a streamed answer without any choice (only its usage) is retried, and on every attempt ends each item as its error', async () => {
		const chunk = { id: 'chatcmpl-empty', object: 'chat.completion.chunk', created: 0, model: MODEL, choices: [], usage: { prompt_tokens: 5, completion_tokens: 0, total_tokens: 5 } };
		const empty = { body: `data: ${JSON.stringify(chunk)}\n\ndata: [DONE]\n\n`, contentType: 'text/event-stream' };
		kit.emulator.failNext(3, 200, empty);
		const retried = await run({ parameters: chat({ stream: true }) });
		expect(account(retried).success).toHaveLength(N);
		expect(account(retried).success.every((item) => typeof item.json.content === 'string' && item.json.content.length > 0)).toBe(true);
		expect(routerCalls(kit.emulator)).toHaveLength(N + 3);

		kit.emulator.reset();
		kit.emulator.failNext(Number.POSITIVE_INFINITY, 200, empty);
		const failed = await run({ parameters: chat({ stream: true, maxRetries: 0 }), settings: { onError: 'continueErrorOutput' } });
		const { errors, success } = account(failed);
		expect(success).toHaveLength(0);
		expect(errors).toHaveLength(N);
		for (const item of errors) expect(item.json.error).toMatch(new RegExp(`^The router answered without any choices.*\\(${PROVIDER} / `));
	});

	test('a streaming reply with an in-band error is retried and the item served', async () => {
		kit.emulator.streamErrorNext(5);
		const result = await run({ parameters: chat({ stream: true }) });
		const { success } = account(result);
		expect(success).toHaveLength(N);
		expect(routerCalls(kit.emulator)).toHaveLength(N + 5);
	});

	test('in-band stream errors on every attempt: each item ends as its own error with the provider\'s words', async () => {
		kit.emulator.streamErrorNext(1000);
		const result = await run({ parameters: chat({ stream: true, maxRetries: 0 }), settings: { onError: 'continueErrorOutput' } });
		const { errors } = account(result);
		expect(errors).toHaveLength(N);
		for (const item of errors) {
			expect(item.json.error).toBe(`Upstream provider error: the generation was interrupted (${PROVIDER} / ${MODEL})`);
			expect((item.json.details as IDataObject).description).toMatch(/middle of a streamed answer/);
		}
		expect(routerCalls(kit.emulator)).toHaveLength(N);
	});

	test.each(FINAL_STATUSES)('HTTP %i is never retried', async (status) => {
		kit.emulator.failNext(Number.POSITIVE_INFINITY, status);
		const result = await run({ parameters: chat({ maxRetries: 5 }), settings: { onError: 'continueErrorOutput' } });
		const { errors } = account(result);
		expect(errors).toHaveLength(N);
		for (const item of errors) expect((item.json.details as IDataObject).httpCode).toBe(status);
		expect(routerCalls(kit.emulator)).toHaveLength(N);
	});
});

test('no output item, error, or run data of this file contains the token', () => expectTokenNeverLeaked());
