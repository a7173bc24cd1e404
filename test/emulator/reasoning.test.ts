/** Reasoning models in the emulator: where each provider puts the thinking, plain and streamed, and `reasoning_effort`. */
import { expectedReasoning, metricVerdict, type Emulator } from './index';
import { sseEvents } from './shape';
import { call, chatBody, json, useTokenEmulator } from './emulator-test-support';

let emu: Emulator;
useTokenEmulator((started) => (emu = started));

const R1 = 'deepseek-ai/DeepSeek-R1';
const GPT_OSS = 'openai/gpt-oss-120b';
const QUESTION = 'Reply with exactly: 42';

describe('reasoning models', () => {
	test.each([
		[`${R1}:novita`, 'reasoning_content', 'reasoning'],
		[`${R1}:together`, 'reasoning', 'reasoning_content'],
		[`${GPT_OSS}:groq`, 'reasoning', 'reasoning_content'],
	])('%s answers its thinking under %s, beside the content', async (model, field, other) => {
		const body = chatBody(model, QUESTION, { reasoning_effort: 'high' });
		const answer = await json(await call('/v1/chat/completions', { body }));
		const message = answer.choices[0].message;
		expect(message.content).toBe('42');
		expect(message[field]).toBe(expectedReasoning(body));
		expect(message[field]).toContain('effort high');
		expect(message).not.toHaveProperty(other);
		const reasoningTokens = answer.usage.completion_tokens_details.reasoning_tokens;
		expect(reasoningTokens).toBeGreaterThan(0);
		expect(answer.usage.completion_tokens).toBe(reasoningTokens + 1);
		expect(emu.requests.at(-1)!.reasoningEffort).toBe('high');
	});

	test.each([
		[`${R1}:novita`, 'reasoning_content'],
		[`${GPT_OSS}:cerebras`, 'reasoning'],
		[`${R1}:together`, 'reasoning'],
	])('%s streams its thinking first, in deltas of %s', async (model, field) => {
		const body = chatBody(model, QUESTION, { stream: true, stream_options: { include_usage: true } });
		const res = await call('/v1/chat/completions', { body });
		const { events } = sseEvents(await res.text());
		const deltas = (events as any[]).flatMap((event) => event.choices ?? []).map((choice: any) => choice.delta ?? {});
		const thinking = deltas.map((delta) => delta[field] ?? '').join('');
		const content = deltas.map((delta) => delta.content ?? '').join('');
		expect(thinking).toBe(expectedReasoning(body));
		expect(content).toBe('42');
		const firstContent = deltas.findIndex((delta) => delta.content);
		const lastThinking = deltas.map((delta) => !!delta[field]).lastIndexOf(true);
		expect(lastThinking).toBeLessThan(firstContent);
		expect(emu.requests.at(-1)!.reasoningEffort).toBeUndefined();
	});

	test('effort "none" thinks not at all; an unknown effort is refused; a model that does not reason sends none', async () => {
		const none = await json(await call('/v1/chat/completions', { body: chatBody(`${R1}:novita`, QUESTION, { reasoning_effort: 'none' }) }));
		expect(none.choices[0].message).not.toHaveProperty('reasoning_content');
		expect(none.usage).not.toHaveProperty('completion_tokens_details');
		const bad = await call('/v1/chat/completions', { body: chatBody(`${R1}:novita`, QUESTION, { reasoning_effort: 'extreme' }) });
		expect(bad.status).toBe(400);
		expect((await json(bad)).error.message).toContain('reasoning_effort');
		const llama = await json(await call('/v1/chat/completions', { body: chatBody('meta-llama/Llama-3.1-8B-Instruct:groq', QUESTION, { reasoning_effort: 'low' }) }));
		expect(Object.keys(llama.choices[0].message).sort()).toEqual(['content', 'role']);
		expect(emu.requests.at(-1)!.reasoningEffort).toBe('low');
	});

	test('max_tokens counts the thinking: a small budget ends in "length" with the answer cut', async () => {
		const body = chatBody(`${R1}:novita`, QUESTION, { max_tokens: 3 });
		const answer = await json(await call('/v1/chat/completions', { body }));
		expect(answer.choices[0]).toMatchObject({ finish_reason: 'length', message: { content: '' } });
		expect(answer.usage.completion_tokens).toBe(3);
	});
});

describe("n8n's Evaluation metric prompts", () => {
	const schema = { type: 'object', properties: { extended_reasoning: { type: 'string' }, reasoning_summary: { type: 'string' }, score: { type: 'integer' } } };

	test('the correctness verdict comes as the json_schema answer, and as the forced tool call', async () => {
		const text = 'Output: Paris\n\nGround truth: paris';
		const messages = [{ role: 'system', content: 'You are an expert factual evaluator.' }, { role: 'user', content: text }];
		const viaSchema = await json(await call('/v1/chat/completions', {
			body: { model: 'meta-llama/Llama-3.1-8B-Instruct:groq', messages, response_format: { type: 'json_schema', json_schema: { name: 'extract', schema } } },
		}));
		expect(JSON.parse(viaSchema.choices[0].message.content)).toEqual(metricVerdict(text));
		expect(metricVerdict(text)!.score).toBe(5);
		const viaTool = await json(await call('/v1/chat/completions', {
			body: { model: 'meta-llama/Llama-3.1-8B-Instruct:groq', messages, tools: [{ type: 'function', function: { name: 'extract', parameters: schema } }], tool_choice: { type: 'function', function: { name: 'extract' } } },
		}));
		expect(JSON.parse(viaTool.choices[0].message.tool_calls[0].function.arguments)).toEqual(metricVerdict(text));
	});

	test.each([
		['Output: The capital is Paris.\n\nGround truth: Paris', 4],
		['Output: Lyon is big\n\nGround truth: Paris is big and old', 2],
		['Output: Berlin\n\nGround truth: Paris', 1],
		["Query: What is the capital of France?\n\nResponse: The capital of France is Paris.", 4],
		["Query: What is the capital of France?\n\nResponse: Sorry, I can't help with that.", 1],
		['Query: What is the capital of France?\n\nResponse: Berlin.', 2],
	])('%j scores %d', (text, score) => {
		expect(metricVerdict(text)!.score).toBe(score);
	});
});
