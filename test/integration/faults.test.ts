/**
 * Fault injection through n8n's real engine against the router emulator: every case sends 50 items
 * and checks that each one ends in exactly one place (Success, Quota Exhausted or an error item),
 * paired with the input it answers, and that the node never sends more requests than it should.
 */
import type { IBinaryKeyData, IDataObject, INodeExecutionData, IPairedItemData } from 'n8n-workflow';

import { ExecutionScope } from '../../nodes/HuggingFaceInference/operations/scope';
import { ADAPTIVE_CEILING } from '../../nodes/shared/transport/limiter';
import type { Emulator, RecordedRequest } from '../emulator';
import { MSG_CREDITS_DEPLETED } from '../emulator';
import { TOKEN, chatParameters, routerCalls, runHuggingFace, startTestEmulator, type RunOptions } from './support';

const N = 50;
const MODEL = 'meta-llama/Llama-3.1-8B-Instruct';
const PROVIDER = 'groq';
/** Statuses the node must never send twice. */
const FINAL_STATUSES = [400, 401, 403, 404, 422] as const;

let emulator: Emulator;
beforeAll(async () => {
	emulator = await startTestEmulator();
});
afterAll(async () => await emulator.close());
beforeEach(() => {
	emulator.reset();
	emulator.setCredits(TOKEN, 1000);
});

// ---------------------------------------------------------------------------------------------
// Helpers

type RunResult = Awaited<ReturnType<typeof runHuggingFace>>;

/** Everything the suite's runs produced: scanned for the token by the last test. */
const produced: unknown[] = [];

function inputItems(count = N): NonNullable<RunOptions['items']> {
	return Array.from({ length: count }, (_, index) => ({
		json: { q: `question ${index}`, index, nested: { keep: [index, 'as is'] } },
		binary: {
			note: { data: Buffer.from(`note for item ${index}`).toString('base64'), mimeType: 'text/plain', fileName: `note-${index}.txt` },
		},
	}));
}

const chat = (options: IDataObject = {}, provider = PROVIDER) => chatParameters(MODEL, provider, '={{ $json.q }}', options);

async function run(options: RunOptions): Promise<RunResult> {
	const result = await runHuggingFace(emulator, { items: inputItems(), ...options });
	produced.push(result.run.data, result.outputs, result.error);
	return result;
}

const pairedIndex = (item: INodeExecutionData): number => {
	const paired = item.pairedItem as IPairedItemData | number | undefined;
	return typeof paired === 'number' ? paired : (paired as IPairedItemData).item;
};

interface Tally {
	success: INodeExecutionData[];
	quota: INodeExecutionData[];
	/** Error items, wherever n8n put them (output 0 with json.error, or the error output). */
	errors: INodeExecutionData[];
}

/**
 * Checks that the 50 items add up across the outputs, each input exactly once, and that each
 * output item belongs to the input its pairedItem names: a success answers that item's question,
 * a Quota Exhausted item is that input (json and binary) plus the quota fields, an error item
 * names that item.
 */
function account(result: RunResult, count = N): Tally {
	expect(result.error).toBeUndefined();
	const inputs = result.getNodeOutputs('Items')[0];
	expect(inputs).toHaveLength(count);
	const [out0 = [], quota = [], errorOutput = []] = result.outputs;
	const success = out0.filter((item) => item.json.error === undefined);
	const errors = [...out0.filter((item) => item.json.error !== undefined), ...errorOutput];

	expect(success.length + quota.length + errors.length).toBe(count);
	expect([...out0, ...quota, ...errorOutput].map(pairedIndex).sort((a, b) => a - b)).toEqual(Array.from({ length: count }, (_, index) => index));

	for (const item of success) {
		const index = pairedIndex(item);
		expect(item.json.content).toMatch(new RegExp(`You said: question ${index}$`));
		expect(item.json.model).toBe(MODEL);
	}
	for (const item of quota) {
		const input = inputs[pairedIndex(item)];
		const { quotaExhausted, error, ...rest } = item.json;
		expect(rest).toEqual(input.json);
		expect(quotaExhausted).toBe(true);
		expect(error).toMatchObject({ httpCode: 402, provider: expect.any(String), model: MODEL, message: expect.any(String) });
		expect(item.binary).toEqual(input.binary as IBinaryKeyData);
	}
	for (const item of errors) {
		const index = pairedIndex(item);
		expect(typeof item.json.error).toBe('string');
		expect(item.json.details).toMatchObject({ itemIndex: index, model: MODEL });
		// On the error output n8n merges the input item's json in.
		if (errorOutput.includes(item)) expect(item.json).toMatchObject(inputs[index].json);
	}
	return { success, quota, errors };
}

/** Cost of one chat call of this suite's shape, as the emulator charges it. */
async function costOfOneCall(): Promise<number> {
	await runHuggingFace(emulator, { parameters: chat(), items: inputItems(1) });
	const [call] = routerCalls(emulator);
	expect(call.cost).toBeGreaterThan(0);
	emulator.reset();
	return call.cost!;
}

/** The router calls of each item (told apart by the question it asks), in arrival order. */
function attemptsByItem(calls: RecordedRequest[]): Map<number, RecordedRequest[]> {
	const byItem = new Map<number, RecordedRequest[]>();
	for (const call of calls) {
		const { messages } = call.body as { messages: Array<{ content: string }> };
		const index = Number(/question (\d+)$/.exec(messages[messages.length - 1].content)![1]);
		byItem.set(index, [...(byItem.get(index) ?? []), call]);
	}
	return byItem;
}

const statuses = (calls: RecordedRequest[]) => calls.map((call) => call.status);
const count = (calls: RecordedRequest[], status: number) => calls.filter((call) => call.status === status).length;

/** Every string inside a value, Error properties included (message, description, cause...), stack left out. */
function allStrings(value: unknown, seen = new WeakSet<object>(), out: string[] = []): string[] {
	if (typeof value === 'string') out.push(value);
	else if (Buffer.isBuffer(value)) out.push(value.toString('utf8'));
	else if (value && typeof value === 'object') {
		if (seen.has(value)) return out;
		seen.add(value);
		const keys = value instanceof Error ? Object.getOwnPropertyNames(value) : Object.keys(value);
		for (const key of keys) {
			if (key === 'stack') continue;
			out.push(key);
			allStrings((value as Record<string, unknown>)[key], seen, out);
		}
	}
	return out;
}

// ---------------------------------------------------------------------------------------------

describe('quota: 402 from the router', () => {
	test('402 from the start, default options: one call for 20 items, all on Quota Exhausted with Hugging Face\'s message', async () => {
		emulator.setCredits(TOKEN, 0);
		const result = await run({ parameters: chat(), items: inputItems(20) });
		const { success, quota, errors } = account(result, 20);
		expect([success.length, quota.length, errors.length]).toEqual([0, 20, 0]);
		for (const item of quota) {
			expect(item.json.error).toEqual({ httpCode: 402, message: MSG_CREDITS_DEPLETED, provider: PROVIDER, model: MODEL });
		}
		// The node starts with one call in flight: its 402 stops every other item before it is sent.
		expect(statuses(routerCalls(emulator))).toEqual([402]);
	});

	test('402 after 20 successes, default options: 20 on Success, 30 on Quota Exhausted, no request starts after the first 402', async () => {
		const cost = await costOfOneCall();
		// 20 calls fit (the 20th takes the balance below zero), the 21st is refused with a 402.
		emulator.setCredits(TOKEN, cost * 19.5);
		// A little latency, as on any network, so that "in flight" means something.
		emulator.setLatency(10);
		// When did the node learn of the 402? (The emulator runs in this process: same clock.)
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

		const calls = routerCalls(emulator);
		expect(count(calls, 200)).toBe(20);
		// Requests the node let go after it had the 402 in hand: none (measured on the node's side,
		// as the emulator's receive time lags under load).
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
		emulator.setLatency(10);
		emulator.failNext(1, 429, { headers: { 'Retry-After': '1' } });
		emulator.failNext(1, 402);
		const result = await run({ parameters: chat({ concurrency: 2 }) });
		const { quota } = account(result);
		expect(quota).toHaveLength(N);
		expect(statuses(routerCalls(emulator)).sort()).toEqual([402, 429]);
	});

	test('402 is never retried, whatever Max Retries says', async () => {
		emulator.setCredits(TOKEN, 0);
		const result = await run({ parameters: chat({ maxRetries: 5, concurrency: 1 }) });
		expect(account(result).quota).toHaveLength(N);
		expect(routerCalls(emulator)).toHaveLength(1);
	});

	test('skipAfterQuota false: every item asks the router, and each one gets its own 402', async () => {
		emulator.setCredits(TOKEN, 0);
		const result = await run({ parameters: chat({ skipAfterQuota: false }) });
		const { quota } = account(result);
		expect(quota).toHaveLength(N);
		const calls = routerCalls(emulator);
		expect(calls).toHaveLength(N);
		expect(count(calls, 402)).toBe(N);
	});

	test('skipAfterQuota false: items after credits come back (another top-up) are served', async () => {
		// A 402 for the first 10 calls only (e.g. a provider-side limit that clears), then answers.
		emulator.failNext(10, 402);
		const result = await run({ parameters: chat({ skipAfterQuota: false, concurrency: 1 }) });
		const { success, quota } = account(result);
		expect(quota.map(pairedIndex)).toEqual(Array.from({ length: 10 }, (_, index) => index));
		expect(success).toHaveLength(40);
		expect(routerCalls(emulator)).toHaveLength(N);
	});
});

describe('quota: the local spend guard (maxCostUsd)', () => {
	test('stops before the router would: items that would start past the limit go to Quota Exhausted without a request', async () => {
		const cost = await costOfOneCall();
		// The router would serve 30 calls; the guard allows 10.
		emulator.setCredits(TOKEN, cost * 29.5);
		const limit = cost * 9.5;
		const result = await run({ parameters: chat({ maxCostUsd: limit }) });
		const { success, quota, errors } = account(result);
		expect(errors).toHaveLength(0);

		const calls = routerCalls(emulator);
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
		expect(emulator.getCredits(TOKEN)).toBeGreaterThan(0);
	});

	test('with concurrency 1 it stops at exactly the call that reaches the limit', async () => {
		const cost = await costOfOneCall();
		const result = await run({ parameters: chat({ maxCostUsd: cost * 6.5, concurrency: 1 }) });
		const { success, quota } = account(result);
		expect(success.map(pairedIndex)).toEqual([0, 1, 2, 3, 4, 5, 6]);
		expect(quota).toHaveLength(43);
		expect(routerCalls(emulator)).toHaveLength(7);
	});
});

describe('retries', () => {
	test('a 429 storm with Retry-After: all 50 succeed, within the attempt bound, each retry after the wait asked', async () => {
		emulator.setLatency(15);
		emulator.setConcurrencyCap(2, { retryAfterSeconds: 1 });
		const maxRetries = 6;
		const result = await run({ parameters: chat({ maxRetries }) });
		const { success } = account(result);
		expect(success).toHaveLength(N);
		const calls = routerCalls(emulator);
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
		emulator.setLatency(15);
		emulator.setConcurrencyCap(2);
		const maxRetries = 6;
		const result = await run({ parameters: chat({ maxRetries }) });
		const { success } = account(result);
		expect(success).toHaveLength(N);
		const calls = routerCalls(emulator);
		expect(count(calls, 429)).toBeGreaterThan(0);
		expect(count(calls, 200)).toBe(N);
		expect(calls.length).toBeLessThanOrEqual(N * (maxRetries + 1));
	});

	test('10 429s in a row without Retry-After over 20 items, default options: all 20 succeed', async () => {
		emulator.failNext(10, 429, { body: 'Too Many Requests' });
		const result = await run({ parameters: chat(), items: inputItems(20) });
		const { success } = account(result, 20);
		expect(success).toHaveLength(20);
		const calls = routerCalls(emulator);
		expect(count(calls, 429)).toBe(10);
		expect(count(calls, 200)).toBe(20);
	});

	test('429s do not spend Max Retries: with Max Retries 0, one item served after five 429s', async () => {
		emulator.failNext(5, 429, { body: 'Too Many Requests' });
		const result = await run({ parameters: chat({ maxRetries: 0 }), items: inputItems(1) });
		expect(account(result, 1).success).toHaveLength(1);
		expect(statuses(routerCalls(emulator))).toEqual([429, 429, 429, 429, 429, 200]);
	});

	test('a 500 still spends Max Retries: with Max Retries 0 the item fails on the first one', async () => {
		emulator.failNext(1, 500);
		const result = await run({ parameters: chat({ maxRetries: 0 }), items: inputItems(1), settings: { onError: 'continueRegularOutput' } });
		expect(account(result, 1).errors).toHaveLength(1);
		expect(statuses(routerCalls(emulator))).toEqual([500]);
	});

	test('503 "currently loading", then success: every item is served after the estimated time', async () => {
		emulator.failNext(8, 503, { body: { error: `Model ${MODEL} is currently loading`, estimated_time: 1.0 } });
		const result = await run({ parameters: chat() });
		expect(account(result).success).toHaveLength(N);
		const calls = routerCalls(emulator);
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
		emulator.failNext(Number.POSITIVE_INFINITY, 500);
		const result = await run({ parameters: chat({ maxRetries: 1 }), settings: { onError: 'continueErrorOutput' } });
		const { success, quota, errors } = account(result);
		expect([success.length, quota.length, errors.length]).toEqual([0, 0, N]);
		expect(result.outputs[2]).toHaveLength(N);
		for (const item of errors) {
			expect(item.json.error).toBe(`Internal Server Error (HTTP 500, ${PROVIDER} / ${MODEL})`);
			expect(item.json.details).toMatchObject({ httpCode: 500, provider: PROVIDER, description: expect.stringMatching(/failed on its side/) });
		}
		// Each item tried twice (Max Retries 1), no more.
		expect(routerCalls(emulator)).toHaveLength(N * 2);
	});

	test('a cut connection is retried and the item served', async () => {
		emulator.cutNext(5);
		const result = await run({ parameters: chat() });
		expect(account(result).success).toHaveLength(N);
		const calls = routerCalls(emulator);
		expect(count(calls, 0)).toBe(5);
		expect(calls).toHaveLength(N + 5);
	});

	// Retries of these three are shown above; here Max Retries 0 keeps the suite quick.
	test('connections cut on every attempt: each item ends as its own error', async () => {
		emulator.cutNext(Number.POSITIVE_INFINITY);
		const result = await run({ parameters: chat({ maxRetries: 0 }), settings: { onError: 'continueErrorOutput' } });
		const { errors } = account(result);
		expect(errors).toHaveLength(N);
		for (const item of errors) {
			expect(item.json.error).toBe(`Hugging Face closed the connection before the answer was complete (${PROVIDER} / ${MODEL})`);
			expect((item.json.details as IDataObject).description).toMatch(/connection to Hugging Face failed \(\w+\) on every attempt/);
		}
		expect(routerCalls(emulator)).toHaveLength(N);
	});

	test('a malformed JSON body is retried and the item served', async () => {
		emulator.malformedNext(5);
		const result = await run({ parameters: chat() });
		expect(account(result).success).toHaveLength(N);
		expect(routerCalls(emulator)).toHaveLength(N + 5);
	});

	test('malformed JSON on every attempt: each item ends as its own error', async () => {
		emulator.malformedNext(Number.POSITIVE_INFINITY);
		const result = await run({ parameters: chat({ maxRetries: 0 }), settings: { onError: 'continueErrorOutput' } });
		const { errors } = account(result);
		expect(errors).toHaveLength(N);
		for (const item of errors) {
			expect(item.json.error).toMatch(new RegExp(`^The router answered with a body that is not valid JSON.*\\(${PROVIDER} / `));
			expect((item.json.details as IDataObject).description).toMatch(/cut short or was not JSON/);
		}
		expect(routerCalls(emulator)).toHaveLength(N);
	});

	test('a streaming reply with an in-band error is retried and the item served', async () => {
		emulator.streamErrorNext(5);
		const result = await run({ parameters: chat({ stream: true }) });
		const { success } = account(result);
		expect(success).toHaveLength(N);
		expect(routerCalls(emulator)).toHaveLength(N + 5);
	});

	test('in-band stream errors on every attempt: each item ends as its own error with the provider\'s words', async () => {
		emulator.streamErrorNext(1000);
		const result = await run({ parameters: chat({ stream: true, maxRetries: 0 }), settings: { onError: 'continueErrorOutput' } });
		const { errors } = account(result);
		expect(errors).toHaveLength(N);
		for (const item of errors) {
			expect(item.json.error).toBe(`Upstream provider error: the generation was interrupted (${PROVIDER} / ${MODEL})`);
			expect((item.json.details as IDataObject).description).toMatch(/middle of a streamed answer/);
		}
		expect(routerCalls(emulator)).toHaveLength(N);
	});

	test.each(FINAL_STATUSES)('HTTP %i is never retried', async (status) => {
		emulator.failNext(Number.POSITIVE_INFINITY, status);
		const result = await run({ parameters: chat({ maxRetries: 5 }), settings: { onError: 'continueErrorOutput' } });
		const { errors } = account(result);
		expect(errors).toHaveLength(N);
		for (const item of errors) expect((item.json.details as IDataObject).httpCode).toBe(status);
		expect(routerCalls(emulator)).toHaveLength(N);
	});
});

describe('concurrency', () => {
	test('default options: one call first, then more in flight as answers come back clean, never past 32', async () => {
		emulator.setLatency(30);
		const result = await run({ parameters: chat() });
		expect(account(result).success).toHaveLength(N);
		const calls = routerCalls(emulator);
		const byArrival = [...calls].sort((a, b) => a.receivedAt! - b.receivedAt!);
		// The second call arrived only after the first was answered.
		expect(byArrival[1].receivedAt!).toBeGreaterThanOrEqual(byArrival[0].answeredAt!);
		expect(emulator.maxInFlight()).toBeGreaterThan(4);
		expect(emulator.maxInFlight()).toBeLessThanOrEqual(32);
	});

	test('a fixed Concurrency holds: never more calls in flight than set', async () => {
		emulator.setLatency(30);
		const result = await run({ parameters: chat({ concurrency: 3 }) });
		expect(account(result).success).toHaveLength(N);
		expect(emulator.maxInFlight()).toBe(3);
	});
});

describe('errors: what the user sees', () => {
	interface RunError {
		name?: string;
		message: string;
		description?: string;
		httpCode?: string;
		context?: IDataObject;
	}
	/** Without "On Error" set, the run fails with the NodeApiError itself. */
	async function stopped(provider = PROVIDER): Promise<RunError> {
		const result = await run({ parameters: chat({}, provider), items: inputItems(1) });
		expect(result.error).toBeDefined();
		expect(result.outputs[0]).toHaveLength(0);
		return result.error as unknown as RunError;
	}

	test('401: NodeApiError with the HTTP code, Hugging Face\'s message, provider/model and a hint', async () => {
		emulator.failNext(1, 401);
		const error = await stopped();
		expect(error.name).toBe('NodeApiError');
		expect(error.httpCode).toBe('401');
		expect(error.message).toBe(`Invalid username or password. (HTTP 401, ${PROVIDER} / ${MODEL})`);
		expect(error.description).toMatch(/rejected the access token.*settings\/tokens/);
		expect(error.context).toMatchObject({ itemIndex: 0 });
		expect(routerCalls(emulator)).toHaveLength(1);
	});

	test('403: the hint names the missing permission', async () => {
		emulator.failNext(1, 403);
		const error = await stopped();
		expect(error.name).toBe('NodeApiError');
		expect(error.httpCode).toBe('403');
		expect(error.message).toBe(`This authentication method does not have sufficient permissions to call Inference Providers on behalf of user ada (HTTP 403, ${PROVIDER} / ${MODEL})`);
		expect(error.description).toMatch(/Make calls to Inference Providers/);
	});

	test('400 model not supported: the hint lists the providers that serve the model', async () => {
		// A provider that does not serve the model: the emulator answers as the router does.
		const error = await stopped('fal-ai');
		expect(error.name).toBe('NodeApiError');
		expect(error.httpCode).toBe('400');
		expect(error.message).toBe(`Model ${MODEL} is not supported by provider fal-ai. (HTTP 400, fal-ai / ${MODEL})`);
		expect(error.description).toMatch(/is served by: .*groq.*Pick one of them in Provider, or use auto/);
	});

	test('400 with the plain {"error": "Model not supported by provider X"} body gets the same hint', async () => {
		emulator.failNext(1, 400, { body: { error: 'Model not supported by provider groq' } });
		const error = await stopped();
		expect(error.httpCode).toBe('400');
		expect(error.message).toBe(`Model not supported by provider groq (HTTP 400, ${PROVIDER} / ${MODEL})`);
		expect(error.description).toMatch(/is served by: /);
	});

	test('with continue on fail, the same details are on the item', async () => {
		emulator.failNext(1, 401);
		const result = await run({ parameters: chat(), items: inputItems(1), settings: { onError: 'continueRegularOutput' } });
		expect(result.outputs[0][0].json).toEqual({
			error: `Invalid username or password. (HTTP 401, ${PROVIDER} / ${MODEL})`,
			details: { httpCode: 401, description: expect.stringMatching(/rejected the access token/), provider: PROVIDER, model: MODEL, itemIndex: 0 },
		});
	});

	test('an error body that echoes the token is redacted everywhere', async () => {
		emulator.failNext(1, 400, { body: { error: 'bad request from {{authorization}}' } });
		const result = await run({ parameters: chat(), items: inputItems(2), settings: { onError: 'continueErrorOutput' } });
		// The emulator did echo the real header.
		expect(routerCalls(emulator)[0].headers.authorization).toBe(`Bearer ${TOKEN}`);
		expect(result.outputs[2]).toHaveLength(1);
		expect(result.outputs[2][0].json.error).toMatch(/bad request from Bearer \*\*\*/);
		expect(allStrings([result.outputs, result.run.data]).some((text) => text.includes(TOKEN))).toBe(false);
	});

	test('an error body that echoes the token is redacted in a stopped workflow\'s error too', async () => {
		emulator.failNext(1, 400, { body: 'plain text: {{authorization}} was refused' });
		const result = await run({ parameters: chat(), items: inputItems(1) });
		expect(result.error).toBeDefined();
		expect(result.error!.message).toMatch(/Bearer \*\*\* was refused/);
		expect(allStrings(result.error).some((text) => text.includes(TOKEN))).toBe(false);
	});
});

describe('n8n "On Error" settings: no item lost', () => {
	/** Items 0-2 of each 10 fail with a 500 on every attempt (here: every call of those items). */
	const failing = (index: number) => index % 10 < 3;

	beforeEach(() => {
		// 15 failures, none retried (Max Retries 0), concurrency 1 so the failing items are known.
		for (let index = 0; index < N; index++) {
			if (failing(index)) emulator.failNext(1, 500);
			else emulator.failNext(1, 200, {
				body: {
					id: `c${index}`, object: 'chat.completion', created: 1, model: 'llama-3.1-8b-instant',
					choices: [{ index: 0, message: { role: 'assistant', content: `You said: question ${index}` }, finish_reason: 'stop' }],
					usage: { prompt_tokens: 3, completion_tokens: 3, total_tokens: 6 },
				},
			});
		}
	});
	const options = { maxRetries: 0, concurrency: 1 };

	test('continueRegularOutput: error items on output 0 with json.error, in input order', async () => {
		const result = await run({ parameters: chat(options), settings: { onError: 'continueRegularOutput' } });
		const { success, errors } = account(result);
		expect(success).toHaveLength(35);
		expect(errors.map(pairedIndex)).toEqual(Array.from({ length: N }, (_, index) => index).filter(failing));
		expect(result.outputs[0].map(pairedIndex)).toEqual(Array.from({ length: N }, (_, index) => index));
		for (const item of errors) {
			expect(item.json).toEqual({
				error: `Internal Server Error (HTTP 500, ${PROVIDER} / ${MODEL})`,
				details: { httpCode: 500, description: expect.any(String), provider: PROVIDER, model: MODEL, itemIndex: pairedIndex(item) },
			});
		}
	});

	test('continueErrorOutput: error items on the error output (outputs[2])', async () => {
		const result = await run({ parameters: chat(options), settings: { onError: 'continueErrorOutput' } });
		const { success, errors } = account(result);
		expect(success).toHaveLength(35);
		expect(result.outputs[0].map(pairedIndex)).toEqual(Array.from({ length: N }, (_, index) => index).filter((index) => !failing(index)));
		expect(result.outputs[2].map(pairedIndex)).toEqual(Array.from({ length: N }, (_, index) => index).filter(failing));
		expect(errors).toHaveLength(15);
	});

	test('continueErrorOutput with quota: the three outputs add up', async () => {
		emulator.reset();
		const cost = await costOfOneCall();
		emulator.setCredits(TOKEN, cost * 9.5);
		emulator.failNext(5, 500);
		const result = await run({ parameters: chat(options), settings: { onError: 'continueErrorOutput' } });
		const { success, quota, errors } = account(result);
		// Five 500s first (items 0-4), then ten served, then the rest on Quota Exhausted.
		expect(errors.map(pairedIndex)).toEqual([0, 1, 2, 3, 4]);
		expect(success.map(pairedIndex)).toEqual([5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
		expect(quota).toHaveLength(35);
	});

	test('stopWorkflow: the run fails with the first item\'s error', async () => {
		const result = await run({ parameters: chat(options) });
		expect(result.error).toBeDefined();
		expect(result.error!.message).toBe(`Internal Server Error (HTTP 500, ${PROVIDER} / ${MODEL})`);
		expect((result.error as unknown as { httpCode?: string }).httpCode).toBe('500');
		// Nothing was sent after the failure.
		expect(routerCalls(emulator)).toHaveLength(1);
	});
});

describe('the token never leaks', () => {
	test('no output item, error, or run data of this suite contains the token', () => {
		expect(produced.length).toBeGreaterThan(20);
		// The scan does find the token where it is.
		expect(allStrings([{ nested: new Error(`x ${TOKEN}`) }]).some((text) => text.includes(TOKEN))).toBe(true);
		const leaks = allStrings(produced).filter((text) => text.includes(TOKEN));
		expect(leaks).toEqual([]);
	});
});
