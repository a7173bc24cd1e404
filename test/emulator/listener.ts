/** The emulator's HTTP plumbing: an Exchange per request (recorded in the request log), listening, error wrapping. */
import type { IncomingMessage, Server, ServerResponse } from 'http';
import type { AddressInfo } from 'net';
import { headerRecord, parseBody, queryRecord, readBody, type Exchange } from './exchange';
import type { EmulatorState } from './state';
import type { RecordedRequest } from './types';

export async function buildExchange(req: IncomingMessage, res: ServerResponse, st: EmulatorState, listener: 'router' | 'cdn'): Promise<Exchange> {
	const url = new URL(req.url ?? '/', 'http://emulator.local');
	let path = url.pathname;
	try {
		path = decodeURIComponent(path);
	} catch {
		/* keep raw */
	}
	const record: RecordedRequest = {
		listener,
		method: req.method ?? 'GET',
		path,
		query: queryRecord(url.searchParams),
		headers: headerRecord(req),
		body: null,
		status: 0,
		receivedAt: performance.now(),
	};
	st.requests.push(record);
	const answered = (): void => {
		record.answeredAt ??= performance.now();
	};
	res.on('finish', answered);
	res.on('close', answered);
	const rawBody = await readBody(req);
	const parsed = parseBody(rawBody, req.headers['content-type']);
	record.body = parsed.logged;
	return { req, res, method: record.method, path, query: url.searchParams, rawBody, json: parsed.json, jsonError: parsed.jsonError, record, requestId: st.requestId() };
}

export function listen(server: Server, port: number, host: string): Promise<number> {
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, host, () => {
			server.off('error', reject);
			resolve((server.address() as AddressInfo).port);
		});
	});
}

export function wrap(handler: (req: IncomingMessage, res: ServerResponse, st: EmulatorState) => Promise<void>, st: EmulatorState) {
	return (req: IncomingMessage, res: ServerResponse): void => {
		handler(req, res, st).catch((err: unknown) => {
			// eslint-disable-next-line no-console
			console.error('[hf-emulator] handler error', err);
			if (!res.headersSent && !res.destroyed) {
				res.writeHead(500, { 'Content-Type': 'application/json' });
				res.end(JSON.stringify({ error: 'Internal Server Error' }));
			} else if (!res.destroyed) res.destroy();
		});
	};
}
