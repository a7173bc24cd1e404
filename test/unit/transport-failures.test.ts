/** Pure logic of the transport: classification, messages, Retry-After, backoff. */
import {
	classifyHttpFailure,
	classifyTransportError,
	extractErrorMessage,
	malformedBody,
	parseRetryAfter,
	type RouterFailure,
} from '../../nodes/shared/transport/errors';
import { DEFAULT_RETRY_POLICY, backoffDelayMs, type RetryPolicy } from '../../nodes/shared/transport/retry';

describe('extractErrorMessage', () => {
	test.each<[string, unknown, string]>([
		['{"error": "..."} (router, 402/401/403/404)', { error: 'You have depleted your monthly included credits.' }, 'You have depleted your monthly included credits.'],
		['{"error": {"message": ...}} (OpenAI-style, /v1)', { error: { message: 'Model x is not supported by provider y.', type: 'invalid_request_error', code: 'model_not_supported' } }, 'Model x is not supported by provider y.'],
		['the same shapes as JSON text', '{"error": {"message": "inner"}}', 'inner'],
		['{"error": "..."} as JSON text', '{"error": "Model not supported by provider together"}', 'Model not supported by provider together'],
		['{"message": ...}', { message: 'top-level message' }, 'top-level message'],
		['{"detail": ...} (FastAPI)', { detail: 'Not Found' }, 'Not Found'],
		['plain text (429 Too Many Requests)', 'Too Many Requests', 'Too Many Requests'],
		['text with surrounding space', '  Bad Gateway \n', 'Bad Gateway'],
	])('%s', (_name, body, expected) => {
		expect(extractErrorMessage(body, 'fallback')).toBe(expected);
	});

	test.each<[string, unknown]>([
		['an empty string', ''],
		['whitespace', '   '],
		['an empty error', { error: '' }],
		['an error object without a message', { error: { code: 'x' } }],
		['an array', ['a']],
		['null', null],
		['a number', 42],
	])('%s gives the fallback', (_name, body) => {
		expect(extractErrorMessage(body, 'HTTP 500')).toBe('HTTP 500');
	});

	test('fal\'s 422 (FastAPI validation `detail` list): each field and its reason, not "HTTP 422"', () => {
		expect(extractErrorMessage({ detail: [{ loc: ['body', 'prompt'], msg: 'field required', type: 'value_error.missing' }] }, 'HTTP 422')).toBe('body.prompt: field required');
		// pydantic 2's wording, a list index in the path, and two fields at once.
		const two = {
			detail: [
				{ type: 'missing', loc: ['body', 'loras', 0, 'path'], msg: 'Field required', input: {} },
				{ type: 'less_than_equal', loc: ['body', 'num_inference_steps'], msg: 'Input should be less than or equal to 50', input: 80 },
			],
		};
		expect(extractErrorMessage(two, 'HTTP 422')).toBe('body.loras.0.path: Field required; body.num_inference_steps: Input should be less than or equal to 50');
		expect(extractErrorMessage(JSON.stringify(two), 'HTTP 422')).toMatch(/^body\.loras\.0\.path: Field required; /);
		expect(extractErrorMessage({ detail: [{ msg: 'Invalid audio file' }] }, 'HTTP 422')).toBe('Invalid audio file');
		expect(extractErrorMessage({ detail: [{ loc: ['body'] }, 42] }, 'HTTP 422')).toBe('HTTP 422');
		expect(classifyHttpFailure(422, JSON.stringify(two))).toMatchObject({ kind: 'final', httpCode: 422, message: expect.stringMatching(/^body\.loras\.0\.path: Field required/) });
	});

	test('JSON text without a message gives the text, not the fallback', () => {
		expect(extractErrorMessage('{"foo": 1}', 'HTTP 500')).toBe('{"foo": 1}');
	});

	test('long text is cut at 500 characters', () => {
		expect(extractErrorMessage('x'.repeat(2000), 'f')).toHaveLength(500);
	});
});

describe('parseRetryAfter', () => {
	const now = Date.parse('2026-01-01T00:00:00Z');
	test.each<[string | undefined | null, number | undefined]>([
		['0', 0],
		['1', 1000],
		['2.5', 2500],
		['120', 120_000],
		['Thu, 01 Jan 2026 00:00:30 GMT', 30_000],
		['Wed, 31 Dec 2025 23:59:00 GMT', 0],
		['-1', undefined],
		['soon', undefined],
		['', undefined],
		[undefined, undefined],
		[null, undefined],
	])('%p -> %p ms', (value, expected) => {
		expect(parseRetryAfter(value, now)).toBe(expected);
	});
});

describe('classifyHttpFailure', () => {
	test('402 is a quota signal, whatever the words', () => {
		for (const body of [
			{ error: 'You have depleted your monthly included credits.' },
			{ error: 'Pay-as-you go is not enabled for provider fal-ai yet.' },
			'Payment Required',
			'',
		]) {
			expect(classifyHttpFailure(402, body)).toMatchObject({ kind: 'quota', httpCode: 402 });
		}
		expect(classifyHttpFailure(402, { error: 'You have reached the free monthly usage limit for groq' }).message).toBe(
			'You have reached the free monthly usage limit for groq',
		);
	});

	test.each([400, 401, 403, 404, 405, 409, 410, 413, 415, 422])('%i is final', (status) => {
		expect(classifyHttpFailure(status, { error: 'x' }, '1').kind).toBe('final');
	});

	test.each([408, 429, 500, 502, 503, 504, 529])('%i is retryable', (status) => {
		expect(classifyHttpFailure(status, 'x').kind).toBe('retryable');
	});

	test('429 keeps the wait the server asked for', () => {
		expect(classifyHttpFailure(429, 'Too Many Requests', '3')).toEqual({
			kind: 'retryable',
			httpCode: 429,
			message: 'Too Many Requests',
			code: undefined,
			retryAfterMs: 3000,
		});
		expect(classifyHttpFailure(429, 'Too Many Requests').retryAfterMs).toBeUndefined();
	});

	test('503 of a cold model waits its estimated_time; Retry-After wins when both are given', () => {
		const body = { error: 'Model X is currently loading', estimated_time: 20.0 };
		expect(classifyHttpFailure(503, body)).toMatchObject({ kind: 'retryable', message: 'Model X is currently loading', retryAfterMs: 20_000 });
		// The transport hands bodies over as text: the JSON inside is read all the same.
		expect(classifyHttpFailure(503, JSON.stringify(body))).toMatchObject({ message: 'Model X is currently loading', retryAfterMs: 20_000 });
		expect(classifyHttpFailure(503, body, '2').retryAfterMs).toBe(2000);
	});

	test('the machine code comes from error.code or error_type', () => {
		expect(classifyHttpFailure(400, { error: { message: 'm', code: 'model_not_supported' } }).code).toBe('model_not_supported');
		expect(classifyHttpFailure(422, { error: 'Input validation error: x', error_type: 'validation' }).code).toBe('validation');
	});

	test('other 4xx statuses are final', () => {
		expect(classifyHttpFailure(418, 'teapot').kind).toBe('final');
	});
});

describe('classifyTransportError and malformedBody', () => {
	test('a reset connection, anywhere in the cause chain, is retryable; its message does not hold the code', () => {
		const error = new TypeError('fetch failed', { cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }) });
		const failure = classifyTransportError(error);
		expect(failure).toMatchObject({ kind: 'retryable', httpCode: null, code: 'UND_ERR_SOCKET' });
		// n8n would replace a message holding ECONNRESET & co by its own generic text.
		expect(failure.message).toBe('Hugging Face closed the connection before the answer was complete');
		expect(classifyTransportError(Object.assign(new Error('x'), { code: 'ECONNREFUSED' })).message).toBe('Hugging Face refused the connection');
		expect(classifyTransportError(Object.assign(new Error('x'), { code: 'ETIMEDOUT' })).message).toBe('Hugging Face did not answer in time');
		expect(classifyTransportError(new Error('socket hang up'))).toMatchObject({ kind: 'retryable', code: 'ECONNRESET' });
		expect(classifyTransportError(new Error('terminated'))).toMatchObject({ kind: 'retryable', code: 'ECONNRESET' });
	});

	test('a JSON parse error is not mistaken for a terminated connection', () => {
		expect(classifyTransportError(new SyntaxError('Unterminated string in JSON at position 119'))).toEqual({
			kind: 'final',
			httpCode: null,
			message: 'Unterminated string in JSON at position 119',
		});
	});

	test('anything else is final, with its own message', () => {
		expect(classifyTransportError(new Error('Invalid URL'))).toEqual({ kind: 'final', httpCode: null, message: 'Invalid URL' });
		expect(classifyTransportError('weird')).toEqual({ kind: 'final', httpCode: null, message: 'weird' });
	});

	test('a malformed body is worth another try', () => {
		expect(malformedBody('cut short')).toEqual({ kind: 'retryable', httpCode: null, code: 'MALFORMED_BODY', message: 'cut short' });
	});
});

describe('backoffDelayMs', () => {
	const policy: RetryPolicy = { maxRetries: 5, baseDelayMs: 400, maxDelayMs: 20_000 };
	const failure: RouterFailure = { kind: 'retryable', httpCode: 500, message: 'x' };

	test('the default policy: 2 retries from 400 ms', () => {
		expect(DEFAULT_RETRY_POLICY).toEqual({ maxRetries: 2, baseDelayMs: 400, maxDelayMs: 20_000 });
	});

	test('exponential with full jitter in [ceiling/2, ceiling]', () => {
		for (const [attempt, ceiling] of [
			[0, 400],
			[1, 800],
			[2, 1600],
			[3, 3200],
		]) {
			expect(backoffDelayMs(attempt, failure, policy, () => 0)).toBe(ceiling / 2);
			expect(backoffDelayMs(attempt, failure, policy, () => 1)).toBe(ceiling);
			const delay = backoffDelayMs(attempt, failure, policy);
			expect(delay).toBeGreaterThanOrEqual(ceiling / 2);
			expect(delay).toBeLessThanOrEqual(ceiling);
		}
	});

	test('never above maxDelayMs', () => {
		expect(backoffDelayMs(20, failure, policy, () => 1)).toBe(20_000);
	});

	test('honours Retry-After (and estimated_time) in full: the item deadline, not maxDelayMs, decides whether it fits', () => {
		expect(backoffDelayMs(0, { ...failure, retryAfterMs: 0 }, policy)).toBe(0);
		expect(backoffDelayMs(3, { ...failure, retryAfterMs: 1500 }, policy)).toBe(1500);
		expect(backoffDelayMs(0, { ...failure, retryAfterMs: 60_000 }, policy)).toBe(60_000);
	});
});
