/**
 * A streamed chat request answered with something other than an event stream. huggingface.js
 * (src/utils/request.ts `innerStreamingRequest`) refuses any content type but text/event-stream;
 * the node reads a JSON chat completion as the plain answer it is, and refuses anything else as
 * final. Either way the request is sent once: the provider has answered (and billed) already.
 */
import type { IDataObject } from 'n8n-workflow';

import type { Emulator } from '../emulator';
import { LLAMA, probe, useSubNodeEmulator } from './subnodes-support';
import { chatParameters, errorDescription, errorText, routerCalls, runHuggingFace } from './support';

let emulator: Emulator;
useSubNodeEmulator((started) => (emulator = started));

const COMPLETION = {
	id: 'chatcmpl-whole',
	object: 'chat.completion',
	created: 1767225600,
	model: LLAMA,
	choices: [{ index: 0, message: { role: 'assistant', content: 'a whole answer' }, finish_reason: 'stop' }],
	usage: { prompt_tokens: 9, completion_tokens: 3, total_tokens: 12 },
};
const asJson = (body: unknown) => ({ body: JSON.stringify(body), contentType: 'application/json' });
const HTML = { body: '<!doctype html><html><body>Bad gateway</body></html>', contentType: 'text/html; charset=utf-8' };
const streamed = (options: IDataObject = {}) => chatParameters(LLAMA, 'groq', 'Hello there', { stream: true, ...options });

describe('chat node, Stream on', () => {
	test('a JSON chat completion instead of an event stream is read as the plain answer, sent once', async () => {
		emulator.failNext(1, 200, asJson(COMPLETION));
		const { outputs, error } = await runHuggingFace(emulator, { parameters: streamed() });
		expect(error).toBeUndefined();
		expect(outputs[0][0].json.content).toBe('a whole answer');
		expect(outputs[0][0].json.usage).toMatchObject({ promptTokens: 9, completionTokens: 3 });
		expect(routerCalls(emulator)).toHaveLength(1);
	});

	test('another content type is refused as final, with what came and what to do; never retried', async () => {
		emulator.failNext(1, 200, HTML);
		const { outputs } = await runHuggingFace(emulator, { parameters: streamed(), settings: { onError: 'continueErrorOutput' } });
		expect(outputs[0]).toHaveLength(0);
		expect(errorText(outputs[2][0])).toBe(
			`The provider answered a streamed chat with text/html, not an event stream (text/event-stream): server does not support event stream content type (groq / ${LLAMA})`,
		);
		expect(errorDescription(outputs[2][0])).toMatch(/^The provider did not send this answer as an event stream\. Pick another provider, or ask for the whole answer at once/);
		expect(routerCalls(emulator)).toHaveLength(1);
	});

	test('JSON that is no chat completion (an error under 200) is final, in the provider\'s words', async () => {
		emulator.failNext(1, 200, asJson({ error: { message: 'Model is overloaded, try later', type: 'server_error' } }));
		const { outputs } = await runHuggingFace(emulator, { parameters: streamed(), settings: { onError: 'continueErrorOutput' } });
		expect(errorText(outputs[2][0])).toBe(`Model is overloaded, try later (groq / ${LLAMA})`);
		expect(routerCalls(emulator)).toHaveLength(1);
	});
});

describe('chat model sub-node, streaming', () => {
	const model = { model: { __rl: true, mode: 'id', value: LLAMA }, provider: 'groq', options: {} };

	test('a JSON chat completion reaches the Agent as one piece with its usage, sent once', async () => {
		emulator.failNext(1, 200, asJson(COMPLETION));
		const { outputs, error } = await probe('chat', 'stream-text', model, [{ question: 'Hello there' }]);
		expect(error).toBeUndefined();
		const { pieces, usage } = outputs[0][0].json as { pieces: string[]; usage: Record<string, number> };
		expect(pieces).toEqual(['a whole answer']);
		expect(usage).toEqual(expect.objectContaining({ input_tokens: 9, output_tokens: 3 }));
		expect(routerCalls(emulator)).toHaveLength(1);
	});

	test('another content type fails the sub-node at once, saying what came; never retried', async () => {
		emulator.failNext(1, 200, HTML);
		const { error } = await probe('chat', 'stream-text', model, [{ question: 'Hello there' }]);
		expect(error?.message).toBe(
			`The provider answered a streamed chat with text/html, not an event stream (text/event-stream): server does not support event stream content type (groq / ${LLAMA})`,
		);
		expect(routerCalls(emulator)).toHaveLength(1);
	});
});
