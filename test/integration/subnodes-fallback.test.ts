/**
 * The chat model sub-node's Fallback Models and capability checks, through n8n's engine and the AI
 * node SDK, called by the probe root node as n8n's AI nodes call it (subnodes-support.ts); the real
 * AI Agent runs in test/e2e/fallback.e2e.test.ts.
 */
import { HuggingFaceInferenceApi } from '../../credentials/HuggingFaceInferenceApi.credentials';
import { LmChatHuggingFaceInference } from '../../nodes/LmChatHuggingFaceInference/LmChatHuggingFaceInference.node';
import type { Emulator } from '../emulator';
import { callListSearch } from '../harness';
import { LLAMA, probe, useSubNodeEmulator } from './subnodes-support';
import { TOKEN, credentialsFor } from './support';

const GEMMA = 'google/gemma-2-2b-it';
const GPT_OSS = 'openai/gpt-oss-120b';
const DOWN = { body: { error: 'Service Unavailable' } };

let emulator: Emulator;
useSubNodeEmulator((started) => (emulator = started));

const chatCalls = () => emulator.requests.filter((request) => request.path === '/v1/chat/completions');
const modelOf = (request: { body: unknown }) => (request.body as { model: string }).model;
const settings = (model: string, provider = 'auto', options: Record<string, unknown> = {}) => ({ model: { __rl: true, mode: 'id', value: model }, provider, options });

describe('chat model sub-node: tools and structured output the model cannot serve', () => {
	test('tools bound to a model none of whose live providers calls tools fail before any chat call, naming models that do', async () => {
		const { error } = await probe('chat', 'tools', settings(GEMMA), [{ question: 'What is 2 + 2?' }]);
		expect(error?.message).toMatch(
			new RegExp(`^${GEMMA} cannot be used with tools: none of the live providers of ${GEMMA} can call tools, says the router's model catalogue\\. Models whose providers do: ${LLAMA.replace(/\./g, '\\.')}, `),
		);
		expect(chatCalls()).toHaveLength(0);
	});

	test('a pinned provider that does not call tools is named, with the providers of the same model that do', async () => {
		const { error } = await probe('chat', 'tools', settings(LLAMA, 'hf-inference'), [{ question: 'What is 2 + 2?' }]);
		expect(error?.message).toMatch(/hf-inference cannot call tools with meta-llama\/Llama-3\.1-8B-Instruct.*Pick a provider of meta-llama\/Llama-3\.1-8B-Instruct that does: cerebras, groq, together, novita \(or auto\)/);
		expect(chatCalls()).toHaveLength(0);
	});

	test('without tools the same model answers; a model the catalogue does not know is not refused', async () => {
		const plain = await probe('chat', 'plain', settings(GEMMA), [{ question: 'Hello' }]);
		expect(plain.error).toBeUndefined();
		expect(plain.outputs[0][0].json.text).toMatch(/You said: Hello$/);
		emulator.reset();
		// Mistral 7B's featherless-ai entry publishes no supports_tools: unknown is not "no".
		const unknown = await probe('chat', 'tools', settings('mistralai/Mistral-7B-Instruct-v0.3', 'featherless-ai'), [{ question: 'Call the tool calculator with {"input":"2 + 2"}' }]);
		expect(unknown.error).toBeUndefined();
		expect(chatCalls().length).toBeGreaterThan(0);
	});
});

describe('chat model sub-node: Fallback Models', () => {
	test('primary down: the fallback answers, and says so in the response metadata', async () => {
		emulator.failModel(LLAMA, 503, DOWN);
		const { outputs, error } = await probe('chat', 'plain', settings(LLAMA, 'auto', { fallbackModels: GPT_OSS, maxRetries: 1 }), [{ question: 'Hello' }]);
		expect(error).toBeUndefined();
		const { text, metadata } = outputs[0][0].json as { text: string; metadata: Record<string, unknown> };
		expect(text).toMatch(/You said: Hello$/);
		expect(metadata).toMatchObject({ hubModel: GPT_OSS, fallbacksTried: [{ model: LLAMA, httpCode: 503, message: 'Service Unavailable' }] });
		expect(chatCalls().map((call) => [modelOf(call), call.status])).toEqual([
			[LLAMA, 503],
			[LLAMA, 503],
			[GPT_OSS, 200],
		]);
	});

	test('the Agent asks again on its next turn: the dead primary is not asked first again in the same execution', async () => {
		emulator.failModel(LLAMA, 503, DOWN);
		const { outputs } = await probe('chat', 'twice', settings(LLAMA, 'auto', { fallbackModels: GPT_OSS, maxRetries: 0 }), [{ question: 'Hello' }]);
		expect(outputs[0][0].json.errors).toEqual([]);
		expect(chatCalls().map((call) => modelOf(call))).toEqual([LLAMA, GPT_OSS, GPT_OSS]);
	});

	test('a stream falls back before its first piece', async () => {
		emulator.failModel(LLAMA, 400);
		const { outputs, error } = await probe('chat', 'stream-text', settings(LLAMA, 'groq', { fallbackModels: `${GPT_OSS}:cerebras` }), [{ question: 'Reply with exactly: one two' }]);
		expect(error).toBeUndefined();
		expect((outputs[0][0].json.pieces as string[]).join('')).toBe('one two');
		expect(chatCalls().map((call) => [modelOf(call), call.status])).toEqual([
			[`${LLAMA}:groq`, 400],
			[`${GPT_OSS}:cerebras`, 200],
		]);
	});

	test('a 402 is not passed on to a fallback model: the credits error, for the Agent\'s own fallback slot', async () => {
		emulator.setCredits(TOKEN, 0);
		const { error } = await probe('chat', 'plain', settings(LLAMA, 'auto', { fallbackModels: GPT_OSS }), [{ question: 'Hello' }]);
		expect(error?.message).toMatch(/Hugging Face credits exhausted \(402 Payment Required\)/);
		expect(chatCalls().map((call) => modelOf(call))).toEqual([LLAMA]);
		emulator.setCredits(TOKEN, 1000);
	});

	test('when every model fails, the error names the last and the ones before it', async () => {
		emulator.failModel(LLAMA, 503, DOWN);
		emulator.failModel(GPT_OSS, 400);
		const { error } = await probe('chat', 'plain', settings(LLAMA, 'auto', { fallbackModels: GPT_OSS, maxRetries: 0 }), [{ question: 'Hello' }]);
		expect(error?.message).toBe(
			`The requested model '${GPT_OSS}' is not supported by any provider you have enabled. (auto-routed / ${GPT_OSS}); fallback models tried before it: ${LLAMA} (HTTP 503)`,
		);
	});

	test('tools with a fallback model that cannot call them fail before any call', async () => {
		const { error } = await probe('chat', 'tools', settings(LLAMA, 'auto', { fallbackModels: GEMMA }), [{ question: 'What is 2 + 2?' }]);
		expect(error?.message).toMatch(new RegExp(`^Fallback model ${GEMMA} cannot be used with tools`));
		expect(chatCalls()).toHaveLength(0);
	});
});

describe("chat model sub-node's picker", () => {
	test('lists the models whose providers call tools first, each label short: price or free, tools, JSON, context', async () => {
		const result = await callListSearch(new LmChatHuggingFaceInference(), 'searchChatModels', {
			credentialTypes: [new HuggingFaceInferenceApi()],
			credentials: { huggingFaceInferenceApi: credentialsFor(emulator) },
			parameters: {},
		});
		const names = result.results.map((entry) => entry.name);
		const firstWithoutTools = names.findIndex((name) => !/ · tools\b/.test(name));
		expect(firstWithoutTools).toBeGreaterThan(0);
		expect(names.slice(firstWithoutTools).some((name) => / · tools\b/.test(name))).toBe(false);
		expect(names).toContain('google/gemma-2-2b-it · $0.1/M · 8k');
		expect(names).toContain('Qwen/Qwen3-4B-Instruct-2507 · free · tools · JSON · 256k');
		expect(names).toContain('mistralai/Mixtral-8x7B-Instruct-v0.1 · price unknown');
		expect(names).toContain('openai/gpt-oss-120b · free · tools · JSON · 128k');
	});
});
