import { CHAT_PATH, classifyStreamError, collectStreamedAnswer, type ChatCallResult, type ChatRequest } from './chat';
import { QuotaExhaustedError, RouterCallError, classifyHttpFailure, classifyTransportError, malformedBody, type RouterFailure } from './errors';
import { openUpload, readAtMost, sendForBuffer, sendForStream, type HttpAttempt } from './http';
import { AdaptiveLimiter, type CallLimiter } from './limiter';
import { DEFAULT_RETRY_POLICY, pause, retryAttempts, type RetryPolicy } from './retry';
import { attemptSignal, executionCancelSignal, throwIfCancelled } from './signals';
import type { BodyStream } from './peek';
import type { CallGuard, HuggingFaceCredentials, JsonAnswer, RawAnswer, RouterRequest, TransportContext, TransportOptions } from './types';

export { CREDENTIAL_TYPE } from './types';
export type { CallGuard, HuggingFaceCredentials, JsonAnswer, RawAnswer, RouterRequest, TransportContext, TransportOptions, UploadBody } from './types';
export type { ChatCallResult } from './chat';

/** One attempt's own request; the transport adds the signal that ends it at the remaining budget. */
type AttemptRequest = Omit<HttpAttempt, 'signal'>;

/**
 * The one way this node talks to Hugging Face, always through n8n's HTTP helpers (so n8n's proxy
 * settings apply). It owns the URLs, the token, X-HF-Bill-To, the retries with backoff, the
 * concurrency limiter, and the classification of every failure (a 402 becomes a
 * QuotaExhaustedError here and nowhere else). Operations and provider modules only say what to
 * send and how to read the answer.
 */
export class RouterTransport {
	readonly routerUrl: string;

	readonly hubUrl: string;

	private readonly policy: RetryPolicy;

	private readonly limiter: CallLimiter;

	/** Set on a guarded view only. */
	private guard?: CallGuard;

	constructor(
		private readonly ctx: TransportContext,
		private readonly credentials: HuggingFaceCredentials,
		readonly options: TransportOptions,
	) {
		this.routerUrl = (credentials.routerUrl || 'https://router.huggingface.co').replace(/\/+$/, '');
		this.hubUrl = (credentials.hubUrl || 'https://huggingface.co').replace(/\/+$/, '');
		this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retryPolicy, maxRetries: options.maxRetries };
		// Without a lane of an account's limiter (openRouterTransport gives one): a limiter of its own.
		this.limiter = options.limiter ?? new AdaptiveLimiter(1000);
	}

	/**
	 * The same transport (limiter, settings) with a guard for the calls of one item or batch: asked
	 * before every billed attempt, told of a 402 at once.
	 */
	guarded(guard: CallGuard): RouterTransport {
		const view = Object.create(this) as RouterTransport;
		view.guard = guard;
		return view;
	}

	/** The most router calls this transport will ever have in flight at once. */
	get maxConcurrency(): number {
		return this.limiter.maxLevel;
	}

	/** Which account pays: the organization billed, else the token's own user. */
	get account(): string {
		return this.credentials.billTo ? `org:${this.credentials.billTo}` : 'user';
	}

	deadline(): number {
		return Date.now() + this.options.timeoutMs;
	}

	/** Pause between attempts or polls; ends early when the execution is stopped. */
	async pause(ms: number): Promise<void> {
		await pause(ms, executionCancelSignal(this.ctx));
		throwIfCancelled(this.ctx);
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

	/**
	 * Chat completions on the router's OpenAI-compatible `/v1`, answered whole or as server-sent
	 * events folded into one completion. An error sent inside the stream is retried like a cut answer.
	 */
	async chatCompletion(body: ChatRequest, deadline: number, stream: boolean): Promise<ChatCallResult> {
		if (!stream) {
			return await this.routerCall({ method: 'POST', url: CHAT_PATH, body, headers: { Accept: 'application/json' }, deadline }, (answer) => {
				const completion = this.parseJson<ChatCallResult['completion']>(answer);
				// No choice at all is no answer (the sub-node refuses it too): retried like a cut one.
				if (!completion || !Array.isArray(completion.choices) || !completion.choices.length) {
					throw new RouterCallError(malformedBody('The router answered without any choices'));
				}
				return { completion, headers: answer.headers };
			});
		}
		const streamed = { ...body, stream: true, stream_options: { include_usage: true } };
		return await this.requestStream({ method: 'POST', url: CHAT_PATH, body: streamed, headers: { Accept: 'text/event-stream' }, deadline }, async (events, signal, headers) => {
			const completion = await collectStreamedAnswer(events, headers, (text) => this.redact(text));
			// A stream ended by the budget or a stop may look finished: it is not.
			if (signal.aborted) throw this.abortFailure();
			if (!completion?.choices.length) throw new RouterCallError(malformedBody(completion ? 'The router answered without any choices' : 'The stream ended without any answer'));
			return { completion, headers };
		});
	}

	/**
	 * A billed router call whose answer is read as it arrives (events, a picture on its way to
	 * n8n's binary store): `read` runs inside the attempt, so its failures are retried like a cut
	 * answer, and the attempt's signal still ends the body at the item's budget.
	 */
	async requestStream<T>(request: RouterRequest, read: (body: AsyncIterable<Buffer | string>, signal: AbortSignal, headers: Record<string, string>) => Promise<T>): Promise<T> {
		return await this.withRetries(request.deadline, true, async (remainingMs) => {
			const signal = attemptSignal(this.ctx, remainingMs);
			const attempt = { method: request.method, url: this.routerPath(request.url), body: request.body, headers: this.routerHeaders(request.headers), authenticated: true };
			let response;
			try {
				response = await sendForStream(this.ctx, { ...attempt, token: this.credentials.accessToken, signal });
			} catch (error) {
				throw this.noAnswer(error, signal);
			}
			try {
				if (response.statusCode >= 400) {
					const failed = await readAtMost(response.body);
					throw this.failure(classifyHttpFailure(response.statusCode, failed.toString('utf8'), response.headers['retry-after'], response.headers.ratelimit));
				}
				return await read(response.body, signal, response.headers);
			} catch (error) {
				throw this.streamFailure(error, signal);
			}
		});
	}

	/** A JSON call to the Hub (catalogue, mapping, whoami): authenticated, retried, not billed. */
	async hubJson<T = unknown>(path: string, deadline = this.deadline()): Promise<T> {
		return await this.withRetries(deadline, false, async (remainingMs) =>
			this.parseJson<T>(
				await this.httpAttempt(
					{ method: 'GET', url: this.hubPath(path), headers: { Accept: 'application/json' }, authenticated: true },
					remainingMs,
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
			await this.httpAttempt({ method: 'GET', url, headers: { Accept: 'image/*,*/*' }, authenticated: false }, remainingMs),
		);
	}

	private routerHeaders(headers: Record<string, string> = {}): Record<string, string> {
		const result: Record<string, string> = { Accept: '*/*', ...headers };
		if (this.credentials.billTo) result['X-HF-Bill-To'] = this.credentials.billTo;
		return result;
	}

	private async routerCall<T>(request: RouterRequest, read: (answer: RawAnswer) => T): Promise<T> {
		const billed = request.method !== 'GET' && request.method !== 'HEAD';
		return await this.withRetries(request.deadline, billed, async (remainingMs) =>
			read(
				await this.httpAttempt(
					{
						method: request.method,
						url: this.routerPath(request.url),
						body: request.body,
						headers: this.routerHeaders(request.headers),
						authenticated: true,
					},
					remainingMs,
				),
			),
		);
	}

	/** One HTTP attempt, read whole. Any status of 400 or more, or no answer at all, becomes a classified error. */
	private async httpAttempt(request: AttemptRequest, remainingMs: number): Promise<RawAnswer> {
		const signal = attemptSignal(this.ctx, remainingMs);
		const { body, headers } = await openUpload(request.body, request.headers);
		let response;
		try {
			response = await sendForBuffer(this.ctx, { ...request, body, headers, token: request.authenticated ? this.credentials.accessToken : undefined, signal });
		} catch (error) {
			throw this.noAnswer(error, signal);
		} finally {
			if (body !== request.body) (body as BodyStream).destroy(); // an upload not read to its end
		}
		if (response.statusCode >= 400) {
			throw this.failure(classifyHttpFailure(response.statusCode, response.body.toString('utf8'), response.headers['retry-after'], response.headers.ratelimit));
		}
		return { status: response.statusCode, headers: response.headers, body: response.body };
	}

	/** A request that brought no answer: stopped, out of time, or a network failure. */
	private noAnswer(error: unknown, signal: AbortSignal): Error {
		if (signal.aborted) return this.abortFailure();
		return this.failure(classifyTransportError(error));
	}

	/** Anything that broke a 200 event stream: the budget, a stop, the provider's in-band error, a cut or garbled stream. */
	private streamFailure(error: unknown, signal: AbortSignal): unknown {
		if (error instanceof RouterCallError || error instanceof QuotaExhaustedError) return error;
		if (signal.aborted) return this.abortFailure();
		return this.failure(classifyStreamError(error));
	}

	/** An attempt ended by its signal: the user stopped the execution, or the budget ran out. */
	private abortFailure(): RouterCallError {
		throwIfCancelled(this.ctx);
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

	/**
	 * Runs attempts until one succeeds, the budget runs out, or a failure is final (see
	 * retryAttempts). Before each billed attempt the call guard may stop the call (402 seen, spend limit).
	 */
	private async withRetries<T>(deadline: number, billed: boolean, attempt: (remainingMs: number) => Promise<T>): Promise<T> {
		return await retryAttempts(
			{
				deadline,
				policy: this.policy,
				// Only billed calls (inference) go through the limiter: a Hub or catalogue look-up, a poll or
				// a download must neither take the one slot an execution starts with nor count as a clean answer.
				limiter: billed ? this.limiter : null,
				timeoutMs: this.options.timeoutMs,
				throwIfCancelled: () => throwIfCancelled(this.ctx),
				beforeAttempt: () => billed && this.guard?.beforeBilledAttempt(),
				pause: async (ms) => await this.pause(ms),
			},
			attempt,
		);
	}
}
