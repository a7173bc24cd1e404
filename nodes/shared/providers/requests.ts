import type { IHttpRequestMethods } from 'n8n-workflow';

import { RouterCallError } from '../transport/errors';
import type { ProviderCall } from './types';

/**
 * One call on the router, as a plain value: what a provider module sends, before the transport
 * adds the token, the billing header, the deadline and the retries. Builders return these so that
 * tests can check the route and body of every provider without any HTTP.
 */
export interface ProviderRequest {
	method: IHttpRequestMethods;
	/** A path on the router, starting with `/{provider}/`. */
	url: string;
	body?: unknown;
	headers?: Record<string, string>;
}

/** The two model ids a request builder needs, and the LoRA adapter the mapping names, if any. */
export type ModelIds = Pick<ProviderCall, 'hubModelId' | 'providerModelId' | 'lora'>;

/** Model ids keep their slashes in a route (`org/name`), but each segment is escaped. */
export function modelPath(modelId: string): string {
	return modelId.split('/').map(encodeURIComponent).join('/');
}

/** Drops keys the user left unset, so that a provider applies its own defaults. */
export function definedOnly<T extends Record<string, unknown>>(values: T): Partial<T> {
	const result: Partial<T> = {};
	for (const [key, value] of Object.entries(values)) {
		if (value === undefined || value === null || value === '') continue;
		(result as Record<string, unknown>)[key] = value;
	}
	return result;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
	return !!value && typeof value === 'object' && !Array.isArray(value) && !Buffer.isBuffer(value) && Object.getPrototypeOf(value) === Object.prototype;
}

/**
 * A submit request (POST) with the call's extra parameters where the provider takes task
 * parameters: the node's named ones replace the builder's values, the user's only add keys the
 * request lacks; `model` is never changed. Polls and downloads (GET) go as they are. A provider
 * that takes the file as the raw body has no place for them: the call fails, saying so.
 */
export function withRequestParameters(call: Pick<ProviderCall, 'extra'>, request: ProviderRequest, at?: 'parameters' | 'input'): ProviderRequest {
	const named = call.extra?.named ?? {};
	const user = call.extra?.user ?? {};
	if (request.method !== 'POST' || (!Object.keys(named).length && !Object.keys(user).length)) return request;
	if (!isPlainObject(request.body)) {
		throw new RouterCallError({
			kind: 'final',
			httpCode: null,
			code: 'NO_PARAMETERS',
			message: `This provider takes the file as a binary (raw or multipart) request body, so ${Object.keys({ ...named, ...user }).join(', ')} cannot be sent. Remove the option, or pick another provider`,
		});
	}
	const body = request.body;
	const holder = at ? { ...asRecord(body[at]) } : { ...body };
	Object.assign(holder, named);
	for (const [key, value] of Object.entries(user)) if (!(key in holder) && key !== 'model') holder[key] = value;
	if (!at && 'model' in body) holder.model = body.model;
	return { ...request, body: at ? { ...body, [at]: holder } : holder };
}

/** Sends a JSON request through the one transport, bounded by the item's deadline. */
export async function sendJson<T = unknown>(call: ProviderCall, request: ProviderRequest): Promise<T> {
	const answer = await call.transport.requestJson<T>({ ...withRequestParameters(call, request, call.parametersAt), deadline: call.deadline });
	return answer.data;
}

/** A small typed view on an unknown JSON value. */
export function asRecord(value: unknown): Record<string, unknown> {
	return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** Sends a request whose answer is a file (audio, a picture), with the call's extra parameters. */
export async function sendRaw(call: ProviderCall, request: ProviderRequest) {
	return await call.transport.requestRaw({ ...withRequestParameters(call, request, call.parametersAt), deadline: call.deadline });
}

/** Whether the call carries parameters beyond the task's typed ones. */
export function hasExtraParameters(call: Pick<ProviderCall, 'extra'>): boolean {
	return Object.keys(call.extra?.named ?? {}).length + Object.keys(call.extra?.user ?? {}).length > 0;
}
