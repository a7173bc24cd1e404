/** A local HTTP server standing in for an API, for the harness's own tests: it records every request. */
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

interface Recorded {
	method: string;
	url: string;
	headers: IncomingHttpHeaders;
	body: string;
}
/** What reached the server since the current test began. */
export const requests: Recorded[] = [];
let server: Server;
let address: string;

const MODELS = Array.from({ length: 5 }, (_, i) => ({ id: `org/model-${i}`, name: `Model ${i}` }));

/** The server's base URL (set once `useEchoServer`'s beforeAll has run). */
export function baseUrl(): string {
	return address;
}

/** Starts the server for the calling test file, forgets the recorded requests before each test and closes it at the end. */
export function useEchoServer(): void {
	beforeAll(async () => {
		server = createServer((req, res) => {
			let body = '';
			req.on('data', (c: Buffer) => (body += c.toString()));
			req.on('end', () => {
				requests.push({ method: req.method!, url: req.url!, headers: req.headers, body });
				const url = new URL(req.url!, 'http://x');
				const json = (status: number, data: unknown) => {
					res.writeHead(status, { 'content-type': 'application/json' });
					res.end(JSON.stringify(data));
				};
				if (url.pathname === '/echo') {
					return json(200, { auth: req.headers.authorization ?? null, received: JSON.parse(body || '{}') });
				}
				if (url.pathname === '/models') {
					const filter = url.searchParams.get('filter') ?? '';
					const page = Number(url.searchParams.get('page') ?? 0);
					const matching = MODELS.filter((m) => m.id.includes(filter));
					const slice = matching.slice(page * 2, page * 2 + 2);
					return json(200, {
						auth: req.headers.authorization ?? null,
						models: slice,
						next: page * 2 + 2 < matching.length ? String(page + 1) : null,
					});
				}
				if (url.pathname === '/whoami') {
					if (req.headers.authorization === 'Bearer good-token') return json(200, { name: 'tester' });
					return json(401, { error: 'Invalid credentials' });
				}
				json(404, { error: 'not found' });
			});
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		address = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	});

	afterAll(async () => {
		await new Promise((resolve) => server.close(resolve));
	});

	beforeEach(() => {
		requests.length = 0;
	});
}
