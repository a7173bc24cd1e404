/**
 * Chat with reasoning models through n8n's engine against the emulator: the thinking a provider
 * returns (`reasoning_content` on novita, `reasoning` on together, groq and cerebras, as
 * test/emulator/reasoning.ts cites) goes to json.reasoning and never into json.content, plain and
 * streamed; its tokens to json.usage.reasoningTokens; Reasoning Effort reaches every call as
 * `reasoning_effort`, and unset sends nothing.
 */
import type { IDataObject } from 'n8n-workflow';

import { expectedReasoning, type Emulator } from '../emulator';
import { chatParameters, errorText, routerCalls, runHuggingFace, useTestEmulator } from './support';

let emulator: Emulator;
useTestEmulator((started) => (emulator = started));

const R1 = 'deepseek-ai/DeepSeek-R1';
const GPT_OSS = 'openai/gpt-oss-120b';
const ANSWER = 'Reply with exactly: 42';

describe('chat with a reasoning model', () => {
	test.each([
		['novita', R1, 'reasoning_content', false],
		['novita', R1, 'reasoning_content', true],
		['together', R1, 'reasoning', false],
		['together', R1, 'reasoning', true],
		['groq', GPT_OSS, 'reasoning', false],
		['cerebras', GPT_OSS, 'reasoning', true],
	])('%s (%s, %s), streamed %s: json.reasoning holds the thinking, json.content the answer alone', async (provider, model, _field, stream) => {
		const items = [{ json: { n: 1 } }, { json: { n: 2 } }];
		const { outputs, error } = await runHuggingFace(emulator, { parameters: chatParameters(model, provider, ANSWER, { reasoningEffort: 'high', stream }), items });
		expect(error).toBeUndefined();
		const calls = routerCalls(emulator);
		expect(calls).toHaveLength(2);
		for (const [index, item] of outputs[0].entries()) {
			const sent = calls[index].body as IDataObject;
			expect(sent.reasoning_effort).toBe('high');
			expect(calls[index].reasoningEffort).toBe('high');
			expect(item.json.content).toBe('42');
			expect(item.json.reasoning).toBe(expectedReasoning(sent as never));
			expect(item.json.reasoning).toContain('effort high');
			const usage = item.json.usage as IDataObject;
			expect(usage.reasoningTokens).toBe(String(item.json.reasoning).match(/\s*\S+/g)!.length);
			expect(usage.completionTokens).toBe((usage.reasoningTokens as number) + 1);
			expect(item.pairedItem).toEqual({ item: index });
		}
	});

	test('each item sends its own effort (an expression), and an item without one sends nothing', async () => {
		const items = [{ json: { effort: 'low' } }, { json: { effort: '' } }, { json: { effort: 'minimal' } }];
		const { outputs, error } = await runHuggingFace(emulator, {
			parameters: chatParameters(R1, 'novita', ANSWER, { reasoningEffort: '={{ $json.effort }}' }),
			items,
		});
		expect(error).toBeUndefined();
		const sent = routerCalls(emulator).map((call) => (call.body as IDataObject).reasoning_effort);
		expect(sent).toEqual(['low', undefined, 'minimal']);
		expect(routerCalls(emulator).map((call) => 'reasoning_effort' in (call.body as IDataObject))).toEqual([true, false, true]);
		expect(outputs[0].map((item) => item.json.reasoning)).toEqual([expect.stringContaining('effort low'), expect.stringContaining('effort default'), expect.stringContaining('effort minimal')]);
	});

	test('Reasoning Effort not set: no reasoning_effort is sent, the model still thinks; effort "none": no thinking, reasoning null', async () => {
		await runHuggingFace(emulator, { parameters: chatParameters(R1, 'together', ANSWER) });
		const { outputs } = await runHuggingFace(emulator, { parameters: chatParameters(R1, 'together', ANSWER, { reasoningEffort: 'none' }) });
		const [unset, none] = routerCalls(emulator).map((call) => call.body as IDataObject);
		expect(unset).not.toHaveProperty('reasoning_effort');
		expect(none.reasoning_effort).toBe('none');
		expect(outputs[0][0].json).toMatchObject({ content: '42', reasoning: null });
		expect(outputs[0][0].json.usage).not.toHaveProperty('reasoningTokens');
	});

	test('a model that does not reason: json.reasoning is null, plain and streamed', async () => {
		for (const stream of [false, true]) {
			const { outputs } = await runHuggingFace(emulator, { parameters: chatParameters('meta-llama/Llama-3.1-8B-Instruct', 'groq', ANSWER, { stream }) });
			expect(outputs[0][0].json).toMatchObject({ content: '42', reasoning: null });
		}
	});

	test('a JSON reply of a reasoning model is parsed from the content alone', async () => {
		const { outputs, error } = await runHuggingFace(emulator, { parameters: chatParameters(GPT_OSS, 'groq', 'Describe Paris', { responseFormat: 'json_object', stream: true }) });
		expect(error).toBeUndefined();
		expect(outputs[0][0].json.json).toEqual({ answer: 'You said: Describe Paris' });
		expect(outputs[0][0].json.reasoning).toEqual(expect.stringContaining('Describe Paris'));
	});

	test('thinking sent raw at the head of the content (<think>…</think>) is taken out of it', async () => {
		const body = { id: 'x', object: 'chat.completion', created: 1, model: 'qwen-3-32b', choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: '<think>\nIt is 4.\n</think>\n\n4' } }] };
		emulator.failNext(1, 200, { body, headers: { 'x-inference-provider': 'cerebras' } });
		const { outputs } = await runHuggingFace(emulator, { parameters: chatParameters('meta-llama/Llama-3.1-8B-Instruct', 'cerebras', 'What is 2+2?') });
		expect(outputs[0][0].json).toMatchObject({ content: '4', reasoning: 'It is 4.' });
	});

	test('an unknown effort fails its item before any call, naming the option', async () => {
		const { outputs, error } = await runHuggingFace(emulator, {
			parameters: chatParameters(R1, 'novita', ANSWER, { reasoningEffort: '={{ "extreme" }}' }),
			settings: { onError: 'continueRegularOutput' },
		});
		expect(error).toBeUndefined();
		expect(errorText(outputs[0][0])).toMatch(/Reasoning Effort/);
		expect(routerCalls(emulator)).toHaveLength(0);
	});
});
