/** The chat operation's options (sampling, JSON output, streaming), images for vision models, and bad input refused before any call. */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { Emulator } from '../emulator';
import { chatParameters, routerCalls, runHuggingFace, useTestEmulator } from './support';

const MODEL = 'meta-llama/Llama-3.1-8B-Instruct';

let emulator: Emulator;
useTestEmulator((started) => (emulator = started));

describe('chat: options', () => {
	test('options are sent only when set', async () => {
		await runHuggingFace(emulator, { parameters: chatParameters(MODEL, 'groq') });
		const bare = routerCalls(emulator)[0].body as IDataObject;
		for (const key of ['max_tokens', 'temperature', 'top_p', 'seed', 'stop', 'frequency_penalty', 'presence_penalty', 'response_format']) {
			expect(bare).not.toHaveProperty(key);
		}
		emulator.reset();
		await runHuggingFace(emulator, {
			parameters: chatParameters(MODEL, 'groq', 'Hi', {
				maxTokens: 64,
				temperature: 0.2,
				topP: 0.9,
				seed: 42,
				stop: 'END, STOP',
				frequencyPenalty: 0.5,
				presencePenalty: -0.5,
			}),
		});
		expect(routerCalls(emulator)[0].body).toMatchObject({
			max_tokens: 64,
			temperature: 0.2,
			top_p: 0.9,
			seed: 42,
			stop: ['END', 'STOP'],
			frequency_penalty: 0.5,
			presence_penalty: -0.5,
			messages: [{ role: 'user', content: 'Hi' }],
		});
	});

	test('max tokens reached gives finishReason length', async () => {
		const { outputs } = await runHuggingFace(emulator, {
			parameters: chatParameters(MODEL, 'groq', 'Tell me a long story about many things', { maxTokens: 2 }),
		});
		expect(outputs[0][0].json.finishReason).toBe('length');
		expect((outputs[0][0].json.usage as IDataObject).completionTokens).toBeLessThanOrEqual(2);
	});

	test('json_object: the reply is parsed into json', async () => {
		const { outputs } = await runHuggingFace(emulator, {
			parameters: chatParameters(MODEL, 'groq', 'Give me JSON', { responseFormat: 'json_object' }),
		});
		expect(routerCalls(emulator)[0].body).toMatchObject({ response_format: { type: 'json_object' } });
		const json = outputs[0][0].json;
		expect(json.json).toEqual(JSON.parse(String(json.content)));
		expect(typeof json.json).toBe('object');
	});

	test('json_schema: the schema is sent and the reply parsed', async () => {
		const schema = { type: 'object', properties: { city: { type: 'string' }, population: { type: 'integer' } }, required: ['city', 'population'] };
		const { outputs } = await runHuggingFace(emulator, {
			parameters: chatParameters(MODEL, 'groq', 'Largest city?', { responseFormat: 'json_schema', jsonSchema: JSON.stringify(schema), jsonSchemaName: 'city' }),
		});
		expect(routerCalls(emulator)[0].body).toMatchObject({ response_format: { type: 'json_schema', json_schema: { name: 'city', schema } } });
		const parsed = outputs[0][0].json.json as IDataObject;
		expect(typeof parsed.city).toBe('string');
		expect(Number.isInteger(parsed.population)).toBe(true);
	});

	test('a reply that is not JSON is an error for that item, not a silent string', async () => {
		const notJson = {
			id: 'x',
			object: 'chat.completion',
			created: 1,
			model: 'llama-3.1-8b-instant',
			choices: [{ index: 0, message: { role: 'assistant', content: 'Sure! Here is your JSON: {oops' }, finish_reason: 'stop' }],
			usage: { prompt_tokens: 5, completion_tokens: 7, total_tokens: 12 },
		};
		emulator.failNext(1, 200, { body: notJson, headers: { 'x-inference-provider': 'groq' } });
		const { outputs } = await runHuggingFace(emulator, {
			parameters: chatParameters(MODEL, 'groq', '={{ $json.q }}', { responseFormat: 'json_object' }),
			items: [{ json: { q: 'first' } }, { json: { q: 'second' } }],
			settings: { onError: 'continueErrorOutput' },
		});
		expect(outputs[0]).toHaveLength(1);
		expect(outputs[0][0].pairedItem).toEqual({ item: 1 });
		expect(outputs[2]).toHaveLength(1);
		expect(outputs[2][0].pairedItem).toEqual({ item: 0 });
		expect(String(outputs[2][0].json.error)).toMatch(/not valid JSON/);
	});

	test('stream: the SSE answer is assembled into the same output fields', async () => {
		const { outputs } = await runHuggingFace(emulator, {
			parameters: chatParameters(MODEL, 'groq', 'Reply with exactly: streamed answer here', { stream: true }),
		});
		const [call] = routerCalls(emulator);
		expect(call.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
		const json = outputs[0][0].json;
		expect(json.content).toBe('streamed answer here');
		expect(json.provider).toBe('groq');
		expect((json.usage as IDataObject).completionTokens).toBeGreaterThan(0);
		expect(json.costUsd).toBeGreaterThan(0);
	});

	test('stream from cerebras, which ends without [DONE], still completes', async () => {
		const { outputs, error } = await runHuggingFace(emulator, {
			parameters: chatParameters(MODEL, 'cerebras', 'Reply with exactly: no done marker', { stream: true }),
		});
		expect(error).toBeUndefined();
		expect(outputs[0][0].json.content).toBe('no done marker');
		expect(outputs[0][0].json.provider).toBe('cerebras');
	});
});

describe('chat: images for vision models', () => {
	const VISION = 'Qwen/Qwen2.5-VL-7B-Instruct';
	const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

	test.each(['default', 'filesystem'] as const)('a binary property is sent as an image_url data URL (%s binary mode)', async (binaryMode) => {
		const { outputs } = await runHuggingFace(emulator, {
			parameters: chatParameters(VISION, 'novita', 'What is in this picture?', { imageBinaryProperty: 'photo' }),
			items: [{ json: {}, binary: { photo: { data: png.toString('base64'), mimeType: 'image/png', fileName: 'p.png' } } }],
			binaryMode,
		});
		const body = routerCalls(emulator)[0].body as { messages: Array<{ role: string; content: unknown }> };
		expect(body.messages[0].content).toEqual([
			{ type: 'text', text: 'What is in this picture?' },
			{ type: 'image_url', image_url: { url: `data:image/png;base64,${png.toString('base64')}`, detail: 'auto' } },
		]);
		expect(outputs[0][0].json.content).toContain('saw 1 image');
	});

	test('a picture stored under a generic type is sent under the type its bytes say; other bytes are refused by name, unsent', async () => {
		const { outputs } = await runHuggingFace(emulator, {
			parameters: chatParameters(VISION, 'novita', 'What is in this picture?', { imageBinaryProperty: 'photo' }),
			items: [
				{ json: {}, binary: { photo: { data: png.toString('base64'), mimeType: 'application/octet-stream', fileName: 'download' } } },
				{ json: {}, binary: { photo: { data: Buffer.from('not a picture at all').toString('base64'), mimeType: 'application/octet-stream', fileName: 'notes' } } },
			],
			settings: { onError: 'continueRegularOutput' },
		});
		const calls = routerCalls(emulator);
		expect(calls).toHaveLength(1);
		const body = calls[0].body as { messages: Array<{ content: Array<{ type: string; image_url?: { url: string } }> }> };
		expect(body.messages[0].content[1].image_url!.url).toBe(`data:image/png;base64,${png.toString('base64')}`);
		expect(outputs[0][0].json.content).toContain('saw 1 image');
		expect(outputs[0][1].json.error).toBe('Image Binary Property "photo" holds 20 bytes that are not an image (item 1)');
		expect(outputs[0][1].pairedItem).toEqual({ item: 1 });
	});

	test.each(['default', 'filesystem'] as const)(
		'On Error: Stop Workflow, bytes under a generic type that are not a picture stop the run before any call (%s binary mode)',
		async (binaryMode) => {
			const { error } = await runHuggingFace(emulator, {
				parameters: chatParameters(VISION, 'novita', 'What is in this picture?', { imageBinaryProperty: 'photo' }),
				items: [
					{ json: {}, binary: { photo: { data: png.toString('base64'), mimeType: 'application/octet-stream', fileName: 'download' } } },
					{ json: {}, binary: { photo: { data: Buffer.from('not a picture at all').toString('base64'), mimeType: 'application/octet-stream', fileName: 'notes' } } },
				],
				binaryMode,
			});
			expect(error?.message).toBe('Image Binary Property "photo" holds 20 bytes that are not an image (item 1)');
			expect(routerCalls(emulator)).toHaveLength(0);
		},
	);

	test('image URLs are sent as image_url parts', async () => {
		await runHuggingFace(emulator, {
			parameters: chatParameters(VISION, 'novita', 'Compare', { imageUrls: 'https://example.com/a.png\nhttps://example.com/b.jpg', imageDetail: 'low' }),
		});
		const body = routerCalls(emulator)[0].body as { messages: Array<{ content: Array<{ type: string; image_url?: { url: string } }> }> };
		expect(body.messages[0].content.filter((part) => part.type === 'image_url').map((part) => part.image_url!.url)).toEqual([
			'https://example.com/a.png',
			'https://example.com/b.jpg',
		]);
	});
});

describe('chat: bad input is refused before any call', () => {
	const cases: Array<[string, Record<string, unknown>, RegExp]> = [
		['empty messages', { messages: { values: [] } }, /Messages is empty \(item 1\)/],
		['an empty model', { model: { __rl: true, mode: 'id', value: '={{ $json.nothing ?? "" }}' } }, /Model is empty \(item 1\)/],
		['an unknown role', { messages: { values: [{ role: '={{ $json.role }}', content: 'hi' }] } }, /Message 1 role "wizard" is not a known role \(item 1\)/],
		['a non-numeric max tokens', { options: { maxTokens: '={{ $json.tokens }}' } }, /Max Tokens must be a whole number at least 1, got "many" \(item 1\)/],
		['a JSON schema that is not JSON', { options: { responseFormat: 'json_schema', jsonSchema: '{"type": ' } }, /JSON Schema is not valid JSON .*\(item 1\)/],
		['an empty message content', { messages: { values: [{ role: 'user', content: '={{ $json.missing }}' }] } }, /Message 1 content is empty \(item 1\)/],
		['a provider id with spaces', { provider: 'my provider' }, /Provider "my provider" is not a provider ID \(item 1\)/],
	];

	test.each(cases)('%s', async (_name, override, message) => {
		const items = [{ json: { role: 'user', tokens: 5 } }, { json: { role: 'wizard', tokens: 'many' } }];
		const parameters = { ...chatParameters(MODEL, 'groq'), ...override } as INodeParameters;
		const { error, outputs } = await runHuggingFace(emulator, { parameters, items });
		expect(error).toBeDefined();
		const failing = _name === 'an unknown role' || _name === 'a non-numeric max tokens' ? 1 : 0;
		expect(error!.message).toMatch(new RegExp(message.source.replace('item 1', `item ${failing}`)));
		expect((error as unknown as { context?: { itemIndex?: number } }).context?.itemIndex).toBe(failing);
		expect((error as unknown as { description?: string }).description).toBeTruthy();
		expect(outputs[0]).toHaveLength(0);
		// Refused before anything was sent: no credit spent.
		expect(routerCalls(emulator)).toHaveLength(0);
	});

	test('with continue on fail, the bad item becomes an error item and the others are served', async () => {
		const items = [{ json: { tokens: 5 } }, { json: { tokens: 'many' } }, { json: { tokens: 7 } }];
		const { outputs } = await runHuggingFace(emulator, {
			parameters: chatParameters(MODEL, 'groq', 'Hi', { maxTokens: '={{ $json.tokens }}' }),
			items,
			settings: { onError: 'continueRegularOutput' },
		});
		expect(outputs[0].map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(outputs[0][1].json.error).toMatch(/Max Tokens/);
		expect(outputs[0][0].json.content).toBeDefined();
		expect(routerCalls(emulator)).toHaveLength(2);
	});
});
