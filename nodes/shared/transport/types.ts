import type { IExecuteFunctions, IHttpRequestMethods, ILoadOptionsFunctions, ISupplyDataFunctions } from 'n8n-workflow';

import type { CallLimiter } from './limiter';
import type { BodyStream } from './peek';
import type { RetryPolicy } from './retry';

export const CREDENTIAL_TYPE = 'huggingFaceInferenceApi';

export interface HuggingFaceCredentials {
	accessToken: string;
	billTo: string;
	routerUrl: string;
	hubUrl: string;
}

/** The node running (main node), its model picker, or a sub-node supplying a model to an AI node. */
export type TransportContext = IExecuteFunctions | ILoadOptionsFunctions | ISupplyDataFunctions;

export interface TransportOptions {
	/** Budget for one item, polling and retries included (ms). */
	timeoutMs: number;
	maxRetries: number;
	/** This caller's lane of its account's limiter (shared/routerAccess), so that concurrency adapts to 429s. */
	limiter?: CallLimiter;
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
	/**
	 * Sent as JSON; a Buffer is sent as raw bytes with the `Content-Type` of `headers`; an
	 * UploadBody is opened again for each attempt and sent as it is read.
	 */
	body?: unknown;
	headers?: Record<string, string>;
	/** Absolute time (ms since epoch) after which no attempt starts. */
	deadline: number;
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

/**
 * A raw body read from where n8n keeps it (a file in its binary store) for each attempt, so that
 * the whole file is never in memory; a retry reads it again from the start.
 */
export interface UploadBody {
	open(): Promise<BodyStream>;
	/** Its length in bytes, sent as Content-Length where known. */
	size?: number;
}

export function isUploadBody(body: unknown): body is UploadBody {
	return !!body && typeof body === 'object' && typeof (body as Partial<UploadBody>).open === 'function';
}
