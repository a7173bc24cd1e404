/** Error bodies of the router, as in the fixtures' error table. */
import { STATUS_CODES } from 'http';

export const MSG_INVALID_TOKEN = 'Invalid username or password.';
export const MSG_HUB_INVALID_TOKEN = 'Invalid credentials in Authorization header';
export const MSG_CREDITS_DEPLETED =
	'You have depleted your monthly included credits. Purchase pre-paid credits to continue using Inference Providers. Alternatively, subscribe to PRO to get 20x more included credits.';

export function msgInsufficientPermissions(user: string): string {
	return `This authentication method does not have sufficient permissions to call Inference Providers on behalf of user ${user}`;
}

export function msgModelNotSupportedV1(hubId: string, provider: string): string {
	return `Model ${hubId} is not supported by provider ${provider}.`;
}

export function msgModelNotSupportedByProvider(provider: string): string {
	return `Model not supported by provider ${provider}`;
}

export function msgModelDoesNotExist(id: string): string {
	return `Model ${id} does not exist`;
}

/** OpenAI-style error object used on /v1. */
export function openAiError(message: string, param: string | null, code: string | null, type = 'invalid_request_error'): { error: Record<string, unknown> } {
	return { error: { message, type, param, code } };
}

/**
 * The router's 400 on /v1 for a model that no provider the account has enabled serves (OpenAI style,
 * code model_not_supported). The wording is the one reported by users of the router; unverified live.
 */
export function modelNotSupportedBody(hubId: string): { error: Record<string, unknown> } {
	return openAiError(`The requested model '${hubId}' is not supported by any provider you have enabled.`, 'model', 'model_not_supported');
}

export interface FaultAnswer {
	status: number;
	contentType: string;
	body: string | Buffer;
	headers: Record<string, string>;
}

/** Default answer of failNext(status) when no body is given. */
export function defaultFaultBody(status: number, hubModel: string | undefined, user: string): { body: unknown; contentType: string; headers: Record<string, string> } {
	const model = hubModel ?? 'unknown';
	switch (status) {
		case 429:
			return { body: 'Too Many Requests', contentType: 'text/plain; charset=utf-8', headers: {} };
		case 503:
			return { body: { error: `Model ${model} is currently loading`, estimated_time: 20.0 }, contentType: 'application/json', headers: {} };
		case 402:
			return { body: { error: MSG_CREDITS_DEPLETED }, contentType: 'application/json', headers: {} };
		case 401:
			return { body: { error: MSG_INVALID_TOKEN }, contentType: 'application/json; charset=utf-8', headers: { 'X-Error-Message': MSG_INVALID_TOKEN } };
		case 403:
			return { body: { error: msgInsufficientPermissions(user) }, contentType: 'application/json; charset=utf-8', headers: {} };
		case 404:
			return { body: { error: msgModelDoesNotExist(model) }, contentType: 'application/json', headers: {} };
		case 422:
			return { body: { error: 'Input validation error: emulated failure', error_type: 'validation' }, contentType: 'application/json', headers: {} };
		case 500:
			return { body: { error: 'Internal Server Error' }, contentType: 'application/json', headers: {} };
		case 502:
			return { body: { error: 'Bad Gateway' }, contentType: 'application/json', headers: {} };
		case 504:
			return { body: { error: 'Gateway Timeout' }, contentType: 'application/json', headers: {} };
		default:
			return { body: { error: STATUS_CODES[status] ?? `HTTP ${status}` }, contentType: 'application/json', headers: {} };
	}
}
