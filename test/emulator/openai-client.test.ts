/**
 * The emulator's `/v1` speaks OpenAI: the real openai client (a devDependency, for exactly this)
 * reads its answers, its event streams, its in-band stream errors and its error bodies the way it
 * reads the real router's. The node itself no longer uses the client (it goes through n8n's HTTP
 * helpers), so this is what keeps its stand-in honest.
 */
import OpenAI from 'openai';

import { MSG_CREDITS_DEPLETED, startEmulator, type Emulator } from './index';

const TOKEN = 'hf_openai_client_token';
const POOR = 'hf_openai_client_poor';
const MODEL = 'meta-llama/Llama-3.1-8B-Instruct';

let emulator: Emulator;
let client: OpenAI;

beforeAll(async () => {
	emulator = await startEmulator({ tokens: { [TOKEN]: { credits: 10 }, [POOR]: { credits: 0 } } });
	client = new OpenAI({ apiKey: TOKEN, baseURL: `${emulator.url}/v1`, maxRetries: 0 });
});

afterAll(async () => {
	await emulator.close();
});

beforeEach(() => emulator.reset());

const ask = (content: string) => ({ model: `${MODEL}:groq`, messages: [{ role: 'user' as const, content }] });

test('a completion, with the router headers', async () => {
	const { data, response } = await client.chat.completions.create(ask('hello there')).withResponse();
	expect(data.object).toBe('chat.completion');
	expect(data.choices[0].message.role).toBe('assistant');
	expect(data.choices[0].message.content).toEqual(expect.any(String));
	expect(data.choices[0].message.content!.length).toBeGreaterThan(0);
	expect(data.usage!.completion_tokens).toBeGreaterThan(0);
	expect(response.headers.get('x-inference-provider')).toBe('groq');
});

test('a stream: chunks end to the same content, usage last (include_usage)', async () => {
	const plain = await client.chat.completions.create(ask('stream me please'));
	const stream = await client.chat.completions.create({ ...ask('stream me please'), stream: true, stream_options: { include_usage: true } });
	let content = '';
	let usage: OpenAI.Completions.CompletionUsage | undefined;
	let finish: string | null = null;
	for await (const chunk of stream) {
		content += chunk.choices[0]?.delta?.content ?? '';
		finish = chunk.choices[0]?.finish_reason ?? finish;
		if (chunk.usage) usage = chunk.usage;
	}
	expect(content).toBe(plain.choices[0].message.content);
	expect(finish).toBe('stop');
	expect(usage!.completion_tokens).toBe(plain.usage!.completion_tokens);
});

test('two tool calls in one turn: the client\'s stream helper folds them into the same calls as the plain answer', async () => {
	const tools: OpenAI.Chat.Completions.ChatCompletionTool[] = [
		{ type: 'function', function: { name: 'calculator', parameters: { type: 'object', properties: { input: { type: 'string' } } } } },
	];
	const question = ask('Call the tool calculator with {"input":"6 * 7"} and call the tool calculator with {"input":"2 + 2"}');
	const plain = await client.chat.completions.create({ ...question, tools });
	expect(plain.choices[0].finish_reason).toBe('tool_calls');
	expect(plain.choices[0].message.tool_calls).toHaveLength(2);
	// openai-node's ChatCompletionStream accumulates the deltas by index, as it does the real router's.
	const streamed = await client.chat.completions.stream({ ...question, tools }).finalChatCompletion();
	expect(streamed.choices[0].message.tool_calls).toEqual(plain.choices[0].message.tool_calls);
});

test('an in-band stream error is thrown by the client as an APIError with the provider\'s words', async () => {
	emulator.streamErrorNext(1);
	const stream = await client.chat.completions.create({ ...ask('stream me please'), stream: true });
	const error = await (async () => {
		for await (const _chunk of stream) void _chunk;
	})().catch((caught: unknown) => caught);
	expect(error).toBeInstanceOf(OpenAI.APIError);
	expect((error as InstanceType<typeof OpenAI.APIError>).status).toBeUndefined();
	expect((error as InstanceType<typeof OpenAI.APIError>).message).toMatch(/Upstream provider error/);
});

test('out of credits: a 402 the client reads as an APIError with status 402', async () => {
	const poor = new OpenAI({ apiKey: POOR, baseURL: `${emulator.url}/v1`, maxRetries: 0 });
	const error = await poor.chat.completions.create(ask('hello')).catch((caught: unknown) => caught);
	expect(error).toBeInstanceOf(OpenAI.APIError);
	expect((error as InstanceType<typeof OpenAI.APIError>).status).toBe(402);
	expect((error as InstanceType<typeof OpenAI.APIError>).message).toContain(MSG_CREDITS_DEPLETED.slice(0, 40));
});

test('a model the provider does not serve: a 400 the client reads with its code and param', async () => {
	const error = (await client.chat.completions
		.create({ model: 'deepseek-ai/DeepSeek-V3:groq', messages: [{ role: 'user', content: 'hi' }] })
		.catch((caught: unknown) => caught)) as InstanceType<typeof OpenAI.APIError>;
	expect(error).toBeInstanceOf(OpenAI.BadRequestError);
	expect(error.status).toBe(400);
	expect(error.code).toBe('model_not_supported');
	expect(error.param).toBe('model');
	expect(error.message).toContain('is not supported by provider groq');
});
