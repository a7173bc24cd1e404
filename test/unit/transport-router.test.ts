/** RouterTransport on a stub n8n context and real sockets: retries, the call guard, budgets, cancellation, the token. */
import { OutboundHttp } from '@n8n/backend-network';
import { Container } from '@n8n/di';
import type { IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';

import { QuotaExhaustedError, RouterCallError } from '../../nodes/shared/transport/errors';
import { AdaptiveLimiter } from '../../nodes/shared/transport/limiter';
import { RouterTransport, type CallGuard } from '../../nodes/shared/transport/RouterTransport';

describe('RouterTransport with a stub n8n context', () => {
	const TOKEN = 'hf_unit_secret_token_123';
	type Answer = { statusCode: number; headers?: Record<string, string>; body: string };

	function transportWith(answers: Answer[], maxRetries = 2) {
		const sent: IHttpRequestOptions[] = [];
		const ctx = {
			helpers: {
				// n8n's httpRequest, with the credential's header set from the token read once.
				httpRequest: async (options: IHttpRequestOptions) => {
					expect(options.headers?.Authorization).toBe(`Bearer ${TOKEN}`);
					sent.push(options);
					const answer = answers.shift() ?? { statusCode: 200, body: '{}' };
					return { statusCode: answer.statusCode, headers: answer.headers ?? {}, body: Buffer.from(answer.body) };
				},
				httpRequestWithAuthentication: async () => {
					throw new Error('not used: it would read the credential from the database again for every call');
				},
			},
		} as unknown as IExecuteFunctions;
		const transport = new RouterTransport(
			ctx,
			{ accessToken: TOKEN, billTo: '', routerUrl: 'http://router.test/', hubUrl: 'http://hub.test' },
			{ timeoutMs: 10_000, maxRetries, retryPolicy: { baseDelayMs: 1 } },
		);
		return { transport, sent };
	}
	const post = { method: 'POST' as const, url: '/together/v1/embeddings', body: { input: ['a'] }, deadline: Date.now() + 10_000 };

	test('retries a 503, then answers; the URL is on the router', async () => {
		const { transport, sent } = transportWith([
			{ statusCode: 503, body: JSON.stringify({ error: 'loading', estimated_time: 0.001 }) },
			{ statusCode: 200, body: '{"ok": true}' },
		]);
		const answer = await transport.requestJson({ ...post, deadline: Date.now() + 10_000 });
		expect(answer.data).toEqual({ ok: true });
		expect(sent.map((options) => options.url)).toEqual(['http://router.test/together/v1/embeddings', 'http://router.test/together/v1/embeddings']);
	});

	test.each([400, 401, 403, 404, 422])('%i: one request, a final RouterCallError', async (status) => {
		const { transport, sent } = transportWith([{ statusCode: status, body: '{"error": "no"}' }], 5);
		const error = await transport.requestRaw({ ...post, deadline: Date.now() + 10_000 }).catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(RouterCallError);
		expect((error as RouterCallError).failure).toMatchObject({ kind: 'final', httpCode: status, message: 'no' });
		expect(sent).toHaveLength(1);
	});

	test('a 402: one request, a QuotaExhaustedError, and the guard hears of it at once', async () => {
		const { transport, sent } = transportWith([{ statusCode: 402, body: '{"error": "credits gone"}' }], 5);
		const heard: string[] = [];
		const guard: CallGuard = { beforeBilledAttempt: () => undefined, onQuota: (message) => heard.push(message) };
		const error = await transport
			.guarded(guard)
			.requestRaw({ ...post, deadline: Date.now() + 10_000 })
			.catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(QuotaExhaustedError);
		expect((error as QuotaExhaustedError).message).toBe('credits gone');
		expect((error as QuotaExhaustedError).local).toBe(false);
		expect(heard).toEqual(['credits gone']);
		expect(sent).toHaveLength(1);
	});

	test('the guard may stop a billed attempt (retries included) without a request; GETs (polls) are not asked', async () => {
		const { transport, sent } = transportWith([{ statusCode: 429, body: 'Too Many Requests' }], 5);
		let allowed = 1;
		const asked: number[] = [];
		const guard: CallGuard = {
			beforeBilledAttempt: () => {
				asked.push(sent.length);
				if (allowed-- <= 0) throw new QuotaExhaustedError('Local spend limit reached', true);
			},
			onQuota: () => undefined,
		};
		const error = await transport
			.guarded(guard)
			.requestRaw({ ...post, deadline: Date.now() + 10_000 })
			.catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(QuotaExhaustedError);
		expect((error as QuotaExhaustedError).local).toBe(true);
		expect(asked).toEqual([0, 1]);
		expect(sent).toHaveLength(1);

		await transport.guarded(guard).requestRaw({ method: 'GET', url: '/fal-ai/x/requests/1/status', deadline: Date.now() + 10_000 });
		expect(sent).toHaveLength(2);
		expect(asked).toEqual([0, 1]);
	});

	test('a guarded view shares the settings, and the unguarded transport asks no guard', async () => {
		const { transport, sent } = transportWith([{ statusCode: 402, body: '{"error": "credits gone"}' }, { statusCode: 402, body: '{"error": "again"}' }]);
		const heard: string[] = [];
		const view = transport.guarded({ beforeBilledAttempt: () => undefined, onQuota: (message) => heard.push(message) });
		expect(view.routerUrl).toBe('http://router.test');
		expect(view.account).toBe('user');
		await expect(transport.requestRaw({ ...post, deadline: Date.now() + 10_000 })).rejects.toBeInstanceOf(QuotaExhaustedError);
		expect(heard).toEqual([]);
		await expect(view.requestRaw({ ...post, deadline: Date.now() + 10_000 })).rejects.toBeInstanceOf(QuotaExhaustedError);
		expect(heard).toEqual(['again']);
		expect(sent).toHaveLength(2);
	});

	test('a guarded view shares the limiter: at Concurrency 1 a call through the transport waits for the view\'s call to end', async () => {
		const sent: string[] = [];
		const answers: Array<() => void> = [];
		const ctx = {
			helpers: {
				httpRequest: async (options: IHttpRequestOptions) => {
					sent.push(String(options.url));
					await new Promise<void>((resolve) => answers.push(resolve));
					return { statusCode: 200, headers: {}, body: Buffer.from('{}') };
				},
			},
		} as unknown as IExecuteFunctions;
		const transport = new RouterTransport(
			ctx,
			{ accessToken: TOKEN, billTo: '', routerUrl: 'http://router.test/', hubUrl: 'http://hub.test' },
			{ timeoutMs: 10_000, maxRetries: 0, limiter: new AdaptiveLimiter(1) },
		);
		const view = transport.guarded({ beforeBilledAttempt: () => undefined, onQuota: () => undefined });
		const flush = async () => await new Promise((resolve) => setImmediate(resolve));
		const first = view.requestRaw({ ...post, url: '/through/view', deadline: Date.now() + 10_000 });
		await flush();
		const second = transport.requestRaw({ ...post, url: '/through/transport', deadline: Date.now() + 10_000 });
		await flush();
		// The view's call holds the one slot.
		expect(sent).toEqual(['http://router.test/through/view']);
		answers.shift()!();
		await first;
		await flush();
		expect(sent).toEqual(['http://router.test/through/view', 'http://router.test/through/transport']);
		answers.shift()!();
		await second;
	});

	test('the token is redacted from error messages', async () => {
		const { transport } = transportWith([{ statusCode: 400, body: JSON.stringify({ error: `bad request from Bearer ${TOKEN}` }) }]);
		const error = (await transport.requestRaw({ ...post, deadline: Date.now() + 10_000 }).catch((caught: unknown) => caught)) as RouterCallError;
		expect(error.message).toBe('bad request from Bearer ***');
		expect(error.failure.message).toBe('bad request from Bearer ***');
		expect(transport.redact(`a ${TOKEN} b ${TOKEN}`)).toBe('a *** b ***');
	});

	test('retries stop at Max Retries', async () => {
		const { transport, sent } = transportWith(Array.from({ length: 10 }, () => ({ statusCode: 500, body: '{"error": "boom"}' })), 3);
		const error = (await transport.requestRaw({ ...post, deadline: Date.now() + 10_000 }).catch((caught: unknown) => caught)) as RouterCallError;
		expect(error.failure).toMatchObject({ kind: 'retryable', httpCode: 500, message: 'boom' });
		expect(sent).toHaveLength(4);
	});

	test('429s do not spend Max Retries: tried again through the limiter until answered', async () => {
		const { transport, sent } = transportWith([
			...Array.from({ length: 5 }, () => ({ statusCode: 429, body: 'Too Many Requests', headers: { 'retry-after': '0' } })),
			{ statusCode: 200, body: '{"ok": true}' },
		], 0);
		expect((await transport.requestJson({ ...post, deadline: Date.now() + 10_000 })).data).toEqual({ ok: true });
		expect(sent).toHaveLength(6);
	});

	test('429s end the item only when its budget runs out, with the 429 as its error', async () => {
		// A fake clock that only the pauses move: what is asked to wait, not how long the machine took.
		const start = Date.now();
		let now = start;
		const clock = jest.spyOn(Date, 'now').mockImplementation(() => now);
		try {
			const { transport, sent } = transportWith(Array.from({ length: 100 }, () => ({ statusCode: 429, body: 'Too Many Requests' })), 0);
			const pauses: number[] = [];
			jest.spyOn(transport, 'pause').mockImplementation(async (ms: number) => {
				pauses.push(ms);
				now += ms;
			});
			const error = (await transport.requestRaw({ ...post, deadline: now + 400 }).catch((caught: unknown) => caught)) as RouterCallError;
			expect(error).toBeInstanceOf(RouterCallError);
			expect(error.failure).toMatchObject({ httpCode: 429, message: 'Too Many Requests' });
			// One call in flight: nothing to halve, so each burst pauses 50, 100, 200 ms; the next pause
			// (400 ms, ending at 750 ms) would end past the 400 ms budget, so it is never started.
			expect(pauses).toEqual([50, 100, 200]);
			expect(sent).toHaveLength(4);
			expect(now - start).toBe(350);
		} finally {
			clock.mockRestore();
		}
	});

	test('a body that is not JSON is a malformed-body failure, retried', async () => {
		const { transport, sent } = transportWith([
			{ statusCode: 200, body: '{"data": [' },
			{ statusCode: 200, body: '{"data": []}' },
		]);
		expect((await transport.requestJson({ ...post, deadline: Date.now() + 10_000 })).data).toEqual({ data: [] });
		expect(sent).toHaveLength(2);
	});
});

describe('RouterTransport: budgets, cancellation and where the token may go', () => {
	const TOKEN = 'hf_unit_secret_token_456';
	const credentials = (routerUrl: string) => ({ accessToken: TOKEN, billTo: '', routerUrl, hubUrl: routerUrl });

	test('a chat answer whose body stalls after the headers ends at the timeout (stream and not)', async () => {
		// A server that sends 200 and its headers, then nothing: a timer that stops at the headers is not enough.
		const sockets = new Set<import('net').Socket>();
		const server = (await import('http')).createServer((_request, response) => {
			response.writeHead(200, { 'content-type': 'application/json' });
			response.write('{"id": "x", ');
		});
		server.on('connection', (socket) => sockets.add(socket));
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const { port } = server.address() as import('net').AddressInfo;
		try {
			for (const stream of [false, true]) {
				// n8n's own HTTP client, as its helpers use it (the credential's header aside).
				const request = async (options: IHttpRequestOptions) => await Container.get(OutboundHttp).requests().request(options);
				const ctx = { helpers: { httpRequest: request, httpRequestWithAuthentication: async (_type: string, options: IHttpRequestOptions) => await request(options) } };
				const transport = new RouterTransport(ctx as unknown as IExecuteFunctions, credentials(`http://127.0.0.1:${port}`), {
					timeoutMs: 400,
					maxRetries: 0,
				});
				const started = Date.now();
				const error = await transport
					.chatCompletion({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }, Date.now() + 400, stream)
					.catch((caught: unknown) => caught);
				expect(error).toBeInstanceOf(RouterCallError);
				expect((error as RouterCallError).failure.code).toBe('ETIMEDOUT');
				expect(Date.now() - started).toBeLessThan(3000);
			}
		} finally {
			for (const socket of sockets) socket.destroy();
			await new Promise((resolve) => server.close(resolve));
		}
	});

	test('a stopped execution ends the wait between retries at once', async () => {
		const cancel = new AbortController();
		const ctx = {
			getExecutionCancelSignal: () => cancel.signal,
			helpers: {
				httpRequest: async () => ({
					statusCode: 503,
					headers: {},
					body: Buffer.from(JSON.stringify({ error: 'Model X is currently loading', estimated_time: 30 })),
				}),
			},
		} as unknown as IExecuteFunctions;
		const transport = new RouterTransport(ctx, credentials('http://router.test'), { timeoutMs: 60_000, maxRetries: 3 });
		setTimeout(() => cancel.abort(), 100);
		const started = Date.now();
		const error = await transport
			.requestJson({ method: 'POST', url: '/hf-inference/models/x', body: {}, deadline: Date.now() + 60_000 })
			.catch((caught: unknown) => caught);
		expect((error as RouterCallError).failure).toMatchObject({ kind: 'final', code: 'CANCELLED' });
		expect(Date.now() - started).toBeLessThan(2000);
	});

	test('a router call never goes to an absolute URL (the token would follow it)', async () => {
		let sent = 0;
		const ctx = { helpers: { httpRequest: async () => (sent++, { statusCode: 200, headers: {}, body: Buffer.from('{}') }) } };
		const transport = new RouterTransport(ctx as unknown as IExecuteFunctions, credentials('http://router.test'), { timeoutMs: 1000, maxRetries: 0 });
		await expect(
			transport.requestJson({ method: 'GET', url: 'https://api.replicate.com/v1/predictions/x', deadline: Date.now() + 1000 }),
		).rejects.toThrow(/Refusing to send the token to https:\/\/api\.replicate\.com/);
		expect(sent).toBe(0);
	});
});
