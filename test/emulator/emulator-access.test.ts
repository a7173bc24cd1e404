/** Behaviour of the emulator: auth and the ledger, faults and the concurrency cap, the Hub, request ids. */
import { MSG_CREDITS_DEPLETED, msgInsufficientPermissions, startEmulator, type Emulator } from './index';
import { FG_NO, FG_OK, LLAMA8, ORG_MEMBER, POOR, READ, WRITE, call, chatBody, json, useTokenEmulator } from './emulator-test-support';

let emu: Emulator;
useTokenEmulator((started) => (emu = started));

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
		expect(pricing).toEqual({ input: 0.27, output: 1.1 });
		const res = await json(await call('/v1/chat/completions', { token: POOR, body: chatBody('deepseek-ai/DeepSeek-V3:novita', 'how much does this cost') }));
		expect(res.usage.prompt_tokens).toBeGreaterThan(0);
		expect(res.usage.completion_tokens).toBeGreaterThan(0);
		// novita's pinned prices for DeepSeek-V3: USD 0.27 per million input tokens, 1.10 per million output tokens.
		const cost = (res.usage.prompt_tokens * 0.27 + res.usage.completion_tokens * 1.1) / 1_000_000;
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
		// Measured where the emulator received and answered each call, with a gap far wider than any jitter.
		emu.setLatency(1000);
		const answerTime = async (path: string, body?: unknown) => {
			const res = await call(path, body === undefined ? {} : { body });
			expect(res.status).toBe(200);
			await res.text();
			const recorded = emu.requests[emu.requests.length - 1];
			expect(recorded.path).toBe(path);
			// The client may read the answer before the server hears its 'finish'.
			for (let tries = 0; recorded.answeredAt === undefined && tries < 100; tries++) await new Promise((resolve) => setTimeout(resolve, 10));
			return recorded.answeredAt! - recorded.receivedAt!;
		};
		try {
			// 990: a timer may fire up to a millisecond before performance.now() says its time is up.
			expect(await answerTime('/v1/chat/completions', chatBody(LLAMA8))).toBeGreaterThanOrEqual(990);
			expect(await answerTime('/api/whoami-v2')).toBeLessThan(500);
		} finally {
			emu.setLatency(0);
		}
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
