/**
 * Fault injection through n8n's real engine against the router emulator, what the user sees: the
 * errors a failed call gives (with the token redacted) and n8n's "On Error" settings, where no item
 * is lost. Retries: faults-retries.test.ts; quota and concurrency cases: quota.test.ts.
 */
import type { IDataObject } from 'n8n-workflow';

import { MODEL, N, PROVIDER, account, allStrings, chat, costOfOneCall, expectTokenNeverLeaked, inputItems, kit, pairedIndex, run, useFaultEmulator } from './fault-kit';
import { TOKEN, routerCalls } from './support';

useFaultEmulator();

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
		kit.emulator.failNext(1, 401);
		const error = await stopped();
		expect(error.name).toBe('NodeApiError');
		expect(error.httpCode).toBe('401');
		expect(error.message).toBe(`Invalid username or password. (HTTP 401, ${PROVIDER} / ${MODEL})`);
		expect(error.description).toMatch(/rejected the access token.*settings\/tokens/);
		expect(error.context).toMatchObject({ itemIndex: 0 });
		expect(routerCalls(kit.emulator)).toHaveLength(1);
	});

	test('413 on chat: the hint says to shorten the messages (Truncate is an embeddings option)', async () => {
		kit.emulator.failNext(1, 413);
		const error = await stopped();
		expect(error.httpCode).toBe('413');
		expect(error.description).toBe('The request is larger than the provider accepts. Shorten the messages, or send fewer or smaller images.');
		expect(routerCalls(kit.emulator)).toHaveLength(1);
	});

	test('403: the hint names the missing permission', async () => {
		kit.emulator.failNext(1, 403);
		const error = await stopped();
		expect(error.name).toBe('NodeApiError');
		expect(error.httpCode).toBe('403');
		expect(error.message).toBe(`This authentication method does not have sufficient permissions to call Inference Providers on behalf of user ada (HTTP 403, ${PROVIDER} / ${MODEL})`);
		expect(error.description).toMatch(/Make calls to Inference Providers/);
	});

	test('400 model not supported: the hint lists the providers that serve the model', async () => {
		// A provider that does not serve the model: the kit.emulator answers as the router does.
		const error = await stopped('fal-ai');
		expect(error.name).toBe('NodeApiError');
		expect(error.httpCode).toBe('400');
		expect(error.message).toBe(`Model ${MODEL} is not supported by provider fal-ai. (HTTP 400, fal-ai / ${MODEL})`);
		expect(error.description).toMatch(/is served by: .*groq.*Pick one of them in Provider, or use auto/);
	});

	test('400 with the plain {"error": "Model not supported by provider X"} body gets the same hint', async () => {
		kit.emulator.failNext(1, 400, { body: { error: 'Model not supported by provider groq' } });
		const error = await stopped();
		expect(error.httpCode).toBe('400');
		expect(error.message).toBe(`Model not supported by provider groq (HTTP 400, ${PROVIDER} / ${MODEL})`);
		expect(error.description).toMatch(/is served by: /);
	});

	test('with continue on fail, the same details are on the item', async () => {
		kit.emulator.failNext(1, 401);
		const result = await run({ parameters: chat(), items: inputItems(1), settings: { onError: 'continueRegularOutput' } });
		expect(result.outputs[0][0].json).toEqual({
			error: `Invalid username or password. (HTTP 401, ${PROVIDER} / ${MODEL})`,
			details: { httpCode: 401, description: expect.stringMatching(/rejected the access token/), provider: PROVIDER, model: MODEL, itemIndex: 0 },
		});
	});

	test('an error body that echoes the token is redacted everywhere', async () => {
		kit.emulator.failNext(1, 400, { body: { error: 'bad request from {{authorization}}' } });
		const result = await run({ parameters: chat(), items: inputItems(2), settings: { onError: 'continueErrorOutput' } });
		// The kit.emulator did echo the real header.
		expect(routerCalls(kit.emulator)[0].headers.authorization).toBe(`Bearer ${TOKEN}`);
		expect(result.outputs[2]).toHaveLength(1);
		expect(result.outputs[2][0].json.error).toMatch(/bad request from Bearer \*\*\*/);
		expect(allStrings([result.outputs, result.run.data]).some((text) => text.includes(TOKEN))).toBe(false);
	});

	test('an error body that echoes the token is redacted in a stopped workflow\'s error too', async () => {
		kit.emulator.failNext(1, 400, { body: 'plain text: {{authorization}} was refused' });
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
			if (failing(index)) kit.emulator.failNext(1, 500);
			else kit.emulator.failNext(1, 200, {
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
		kit.emulator.reset();
		const cost = await costOfOneCall();
		kit.emulator.setCredits(TOKEN, cost * 9.5);
		kit.emulator.failNext(5, 500);
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
		expect(routerCalls(kit.emulator)).toHaveLength(1);
	});
});

describe('an option the whole run shares is invalid (Timeout, Max Retries, Concurrency, ...: read from the first item)', () => {
	// Item 0 gives a Timeout that is no number; the others a good one.
	const badTimeout = () => chat({ timeout: '={{ $json.index === 0 ? "soon" : 5000 }}' });
	const message = 'Timeout must be a whole number at least 0, got "soon" (item 0)';

	test('continueErrorOutput: every item goes to the error output, none to Success as if it had been answered', async () => {
		const result = await run({ parameters: badTimeout(), items: inputItems(3), settings: { onError: 'continueErrorOutput' } });
		expect(result.outputs[0]).toHaveLength(0);
		expect(result.outputs[1]).toHaveLength(0);
		expect(result.outputs[2].map(pairedIndex)).toEqual([0, 1, 2]);
		for (const item of result.outputs[2]) {
			expect(item.json.error).toBe(message);
			expect(item.json.details).toMatchObject({ description: expect.stringMatching(/^Set Timeout to a whole number/), itemIndex: 0 });
			// n8n merges the input item's json in.
			expect(item.json.q).toBe(`question ${pairedIndex(item)}`);
		}
		expect(routerCalls(kit.emulator)).toHaveLength(0);
	});

	test('continueRegularOutput: every item is an error item on output 0', async () => {
		const result = await run({ parameters: badTimeout(), items: inputItems(2), settings: { onError: 'continueRegularOutput' } });
		expect(result.error).toBeUndefined();
		expect(result.outputs[0].map(pairedIndex)).toEqual([0, 1]);
		for (const item of result.outputs[0]) expect(item.json.error).toBe(message);
		expect(routerCalls(kit.emulator)).toHaveLength(0);
	});

	test('stopWorkflow: the run fails with the error naming the item and the field', async () => {
		const result = await run({ parameters: badTimeout(), items: inputItems(2) });
		expect(result.error?.message).toBe(message);
		expect(result.outputs[0]).toHaveLength(0);
	});
});

describe('the token never leaks', () => {
	test('no output item, error, or run data of this suite contains the token', () => expectTokenNeverLeaked());
});
