/** The chat operation through the engine and the emulator: provider modes (auto, policies, pinned), billing, and recorded answers. */
import type { IDataObject } from 'n8n-workflow';

import { CHAT_MODELS, rankProviders } from '../emulator/catalogue';
import type { Emulator } from '../emulator';
import { recordedInteractions, recordedPresent } from '../recorded-fixtures';
import { TOKEN, chatParameters, routerCalls, runHuggingFace, useTestEmulator } from './support';

const MODEL = 'meta-llama/Llama-3.1-8B-Instruct';
const catalogueModel = CHAT_MODELS.find((model) => model.id === MODEL)!;

let emulator: Emulator;
useTestEmulator((started) => (emulator = started));

function expectedCost(provider: string, usage: { promptTokens: number; completionTokens: number }) {
	const pricing = catalogueModel.providers.find((entry) => entry.provider === provider)?.pricing;
	if (!pricing) return null;
	return (usage.promptTokens * pricing.input + usage.completionTokens * pricing.output) / 1_000_000;
}

describe('chat: provider modes', () => {
	test('auto sends the bare Hub id and reports who served it, usage, latency and cost', async () => {
		const { outputs, error } = await runHuggingFace(emulator, { parameters: chatParameters(MODEL, 'auto', 'Reply with exactly: pong') });
		expect(error).toBeUndefined();
		const [calls] = [routerCalls(emulator)];
		expect(calls).toHaveLength(1);
		expect(calls[0].modelString).toBe(MODEL);
		const json = outputs[0][0].json as IDataObject & { usage: { promptTokens: number; completionTokens: number; totalTokens: number } };
		expect(json.content).toBe('pong');
		expect(json.model).toBe(MODEL);
		expect(json.provider).toBe(calls[0].servedBy);
		expect(json.finishReason).toBe('stop');
		expect(json.usage.promptTokens).toBeGreaterThan(0);
		expect(json.usage.completionTokens).toBeGreaterThan(0);
		expect(json.usage.totalTokens).toBe(json.usage.promptTokens + json.usage.completionTokens);
		expect(typeof json.latencyMs).toBe('number');
		expect(json.costUsd).toBeCloseTo(expectedCost(String(json.provider), json.usage)!, 12);
		// What the node reports is what the router charged.
		expect(json.costUsd).toBeCloseTo(calls[0].cost!, 12);
		expect(outputs[0][0].pairedItem).toEqual({ item: 0 });
		expect(outputs[1]).toHaveLength(0);
	});

	test.each(['fastest', 'cheapest', 'preferred'] as const)('policy %s is sent as the model suffix', async (policy) => {
		const { outputs } = await runHuggingFace(emulator, { parameters: chatParameters(MODEL, policy) });
		const calls = routerCalls(emulator);
		expect(calls.map((call) => call.modelString)).toEqual([`${MODEL}:${policy}`]);
		const expected = rankProviders(catalogueModel, policy, ['together', 'groq'])[0].provider;
		expect(outputs[0][0].json.provider).toBe(expected);
	});

	test('a pinned provider is sent as the suffix and reported', async () => {
		const { outputs } = await runHuggingFace(emulator, { parameters: chatParameters(MODEL, 'groq') });
		expect(routerCalls(emulator).map((call) => call.modelString)).toEqual([`${MODEL}:groq`]);
		expect(outputs[0][0].json.provider).toBe('groq');
		expect(outputs[0][0].json.providerModelId).toBe('llama-3.1-8b-instant');
	});

	test('a provider without a published price gives costUsd null', async () => {
		const { outputs } = await runHuggingFace(emulator, { parameters: chatParameters(MODEL, 'hf-inference') });
		expect(outputs[0][0].json.provider).toBe('hf-inference');
		expect(outputs[0][0].json.costUsd).toBeNull();
	});

	test('the catalogue is fetched once per execution, not once per item', async () => {
		const items = Array.from({ length: 6 }, (_, index) => ({ json: { q: `question ${index}` } }));
		const { outputs } = await runHuggingFace(emulator, { parameters: chatParameters(MODEL, 'cheapest', '={{ $json.q }}'), items });
		expect(outputs[0]).toHaveLength(6);
		expect(outputs[0].map((item) => item.pairedItem)).toEqual(items.map((_, item) => ({ item })));
		expect(outputs[0][3].json.content).toContain('question 3');
		expect(emulator.requests.filter((request) => request.path === '/v1/models')).toHaveLength(1);
	});

	test('billTo adds X-HF-Bill-To and bills the organization', async () => {
		emulator.setCredits('acme', 5);
		await runHuggingFace(emulator, { parameters: chatParameters(MODEL, 'groq'), billTo: 'acme' });
		const [call] = routerCalls(emulator);
		expect(call.headers['x-hf-bill-to']).toBe('acme');
		expect(emulator.getCredits('acme')).toBeLessThan(5);
	});

	test('the token goes as a Bearer header', async () => {
		await runHuggingFace(emulator, { parameters: chatParameters(MODEL, 'groq') });
		expect(routerCalls(emulator)[0].headers.authorization).toBe(`Bearer ${TOKEN}`);
	});
});

const describeRecorded = recordedPresent ? describe : describe.skip;

describeRecorded('chat: recorded answers of three providers give the same output fields', () => {
	interface Interaction {
		task: string;
		label: string;
		response: { status: number; headers: Record<string, string>; body: unknown };
	}
	const interactions = recordedInteractions<Interaction>().filter((entry) => entry.task === 'conversational');

	test('the fixtures hold together, cerebras and hf-inference answers', () => {
		expect(interactions.map((entry) => entry.label.split(' ')[0]).sort()).toEqual(['cerebras', 'hf-inference', 'together']);
	});

	test.each(interactions.map((entry) => [entry.label, entry] as const))('%s', async (_label, entry) => {
		const provider = entry.label.split(' ')[0];
		const body = entry.response.body as { model: string; choices: Array<{ message: { content: string }; finish_reason: string }>; usage?: Record<string, number> };
		// Serve the recorded answer as the router would for a call pinned to that provider.
		emulator.failNext(1, 200, { body, headers: { 'x-inference-provider': provider } });
		const { outputs, error } = await runHuggingFace(emulator, { parameters: chatParameters('meta-llama/Llama-3.3-70B-Instruct', provider, 'What is deep learning?') });
		expect(error).toBeUndefined();
		const json = outputs[0][0].json;
		expect(Object.keys(json).sort()).toEqual(
			['content', 'costUsd', 'finishReason', 'latencyMs', 'model', 'provider', 'providerModelId', 'reasoning', 'requestId', 'usage'].filter(
				(key) => key !== 'requestId' || 'requestId' in json,
			),
		);
		expect(json.content).toBe(body.choices[0].message.content);
		// Llama thinks not: no reasoning in the recorded answers.
		expect(json.reasoning).toBeNull();
		expect(json.finishReason).toBe(body.choices[0].finish_reason);
		expect(json.model).toBe('meta-llama/Llama-3.3-70B-Instruct');
		expect(json.provider).toBe(provider);
		expect(json.providerModelId).toBe(body.model);
		const usage = json.usage as IDataObject;
		expect(usage.promptTokens).toBe(body.usage?.prompt_tokens ?? 0);
		expect(usage.completionTokens).toBe(body.usage?.completion_tokens ?? 0);
		expect(typeof json.costUsd === 'number' || json.costUsd === null).toBe(true);
	});
});
