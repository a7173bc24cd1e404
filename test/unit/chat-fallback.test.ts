/** Fallback models (nodes/shared/chat/fallback.ts): which failures fall back, the order, and what an execution remembers. */
import { FallbackError, callWithFallbacks, canFallBack, deadRoutes, parseFallbackModels, type ChatRoute } from '../../nodes/shared/chat/fallback';
import { QuotaExhaustedError, RouterCallError, classifyHttpFailure, classifyTransportError, type RouterFailure } from '../../nodes/shared/transport/errors';

const http = (status: number, body: unknown = { error: 'x' }) => new RouterCallError(classifyHttpFailure(status, body));
const failure = (fields: Partial<RouterFailure>) => new RouterCallError({ kind: 'final', httpCode: null, message: 'x', ...fields });

describe('canFallBack: the one classification the node and the sub-node share', () => {
	test.each([
		['503 after its retries', http(503)],
		['500', http(500)],
		['504', http(504)],
		['429 until the Timeout', http(429, 'Too Many Requests')],
		['404 (no such model)', http(404, { error: 'Model x does not exist' })],
		['400 model_not_supported (OpenAI style)', http(400, { error: { message: "The requested model 'x' is not supported by any provider you have enabled.", code: 'model_not_supported' } })],
		['400 "Model not supported by provider"', http(400, { error: 'Model not supported by provider together' })],
		['400 no live provider', http(400, { error: { message: 'No live provider is available for model x.', code: 'model_not_supported' } })],
		['a timeout', failure({ code: 'ETIMEDOUT' })],
		['a cut connection after its retries', new RouterCallError(classifyTransportError(Object.assign(new Error('x'), { code: 'ECONNRESET' })))],
	])('falls back after %s', (_name, error) => expect(canFallBack(error)).toBe(true));

	test.each([
		['402 (credits exhausted)', new QuotaExhaustedError('You have depleted your monthly included credits.', false)],
		['a 402 status', http(402)],
		['401', http(401)],
		['403', http(403)],
		['400 bad input', http(400, { error: { message: 'messages: field required', code: null } })],
		['422', http(422, { error: 'Input validation error: x', error_type: 'validation' })],
		['413', http(413)],
		['a stream answered with something else (billed)', failure({ code: 'NOT_EVENT_STREAM' })],
		['any other error', new Error('boom')],
	])('never after %s', (_name, error) => expect(canFallBack(error)).toBe(false));
});

describe('parseFallbackModels', () => {
	const primary = { model: 'a/primary', provider: 'cheapest' };
	test('reads ids in order, routed as the primary unless a suffix names a provider; drops the primary and repeats', () => {
		expect(parseFallbackModels(' b/one, c/two:groq\nd/three ,a/primary, b/one', primary)).toEqual({
			routes: [
				{ model: 'b/one', provider: 'cheapest' },
				{ model: 'c/two', provider: 'groq' },
				{ model: 'd/three', provider: 'cheapest' },
			],
		});
		expect(parseFallbackModels(['b/one', 'c/two:auto'], primary)).toEqual({ routes: [{ model: 'b/one', provider: 'cheapest' }, { model: 'c/two', provider: 'auto' }] });
		expect(parseFallbackModels('', primary)).toEqual({ routes: [] });
		expect(parseFallbackModels(undefined, primary)).toEqual({ routes: [] });
	});
	test('refuses an entry that is no model id', () => {
		expect(parseFallbackModels('b/one, not a model', primary)).toEqual({ invalid: 'not a model' });
		expect(parseFallbackModels('b/one:Not_A_Provider', primary)).toEqual({ invalid: 'b/one:Not_A_Provider' });
	});
});

describe('callWithFallbacks', () => {
	let execution = 0;
	const routes: ChatRoute[] = ['a/primary', 'b/first', 'c/second'].map((model) => ({ model, provider: 'auto' }));
	const script = (answers: Record<string, unknown>) => {
		const calls: string[] = [];
		const call = async (route: ChatRoute) => {
			calls.push(route.model);
			const answer = answers[route.model];
			if (answer instanceof Error) throw answer;
			return answer;
		};
		return { calls, call };
	};

	test('asks the next model while one cannot serve, lists those that could not, and does not ask a dead one first again in the same execution', async () => {
		const memory = deadRoutes(`exec-${++execution}`, 'acct');
		const first = script({ 'a/primary': http(503), 'b/first': http(400, { error: { message: 'no', code: 'model_not_supported' } }), 'c/second': 'ok' });
		const answered = await callWithFallbacks(routes, memory, first.call);
		expect(answered.result).toBe('ok');
		expect(answered.route.model).toBe('c/second');
		expect(answered.tried).toEqual([
			{ model: 'a/primary', httpCode: 503, message: 'x' },
			{ model: 'b/first', httpCode: 400, message: 'no' },
		]);
		expect(first.calls).toEqual(['a/primary', 'b/first', 'c/second']);

		const second = script({ 'c/second': 'ok again' });
		const again = await callWithFallbacks(routes, memory, second.call);
		expect(second.calls).toEqual(['c/second']);
		expect(again.tried).toEqual([
			{ model: 'a/primary', httpCode: 503, message: 'x', skipped: true },
			{ model: 'b/first', httpCode: 400, message: 'no', skipped: true },
		]);

		// Another execution asks the primary first again.
		const next = script({ 'a/primary': 'back' });
		expect((await callWithFallbacks(routes, deadRoutes(`exec-${++execution}`, 'acct'), next.call)).route.model).toBe('a/primary');
	});

	test('a model known dead is asked last, when no other answered', async () => {
		const memory = deadRoutes(`exec-${++execution}`, 'acct');
		memory.remember(routes[0], { model: 'a/primary', httpCode: 503, message: 'down' });
		const run = script({ 'a/primary': 'up again', 'b/first': http(500), 'c/second': http(404) });
		const answered = await callWithFallbacks(routes, memory, run.call);
		expect(run.calls).toEqual(['b/first', 'c/second', 'a/primary']);
		expect(answered.route.model).toBe('a/primary');
		expect(answered.tried.map((entry) => [entry.model, entry.httpCode])).toEqual([
			['b/first', 500],
			['c/second', 404],
		]);
		expect(memory.get(routes[0])).toBeUndefined();
	});

	test('a 402 ends the call at once, as it is; bad input ends it wrapped, naming the model', async () => {
		const quota = new QuotaExhaustedError('depleted', false);
		const broke = script({ 'a/primary': quota });
		await expect(callWithFallbacks(routes, deadRoutes(`exec-${++execution}`, 'acct'), broke.call)).rejects.toBe(quota);
		expect(broke.calls).toEqual(['a/primary']);

		const bad = script({ 'a/primary': http(503), 'b/first': http(422, { error: 'Input validation error: max_tokens' }) });
		const error = await callWithFallbacks(routes, deadRoutes(`exec-${++execution}`, 'acct'), bad.call).catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(FallbackError);
		expect((error as FallbackError).route.model).toBe('b/first');
		expect((error as FallbackError).tried.map((entry) => entry.model)).toEqual(['a/primary']);
		expect(bad.calls).toEqual(['a/primary', 'b/first']);
	});

	test('when every model fails, the last failure is the error and the others come before it', async () => {
		const run = script({ 'a/primary': http(503), 'b/first': http(502), 'c/second': http(500) });
		const error = (await callWithFallbacks(routes, deadRoutes(`exec-${++execution}`, 'acct'), run.call).catch((caught: unknown) => caught)) as FallbackError;
		expect(error.route.model).toBe('c/second');
		expect(error.tried.map((entry) => entry.httpCode)).toEqual([503, 502]);
	});

	test('one route: its own error, unwrapped', async () => {
		const down = http(503);
		await expect(callWithFallbacks([routes[0]], deadRoutes(`exec-${++execution}`, 'acct'), script({ 'a/primary': down }).call)).rejects.toBe(down);
	});
});
