/** Behaviour of the emulator: the model list, chat and streaming. */
import { CHAT_MODELS, type Emulator } from './index';
import { sseEvents } from './shape';
import { LLAMA8, PREF, READ, call, chatBody, json, useTokenEmulator } from './emulator-test-support';

let emu: Emulator;
useTokenEmulator((started) => (emu = started));

describe('catalogue on /v1/models', () => {
	test('lists chat models with providers, pricing and optional fields', async () => {
		const res = await call('/v1/models', { token: null });
		expect(res.status).toBe(200);
		const body = await json(res);
		expect(body.object).toBe('list');
		expect(body.data.length).toBeGreaterThanOrEqual(8);
		const ds = body.data.find((m: any) => m.id === 'deepseek-ai/DeepSeek-V3');
		expect(ds.architecture).toEqual({ input_modalities: ['text'], output_modalities: ['text'] });
		expect(ds.providers.find((p: any) => p.provider === 'novita')).toMatchObject({ status: 'live', pricing: { input: 0.27, output: 1.1 }, context_length: 131072 });
		const vl = body.data.find((m: any) => m.id === 'Qwen/Qwen2.5-VL-7B-Instruct');
		expect(vl.architecture.input_modalities).toEqual(['text', 'image']);
		const all = body.data.flatMap((m: any) => m.providers);
		expect(all.some((p: any) => p.pricing === undefined)).toBe(true);
		expect(all.some((p: any) => p.status === 'error')).toBe(true);
		// chat models only
		expect(body.data.some((m: any) => m.id === 'black-forest-labs/FLUX.1-dev')).toBe(false);
		expect(body.data.map((m: any) => m.id).sort()).toEqual(CHAT_MODELS.map((m) => m.id).sort());
	});

	test('/v1/models agrees with the Hub mapping for every chat model', async () => {
		const body = await json(await call('/v1/models'));
		expect(body.data.map((m: any) => m.id).sort()).toEqual(CHAT_MODELS.map((m) => m.id).sort());
		for (const m of body.data) {
			const hub = await json(await call(`/api/models/${m.id}?expand[]=inferenceProviderMapping`));
			const mapping = hub.inferenceProviderMapping;
			const providers = Array.isArray(mapping) ? mapping.map((x: any) => x.provider) : Object.keys(mapping);
			expect(providers.sort()).toEqual(m.providers.map((p: any) => p.provider).sort());
		}
	});
});

describe('chat on /v1 and provider selection', () => {
	test.each([
		[LLAMA8, 'cerebras', 'llama3.1-8b'],
		[`${LLAMA8}:fastest`, 'cerebras', 'llama3.1-8b'],
		[`${LLAMA8}:cheapest`, 'novita', 'meta-llama/llama-3.1-8b-instruct'],
		[`${LLAMA8}:groq`, 'groq', 'llama-3.1-8b-instant'],
		[`${LLAMA8}:hf-inference`, 'hf-inference', LLAMA8],
		[`${LLAMA8}:preferred`, 'cerebras', 'llama3.1-8b'],
	])('%s is served by %s', async (model, provider, providerId) => {
		const res = await call('/v1/chat/completions', { body: chatBody(model) });
		expect(res.status).toBe(200);
		expect(res.headers.get('x-inference-provider')).toBe(provider);
		expect(res.headers.get('x-request-id')).toBeTruthy();
		const body = await json(res);
		expect(body.object).toBe('chat.completion');
		expect(body.model).toBe(providerId);
		expect(body.choices[0].message).toMatchObject({ role: 'assistant', content: `[${provider}/${providerId}] You said: Hello there` });
		expect(body.choices[0].finish_reason).toBe('stop');
		const log = emu.requests.find((r) => r.path === '/v1/chat/completions')!;
		expect(log.modelString).toBe(model);
		expect(log.servedBy).toBe(provider);
		expect(log.status).toBe(200);
	});

	test(':preferred follows the token preference order', async () => {
		const res = await call('/v1/chat/completions', { token: PREF, body: chatBody(`${LLAMA8}:preferred`) });
		expect(res.headers.get('x-inference-provider')).toBe('together');
		const res2 = await call('/v1/chat/completions', { token: PREF, body: chatBody('deepseek-ai/DeepSeek-V3:preferred') });
		expect(res2.headers.get('x-inference-provider')).toBe('together');
		const res3 = await call('/v1/chat/completions', { token: PREF, body: chatBody('zai-org/GLM-4.5:preferred') });
		expect(res3.headers.get('x-inference-provider')).toBe('zai-org');
	});

	test('pinned provider that does not serve the model: 400 OpenAI-style', async () => {
		const res = await call('/v1/chat/completions', { body: chatBody('deepseek-ai/DeepSeek-V3:groq') });
		expect(res.status).toBe(400);
		expect(await json(res)).toEqual({
			error: { message: 'Model deepseek-ai/DeepSeek-V3 is not supported by provider groq.', type: 'invalid_request_error', param: 'model', code: 'model_not_supported' },
		});
	});

	test('unknown model: 404 OpenAI-style model_not_found', async () => {
		const res = await call('/v1/chat/completions', { body: chatBody('nobody/nothing-123') });
		expect(res.status).toBe(404);
		expect(await json(res)).toEqual({
			error: { message: "The requested model 'nobody/nothing-123' does not exist.", type: 'invalid_request_error', param: 'model', code: 'model_not_found' },
		});
	});

	test('malformed bodies are rejected', async () => {
		const noMessages = await call('/v1/chat/completions', { body: { model: LLAMA8 } });
		expect(noMessages.status).toBe(400);
		expect((await json(noMessages)).error.message).toMatch(/messages/);
		const empty = await call('/v1/chat/completions', { body: { model: LLAMA8, messages: [] } });
		expect(empty.status).toBe(400);
		const badJson = await fetch(`${emu.url}/v1/chat/completions`, { method: 'POST', headers: { Authorization: `Bearer ${READ}`, 'Content-Type': 'application/json' }, body: '{"model": ' });
		expect(badJson.status).toBe(400);
		const tgi = await call(`/hf-inference/models/${LLAMA8}/v1/chat/completions`, { body: { model: LLAMA8, messages: 'hi' } });
		expect(tgi.status).toBe(422);
		expect((await json(tgi)).error_type).toBe('validation');
	});

	test('deterministic content: exact reply, json_object, json_schema, images, max_tokens', async () => {
		const exact = await json(await call('/v1/chat/completions', { body: chatBody(LLAMA8, 'Please.\nReply with exactly: PONG 42\nThanks') }));
		expect(exact.choices[0].message.content).toBe('PONG 42');

		const obj = await json(await call('/v1/chat/completions', { body: chatBody(LLAMA8, 'hi', { response_format: { type: 'json_object' } }) }));
		expect(JSON.parse(obj.choices[0].message.content)).toEqual({ answer: 'You said: hi' });

		const schema = {
			type: 'object',
			properties: { name: { type: 'string' }, age: { type: 'integer' }, score: { type: 'number' }, ok: { type: 'boolean' }, tags: { type: 'array', items: { type: 'string' } }, kind: { enum: ['a', 'b'] } },
			required: ['name', 'age'],
		};
		const js = await json(await call('/v1/chat/completions', { body: chatBody(LLAMA8, 'hi', { response_format: { type: 'json_schema', json_schema: { name: 'person', schema } } }) }));
		const parsed = JSON.parse(js.choices[0].message.content);
		expect(typeof parsed.name).toBe('string');
		expect(Number.isInteger(parsed.age)).toBe(true);
		expect(typeof parsed.score).toBe('number');
		expect(parsed.ok).toBe(true);
		expect(Array.isArray(parsed.tags) && typeof parsed.tags[0]).toBe('string');
		expect(parsed.kind).toBe('a');

		const vision = await call('/v1/chat/completions', {
			body: {
				model: 'Qwen/Qwen2.5-VL-7B-Instruct',
				messages: [{ role: 'user', content: [{ type: 'text', text: 'What is this?' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } }] }],
			},
		});
		expect(vision.status).toBe(200);
		expect((await json(vision)).choices[0].message.content).toMatch(/What is this\? \(saw 1 image\)$/);

		const notVision = await call('/v1/chat/completions', {
			body: { model: LLAMA8, messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://x/y.png' } }] }] },
		});
		expect(notVision.status).toBe(400);

		const capped = await json(await call('/v1/chat/completions', { body: chatBody(LLAMA8, 'one two three four five six', { max_tokens: 3 }) }));
		expect(capped.choices[0].finish_reason).toBe('length');
		expect(capped.usage.completion_tokens).toBe(3);
		expect(capped.choices[0].message.content).toBe('[cerebras/llama3.1-8b] You said:');
		expect(capped.usage.total_tokens).toBe(capped.usage.prompt_tokens + 3);
	});

	test('tool calls when a tool is requested', async () => {
		const tools = [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } }];
		const body = await json(await call('/v1/chat/completions', { body: chatBody(LLAMA8, 'Call tool get_weather with {"city":"Paris"}', { tools }) }));
		expect(body.choices[0].finish_reason).toBe('tool_calls');
		expect(body.choices[0].message.tool_calls[0].function).toEqual({ name: 'get_weather', arguments: '{"city":"Paris"}' });
		const follow = await json(
			await call('/v1/chat/completions', {
				body: {
					model: LLAMA8,
					tools,
					messages: [
						{ role: 'user', content: 'weather?' },
						{ role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'get_weather', arguments: '{}' } }] },
						{ role: 'tool', tool_call_id: 'c1', content: 'sunny' },
					],
				},
			}),
		);
		expect(follow.choices[0].message.content).toBe('[cerebras/llama3.1-8b] Tool get_weather returned: sunny');
	});

	test('per-provider routes take the provider model id', async () => {
		const ok = await call('/together/v1/chat/completions', { body: chatBody('meta-llama/Llama-3.3-70B-Instruct-Turbo') });
		expect(ok.status).toBe(200);
		expect((await json(ok)).model).toBe('meta-llama/Llama-3.3-70B-Instruct-Turbo');
		expect(emu.requests[0].routeProvider).toBe('together');
		const bad = await call('/together/v1/chat/completions', { body: chatBody('llama-3.3-70b') });
		expect(bad.status).toBe(400);
		expect(await json(bad)).toEqual({ error: 'Model not supported by provider together' });
	});
});

describe('streaming', () => {
	async function stream(model: string, extra: Record<string, unknown> = {}): Promise<{ res: Response; text: string }> {
		const res = await call('/v1/chat/completions', { body: chatBody(model, 'stream me please', { stream: true, ...extra }) });
		return { res, text: await res.text() };
	}

	test('OpenAI framing with [DONE], include_usage and content equal to the non-stream answer', async () => {
		const { res, text } = await stream(`${LLAMA8}:groq`, { stream_options: { include_usage: true } });
		expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
		const { events, done, lines } = sseEvents(text);
		expect(lines.every((l) => l.startsWith('data: '))).toBe(true);
		expect(done).toBe(true);
		expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
		const chunks = events as any[];
		expect(chunks[0].choices[0].delta.role).toBe('assistant');
		const last = chunks[chunks.length - 1];
		expect(last.choices).toEqual([]);
		expect(last.usage.completion_tokens).toBeGreaterThan(0);
		const content = chunks.map((c) => c.choices[0]?.delta?.content ?? '').join('');
		const plain = await json(await call('/v1/chat/completions', { body: chatBody(`${LLAMA8}:groq`, 'stream me please') }));
		expect(content).toBe(plain.choices[0].message.content);
		expect(chunks.some((c) => c.choices[0]?.finish_reason === 'stop')).toBe(true);
	});

	test('tool calls stream as OpenAI-compatible providers send them: id and name first, arguments in pieces, then tool_calls', async () => {
		const tools = [{ type: 'function', function: { name: 'calculator', parameters: { type: 'object', properties: { input: { type: 'string' } } } } }];
		const args = '{"input":"(12 * 7) + 3"}';
		for (const route of [`${LLAMA8}:groq`, `${LLAMA8}:together`, `${LLAMA8}:cerebras`, `${LLAMA8}:hf-inference`]) {
			const res = await call('/v1/chat/completions', {
				body: chatBody(route, `What is (12 * 7) + 3? Call the tool calculator with ${args}`, { tools, stream: true }),
			});
			const chunks = sseEvents(await res.text()).events as any[];
			const deltas = chunks.flatMap((c) => c.choices?.[0]?.delta?.tool_calls ?? []);
			// The first delta names the call; the rest carry only argument pieces of the same index.
			expect(deltas[0]).toEqual({ index: 0, id: expect.stringMatching(/^call_/), type: 'function', function: { name: 'calculator', arguments: '' } });
			const pieces = deltas.slice(1);
			expect(pieces.length).toBeGreaterThan(1);
			for (const piece of pieces) expect(Object.keys(piece).sort()).toEqual(['function', 'index']);
			expect(pieces.map((d) => d.function.arguments).join('')).toBe(args);
			const finish = chunks.map((c) => c.choices?.[0]?.finish_reason).filter(Boolean);
			expect(finish).toEqual(['tool_calls']);
			// The finish reason comes after the last argument piece.
			const finishAt = chunks.findIndex((c) => c.choices?.[0]?.finish_reason);
			const lastArgs = chunks.map((c) => !!c.choices?.[0]?.delta?.tool_calls?.length).lastIndexOf(true);
			expect(finishAt).toBeGreaterThan(lastArgs);
		}
	});

	test('cerebras ends at EOF without [DONE]; together and hf-inference end with [DONE]', async () => {
		const c = await stream(`${LLAMA8}:cerebras`);
		expect(sseEvents(c.text).done).toBe(false);
		expect(sseEvents(c.text).events.length).toBeGreaterThan(2);
		for (const p of ['together', 'hf-inference']) {
			const s = await stream(`${LLAMA8}:${p}`);
			expect(sseEvents(s.text).done).toBe(true);
		}
	});

	test('streamErrorNext: 200, a chunk or two, then an in-band error and end', async () => {
		emu.streamErrorNext(1);
		const { res, text } = await stream(`${LLAMA8}:groq`);
		expect(res.status).toBe(200);
		const { events, done } = sseEvents(text);
		expect(done).toBe(false);
		const last = events[events.length - 1] as any;
		expect(last.error).toBeDefined();
		expect(events.length).toBeLessThanOrEqual(3);
		const again = await stream(`${LLAMA8}:groq`);
		expect(sseEvents(again.text).done).toBe(true);
	});
});
