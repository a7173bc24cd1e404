/** One HTTP request/response pair on either listener, with answer helpers that keep the log right. */
import type { IncomingMessage, ServerResponse } from 'http';
import type { RecordedRequest } from './types';

export interface Exchange {
	req: IncomingMessage;
	res: ServerResponse;
	method: string;
	path: string;
	query: URLSearchParams;
	rawBody: Buffer;
	/** Parsed JSON body (undefined when empty or not JSON). */
	json: unknown;
	/** Body present but not valid JSON. */
	jsonError: boolean;
	record: RecordedRequest;
	requestId: string;
}

export function readBody(req: IncomingMessage, limit = 64 * 1024 * 1024): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		req.on('data', (c: Buffer) => {
			size += c.length;
			if (size <= limit) chunks.push(c);
		});
		req.on('end', () => resolve(Buffer.concat(chunks)));
		req.on('error', reject);
	});
}

export function headerRecord(req: IncomingMessage): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [k, v] of Object.entries(req.headers)) {
		if (v === undefined) continue;
		out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
	}
	return out;
}

export function queryRecord(q: URLSearchParams): Record<string, string | string[]> {
	const out: Record<string, string | string[]> = {};
	for (const key of new Set(q.keys())) {
		const all = q.getAll(key);
		out[key] = all.length === 1 ? all[0] : all;
	}
	return out;
}

export function parseBody(raw: Buffer, contentType: string | undefined): { json: unknown; jsonError: boolean; logged: unknown } {
	if (raw.length === 0) return { json: undefined, jsonError: false, logged: null };
	const looksJson = !contentType || /json/i.test(contentType) || /^[\s]*[[{"]/.test(raw.subarray(0, 16).toString('utf8'));
	if (looksJson) {
		try {
			const json = JSON.parse(raw.toString('utf8')) as unknown;
			return { json, jsonError: false, logged: json };
		} catch {
			return { json: undefined, jsonError: true, logged: { bytes: raw.length } };
		}
	}
	return { json: undefined, jsonError: true, logged: { bytes: raw.length } };
}

function finish(ex: Exchange, status: number, contentType: string, payload: string | Buffer, headers: Record<string, string>): void {
	if (ex.res.headersSent || ex.res.destroyed) return;
	ex.record.status = status;
	for (const [k, v] of Object.entries(headers)) ex.res.setHeader(k, v);
	ex.res.setHeader('Content-Type', contentType);
	ex.res.setHeader('Content-Length', Buffer.byteLength(payload));
	ex.res.writeHead(status);
	ex.res.end(payload);
}

export function sendJson(ex: Exchange, status: number, body: unknown, headers: Record<string, string> = {}, contentType = 'application/json'): void {
	finish(ex, status, contentType, JSON.stringify(body), headers);
}

export function sendText(ex: Exchange, status: number, text: string, contentType = 'text/plain; charset=utf-8', headers: Record<string, string> = {}): void {
	finish(ex, status, contentType, text, headers);
}

export function sendBytes(ex: Exchange, status: number, bytes: Buffer, contentType: string, headers: Record<string, string> = {}): void {
	finish(ex, status, contentType, bytes, headers);
}

/** Destroy the socket without answering. */
export function cut(ex: Exchange): void {
	ex.record.status = 0;
	ex.req.socket.destroy();
}
