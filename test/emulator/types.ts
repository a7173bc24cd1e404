/** Public types of the Hugging Face router + Hub emulator. */

export type TokenRole = 'read' | 'write' | 'fineGrained';

export interface TokenSpec {
	/** USD; defaults to EmulatorOptions.defaultCredits. */
	credits?: number;
	/** Defaults to 'read'. */
	role?: TokenRole;
	/** For fineGrained tokens, e.g. ['inference.serverless.write']. */
	permissions?: string[];
	/** User name (whoami `name`, 403 wording). Defaults to 'emulator-user'. */
	name?: string;
	isPro?: boolean;
	/** Organizations the user belongs to; each org has one shared ledger (X-HF-Bill-To). */
	orgs?: string[];
	/** Provider order used for the `:preferred` suffix. */
	preferredProviders?: string[];
}

export interface EmulatorOptions {
	/** 0 (default) = ephemeral. */
	port?: number;
	/** Port of the CDN listener; 0 (default) = ephemeral. */
	cdnPort?: number;
	/** Defaults to 127.0.0.1. */
	host?: string;
	tokens?: Record<string, TokenSpec>;
	/** Any `hf_...` token is accepted (and gets defaultCredits). */
	acceptAnyToken?: boolean;
	/** USD, default 0.10. */
	defaultCredits?: number;
	/** Serve the offline account page under /__emulator/credits (refill without a restart); npm start only. */
	accountAdmin?: boolean;
	/** Appended to the router's 402 message, e.g. how to refill offline credits. */
	depletedHint?: string;
}

export interface RecordedRequest {
	listener: 'router' | 'cdn';
	method: string;
	path: string;
	query: Record<string, string | string[]>;
	/** Lower-case header names. */
	headers: Record<string, string>;
	/** Parsed JSON, `{bytes: n}` for non-JSON bodies, null when there was no body. */
	body: unknown;
	/** First path segment of a per-provider route (`/together/...` -> 'together'). */
	routeProvider?: string;
	/** `model` field as received on `/v1/...`. */
	modelString?: string;
	/** Provider that produced the answer (set for inference calls that reached a provider). */
	servedBy?: string;
	/** Hub model id the call resolved to, when known. */
	hubModel?: string;
	/** A chat's `reasoning_effort`, as sent (absent when the body had none). */
	reasoningEffort?: string;
	/** A multipart/form-data body as the route parsed it: text fields as sent, files as `{filename, contentType, bytes}`. */
	form?: Record<string, unknown>;
	/** Media files the call carried (raw body or data URLs), as the route decoded them. */
	media?: Array<{ mimeType: string; bytes: number; hash: string }>;
	/** HTTP status answered; 0 when the socket was cut without an answer. */
	status: number;
	/** USD charged for this call (0 if none). */
	cost?: number;
	/** performance.now() when the request arrived (before its body was read). */
	receivedAt?: number;
	/** performance.now() when the answer was sent in full, or the socket closed. */
	answeredAt?: number;
}

export interface FailOptions {
	/**
	 * Answer body. Any string in it containing `{{authorization}}` has that placeholder replaced by
	 * the request's own Authorization header, to prove the node redacts a token an error echoes.
	 */
	body?: unknown;
	headers?: Record<string, string>;
	contentType?: string;
}

export interface Emulator {
	/** Router + Hub base URL (serves /v1/..., /{provider}/... and /api/...). */
	url: string;
	/** Second listener serving generated image files. */
	cdnUrl: string;
	/** Every request received on both listeners, in arrival order. */
	requests: RecordedRequest[];
	addToken(token: string, spec?: TokenSpec): void;
	/** Token or organization name. */
	setCredits(tokenOrOrg: string, usd: number): void;
	/** Token or organization name. */
	getCredits(tokenOrOrg: string): number;
	/** Every account and organization back to its starting credits. */
	refillCredits(): void;
	/** Added before each router inference answer (not Hub/CDN). */
	setLatency(ms: number): void;
	setConcurrencyCap(cap: number | null, opts?: { retryAfterSeconds?: number | null }): void;
	failNext(count: number, status: number, opts?: FailOptions): void;
	/**
	 * Calls for this Hub model on /v1/chat/completions answer `status` (all of them, or the next
	 * `count`), whatever the provider, after the auth and credit checks (a 402 still comes first). A
	 * 400 without a body answers the router's model_not_supported. Cleared by reset().
	 */
	failModel(hubId: string, status: number, options?: FailOptions & { count?: number }): void;
	clearModelFaults(): void;
	cutNext(count: number): void;
	malformedNext(count: number): void;
	streamErrorNext(count: number): void;
	/** For the next `seconds`, every Hub API call (/api/...) is a 429 with `RateLimit: "api";r=0;t=<seconds left>`. */
	limitHubFor(seconds: number): void;
	/**
	 * The next predictions need this many polls (0: answered at once under `Prefer: wait`).
	 * `preview`: a poll before the last shows `status: "processing"` with a not-yet-served URL in
	 * `output`; `notServed`: `GET /replicate/v1/predictions/{id}` answers 404 or 405 (the route is
	 * unverified live: neither client polls).
	 */
	setReplicatePending(polls: number, options?: { preview?: boolean; notServed?: 404 | 405 }): void;
	setImageBytes(bytes: number | null): void;
	setCdnServesNonImage(on: boolean): void;
	/** Puts a file on the CDN listener (a recording a workflow downloads); returns its URL. Survives reset(). */
	serveFile(name: string, bytes: Buffer, contentType: string): string;
	/**
	 * Text tasks answer in the shapes of the pipelines without the API's reshaping (text
	 * classification flat, zero-shot `{sequence, labels, scores}`, entities without offsets,
	 * question answering as a list). Cleared by reset().
	 */
	answerLegacyShapes(on: boolean): void;
	/** The model answers every chat badly (DEGRADED_REPLY) after `afterCalls` more chats (default 0). */
	degradeModel(hubId: string, options?: { afterCalls?: number }): void;
	/** Router inference calls currently in flight. */
	inFlight(): number;
	/** Highest number of concurrent router inference calls seen since start/reset. */
	maxInFlight(): number;
	/** Clear faults, latency, cap, request log, image/job stores (not tokens or credits). */
	reset(): void;
	close(): Promise<void>;
}
