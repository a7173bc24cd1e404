/**
 * Fault injection, quota and concurrency: a 402 from the start or mid-run, the local spend guard,
 * and how many calls the node has in flight, through n8n's real engine against the emulator.
 */
import type { IDataObject } from 'n8n-workflow';

import { ExecutionScope } from '../../nodes/HuggingFaceInference/operations/scope';
import { ADAPTIVE_CEILING } from '../../nodes/shared/transport/limiter';
import { MSG_CREDITS_DEPLETED } from '../emulator';
import { MODEL, N, PROVIDER, account, chat, costOfOneCall, count, expectTokenNeverLeaked, inputItems, kit, pairedIndex, run, statuses, useFaultEmulator } from './fault-kit';
import { TOKEN, routerCalls } from './support';

useFaultEmulator();

describe('quota: 402 from the router', () => {
	test('402 from the start, default options: one call for 20 items, all on Quota Exhausted with Hugging Face\'s message', async () => {
		kit.emulator.setCredits(TOKEN, 0);
		const result = await run({ parameters: chat(), items: inputItems(20) });
		const { success, quota, errors } = account(result, 20);
		expect([success.length, quota.length, errors.length]).toEqual([0, 20, 0]);
		for (const item of quota) {
			expect(item.json.error).toEqual({ httpCode: 402, message: MSG_CREDITS_DEPLETED, provider: PROVIDER, model: MODEL });
		}
		// The node starts with one call in flight: its 402 stops every other item before it is sent.
		expect(statuses(routerCalls(kit.emulator))).toEqual([402]);
	});

	test('402 after 20 successes, default options: 20 on Success, 30 on Quota Exhausted, no request starts after the first 402', async () => {
		const cost = await costOfOneCall();
		// 20 calls fit (the 20th takes the balance below zero), the 21st is refused with a 402.
		kit.emulator.setCredits(TOKEN, cost * 19.5);
		// A little latency, as on any network, so that "in flight" means something.
		kit.emulator.setLatency(10);
		// When did the node learn of the 402? (The kit.emulator runs in this process: same clock.)
		const learnt: number[] = [];
		const markExhausted = ExecutionScope.prototype.markExhausted;
		const spy = jest.spyOn(ExecutionScope.prototype, 'markExhausted').mockImplementation(function (this: ExecutionScope, ...args) {
			learnt.push(performance.now());
			markExhausted.apply(this, args);
		});
		// When did the node let a billed request go? The guard asks refusal() right before each one.
		const allowed: number[] = [];
		const refusal = ExecutionScope.prototype.refusal;
		const refusalSpy = jest.spyOn(ExecutionScope.prototype, 'refusal').mockImplementation(function (this: ExecutionScope, ...args) {
			const answer = refusal.apply(this, args);
			if (!answer) allowed.push(performance.now());
			return answer;
		});
		const result = await run({ parameters: chat() }).finally(() => {
			spy.mockRestore();
			refusalSpy.mockRestore();
		});
		const { success, quota, errors } = account(result);
		expect([success.length, quota.length, errors.length]).toEqual([20, 30, 0]);
		for (const item of quota) expect((item.json.error as IDataObject).message).toBe(MSG_CREDITS_DEPLETED);

		const calls = routerCalls(kit.emulator);
		expect(count(calls, 200)).toBe(20);
		// Requests the node let go after it had the 402 in hand: none (measured on the node's side,
		// as the kit.emulator's receive time lags under load).
		expect(learnt.length).toBeGreaterThan(0);
		expect(allowed.length).toBeGreaterThanOrEqual(20);
		expect(allowed.filter((time) => time > Math.min(...learnt))).toEqual([]);
		// The other 402s were already in flight when the first came back: at most one per slot.
		expect(count(calls, 402)).toBeGreaterThanOrEqual(1);
		expect(count(calls, 402)).toBeLessThanOrEqual(ADAPTIVE_CEILING);
		expect(calls).toHaveLength(20 + count(calls, 402));
	});

	test('an item waiting to retry after a 429 does not send its retry once a 402 was seen', async () => {
		// Two items start together: one gets a 429 with Retry-After: 1 and waits, the other a 402.
		kit.emulator.setLatency(10);
		kit.emulator.failNext(1, 429, { headers: { 'Retry-After': '1' } });
		kit.emulator.failNext(1, 402);
		const result = await run({ parameters: chat({ concurrency: 2 }) });
		const { quota } = account(result);
		expect(quota).toHaveLength(N);
		expect(statuses(routerCalls(kit.emulator)).sort()).toEqual([402, 429]);
	});

	test('402 is never retried, whatever Max Retries says', async () => {
		kit.emulator.setCredits(TOKEN, 0);
		const result = await run({ parameters: chat({ maxRetries: 5, concurrency: 1 }) });
		expect(account(result).quota).toHaveLength(N);
		expect(routerCalls(kit.emulator)).toHaveLength(1);
	});

	test('skipAfterQuota false: every item asks the router, and each one gets its own 402', async () => {
		kit.emulator.setCredits(TOKEN, 0);
		const result = await run({ parameters: chat({ skipAfterQuota: false }) });
		const { quota } = account(result);
		expect(quota).toHaveLength(N);
		const calls = routerCalls(kit.emulator);
		expect(calls).toHaveLength(N);
		expect(count(calls, 402)).toBe(N);
	});

	test('skipAfterQuota false: items after credits come back (another top-up) are served', async () => {
		// A 402 for the first 10 calls only (e.g. a provider-side limit that clears), then answers.
		kit.emulator.failNext(10, 402);
		const result = await run({ parameters: chat({ skipAfterQuota: false, concurrency: 1 }) });
		const { success, quota } = account(result);
		expect(quota.map(pairedIndex)).toEqual(Array.from({ length: 10 }, (_, index) => index));
		expect(success).toHaveLength(40);
		expect(routerCalls(kit.emulator)).toHaveLength(N);
	});
});

describe('quota: the local spend guard (maxCostUsd)', () => {
	test('stops before the router would: items that would start past the limit go to Quota Exhausted without a request', async () => {
		const cost = await costOfOneCall();
		// The router would serve 30 calls; the guard allows 10.
		kit.emulator.setCredits(TOKEN, cost * 29.5);
		const limit = cost * 9.5;
		const result = await run({ parameters: chat({ maxCostUsd: limit }) });
		const { success, quota, errors } = account(result);
		expect(errors).toHaveLength(0);

		const calls = routerCalls(kit.emulator);
		// No call was refused by the router: the node stopped first.
		expect(count(calls, 402)).toBe(0);
		// One request per success and none for the Quota Exhausted items.
		expect(calls).toHaveLength(success.length);
		// Calls start until the spend reaches the limit; while calls are in flight the node counts them
		// at the mean cost so far, so only a few more may start than the limit allows.
		expect(success.length).toBeGreaterThanOrEqual(10);
		expect(success.length).toBeLessThanOrEqual(13);
		const spent = success.reduce((sum, item) => sum + (item.json.costUsd as number), 0);
		expect(spent).toBeGreaterThanOrEqual(limit);
		expect(spent - 4 * cost).toBeLessThan(limit);
		expect(quota).toHaveLength(N - success.length);
		for (const item of quota) {
			const error = item.json.error as IDataObject;
			expect(error.httpCode).toBe(402);
			expect(error.message).toMatch(/local spend limit/i);
			expect(error.message).toMatch(/no further request was sent/i);
			expect(error.provider).toBe(PROVIDER);
		}
		expect(kit.emulator.getCredits(TOKEN)).toBeGreaterThan(0);
	});

	test('with concurrency 1 it stops at exactly the call that reaches the limit', async () => {
		const cost = await costOfOneCall();
		const result = await run({ parameters: chat({ maxCostUsd: cost * 6.5, concurrency: 1 }) });
		const { success, quota } = account(result);
		expect(success.map(pairedIndex)).toEqual([0, 1, 2, 3, 4, 5, 6]);
		expect(quota).toHaveLength(43);
		expect(routerCalls(kit.emulator)).toHaveLength(7);
	});
});

describe('concurrency', () => {
	test('default options: one call first, then more in flight as answers come back clean, never past 32', async () => {
		kit.emulator.setLatency(30);
		const result = await run({ parameters: chat() });
		expect(account(result).success).toHaveLength(N);
		const calls = routerCalls(kit.emulator);
		const byArrival = [...calls].sort((a, b) => a.receivedAt! - b.receivedAt!);
		// The second call arrived only after the first was answered.
		expect(byArrival[1].receivedAt!).toBeGreaterThanOrEqual(byArrival[0].answeredAt!);
		expect(kit.emulator.maxInFlight()).toBeGreaterThan(4);
		expect(kit.emulator.maxInFlight()).toBeLessThanOrEqual(32);
	});

	test('a fixed Concurrency holds: never more calls in flight than set', async () => {
		kit.emulator.setLatency(30);
		const result = await run({ parameters: chat({ concurrency: 3 }) });
		expect(account(result).success).toHaveLength(N);
		expect(kit.emulator.maxInFlight()).toBe(3);
	});
});

test('no output item, error, or run data of this file contains the token', () => expectTokenNeverLeaked());
