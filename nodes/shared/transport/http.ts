import type { IDataObject, IHttpRequestMethods, IHttpRequestOptions } from 'n8n-workflow';

import { isBodyStream } from './peek';
import { CREDENTIAL_TYPE, isUploadBody, type TransportContext } from './types';

/** One request as the transport sends it, through n8n's own HTTP helpers (proxy settings included). */
export interface HttpAttempt {
	method: IHttpRequestMethods;
	url: string;
	body?: unknown;
	headers: Record<string, string>;
	/** Ends the attempt: the item's budget ran out, or the execution was stopped. */
	signal: AbortSignal;
	/** With the credential's token (router and Hub), or without (a provider's CDN). */
	authenticated: boolean;
	/** The token, read once per execution; without it n8n's httpRequestWithAuthentication adds it. */
	token?: string;
	/** Hand back the body as a stream (server-sent events) rather than reading it whole. */
	stream?: boolean;
}

export interface HttpResponse<B> {
	statusCode: number;
	headers: Record<string, string>;
	body: B;
}

export function lowerCaseHeaders(headers: unknown): Record<string, string> {
	const result: Record<string, string> = {};
	if (!headers) return result;
	for (const [key, value] of Object.entries(headers as Record<string, unknown>)) {
		if (value !== undefined) result[key.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
	}
	return result;
}

function requestOptions(attempt: HttpAttempt): IHttpRequestOptions {
	const options: IHttpRequestOptions = {
		method: attempt.method,
		url: attempt.url,
		headers: { ...attempt.headers },
		encoding: attempt.stream ? 'stream' : 'arraybuffer',
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		json: false,
		// The signal ends the attempt at its budget in every phase (connect, wait, body): an axios
		// `timeout` beside it would add a socket timer per request, and it only measures idleness.
		abortSignal: attempt.signal,
	};
	if (isBodyStream(attempt.body)) {
		// A file read as it is sent (UploadBody). Redirects are not followed: to replay a body on a
		// redirect, n8n's HTTP client (follow-redirects) keeps every piece of it until the answer,
		// which would hold the whole file after all.
		options.body = attempt.body as unknown as Buffer;
		options.headers!['Content-Type'] ??= 'application/octet-stream';
		options.disableFollowRedirect = true;
	} else if (Buffer.isBuffer(attempt.body)) {
		// Raw bytes (hf-inference audio): sent as they are, under the type the caller set.
		options.body = attempt.body;
		options.headers!['Content-Type'] ??= 'application/octet-stream';
	} else if (attempt.body !== undefined) {
		options.body = JSON.stringify(attempt.body);
		options.headers!['Content-Type'] = 'application/json';
	}
	return options;
}

async function send(ctx: TransportContext, attempt: HttpAttempt) {
	const options = requestOptions(attempt);
	let response: { statusCode: number; headers: IDataObject; body: unknown };
	if (attempt.authenticated && attempt.token) {
		// The credential's own header (its `authenticate`), from the token the transport read once.
		// httpRequestWithAuthentication would load and decrypt the credential from n8n's database
		// again for every call: about 1 ms of CPU and a database round trip each, measured in n8n
		// 2.41 (npm run bench), which made every call wait for the one before.
		options.headers!.Authorization = `Bearer ${attempt.token}`;
		response = await ctx.helpers.httpRequest(options);
	} else {
		response = attempt.authenticated
			? await ctx.helpers.httpRequestWithAuthentication.call(ctx, CREDENTIAL_TYPE, options)
			: await ctx.helpers.httpRequest(options);
	}
	return { statusCode: response.statusCode, headers: lowerCaseHeaders(response.headers), body: response.body };
}

/** An attempt's body and headers: an UploadBody is opened anew (a retry sends the file from its start). */
export async function openUpload(body: unknown, headers: Record<string, string>): Promise<{ body: unknown; headers: Record<string, string> }> {
	if (!isUploadBody(body)) return { body, headers };
	return { body: await body.open(), headers: body.size === undefined ? headers : { ...headers, 'Content-Length': String(body.size) } };
}

/** Sends one request and reads its whole body. Throws only when no answer came at all. */
export async function sendForBuffer(ctx: TransportContext, attempt: HttpAttempt): Promise<HttpResponse<Buffer>> {
	const response = await send(ctx, { ...attempt, stream: false });
	const body = response.body;
	return { ...response, body: Buffer.isBuffer(body) ? body : Buffer.from((body as string | undefined) ?? '') };
}

/** Sends one request and hands back its body unread, as a stream of bytes. */
export async function sendForStream(
	ctx: TransportContext,
	attempt: HttpAttempt,
): Promise<HttpResponse<AsyncIterable<Buffer | string>>> {
	const response = await send(ctx, { ...attempt, stream: true });
	const body = response.body as (AsyncIterable<Buffer | string> & { destroy?: (error?: Error) => void }) | Buffer | string;
	if (typeof body === 'string' || Buffer.isBuffer(body) || body === undefined || body === null) {
		// Some helpers (and n8n versions) read a short body whole: a one-chunk stream is the same.
		const whole = body ?? '';
		return { ...response, body: (async function* () { yield whole; })() };
	}
	// Aborting the request ends a body that is still arriving: the budget bounds the stream too.
	const stop = () => body.destroy?.(new Error('The request was aborted'));
	if (attempt.signal.aborted) stop();
	else attempt.signal.addEventListener('abort', stop, { once: true });
	return { ...response, body };
}

/** Reads a (failed) answer's stream, up to `limit` bytes: enough for any error body. */
export async function readAtMost(stream: AsyncIterable<Buffer | string>, limit = 64 * 1024): Promise<Buffer> {
	const parts: Buffer[] = [];
	let size = 0;
	for await (const chunk of stream) {
		const part = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
		parts.push(part);
		size += part.length;
		if (size >= limit) break;
	}
	return Buffer.concat(parts).subarray(0, limit);
}
