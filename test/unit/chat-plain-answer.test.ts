/** A streamed chat request answered without an event stream (nodes/shared/transport/chat.ts). */
import { Readable } from 'stream';

import { RouterCallError } from '../../nodes/shared/transport/errors';
import { completionAsChunk, isEventStream, readPlainChatAnswer, streamedAnswerChunks, type ChatCompletion } from '../../nodes/shared/transport/chat';

const body = (text: string) => Readable.from([Buffer.from(text)]);
const redact = (text: string) => text.split('hf_secret').join('***');

describe('a streamed chat answer that is not an event stream', () => {
	test('only text/event-stream (any case, any parameters) is an event stream', () => {
		expect(isEventStream({ 'content-type': 'text/event-stream' })).toBe(true);
		expect(isEventStream({ 'content-type': 'Text/Event-Stream; charset=utf-8' })).toBe(true);
		expect(isEventStream({ 'content-type': 'application/json' })).toBe(false);
		expect(isEventStream({})).toBe(false);
	});

	test('a whole completion becomes one chunk: text, tool calls by index, finish reason and usage', () => {
		const completion = {
			id: 'c1',
			object: 'chat.completion',
			created: 1,
			model: 'm',
			choices: [
				{
					index: 0,
					finish_reason: 'tool_calls',
					logprobs: null,
					message: {
						role: 'assistant',
						content: null,
						refusal: null,
						tool_calls: [
							{ id: 'call_a', type: 'function', function: { name: 'calculator', arguments: '{"input":"1+1"}' } },
							{ id: 'call_b', type: 'function', function: { name: 'search', arguments: '{}' } },
						],
					},
				},
			],
			usage: { prompt_tokens: 5, completion_tokens: 7, total_tokens: 12 },
		} as ChatCompletion;
		expect(completionAsChunk(completion)).toEqual({
			id: 'c1',
			object: 'chat.completion.chunk',
			created: 1,
			model: 'm',
			choices: [
				{
					index: 0,
					delta: {
						role: 'assistant',
						content: null,
						tool_calls: [
							{ index: 0, id: 'call_a', type: 'function', function: { name: 'calculator', arguments: '{"input":"1+1"}' } },
							{ index: 1, id: 'call_b', type: 'function', function: { name: 'search', arguments: '{}' } },
						],
					},
					finish_reason: 'tool_calls',
					logprobs: null,
				},
			],
			usage: { prompt_tokens: 5, completion_tokens: 7, total_tokens: 12 },
		});
	});

	test('anything but a chat completion is a final error, the token redacted', async () => {
		const error = await readPlainChatAnswer(body('{"error":"bad token hf_secret"}'), { 'content-type': 'application/json' }, redact).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(RouterCallError);
		expect((error as RouterCallError).failure).toEqual({ kind: 'final', httpCode: null, code: 'NOT_EVENT_STREAM', message: 'bad token ***' });
		const html = await readPlainChatAnswer(body('<html></html>'), { 'content-type': 'text/html' }, redact).catch((e: unknown) => e);
		expect((html as RouterCallError).failure.message).toBe('The provider answered a streamed chat with text/html, not an event stream (text/event-stream): server does not support event stream content type');
		const none = await readPlainChatAnswer(body('data: {}\n\n'), {}, redact).catch((e: unknown) => e);
		expect((none as RouterCallError).failure.message).toMatch(/^The provider answered a streamed chat with no content type, not an event stream/);
	});

	test('an event stream is still read event by event', async () => {
		const chunks = [];
		const events = 'data: {"id":"x","choices":[{"index":0,"delta":{"content":"hi"}}]}\n\ndata: [DONE]\n\n';
		for await (const chunk of streamedAnswerChunks(body(events), { 'content-type': 'text/event-stream' }, redact)) chunks.push(chunk);
		expect(chunks.map((chunk) => chunk.choices[0].delta.content)).toEqual(['hi']);
	});
});
