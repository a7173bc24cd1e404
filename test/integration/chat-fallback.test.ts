/**
 * Chat with Fallback Models through n8n's engine against the emulator: the next model answers while
 * one cannot serve (503 after its retries, model_not_supported, no live provider), never after a
 * 402 or the item's own bad input; a dead model is not asked first again in the same execution; and
 * a JSON schema on a model none of whose providers returns structured output fails before any call.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { chatCost, chatPricing, type Emulator, type RecordedRequest } from '../emulator';
import { TOKEN, chatParameters, errorDescription, errorText, routerCalls, runHuggingFace, useTestEmulator } from './support';

const LLAMA = 'meta-llama/Llama-3.1-8B-Instruct';
const QWEN = 'Qwen/Qwen2.5-72B-Instruct';
const GPT_OSS = 'openai/gpt-oss-120b';
const GEMMA = 'google/gemma-2-2b-it';
const MIXTRAL = 'mistralai/Mixtral-8x7B-Instruct-v0.1';
const N = 6;
const DOWN = { body: { error: 'Service Unavailable' } };

let emulator: Emulator;
useTestEmulator((started) => (emulator = started));

const items = (count = N) => Array.from({ length: count }, (_, index) => ({ json: { q: `question ${index}` } }));
const chat = (model: string, options: IDataObject, provider = 'auto') => chatParameters(model, provider, '={{ $json.q }}', options);
const callsFor = (model: string) => routerCalls(emulator).filter((call) => (call.body as { model: string }).model.split(':')[0] === model);
const itemOf = (call: RecordedRequest) => Number(/question (\d+)$/.exec((call.body as { messages: Array<{ content: string }> }).messages[0].content)![1]);
const tried = (item: INodeExecutionData) => (item.json.fallbacksTried as Array<{ model: string; httpCode: number }>).map((entry) => [entry.model, entry.httpCode]);

describe('chat: Fallback Models', () => {
	test('primary down (503), first fallback unserved (400 model_not_supported), second answers every item; the dead ones are not asked first again', async () => {
		emulator.failModel(LLAMA, 503, DOWN);
		emulator.failModel(QWEN, 400);
		const { outputs, error } = await runHuggingFace(emulator, {
			parameters: chat(LLAMA, { fallbackModels: `${QWEN}, ${GPT_OSS}`, maxRetries: 1, concurrency: 1 }),
			items: items(),
		});
		expect(error).toBeUndefined();
		const [success, quota] = outputs;
		expect(quota).toHaveLength(0);
		expect(success).toHaveLength(N);
		success.forEach((item, index) => {
			expect(item.pairedItem).toEqual({ item: index });
			expect(item.json.content).toMatch(new RegExp(`You said: question ${index}$`));
			expect(item.json.model).toBe(GPT_OSS);
			expect(tried(item)).toEqual([
				[LLAMA, 503],
				[QWEN, 400],
			]);
		});
		// The first item asked them; the next ones knew.
		expect(success[0].json.fallbacksTried).toEqual([
			{ model: LLAMA, httpCode: 503, message: 'Service Unavailable' },
			{ model: QWEN, httpCode: 400, message: `The requested model '${QWEN}' is not supported by any provider you have enabled.` },
		]);
		for (const item of success.slice(1)) expect((item.json.fallbacksTried as IDataObject[]).every((entry) => entry.skipped === true)).toBe(true);

		// The dead primary: 1 + Max Retries calls, all for the first item, and never first again.
		expect(callsFor(LLAMA).map((call) => [itemOf(call), call.status])).toEqual([
			[0, 503],
			[0, 503],
		]);
		expect(callsFor(QWEN).map((call) => [itemOf(call), call.status])).toEqual([[0, 400]]);
		expect(callsFor(GPT_OSS).map((call) => call.status)).toEqual(Array(N).fill(200));
		// Each item's first call after the first item went to the model that answers.
		const firstCall = new Map<number, string>();
		for (const call of routerCalls(emulator)) if (!firstCall.has(itemOf(call))) firstCall.set(itemOf(call), (call.body as { model: string }).model);
		expect([...firstCall.entries()].filter(([item]) => item > 0).every(([, model]) => model === GPT_OSS)).toBe(true);

		// The cost is the answering model's, at the provider that served it.
		for (const item of success) {
			const call = callsFor(GPT_OSS).find((entry) => itemOf(entry) === (item.pairedItem as { item: number }).item)!;
			expect(item.json.provider).toBe(call.servedBy);
			const usage = item.json.usage as { promptTokens: number; completionTokens: number };
			expect(item.json.costUsd).toBeCloseTo(chatCost(chatPricing(GPT_OSS, String(item.json.provider)), usage.promptTokens, usage.completionTokens), 12);
		}
	});

	test('items running side by side: the dead primary is called at most 1 + Max Retries times per item', async () => {
		emulator.failModel(LLAMA, 503, DOWN);
		emulator.failModel(QWEN, 400);
		const { outputs } = await runHuggingFace(emulator, {
			parameters: chat(LLAMA, { fallbackModels: `${QWEN}, ${GPT_OSS}`, maxRetries: 2, concurrency: 4 }),
			items: items(12),
		});
		expect(outputs[0].map((item) => item.json.model)).toEqual(Array(12).fill(GPT_OSS));
		const perItem = new Map<number, number>();
		for (const call of callsFor(LLAMA)) perItem.set(itemOf(call), (perItem.get(itemOf(call)) ?? 0) + 1);
		expect(Math.max(...perItem.values())).toBeLessThanOrEqual(3);
		// Only the items that started before it was known dead asked it at all.
		expect(perItem.size).toBeLessThanOrEqual(4);
		for (const item of outputs[0]) {
			const index = (item.pairedItem as { item: number }).item;
			const entries = item.json.fallbacksTried as IDataObject[];
			expect(entries[0].skipped === true).toBe(!perItem.has(index));
		}
	});

	test('a later execution asks the primary first again (a 5xx may pass)', async () => {
		emulator.failModel(LLAMA, 503, { ...DOWN, count: 1 });
		const first = await runHuggingFace(emulator, { parameters: chat(LLAMA, { fallbackModels: GPT_OSS, maxRetries: 0 }), items: items(1) });
		expect(first.outputs[0][0].json.model).toBe(GPT_OSS);
		const second = await runHuggingFace(emulator, { parameters: chat(LLAMA, { fallbackModels: GPT_OSS, maxRetries: 0 }), items: items(1) });
		expect(second.outputs[0][0].json.model).toBe(LLAMA);
		expect(second.outputs[0][0].json.fallbacksTried).toEqual([]);
	});

	test('with no credits (402) no fallback is asked: the items go to Quota Exhausted', async () => {
		emulator.setCredits(TOKEN, 0);
		const { outputs, error } = await runHuggingFace(emulator, {
			parameters: chat(LLAMA, { fallbackModels: `${QWEN}, ${GPT_OSS}` }),
			items: items(),
		});
		expect(error).toBeUndefined();
		const [success, quota] = outputs;
		expect(success).toHaveLength(0);
		expect(quota).toHaveLength(N);
		for (const item of quota) expect(item.json).toMatchObject({ quotaExhausted: true, error: { httpCode: 402, model: LLAMA } });
		expect(routerCalls(emulator).map((call) => (call.body as { model: string }).model)).toEqual([LLAMA]);
		emulator.setCredits(TOKEN, 1000);
	});

	test('a model with no live provider falls back; a 404 model too', async () => {
		const { outputs } = await runHuggingFace(emulator, {
			parameters: chat(MIXTRAL, { fallbackModels: `org/does-not-exist, ${LLAMA}:groq` }),
			items: items(1),
		});
		const [item] = outputs[0];
		expect(item.json).toMatchObject({ model: LLAMA, provider: 'groq' });
		expect(item.json.fallbacksTried).toEqual([
			{ model: MIXTRAL, httpCode: 400, message: `No live provider is available for model ${MIXTRAL}.` },
			{ model: 'org/does-not-exist', httpCode: 404, message: "The requested model 'org/does-not-exist' does not exist." },
		]);
		expect(routerCalls(emulator).map((call) => (call.body as { model: string }).model)).toEqual([MIXTRAL, 'org/does-not-exist', `${LLAMA}:groq`]);
	});

	test("the item's own bad input (422) is not sent to the next model", async () => {
		emulator.failModel(LLAMA, 422);
		const { outputs } = await runHuggingFace(emulator, {
			parameters: chat(LLAMA, { fallbackModels: GPT_OSS }),
			items: items(1),
			settings: { onError: 'continueRegularOutput' },
		});
		expect(errorText(outputs[0][0])).toMatch(/Input validation error/);
		expect(callsFor(GPT_OSS)).toHaveLength(0);
	});

	test('when every model fails, the error names the last one and lists the others', async () => {
		emulator.failModel(LLAMA, 503, DOWN);
		emulator.failModel(GPT_OSS, 500);
		const { outputs } = await runHuggingFace(emulator, {
			parameters: chat(LLAMA, { fallbackModels: GPT_OSS, maxRetries: 0 }),
			items: items(1),
			settings: { onError: 'continueRegularOutput' },
		});
		expect(errorText(outputs[0][0])).toBe(`Internal Server Error (HTTP 500, auto-routed / ${GPT_OSS})`);
		expect(errorDescription(outputs[0][0])).toContain(`Before it, these could not answer: ${LLAMA} (HTTP 503: Service Unavailable)`);
	});

	test('a 402 on a fallback model sends the item to Quota Exhausted', async () => {
		emulator.failModel(LLAMA, 503, DOWN);
		emulator.failModel(GPT_OSS, 402);
		const { outputs } = await runHuggingFace(emulator, { parameters: chat(LLAMA, { fallbackModels: GPT_OSS, maxRetries: 0 }), items: items(1) });
		expect(outputs[1]).toHaveLength(1);
		expect(outputs[1][0].json.quotaExhausted).toBe(true);
	});

	test('without Fallback Models the output has no fallbacksTried', async () => {
		const { outputs } = await runHuggingFace(emulator, { parameters: chat(LLAMA, {}), items: items(1) });
		expect(outputs[0][0].json).not.toHaveProperty('fallbacksTried');
		expect(outputs[0][0].json.model).toBe(LLAMA);
	});

	test('Fallback Models with an entry that is no model id fails the item before any call', async () => {
		const { error } = await runHuggingFace(emulator, { parameters: chat(LLAMA, { fallbackModels: 'not a model' }), items: items(1) });
		expect(error?.message).toBe('Fallback Models has "not a model", which is not a Hugging Face model ID (item 0)');
		expect(routerCalls(emulator)).toHaveLength(0);
	});
});

describe('chat: a JSON schema on a model that cannot return structured output', () => {
	const schema = JSON.stringify({ type: 'object', properties: { answer: { type: 'string' } }, required: ['answer'] });

	test('fails before any call, naming models that can', async () => {
		const { error } = await runHuggingFace(emulator, { parameters: chat(GEMMA, { responseFormat: 'json_schema', jsonSchema: schema }), items: items(2) });
		expect(error?.message).toBe(
			`Response Format "JSON Schema" cannot be used: none of the live providers of ${GEMMA} can return structured output (a JSON schema), says the router's model catalogue (item 0)`,
		);
		expect(String((error as { description?: unknown } | undefined)?.description)).toMatch(new RegExp(`Models whose providers do: ${LLAMA.replace(/[.]/g, '\\.')}, `));
		expect(routerCalls(emulator)).toHaveLength(0);
	});

	test('a pinned provider is judged alone; a provider that can, or one the catalogue says nothing of, is not refused', async () => {
		// novita says no for Llama 3.1 8B; groq says yes; hf-inference says nothing.
		const refused = await runHuggingFace(emulator, { parameters: chat(LLAMA, { responseFormat: 'json_schema', jsonSchema: schema }, 'novita'), items: items(1) });
		expect(refused.error?.message).toMatch(/novita cannot return structured output/);
		expect(String((refused.error as { description?: unknown } | undefined)?.description)).toMatch(/Pick a provider of meta-llama\/Llama-3\.1-8B-Instruct that does: cerebras, groq, together, nscale \(or auto\)\./);
		for (const provider of ['groq', 'hf-inference', 'auto']) {
			const { outputs, error } = await runHuggingFace(emulator, { parameters: chat(LLAMA, { responseFormat: 'json_schema', jsonSchema: schema }, provider), items: items(1) });
			expect(error).toBeUndefined();
			expect(outputs[0][0].json.json).toEqual({ answer: expect.any(String) });
		}
	});

	test('a fallback model that cannot is named too', async () => {
		const { error } = await runHuggingFace(emulator, { parameters: chat(LLAMA, { responseFormat: 'json_schema', jsonSchema: schema, fallbackModels: GEMMA }), items: items(1) });
		expect(error?.message).toMatch(new RegExp(`^Fallback model ${GEMMA} cannot be used`));
		expect(routerCalls(emulator)).toHaveLength(0);
	});
});
