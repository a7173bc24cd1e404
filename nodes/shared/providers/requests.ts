import type { IHttpRequestMethods } from 'n8n-workflow';

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

/** Sends a JSON request through the one transport, bounded by the item's deadline. */
export async function sendJson<T = unknown>(call: ProviderCall, request: ProviderRequest): Promise<T> {
	const answer = await call.transport.requestJson<T>({ ...request, deadline: call.deadline });
	return answer.data;
}

/** A small typed view on an unknown JSON value. */
export function asRecord(value: unknown): Record<string, unknown> {
	return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
