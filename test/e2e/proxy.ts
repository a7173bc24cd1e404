/**
 * A small forward HTTP proxy on 127.0.0.1 for the e2e tests, standing in for the corporate proxy
 * a user points n8n at with HTTP_PROXY / HTTPS_PROXY. It records every request it carries and
 * serves made-up host names: `<anything>.hf-proxy.test:<port>` goes to 127.0.0.1:<port>. Those
 * names resolve nowhere, so a call that reaches the emulator under one of them went through here.
 */
import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'http';
import { connect, type AddressInfo, type Socket } from 'net';

export const PROXIED_DOMAIN = 'hf-proxy.test';

export interface ProxiedRequest {
	method: string;
	/** Absolute URL for plain HTTP, `host:port` for a CONNECT tunnel. */
	target: string;
	/** Why the proxy could not carry it, if it could not. */
	error?: string;
	/** The status the upstream answered. */
	status?: number;
}

export interface RecordingProxy {
	url: string;
	requests: ProxiedRequest[];
	close(): Promise<void>;
}

/** Where a proxied host really is: only the made-up domain is served. */
function upstream(hostname: string, port: number): { host: string; port: number } | undefined {
	if (hostname === PROXIED_DOMAIN || hostname.endsWith(`.${PROXIED_DOMAIN}`)) return { host: '127.0.0.1', port };
	return undefined;
}

/** Hop-by-hop headers stay between the client and the proxy (RFC 9110, 7.6.1). */
function forwardedHeaders(headers: IncomingHttpHeaders, host: string): IncomingHttpHeaders {
	const forwarded: IncomingHttpHeaders = { ...headers, host };
	for (const name of ['connection', 'proxy-connection', 'keep-alive', 'proxy-authorization', 'te', 'trailer', 'upgrade']) delete forwarded[name];
	return forwarded;
}

export async function startRecordingProxy(): Promise<RecordingProxy> {
	const requests: ProxiedRequest[] = [];
	const sockets = new Set<Socket>();
	const server: Server = createServer((request, response) => {
		const target = request.url ?? '';
		const record: ProxiedRequest = { method: request.method ?? '', target };
		requests.push(record);
		let url: URL;
		try {
			url = new URL(target);
		} catch {
			response.writeHead(400).end('absolute URL expected: this is a proxy');
			return;
		}
		const to = upstream(url.hostname, Number(url.port || 80));
		if (!to) {
			response.writeHead(502).end(`this test proxy only serves *.${PROXIED_DOMAIN}`);
			return;
		}
		const outbound = httpRequest(
			{ host: to.host, port: to.port, method: request.method, path: `${url.pathname}${url.search}`, headers: forwardedHeaders(request.headers, url.host), agent: false },
			(answer) => {
				record.status = answer.statusCode;
				response.writeHead(answer.statusCode ?? 502, answer.headers);
				answer.pipe(response);
			},
		);
		outbound.on('error', (error) => {
			record.error = String(error);
			if (!response.headersSent) response.writeHead(502);
			response.end(`proxy: ${String(error)}`);
		});
		request.pipe(outbound);
	});
	// HTTPS through a proxy: a CONNECT tunnel (recorded, served for the made-up domain only).
	server.on('connect', (request, client: Socket, head: Buffer) => {
		const target = request.url ?? '';
		requests.push({ method: 'CONNECT', target });
		const [hostname, port] = target.split(':');
		const to = upstream(hostname, Number(port || 443));
		if (!to) {
			client.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
			return;
		}
		const tunnel = connect(to.port, to.host, () => {
			client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
			tunnel.write(head);
			tunnel.pipe(client).pipe(tunnel);
		});
		tunnel.on('error', () => client.destroy());
		client.on('error', () => tunnel.destroy());
	});
	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		requests,
		close: async () => {
			for (const socket of sockets) socket.destroy();
			await new Promise((resolve) => server.close(resolve));
		},
	};
}
