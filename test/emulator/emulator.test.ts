/** Behaviour of the emulator and its control API. */
import {
	chatCost,
	CHAT_MODELS,
	decodePngHeader,
	MSG_CREDITS_DEPLETED,
	msgInsufficientPermissions,
	startEmulator,
	type Emulator,
} from './index';
import { sseEvents } from './shape';

const READ = 'hf_read_token';
const WRITE = 'hf_write_token';
const FG_OK = 'hf_fine_grained_ok';
const FG_NO = 'hf_fine_grained_no';
const PREF = 'hf_preferring';
const POOR = 'hf_poor';
const ORG_MEMBER = 'hf_org_member';

let emu: Emulator;

beforeAll(async () => {
	emu = await startEmulator({
		tokens: {
			[READ]: { credits: 10, role: 'read', name: 'reader' },
			[WRITE]: { credits: 10, role: 'write', name: 'writer', isPro: true },
			[FG_OK]: { credits: 10, role: 'fineGrained', permissions: ['inference.serverless.write', 'repo.content.read'], name: 'alice' },
			[FG_NO]: { credits: 10, role: 'fineGrained', permissions: ['repo.content.read'], name: 'bob' },
			[PREF]: { credits: 10, preferredProviders: ['together', 'groq'] },
			[POOR]: { credits: 0.1 },
			[ORG_MEMBER]: { credits: 5, orgs: ['acme'], name: 'carol' },
		},
	});
});

afterAll(async () => {
	await emu.close();
});

beforeEach(() => {
	emu.reset();
});

interface CallOpts {
	method?: string;
	token?: string | null;
	body?: unknown;
	headers?: Record<string, string>;
}

async function call(path: string, opts: CallOpts = {}): Promise<Response> {
	const headers: Record<string, string> = { ...(opts.headers ?? {}) };
	const token = opts.token === undefined ? READ : opts.token;
	if (token) headers.Authorization = `Bearer ${token}`;
	if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
	return fetch(path.startsWith('http') ? path : `${emu.url}${path}`, {
		method: opts.method ?? (opts.body !== undefined ? 'POST' : 'GET'),
		headers,
		body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
	});
}

async function json<T = Record<string, any>>(res: Response): Promise<T> {
	return (await res.json()) as T;
}

function chatBody(model: string, text = 'Hello there', extra: Record<string, unknown> = {}): Record<string, unknown> {
	return { model, messages: [{ role: 'user', content: text }], ...extra };
}

const LLAMA8 = 'meta-llama/Llama-3.1-8B-Instruct';

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

	test('unknown model: 404', async () => {
		const res = await call('/v1/chat/completions', { body: chatBody('nobody/nothing-123') });
		expect(res.status).toBe(404);
		expect(await json(res)).toEqual({ error: 'Model nobody/nothing-123 does not exist' });
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

describe('auth, permissions, ledger', () => {
	test('missing or unknown token: 401 with X-Error-Message', async () => {
		for (const token of [null, 'hf_unknown']) {
			const res = await call('/v1/chat/completions', { token, body: chatBody(LLAMA8) });
			expect(res.status).toBe(401);
			expect(res.headers.get('x-error-message')).toBe('Invalid username or password.');
			expect(await json(res)).toEqual({ error: 'Invalid username or password.' });
		}
		const who = await call('/api/whoami-v2', { token: 'hf_unknown' });
		expect(who.status).toBe(401);
	});

	test('fine-grained token without inference permission: 403; with it: 200', async () => {
		const no = await call('/v1/chat/completions', { token: FG_NO, body: chatBody(LLAMA8) });
		expect(no.status).toBe(403);
		expect(await json(no)).toEqual({ error: msgInsufficientPermissions('bob') });
		const fe = await call('/hf-inference/models/sentence-transformers/all-MiniLM-L6-v2/pipeline/feature-extraction', { token: FG_NO, body: { inputs: 'x' } });
		expect(fe.status).toBe(403);
		const yes = await call('/v1/chat/completions', { token: FG_OK, body: chatBody(LLAMA8) });
		expect(yes.status).toBe(200);
		const write = await call('/v1/chat/completions', { token: WRITE, body: chatBody(LLAMA8) });
		expect(write.status).toBe(200);
	});

	test('whoami-v2 for read and fine-grained tokens', async () => {
		const r = await json(await call('/api/whoami-v2', { token: WRITE }));
		expect(r).toMatchObject({ type: 'user', name: 'writer', isPro: true, canPay: true, billingMode: expect.any(String), orgs: [] });
		expect(typeof r.periodEnd).toBe('number');
		expect(r.auth.type).toBe('access_token');
		expect(r.auth.accessToken.role).toBe('write');
		expect(r.auth.accessToken.fineGrained).toBeUndefined();
		const f = await json(await call('/api/whoami-v2', { token: FG_OK }));
		expect(f.auth.accessToken.role).toBe('fineGrained');
		expect(f.auth.accessToken.fineGrained.global).toContain('inference.serverless.write');
		expect(Array.isArray(f.auth.accessToken.fineGrained.scoped)).toBe(true);
		const n = await json(await call('/api/whoami-v2', { token: FG_NO }));
		expect(n.auth.accessToken.fineGrained.global).not.toContain('inference.serverless.write');
		const o = await json(await call('/api/whoami-v2', { token: ORG_MEMBER }));
		expect(o.orgs.map((x: any) => x.name)).toEqual(['acme']);
	});

	test('chat cost equals usage x /v1/models pricing; 402 once credits are exhausted', async () => {
		emu.setCredits(POOR, 0.1);
		const models = await json(await call('/v1/models'));
		const pricing = models.data.find((m: any) => m.id === 'deepseek-ai/DeepSeek-V3').providers.find((p: any) => p.provider === 'novita').pricing;
		const res = await json(await call('/v1/chat/completions', { token: POOR, body: chatBody('deepseek-ai/DeepSeek-V3:novita', 'how much does this cost') }));
		const cost = chatCost(pricing, res.usage.prompt_tokens, res.usage.completion_tokens);
		expect(cost).toBeGreaterThan(0);
		expect(emu.getCredits(POOR)).toBeCloseTo(0.1 - cost, 12);
		expect(emu.requests[emu.requests.length - 1].cost).toBeCloseTo(cost, 12);

		emu.setCredits(POOR, 1e-9); // > 0: this call succeeds and drives the balance negative
		expect((await call('/v1/chat/completions', { token: POOR, body: chatBody(LLAMA8) })).status).toBe(200);
		expect(emu.getCredits(POOR)).toBeLessThan(0);
		for (const path of ['/v1/chat/completions', '/hf-inference/models/sentence-transformers/all-MiniLM-L6-v2/pipeline/feature-extraction']) {
			const res402 = await call(path, { token: POOR, body: path.startsWith('/v1') ? chatBody(LLAMA8) : { inputs: 'x' } });
			expect(res402.status).toBe(402);
			expect(await json(res402)).toEqual({ error: MSG_CREDITS_DEPLETED });
		}
		const before = emu.getCredits(POOR);
		await call('/together/v1/images/generations', { token: POOR, body: { model: 'black-forest-labs/FLUX.1-dev', prompt: 'x' } });
		expect(emu.getCredits(POOR)).toBe(before);
	});

	test('image and embedding calls are billed', async () => {
		emu.setCredits(WRITE, 1);
		await call('/together/v1/images/generations', { token: WRITE, body: { model: 'black-forest-labs/FLUX.1-dev', prompt: 'a cat', response_format: 'b64_json' } });
		const afterImage = emu.getCredits(WRITE);
		expect(afterImage).toBeCloseTo(1 - 0.0027, 12);
		await call('/together/v1/embeddings', { token: WRITE, body: { model: 'BAAI/bge-base-en-v1.5', input: ['a b c'] } });
		expect(emu.getCredits(WRITE)).toBeLessThan(afterImage);
	});

	test('X-HF-Bill-To bills the organization ledger', async () => {
		emu.setCredits('acme', 2);
		emu.setCredits(ORG_MEMBER, 5);
		const res = await call('/v1/chat/completions', { token: ORG_MEMBER, headers: { 'X-HF-Bill-To': 'acme' }, body: chatBody(LLAMA8) });
		expect(res.status).toBe(200);
		expect(emu.getCredits('acme')).toBeLessThan(2);
		expect(emu.getCredits(ORG_MEMBER)).toBe(5);
		emu.setCredits('acme', 0);
		const depleted = await call('/v1/chat/completions', { token: ORG_MEMBER, headers: { 'X-HF-Bill-To': 'acme' }, body: chatBody(LLAMA8) });
		expect(depleted.status).toBe(402);
		const notMember = await call('/v1/chat/completions', { token: READ, headers: { 'X-HF-Bill-To': 'acme' }, body: chatBody(LLAMA8) });
		expect(notMember.status).toBe(403);
	});

	test('acceptAnyToken gives any hf_ token the default credits', async () => {
		const other = await startEmulator({ acceptAnyToken: true, defaultCredits: 0.5 });
		try {
			const res = await fetch(`${other.url}/v1/chat/completions`, {
				method: 'POST',
				headers: { Authorization: 'Bearer hf_whatever123', 'Content-Type': 'application/json' },
				body: JSON.stringify(chatBody(LLAMA8)),
			});
			expect(res.status).toBe(200);
			expect(other.getCredits('hf_whatever123')).toBeLessThan(0.5);
			const bad = await fetch(`${other.url}/v1/chat/completions`, { method: 'POST', headers: { Authorization: 'Bearer nope', 'Content-Type': 'application/json' }, body: JSON.stringify(chatBody(LLAMA8)) });
			expect(bad.status).toBe(401);
		} finally {
			await other.close();
		}
	});
});

describe('faults, latency and the concurrency cap', () => {
	test('cap: 429 text/plain without Retry-After, then with it; in-flight count returns to 0', async () => {
		emu.setLatency(150);
		emu.setConcurrencyCap(2);
		const all = await Promise.all([1, 2, 3, 4].map(() => call('/v1/chat/completions', { body: chatBody(LLAMA8) })));
		const statuses = all.map((r) => r.status).sort();
		expect(statuses).toEqual([200, 200, 429, 429]);
		const limited = all.find((r) => r.status === 429)!;
		expect(limited.headers.get('content-type')).toMatch(/^text\/plain/);
		expect(await limited.text()).toBe('Too Many Requests');
		expect(limited.headers.get('retry-after')).toBeNull();
		await Promise.all(all.map((r) => r.text().catch(() => '')));
		expect(emu.inFlight()).toBe(0);
		expect(emu.maxInFlight()).toBeGreaterThanOrEqual(2);

		emu.setConcurrencyCap(1, { retryAfterSeconds: 3 });
		const two = await Promise.all([1, 2].map(() => call('/v1/chat/completions', { body: chatBody(LLAMA8) })));
		const r429 = two.find((r) => r.status === 429)!;
		expect(r429.headers.get('retry-after')).toBe('3');
		emu.setConcurrencyCap(null);
		emu.setLatency(0);
	});

	test('latency delays router inference answers only', async () => {
		emu.setLatency(200);
		let t = Date.now();
		await call('/v1/chat/completions', { body: chatBody(LLAMA8) });
		expect(Date.now() - t).toBeGreaterThanOrEqual(180);
		t = Date.now();
		await call('/api/whoami-v2');
		expect(Date.now() - t).toBeLessThan(150);
	});

	test('failNext with default bodies per status, then normal service', async () => {
		emu.failNext(2, 503);
		for (let i = 0; i < 2; i++) {
			const r = await call('/v1/chat/completions', { body: chatBody(LLAMA8) });
			expect(r.status).toBe(503);
			expect(await json(r)).toEqual({ error: `Model ${LLAMA8} is currently loading`, estimated_time: 20.0 });
		}
		expect((await call('/v1/chat/completions', { body: chatBody(LLAMA8) })).status).toBe(200);

		emu.failNext(1, 500);
		const r500 = await call('/v1/chat/completions', { body: chatBody(LLAMA8) });
		expect(await json(r500)).toEqual({ error: 'Internal Server Error' });
		emu.failNext(1, 429);
		const r429 = await call('/v1/chat/completions', { body: chatBody(LLAMA8) });
		expect(r429.status).toBe(429);
		expect(r429.headers.get('content-type')).toMatch(/^text\/plain/);
		expect(r429.headers.get('retry-after')).toBeNull();
		emu.failNext(1, 418, { body: { custom: true }, headers: { 'Retry-After': '7' } });
		const custom = await call('/v1/chat/completions', { body: chatBody(LLAMA8) });
		expect(custom.status).toBe(418);
		expect(custom.headers.get('retry-after')).toBe('7');
		expect(await json(custom)).toEqual({ custom: true });
		// Hub calls are not affected by faults
		emu.failNext(1, 500);
		expect((await call('/api/whoami-v2')).status).toBe(200);
		expect((await call('/v1/chat/completions', { body: chatBody(LLAMA8) })).status).toBe(500);
	});

	test('failNext(Infinity) keeps failing until reset', async () => {
		emu.failNext(Infinity, 502);
		for (let i = 0; i < 3; i++) expect((await call('/v1/chat/completions', { body: chatBody(LLAMA8) })).status).toBe(502);
		emu.reset();
		expect((await call('/v1/chat/completions', { body: chatBody(LLAMA8) })).status).toBe(200);
	});

	test('cutNext destroys the socket; malformedNext returns broken JSON', async () => {
		emu.cutNext(1);
		await expect(call('/v1/chat/completions', { body: chatBody(LLAMA8) })).rejects.toThrow();
		expect(emu.requests[0].status).toBe(0);
		expect((await call('/v1/chat/completions', { body: chatBody(LLAMA8) })).status).toBe(200);
		emu.malformedNext(1);
		const m = await call('/v1/chat/completions', { body: chatBody(LLAMA8) });
		expect(m.status).toBe(200);
		expect(m.headers.get('content-type')).toMatch(/application\/json/);
		const text = await m.text();
		expect(() => JSON.parse(text)).toThrow();
	});

	test('reset clears the log and faults but keeps tokens', async () => {
		emu.failNext(5, 500);
		await call('/api/whoami-v2');
		emu.reset();
		expect(emu.requests).toHaveLength(0);
		expect((await call('/v1/chat/completions', { token: FG_OK, body: chatBody(LLAMA8) })).status).toBe(200);
	});
});

describe('Hub', () => {
	test('mapping in object form (recorded models) and array form (newer answers)', async () => {
		const flux = await json(await call('/api/models/black-forest-labs/FLUX.1-dev?expand=inferenceProviderMapping'));
		expect(flux.id).toBe('black-forest-labs/FLUX.1-dev');
		expect(flux.inferenceProviderMapping['fal-ai']).toEqual({ status: 'live', providerId: 'fal-ai/flux/dev', task: 'text-to-image' });
		expect(flux.inferenceProviderMapping.replicate.providerId).toBe('black-forest-labs/flux-dev');
		const qwen = await json(await call('/api/models/Qwen/Qwen-Image?expand[]=inferenceProviderMapping'));
		expect(Array.isArray(qwen.inferenceProviderMapping)).toBe(true);
		expect(qwen.inferenceProviderMapping).toContainEqual({ provider: 'wavespeed', providerId: 'wavespeed-ai/qwen-image/text-to-image', status: 'live', task: 'text-to-image', hfModelId: 'Qwen/Qwen-Image' });
		const bge = await json(await call('/api/models/BAAI/bge-base-en-v1.5?expand[]=inferenceProviderMapping'));
		expect(Array.isArray(bge.inferenceProviderMapping)).toBe(true);
		expect(bge.inferenceProviderMapping.every((m: any) => m.task === 'feature-extraction')).toBe(true);
		const llama = await json(await call('/api/models/meta-llama/Llama-3.3-70B-Instruct?expand[]=inferenceProviderMapping'));
		expect(llama.inferenceProviderMapping.cerebras).toEqual({ status: 'live', providerId: 'llama-3.3-70b', task: 'conversational' });
		const missing = await call('/api/models/nobody/nothing?expand[]=inferenceProviderMapping');
		expect(missing.status).toBe(404);
		expect(await json(missing)).toEqual({ error: 'Repository not found' });
	});

	test('search restricted to served models', async () => {
		const res = await json<any[]>(await call('/api/models?inference_provider=all&pipeline_tag=text-to-image&search=flux&limit=20'));
		// The search is by id substring, as on the Hub: the FLUX LoRA matches too.
		expect(res.map((m) => m.id).sort()).toEqual(['black-forest-labs/FLUX.1-dev', 'black-forest-labs/FLUX.1-schnell', 'strangerzonehf/Flux-Super-Realism-LoRA']);
		expect(res[0]).toMatchObject({ _id: expect.any(String), pipeline_tag: 'text-to-image', likes: expect.any(Number), downloads: expect.any(Number) });
		expect(Array.isArray(res[0].tags)).toBe(true);
		const limited = await json<any[]>(await call('/api/models?inference_provider=all&pipeline_tag=text-to-image&limit=2'));
		expect(limited).toHaveLength(2);
		const wavespeed = await json<any[]>(await call('/api/models?inference_provider=wavespeed&pipeline_tag=text-to-image'));
		expect(wavespeed.map((m) => m.id)).toEqual(['Qwen/Qwen-Image', 'strangerzonehf/Flux-Super-Realism-LoRA']);
	});
});

describe('text-to-image', () => {
	async function download(url: string): Promise<Response> {
		expect(url.startsWith(emu.cdnUrl)).toBe(true);
		return fetch(url);
	}

	test('hf-inference returns raw PNG bytes; bad params 422; unknown model 404; unmapped pair 400', async () => {
		const res = await call('/hf-inference/models/black-forest-labs/FLUX.1-dev', { body: { inputs: 'a red fox', parameters: { width: 1024, height: 512 } } });
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('image/png');
		const png = decodePngHeader(Buffer.from(await res.arrayBuffer()));
		expect(png.width / png.height).toBe(2);
		const bad = await call('/hf-inference/models/black-forest-labs/FLUX.1-dev', { body: { inputs: 'x', parameters: { width: 5000 } } });
		expect(bad.status).toBe(422);
		expect((await json(bad)).error_type).toBe('validation');
		const unknown = await call('/hf-inference/models/this-model-does-not-exist-123', { body: { inputs: 'x' } });
		expect(unknown.status).toBe(404);
		expect(await json(unknown)).toEqual({ error: 'Model this-model-does-not-exist-123 does not exist' });
		const unmapped = await call('/together/v1/images/generations', { body: { model: 'CompVis/stable-diffusion-v1-4', prompt: 'x' } });
		expect(unmapped.status).toBe(400);
		expect(await json(unmapped)).toEqual({ error: 'Model not supported by provider together' });
		const unmappedHf = await call('/hf-inference/models/Qwen/Qwen-Image', { body: { inputs: 'x' } });
		expect(unmappedHf.status).toBe(400);
	});

	test('together and nscale return b64 PNGs', async () => {
		const t = await json(await call('/together/v1/images/generations', { body: { model: 'black-forest-labs/FLUX.1-dev', prompt: 'a cat', width: 512, height: 512, steps: 4, response_format: 'base64' } }));
		expect(t.object).toBe('list');
		expect(t.model).toBe('black-forest-labs/FLUX.1-dev');
		expect(decodePngHeader(Buffer.from(t.data[0].b64_json, 'base64')).width).toBe(64);
		const n = await json(await call('/nscale/v1/images/generations', { body: { model: 'stabilityai/stable-diffusion-xl-base-1.0', prompt: 'a dog', response_format: 'b64_json' } }));
		expect(() => decodePngHeader(Buffer.from(n.data[0].b64_json, 'base64'))).not.toThrow();
	});

	test('fal-ai queue: submit, poll status via the response_url path, fetch result, download without token', async () => {
		const submit = await call('/fal-ai/fal-ai/flux/dev?_subdomain=queue', { body: { prompt: 'a castle', image_size: { width: 768, height: 512 }, num_inference_steps: 4 } });
		expect(submit.status).toBe(200);
		const q = await json(submit);
		expect(q.status).toBe('IN_QUEUE');
		expect(typeof q.request_id).toBe('string');
		const responsePath = new URL(q.response_url).pathname;
		expect(responsePath).toBe(`/fal-ai/flux/requests/${q.request_id}`);
		const statuses: string[] = [];
		for (let i = 0; i < 5; i++) {
			const s = await json(await call(`/fal-ai${responsePath}/status?_subdomain=queue`));
			statuses.push(s.status);
			if (s.status === 'COMPLETED') break;
		}
		expect(statuses[statuses.length - 1]).toBe('COMPLETED');
		expect(statuses.length).toBeLessThanOrEqual(2);
		const result = await json(await call(`/fal-ai${responsePath}?_subdomain=queue`));
		expect(result.images[0]).toMatchObject({ width: 768, height: 512, content_type: 'image/png' });
		const img = await download(result.images[0].url);
		expect(img.headers.get('content-type')).toBe('image/png');
		expect(decodePngHeader(Buffer.from(await img.arrayBuffer())).width).toBe(64);
		const cdn = emu.requests.filter((r) => r.listener === 'cdn');
		expect(cdn).toHaveLength(1);
		expect(cdn[0].headers.authorization).toBeUndefined();
		// status polls count as router inference calls (not billed twice)
		expect(emu.requests.filter((r) => r.listener === 'router' && r.cost).length).toBe(1);
	});

	test('replicate: pending prediction polled through the router until succeeded', async () => {
		emu.setReplicatePending(2);
		const res = await call('/replicate/v1/models/black-forest-labs/flux-dev/predictions', { headers: { Prefer: 'wait' }, body: { input: { prompt: 'a ship', width: 512, height: 512 } } });
		expect(res.status).toBe(201);
		const p = await json(res);
		expect(p.output).toBeNull();
		expect(p.status).toBe('starting');
		expect(p.urls.get).toBe(`https://api.replicate.com/v1/predictions/${p.id}`);
		const first = await json(await call(`/replicate/v1/predictions/${p.id}`));
		expect(first.output).toBeNull();
		const second = await json(await call(`/replicate/v1/predictions/${p.id}`));
		expect(second.status).toBe('succeeded');
		expect(second.output[0]).toBe(`${emu.cdnUrl}/${new URL(second.output[0]).pathname.slice(1)}`);
		expect(second.output[0]).toMatch(/\/replicate\/[^/]+\.png$/);
		const img = await download(second.output[0]);
		expect(img.status).toBe(200);
	});

	test('replicate: versioned id through /v1/predictions answers with the output at once (Prefer: wait)', async () => {
		const res = await call('/replicate/v1/predictions', {
			headers: { Prefer: 'wait' },
			body: { input: { prompt: 'x' }, version: '7762fd07cf82c948538e41f63f77d685e02b063e37e496e96eefd46c929f9bdc' },
		});
		expect(res.status).toBe(201);
		const p = await json(res);
		expect(p.model).toBe('stability-ai/sdxl');
		expect(p.output).toHaveLength(1);
		const wrong = await call('/replicate/v1/predictions', { headers: { Prefer: 'wait' }, body: { input: { prompt: 'x' }, version: 'deadbeef' } });
		expect(wrong.status).toBe(400);
	});

	test('wavespeed and zai-org async jobs', async () => {
		const w = await json(await call('/wavespeed/api/v3/wavespeed-ai/qwen-image/text-to-image', { body: { prompt: 'a lake', size: '1024*768' } }));
		expect(w.code).toBe(200);
		expect(w.data.status).toBe('created');
		const w1 = await json(await call(`/wavespeed/api/v3/predictions/${w.data.id}/result`));
		expect(w1.data.status).toBe('processing');
		const w2 = await json(await call(`/wavespeed/api/v3/predictions/${w.data.id}/result`));
		expect(w2.data.status).toBe('completed');
		expect((await download(w2.data.outputs[0])).status).toBe(200);

		const z = await json(await call('/zai-org/api/paas/v4/async/images/generations', { body: { model: 'cogview-4-250304', prompt: 'a tree' } }));
		expect(z.task_status).toBe('PROCESSING');
		let r = await json(await call(`/zai-org/api/paas/v4/async-result/${z.id}`));
		expect(r.task_status).toBe('PROCESSING');
		r = await json(await call(`/zai-org/api/paas/v4/async-result/${z.id}`));
		expect(r.task_status).toBe('SUCCESS');
		expect((await download(r.image_result[0].url)).headers.get('content-type')).toBe('image/png');
		expect(emu.requests.filter((x) => x.listener === 'cdn').every((x) => !x.headers.authorization)).toBe(true);
	});

	test('setImageBytes pads images to about that size; CDN can serve a non-image', async () => {
		emu.setImageBytes(2_000_000);
		const res = await call('/hf-inference/models/CompVis/stable-diffusion-v1-4', { body: { inputs: 'big' } });
		const bytes = Buffer.from(await res.arrayBuffer());
		expect(Math.abs(bytes.length - 2_000_000)).toBeLessThan(1000);
		expect(() => decodePngHeader(bytes)).not.toThrow();
		const z = await json(await call('/zai-org/api/paas/v4/async/images/generations', { body: { model: 'cogview-4-250304', prompt: 'x' } }));
		await call(`/zai-org/api/paas/v4/async-result/${z.id}`);
		const done = await json(await call(`/zai-org/api/paas/v4/async-result/${z.id}`));
		emu.setCdnServesNonImage(true);
		const html = await fetch(done.image_result[0].url);
		expect(html.headers.get('content-type')).toMatch(/^text\/html/);
		emu.setCdnServesNonImage(false);
		const png = await fetch(done.image_result[0].url);
		expect(Buffer.from(await png.arrayBuffer()).length).toBeGreaterThan(1_999_000);
	});
});

describe('every router answer carries x-request-id', () => {
	test.each([
		['/v1/models', undefined],
		['/api/whoami-v2', undefined],
		['/v1/chat/completions', chatBody(LLAMA8)],
		['/nowhere', undefined],
	])('%s', async (path, body) => {
		const res = await call(path, { body });
		expect(res.headers.get('x-request-id')).toBeTruthy();
	});
});
