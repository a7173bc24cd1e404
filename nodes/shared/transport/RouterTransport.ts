import OpenAI from 'openai';
import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
} from 'n8n-workflow';

import {
	QuotaExhaustedError,
	RouterCallError,
	classifyHttpFailure,
	classifyTransportError,
	malformedBody,
	type RouterFailure,
} from './errors';
import { AdaptiveLimiter } from './limiter';
import { DEFAULT_RETRY_POLICY, backoffDelayMs, sleep, type RetryPolicy } from './retry';

export const CREDENTIAL_TYPE = 'huggingFaceInferenceApi';

export interface HuggingFaceCredentials {
	accessToken: string;
	billTo: string;
	routerUrl: string;
	hubUrl: string;
}

export type TransportContext = IExecuteFunctions | ILoadOptionsFunctions;

export interface TransportOptions {
	/** Budget for one item, polling and retries included (ms). */
	timeoutMs: number;
	maxRetries: number;
	/** Shared by every call of one execution so that concurrency adapts to 429s. */
	limiter?: AdaptiveLimiter;
	retryPolicy?: Partial<RetryPolicy>;
}

export interface RawAnswer {
	status: number;
	headers: Record<string, string>;
	body: Buffer;
}

export interface JsonAnswer<T = unknown> {
	status: number;
	headers: Record<string, string>;
	data: T;
}

export interface RouterRequest {
	method: IHttpRequestMethods;
	/** Absolute URL, or a path on the router. */
	url: string;
	/** Sent as JSON; a Buffer is sent as raw bytes with the `Content-Type` of `headers`. */
	body?: unknown;
	headers?: Record<string, string>;
	/** Absolute time (ms since epoch) after which no attempt starts. */
	deadline: number;
}

export interface ChatCallResult {
	completion: OpenAI.Chat.Completions.ChatCompletion;
	headers: Record<string, string>;
}

/** What the item pipeline decides, and wants to hear, for the calls of one item (or batch). */
export interface CallGuard {
	/**
	 * Runs right before each attempt that may cost money (any router call but a GET, such as a
	 * poll): a QuotaExhaustedError it throws ends the call without a request.
	 */
	beforeBilledAttempt(): void;
	/** Runs as soon as the transport classifies a 402, before the error unwinds. */
	onQuota(message: string): void;
}

/** The whole error body of a failed SDK call (the SDK keeps only its `error` field). */
const sdkErrorBodies = new WeakMap<object, unknown>();

/** The openai client, keeping each error's whole body: a cold model's `estimated_time` sits beside `error`. */
class RouterOpenAI extends OpenAI {
	protected override makeStatusError(status: number, error: object, message: string | undefined, headers: Headers) {
		const apiError = super.makeStatusError(status, error, message, headers);
		sdkErrorBodies.set(apiError, error ?? message);
		return apiError;
	}
}

function trimSlash(url: string): string {
	return url.replace(/\/+$/, '');
}

function lowerCaseHeaders(headers: unknown): Record<string, string> {
	const result: Record<string, string> = {};
	if (!headers) return result;
	if (typeof (headers as Headers).forEach === 'function' && typeof (headers as Headers).get === 'function') {
		(headers as Headers).forEach((value, key) => (result[key.toLowerCase()] = value));
		return result;
	}
	for (const [key, value] of Object.entries(headers as Record<string, unknown>)) {
		if (value !== undefined) result[key.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
	}
	return result;
}

/**
 * The one way this node talks to Hugging Face. It owns the URLs, the token, X-HF-Bill-To, the
 * retries with backoff, the concurrency limiter, and the classification of every failure (a 402
 * becomes a QuotaExhaustedError here and nowhere else). Operations and provider modules only say
 * what to send and how to read the answer.
 */
export class RouterTransport {
	readonly routerUrl: string;

	readonly hubUrl: string;

	private readonly policy: RetryPolicy;

	private readonly limiter: AdaptiveLimiter;

	/** Shared by the guarded views of this transport. */
	private readonly shared: { openAi?: OpenAI } = {};

	/** Set on a guarded view only. */
	private guard?: CallGuard;

	constructor(
		private readonly ctx: TransportContext,
		private readonly credentials: HuggingFaceCredentials,
		readonly options: TransportOptions,
	) {
		this.routerUrl = trimSlash(credentials.routerUrl || 'https://router.huggingface.co');
		this.hubUrl = trimSlash(credentials.hubUrl || 'https://huggingface.co');
		this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retryPolicy, maxRetries: options.maxRetries };
		this.limiter = options.limiter ?? new AdaptiveLimiter(1000);
	}

	/**
	 * The same transport (limiter, client, settings) with a guard for the calls of one item or
	 * batch: asked before every billed attempt, told of a 402 at once.
	 */
	guarded(guard: CallGuard): RouterTransport {
		const view = Object.create(this) as RouterTransport;
		view.guard = guard;
		return view;
	}

	/** Which account pays: the organization billed, else the token's own user. */
	get account(): string {
		return this.credentials.billTo ? `org:${this.credentials.billTo}` : 'user';
	}

	deadline(): number {
		return Date.now() + this.options.timeoutMs;
	}

	/** Set when the user stops the execution: waits, polls and requests in flight end at once. */
	private get cancelSignal(): AbortSignal | undefined {
		const ctx = this.ctx as Partial<IExecuteFunctions>;
		return typeof ctx.getExecutionCancelSignal === 'function' ? ctx.getExecutionCancelSignal() : undefined;
	}

	/** Aborts one attempt at its share of the item's budget, or when the execution is stopped. */
	private attemptSignal(remainingMs: number): AbortSignal {
		const timeout = AbortSignal.timeout(Math.max(1, Math.round(remainingMs)));
		const cancel = this.cancelSignal;
		return cancel ? AbortSignal.any([timeout, cancel]) : timeout;
	}

	private throwIfCancelled(): void {
		if (this.cancelSignal?.aborted) {
			throw new RouterCallError({ kind: 'final', httpCode: null, code: 'CANCELLED', message: 'The execution was stopped' });
		}
	}

	/** Pause between attempts or polls; ends early when the execution is stopped. */
	async pause(ms: number): Promise<void> {
		await sleep(ms, this.cancelSignal);
		this.throwIfCancelled();
	}

	/** Removes the token from any text that may reach an output, an error or a log. */
	redact(text: string): string {
		const token = this.credentials.accessToken;
		if (!token || token.length < 4) return text;
		return text.split(token).join('***');
	}

	/**
	 * Router calls carry the token, so they only ever go to the router: a URL taken from an answer
	 * (a provider's own API, a CDN) must go through download(), which never authenticates.
	 */
	routerPath(path: string): string {
		if (/^[a-z][a-z0-9+.-]*:/i.test(path)) {
			throw new RouterCallError({ kind: 'final', httpCode: null, message: `Refusing to send the token to ${path.split('?')[0]}: not a router path` });
		}
		return `${this.routerUrl}${path.startsWith('/') ? '' : '/'}${path}`;
	}

	hubPath(path: string): string {
		return `${this.hubUrl}${path.startsWith('/') ? '' : '/'}${path}`;
	}

	/** A JSON call to the router (inference, polling). A body that is not JSON is retried like a cut answer. */
	async requestJson<T = unknown>(request: RouterRequest): Promise<JsonAnswer<T>> {
		return await this.routerCall(request, (answer) => ({
			status: answer.status,
			headers: answer.headers,
			data: this.parseJson<T>(answer),
		}));
	}

	/** A call to the router whose answer may be bytes (hf-inference images). */
	async requestRaw(request: RouterRequest): Promise<RawAnswer> {
		return await this.routerCall(request, (answer) => answer);
	}

	private async routerCall<T>(request: RouterRequest, read: (answer: RawAnswer) => T): Promise<T> {
		const headers: Record<string, string> = { Accept: '*/*', ...request.headers };
		if (this.credentials.billTo) headers['X-HF-Bill-To'] = this.credentials.billTo;
		const billed = request.method !== 'GET' && request.method !== 'HEAD';
		return await this.withRetries(request.deadline, billed, async (remainingMs) =>
			read(
				await this.httpAttempt(
					{
						method: request.method,
						url: this.routerPath(request.url),
						body: request.body,
						headers,
						timeout: remainingMs,
					},
					true,
				),
			),
		);
	}

	/** A JSON call to the Hub (catalogue, mapping, whoami): authenticated, retried, not billed. */
	async hubJson<T = unknown>(path: string, deadline = this.deadline()): Promise<T> {
		return await this.withRetries(deadline, false, async (remainingMs) =>
			this.parseJson<T>(
				await this.httpAttempt(
					{ method: 'GET', url: this.hubPath(path), headers: { Accept: 'application/json' }, timeout: remainingMs },
					true,
				),
			),
		);
	}

	/**
	 * Downloads a generated file from wherever the provider stored it. Never authenticated: the
	 * token is for Hugging Face, not for a provider's CDN.
	 */
	async download(url: string, deadline: number): Promise<RawAnswer> {
		if (!/^https?:\/\//.test(url)) {
			throw new RouterCallError({ kind: 'final', httpCode: null, message: `Not a downloadable URL: ${url}` });
		}
		return await this.withRetries(deadline, false, async (remainingMs) =>
			await this.httpAttempt({ method: 'GET', url, headers: { Accept: 'image/*,*/*' }, timeout: remainingMs }, false),
		);
	}

	/** Chat completions through the router's OpenAI-compatible endpoint, with the openai SDK. */
	async chatCompletion(
		body: OpenAI.Chat.Completions.ChatCompletionCreateParamsNonStreaming,
		deadline: number,
		stream: boolean,
	): Promise<ChatCallResult> {
		const client = this.openAi();
		return await this.withRetries(deadline, true, async (remainingMs) => {
			// The SDK's own timeout ends once the headers arrive; this signal also bounds the body and
			// the event stream.
			const signal = this.attemptSignal(remainingMs);
			try {
				if (!stream) {
					const { data, response } = await client.chat.completions
						.create(body, { timeout: remainingMs, signal })
						.withResponse();
					if (!data || !Array.isArray(data.choices)) {
						throw new RouterCallError(malformedBody('The router answered without any choices'));
					}
					return { completion: data, headers: lowerCaseHeaders(response.headers) };
				}
				const { data: chunks, response } = await client.chat.completions
					.create(
						{ ...body, stream: true, stream_options: { include_usage: true } },
						{ timeout: remainingMs, signal },
					)
					.withResponse();
				const completion = await collectStream(chunks);
				// The SDK ends an aborted stream quietly, as if the provider had finished.
				if (signal.aborted) throw this.abortFailure();
				if (!completion) throw new RouterCallError(malformedBody('The stream ended without any answer'));
				return { completion, headers: lowerCaseHeaders(response.headers) };
			} catch (error) {
				if (signal.aborted && !(error instanceof RouterCallError)) throw this.abortFailure();
				throw this.classifySdkError(error);
			}
		});
	}

	private openAi(): OpenAI {
		if (!this.shared.openAi) {
			const defaultHeaders: Record<string, string> = {};
			if (this.credentials.billTo) defaultHeaders['X-HF-Bill-To'] = this.credentials.billTo;
			this.shared.openAi = new RouterOpenAI({
				apiKey: this.credentials.accessToken,
				baseURL: `${this.routerUrl}/v1`,
				// Retries are ours (one policy for every route), not the SDK's.
				maxRetries: 0,
				timeout: this.options.timeoutMs,
				defaultHeaders,
			});
		}
		return this.shared.openAi;
	}

	private classifySdkError(error: unknown): unknown {
		if (error instanceof RouterCallError || error instanceof QuotaExhaustedError) return error;
		if (error instanceof OpenAI.APIConnectionTimeoutError) {
			return new RouterCallError({ kind: 'retryable', httpCode: null, code: 'ETIMEDOUT', message: 'The request timed out' });
		}
		if (error instanceof OpenAI.APIError) {
			const headers = lowerCaseHeaders(error.headers);
			if (typeof error.status === 'number') {
				const body = sdkErrorBodies.has(error)
					? sdkErrorBodies.get(error)
					: error.error !== undefined
						? { error: error.error }
						: error.message.replace(/^\d+\s*/, '');
				return this.failure(classifyHttpFailure(error.status, body, headers['retry-after']));
			}
			if (error instanceof OpenAI.APIConnectionError) {
				const failure = classifyTransportError(error.cause ?? error);
				return this.failure(failure.kind === 'final' ? { ...failure, kind: 'retryable' } : failure);
			}
			// An error sent in-band inside a 200 event stream: the provider failed mid-answer.
			const inner = classifyHttpFailure(500, { error: error.error }, undefined);
			return this.failure({ ...inner, kind: 'retryable', httpCode: null, code: 'STREAM_ERROR' });
		}
		// By name: a SyntaxError from fetch's own JSON parser may come from another realm.
		const named = error as { name?: unknown; message?: unknown } | null;
		if (named?.name === 'SyntaxError') {
			return this.failure(malformedBody(`The router answered with a body that is not valid JSON: ${String(named.message)}`));
		}
		return this.failure(classifyTransportError(error));
	}

	/** An attempt ended by its signal: the user stopped the execution, or the budget ran out. */
	private abortFailure(): RouterCallError {
		this.throwIfCancelled();
		return new RouterCallError({ kind: 'retryable', httpCode: null, code: 'ETIMEDOUT', message: 'The request timed out' });
	}

	private failure(failure: RouterFailure): Error {
		const message = this.redact(failure.message);
		if (failure.kind === 'quota') {
			this.guard?.onQuota(message);
			return new QuotaExhaustedError(message, false);
		}
		return new RouterCallError({ ...failure, message });
	}

	private parseJson<T>(answer: RawAnswer): T {
		const text = answer.body.toString('utf8');
		try {
			return JSON.parse(text) as T;
		} catch {
			throw this.failure(malformedBody(`The router answered with a body that is not valid JSON (${answer.body.length} bytes)`));
		}
	}

	/** One HTTP attempt. Any status of 400 or more, or no answer at all, becomes a classified error. */
	private async httpAttempt(
		request: { method: IHttpRequestMethods; url: string; body?: unknown; headers: Record<string, string>; timeout: number },
		authenticated: boolean,
	): Promise<RawAnswer> {
		const options: IHttpRequestOptions = {
			method: request.method,
			url: request.url,
			headers: { ...request.headers },
			encoding: 'arraybuffer',
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: Math.max(1, Math.round(request.timeout)),
			json: false,
			abortSignal: this.attemptSignal(request.timeout),
		};
		if (Buffer.isBuffer(request.body)) {
			// Raw bytes (hf-inference audio): sent as they are, under the type the caller set.
			options.body = request.body;
			options.headers!['Content-Type'] ??= 'application/octet-stream';
		} else if (request.body !== undefined) {
			options.body = JSON.stringify(request.body);
			options.headers!['Content-Type'] = 'application/json';
		}
		let response: { statusCode: number; headers: IDataObject; body: Buffer | string };
		try {
			response = authenticated
				? await this.ctx.helpers.httpRequestWithAuthentication.call(this.ctx, CREDENTIAL_TYPE, options)
				: await this.ctx.helpers.httpRequest(options);
		} catch (error) {
			if ((options.abortSignal as AbortSignal).aborted) throw this.abortFailure();
			throw this.failure(classifyTransportError(error));
		}
		const body = Buffer.isBuffer(response.body) ? response.body : Buffer.from(response.body ?? '');
		const headers = lowerCaseHeaders(response.headers);
		if (response.statusCode >= 400) {
			throw this.failure(classifyHttpFailure(response.statusCode, body.toString('utf8'), headers['retry-after']));
		}
		return { status: response.statusCode, headers, body };
	}

	private timeoutFailure(): RouterFailure {
		return { kind: 'final', httpCode: null, code: 'ETIMEDOUT', message: `No answer within the timeout of ${this.options.timeoutMs} ms` };
	}

	/**
	 * Runs attempts through the limiter until one succeeds, the budget runs out, or a failure is
	 * final. Before each billed attempt the call guard may stop the call (402 seen, spend limit).
	 */
	private async withRetries<T>(deadline: number, billed: boolean, attempt: (remainingMs: number) => Promise<T>): Promise<T> {
		for (let attemptIndex = 0; ; attemptIndex++) {
			if (deadline - Date.now() <= 0) throw new RouterCallError(this.timeoutFailure());
			await this.limiter.acquire();
			const startedAt = Date.now();
			let failure: RouterFailure;
			try {
				this.throwIfCancelled();
				// The wait for a slot may have used the budget up (the limiter shrinks on 429).
				if (deadline - startedAt <= 0) throw new RouterCallError(this.timeoutFailure());
				if (billed) this.guard?.beforeBilledAttempt();
				const result = await attempt(deadline - startedAt);
				this.limiter.onSuccess();
				return result;
			} catch (error) {
				if (!(error instanceof RouterCallError)) throw error;
				failure = error.failure;
				if (failure.httpCode === 429) this.limiter.onRateLimited(startedAt);
				if (failure.kind !== 'retryable' || attemptIndex >= this.policy.maxRetries) throw error;
			} finally {
				this.limiter.release();
			}
			const delay = backoffDelayMs(attemptIndex, failure, this.policy);
			if (Date.now() + delay >= deadline) throw new RouterCallError(failure);
			await this.pause(delay);
		}
	}
}

/** Folds an SSE chat stream into the shape of a non-streamed completion. */
async function collectStream(
	chunks: AsyncIterable<OpenAI.Chat.Completions.ChatCompletionChunk>,
): Promise<OpenAI.Chat.Completions.ChatCompletion | undefined> {
	let chunkCount = 0;
	let content = '';
	let finishReason: string | null = null;
	let model = '';
	let id = '';
	let created = 0;
	let usage: OpenAI.Completions.CompletionUsage | undefined;
	for await (const chunk of chunks) {
		chunkCount++;
		id ||= chunk.id;
		model ||= chunk.model;
		created ||= chunk.created;
		if (chunk.usage) usage = chunk.usage;
		for (const choice of chunk.choices ?? []) {
			if (choice.delta?.content) content += choice.delta.content;
			if (choice.finish_reason) finishReason = choice.finish_reason;
		}
	}
	if (!chunkCount) return undefined;
	return {
		id,
		model,
		created,
		object: 'chat.completion',
		choices: [
			{
				index: 0,
				logprobs: null,
				finish_reason: (finishReason ?? 'stop') as OpenAI.Chat.Completions.ChatCompletion.Choice['finish_reason'],
				message: { role: 'assistant', content, refusal: null },
			},
		],
		usage,
	};
}
