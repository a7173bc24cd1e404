/**
 * Error classification for everything the router and the Hub answer. This is the one place where
 * an HTTP status becomes a decision: 402 is a quota signal, some failures are worth another
 * attempt, the rest are final for the item.
 */

export type FailureKind = 'quota' | 'retryable' | 'final';

/** Statuses that are never retried: retrying them only spends time (or credits). */
const FINAL_STATUSES = new Set([400, 401, 403, 404, 405, 409, 410, 413, 415, 422]);

export interface RouterFailure {
	kind: FailureKind;
	/** HTTP status, or null when no answer came (connection cut, timeout, bad body). */
	httpCode: number | null;
	/** Hugging Face's (or the provider's) own words, never ours. */
	message: string;
	/** Delay the server asked for, from Retry-After or a cold model's estimated_time. */
	retryAfterMs?: number;
	/** Machine code where the body gives one (`model_not_supported`, `ECONNRESET`, ...). */
	code?: string;
}

/** Thrown by the transport; operations turn it into a NodeApiError or a Quota Exhausted item. */
export class RouterCallError extends Error {
	constructor(readonly failure: RouterFailure) {
		super(failure.message);
		this.name = 'RouterCallError';
	}
}

/** 402 from the router, or the node's own spend guard: the item goes to Quota Exhausted. */
export class QuotaExhaustedError extends Error {
	constructor(
		message: string,
		readonly local: boolean,
	) {
		super(message);
		this.name = 'QuotaExhaustedError';
	}
}

/** Pulls the human message out of the body shapes the router uses. */
export function extractErrorMessage(body: unknown, fallback: string): string {
	if (typeof body === 'string') {
		const text = body.trim();
		if (!text) return fallback;
		try {
			return extractErrorMessage(JSON.parse(text), text.slice(0, 500));
		} catch {
			return text.slice(0, 500);
		}
	}
	if (body && typeof body === 'object' && !Array.isArray(body)) {
		const record = body as Record<string, unknown>;
		const error = record.error;
		if (typeof error === 'string' && error) return error;
		if (error && typeof error === 'object') {
			const inner = (error as Record<string, unknown>).message;
			if (typeof inner === 'string' && inner) return inner;
		}
		if (typeof record.message === 'string' && record.message) return record.message;
		if (typeof record.detail === 'string' && record.detail) return record.detail;
		const fields = validationDetail(record.detail);
		if (fields) return fields;
	}
	return fallback;
}

/**
 * FastAPI's validation `detail` list, as fal answers a 422 (`[{"loc": ["body", "prompt"], "msg":
 * "field required", "type": "value_error.missing"}]`, pydantic 1 and 2 alike): each field and its
 * reason, `body.prompt: field required`, joined by `; `. Undefined when no entry has a reason.
 */
function validationDetail(detail: unknown): string | undefined {
	if (!Array.isArray(detail)) return undefined;
	const reasons = detail.flatMap((entry) => {
		const { loc, msg } = (entry && typeof entry === 'object' ? entry : {}) as { loc?: unknown; msg?: unknown };
		if (typeof msg !== 'string' || !msg) return [];
		const path = Array.isArray(loc) ? loc.filter((part) => typeof part === 'string' || typeof part === 'number').join('.') : '';
		return [path ? `${path}: ${msg}` : msg];
	});
	return reasons.length ? reasons.join('; ').slice(0, 500) : undefined;
}

function extractErrorCode(body: unknown): string | undefined {
	if (body && typeof body === 'object' && !Array.isArray(body)) {
		const error = (body as Record<string, unknown>).error;
		if (error && typeof error === 'object') {
			const code = (error as Record<string, unknown>).code;
			if (typeof code === 'string') return code;
		}
		const type = (body as Record<string, unknown>).error_type;
		if (typeof type === 'string') return type;
	}
	return undefined;
}

/** Retry-After is seconds or an HTTP date. */
export function parseRetryAfter(value: string | undefined | null, now = Date.now()): number | undefined {
	if (!value || !value.trim()) return undefined;
	const seconds = Number(value);
	// A number is seconds; a negative one is nonsense (and must not be read as a year by Date.parse).
	if (Number.isFinite(seconds)) return seconds >= 0 ? seconds * 1000 : undefined;
	const date = Date.parse(value);
	if (Number.isFinite(date)) return Math.max(0, date - now);
	return undefined;
}

function estimatedTimeMs(body: unknown): number | undefined {
	if (body && typeof body === 'object' && !Array.isArray(body)) {
		const estimate = (body as Record<string, unknown>).estimated_time;
		if (typeof estimate === 'number' && estimate >= 0) return estimate * 1000;
	}
	return undefined;
}

/**
 * The wait a Hub 429 asks for in its `RateLimit: "api";r=0;t=55` header (IETF draft
 * ratelimit-headers, as huggingface_hub utils/_http.py `parse_ratelimit_headers` reads it): with no
 * request left (`r=0`), the window resets in `t` seconds. Like `http_backoff` there, one second
 * more, since `t` is rounded to whole seconds.
 */
export function parseRateLimitReset(value: string | undefined | null): number | undefined {
	const match = /"\w+"\s*;\s*r\s*=\s*(\d+)\s*;\s*t\s*=\s*(\d+)/.exec(value ?? '');
	if (!match || Number(match[1]) !== 0) return undefined;
	return (Number(match[2]) + 1) * 1000;
}

/**
 * Classifies an HTTP answer with a status of 400 or more. For a 429 the `RateLimit` header wins
 * over Retry-After, as in huggingface_hub's `http_backoff`.
 */
export function classifyHttpFailure(
	status: number,
	body: unknown,
	retryAfterHeader?: string | null,
	rateLimitHeader?: string | null,
): RouterFailure {
	if (typeof body === 'string') {
		try {
			body = JSON.parse(body);
		} catch {
			// Plain text (a 429 from a provider, an HTML error page): read as it is.
		}
	}
	const message = extractErrorMessage(body, `HTTP ${status}`);
	const code = extractErrorCode(body);
	if (status === 402) return { kind: 'quota', httpCode: 402, message, code };
	const retryable = status === 408 || status === 429 || status >= 500;
	if (!retryable || FINAL_STATUSES.has(status)) return { kind: 'final', httpCode: status, message, code };
	return {
		kind: 'retryable',
		httpCode: status,
		message,
		code,
		retryAfterMs:
			(status === 429 ? parseRateLimitReset(rateLimitHeader) : undefined) ?? parseRetryAfter(retryAfterHeader) ?? estimatedTimeMs(body),
	};
}

const NETWORK_CODES = new Set([
	'ECONNRESET',
	'ECONNREFUSED',
	'ECONNABORTED',
	'EPIPE',
	'ETIMEDOUT',
	'ESOCKETTIMEDOUT',
	'EAI_AGAIN',
	'UND_ERR_SOCKET',
	'UND_ERR_CONNECT_TIMEOUT',
	'UND_ERR_HEADERS_TIMEOUT',
	'UND_ERR_BODY_TIMEOUT',
	'ERR_STREAM_PREMATURE_CLOSE',
]);

/** Finds a network error code anywhere in an error's cause chain. */
function networkCode(error: unknown): string | undefined {
	let current: unknown = error;
	for (let depth = 0; current && depth < 6; depth++) {
		const record = current as { code?: unknown; cause?: unknown; message?: unknown };
		if (typeof record.code === 'string' && NETWORK_CODES.has(record.code)) return record.code;
		if (typeof record.message === 'string' && /socket hang up|other side closed|\bterminated\b/i.test(record.message)) {
			return 'ECONNRESET';
		}
		current = record.cause;
	}
	return undefined;
}

/**
 * What a network code means, in words. The message must not hold the code itself: n8n replaces any
 * error message that contains one (ECONNRESET, ETIMEDOUT...) by its own generic text, which would
 * drop the item's provider and model. The code stays in `RouterFailure.code` (and the hint).
 */
function networkProblem(code: string): string {
	if (/TIMEDOUT|TIMEOUT/.test(code)) return 'did not answer in time';
	if (code === 'ECONNREFUSED') return 'refused the connection';
	if (code === 'EAI_AGAIN') return 'could not be resolved (DNS)';
	return 'closed the connection before the answer was complete';
}

/** Classifies a failure where no usable HTTP answer came back: a dropped connection is retried. */
export function classifyTransportError(error: unknown): RouterFailure {
	const code = networkCode(error);
	if (code) {
		return {
			kind: 'retryable',
			httpCode: null,
			code,
			message: `Hugging Face ${networkProblem(code)}`,
		};
	}
	// Duck-typed: errors from fetch may come from another realm (instanceof Error fails there).
	const raw = (error as { message?: unknown } | null)?.message;
	const message = typeof raw === 'string' && raw ? raw : String(error);
	return { kind: 'final', httpCode: null, message };
}

/** A 200 whose body is not what the route promises: a truncated answer is worth another try. */
export function malformedBody(detail: string): RouterFailure {
	return { kind: 'retryable', httpCode: null, code: 'MALFORMED_BODY', message: detail };
}
