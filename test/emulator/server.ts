/**
 * The emulator: a router+Hub listener and a CDN listener, request log, auth/ledger gate, faults,
 * latency and a concurrency cap for router inference calls, and the control API used by tests.
 * Which handler serves a request: routes.ts.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'http';
import { MSG_CREDITS_DEPLETED, MSG_INVALID_TOKEN, defaultFaultBody, modelNotSupportedBody, msgInsufficientPermissions } from './errors';
import { cut, sendBytes, sendJson, sendText, type Exchange } from './exchange';
import { buildExchange, listen, wrap } from './listener';
import { bearer } from './hub';
import { handleAccountAdmin } from './account-admin';
import { generatePng } from './images';
import { Ledger } from './ledger';
import { matchRoute, type RouteMatch } from './routes';
import { EmulatorState, type CallContext } from './state';
import type { Emulator, EmulatorOptions, FailOptions, TokenSpec } from './types';

function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Replaces `{{authorization}}` in every string of a fault body by the request's Authorization header. */
function echoAuthorization(body: unknown, authorization: string): unknown {
	if (typeof body === 'string') return body.split('{{authorization}}').join(authorization);
	if (Array.isArray(body)) return body.map((entry) => echoAuthorization(entry, authorization));
	if (body && typeof body === 'object' && !Buffer.isBuffer(body)) {
		return Object.fromEntries(Object.entries(body).map(([key, value]) => [key, echoAuthorization(value, authorization)]));
	}
	return body;
}

function answerFault(ex: Exchange, status: number, opts: FailOptions | undefined, modelHint: string | undefined, user: string): void {
	const def = defaultFaultBody(status, modelHint, user);
	const body = opts?.body !== undefined ? echoAuthorization(opts.body, ex.record.headers.authorization ?? '') : def.body;
	const headers = { ...(opts?.body !== undefined ? {} : def.headers), ...(opts?.headers ?? {}) };
	if (typeof body === 'string' || Buffer.isBuffer(body)) {
		const ct = opts?.contentType ?? (opts?.body !== undefined ? 'text/plain; charset=utf-8' : def.contentType);
		return sendBytes(ex, status, Buffer.isBuffer(body) ? body : Buffer.from(body), ct, headers);
	}
	sendJson(ex, status, body, headers, opts?.contentType ?? def.contentType);
}

async function gateAndRun(ex: Exchange, st: EmulatorState, match: RouteMatch): Promise<void> {
	st.inFlight += 1;
	st.maxInFlight = Math.max(st.maxInFlight, st.inFlight);
	let counted = true;
	const release = (): void => {
		if (counted) {
			counted = false;
			st.inFlight -= 1;
		}
	};
	ex.res.on('close', release);
	ex.res.on('finish', release);

	if (st.cap !== null && st.inFlight > st.cap) {
		const headers: Record<string, string> = st.capRetryAfter !== null ? { 'Retry-After': String(st.capRetryAfter) } : {};
		return sendText(ex, 429, 'Too Many Requests', 'text/plain; charset=utf-8', headers);
	}
	if (st.latencyMs > 0) await sleep(st.latencyMs);
	if (ex.res.destroyed) return;

	const account = st.ledger.lookup(bearer(ex));
	if (!account) {
		return sendJson(ex, 401, { error: MSG_INVALID_TOKEN }, { 'X-Error-Message': MSG_INVALID_TOKEN }, 'application/json; charset=utf-8');
	}
	if (!st.ledger.canCallInference(account)) {
		return sendJson(ex, 403, { error: msgInsufficientPermissions(account.name) }, {}, 'application/json; charset=utf-8');
	}
	let ledgerKey = st.ledger.tokenKey(account.token);
	const billTo = ex.req.headers['x-hf-bill-to'];
	if (typeof billTo === 'string' && billTo.length > 0) {
		if (!account.orgs.includes(billTo)) {
			return sendJson(ex, 403, { error: `You are not a member of the organization ${billTo}, so you cannot bill it for Inference Providers usage.` }, {}, 'application/json; charset=utf-8');
		}
		ledgerKey = st.ledger.orgKey(billTo);
	}
	// The router checks the token (401), its permission (403), then the model, then the credits.
	if (match.refuseBeforeBilling?.({ account, ledgerKey })) return;
	if (match.kind === 'inference' && st.ledger.balance(ledgerKey) <= 0) {
		return sendJson(ex, 402, { error: st.depletedMessage }, {}, 'application/json; charset=utf-8');
	}
	// A model's own fault (failModel) comes before the next queued one: only calls for that model take it.
	const fault = (match.kind === 'inference' && ex.path === '/v1/chat/completions' ? st.takeModelFault(match.modelHint) : undefined) ?? st.takeFault();
	if (fault?.kind === 'cut') return cut(ex);
	if (fault?.kind === 'malformed') {
		return sendText(ex, 200, '{"id":"chatcmpl-emulator","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"Hel', 'application/json');
	}
	if (fault?.kind === 'fail') return answerFault(ex, fault.status ?? 500, fault.opts, match.modelHint, account.name);
	await match.run({ account, ledgerKey });
}

/**
 * The Hub's 429 while its API window is used up: `RateLimit: "api";r=0;t=<seconds to the reset>`
 * and the window's policy, the headers huggingface_hub utils/_http.py `parse_ratelimit_headers`
 * reads (its docstring's example). The body's wording is unverified live.
 */
function answerHubRateLimited(ex: Exchange, st: EmulatorState): void {
	const resetSeconds = Math.max(1, Math.ceil((st.hubLimitedUntil - Date.now()) / 1000));
	sendJson(ex, 429, { error: 'You have exceeded our hourly quotas for action: api. We invite you to retry later.' }, {
		RateLimit: `"api";r=0;t=${resetSeconds}`,
		'RateLimit-Policy': '"fixed window";"api";q=500;w=300',
	}, 'application/json; charset=utf-8');
}

async function onRouterRequest(req: IncomingMessage, res: ServerResponse, st: EmulatorState): Promise<void> {
	const ex = await buildExchange(req, res, st, 'router');
	res.setHeader('x-request-id', ex.requestId);
	if (st.accountAdmin && handleAccountAdmin(ex, st)) return;
	const match = matchRoute(ex, st);
	if (!match) return sendJson(ex, 404, { error: `Not Found: ${ex.method} ${ex.path}` });
	if (match.kind === 'plain') {
		if (ex.path.startsWith('/api/') && Date.now() < st.hubLimitedUntil) return answerHubRateLimited(ex, st);
		return void (await match.run(undefined as unknown as CallContext));
	}
	await gateAndRun(ex, st, match);
}

async function onCdnRequest(req: IncomingMessage, res: ServerResponse, st: EmulatorState): Promise<void> {
	const ex = await buildExchange(req, res, st, 'cdn');
	if (ex.method !== 'GET' && ex.method !== 'HEAD') return sendText(ex, 405, 'Method Not Allowed');
	const file = st.files.get(ex.path) ?? st.served.get(ex.path);
	const image = st.images.get(ex.path);
	if (!file && !image) return sendText(ex, 404, 'Not Found');
	if (st.cdnNonImage) return sendText(ex, 200, '<!doctype html><html><body><h1>Access denied</h1></body></html>', 'text/html; charset=utf-8');
	if (file) return sendBytes(ex, 200, file.bytes, file.contentType, { 'Cache-Control': 'public, max-age=3600' });
	sendBytes(ex, 200, generatePng(image!), 'image/png', { 'Cache-Control': 'public, max-age=3600' });
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
	const host = options.host ?? '127.0.0.1';
	const ledger = new Ledger(options.defaultCredits ?? 0.1, options.acceptAnyToken === true);
	for (const [token, spec] of Object.entries(options.tokens ?? {})) ledger.addToken(token, spec);
	const st = new EmulatorState(ledger);
	st.accountAdmin = options.accountAdmin === true;
	if (options.depletedHint) st.depletedMessage = `${MSG_CREDITS_DEPLETED} ${options.depletedHint}`;

	const router = createServer(wrap(onRouterRequest, st));
	const cdn = createServer(wrap(onCdnRequest, st));
	router.keepAliveTimeout = 5000;
	cdn.keepAliveTimeout = 5000;
	const routerPort = await listen(router, options.port ?? 0, host);
	const cdnPort = await listen(cdn, options.cdnPort ?? 0, host);
	const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
	st.url = `http://${urlHost}:${routerPort}`;
	st.cdnUrl = `http://${urlHost}:${cdnPort}`;

	const closeServer = (s: Server): Promise<void> =>
		new Promise((resolve) => {
			s.close(() => resolve());
			s.closeAllConnections();
		});

	const emulator: Emulator = {
		url: st.url,
		cdnUrl: st.cdnUrl,
		requests: st.requests,
		addToken: (token: string, spec?: TokenSpec) => void ledger.addToken(token, spec),
		setCredits: (tokenOrOrg: string, usd: number) => ledger.set(tokenOrOrg, usd),
		getCredits: (tokenOrOrg: string) => ledger.get(tokenOrOrg),
		refillCredits: () => ledger.refill(),
		setLatency: (ms: number) => {
			st.latencyMs = Math.max(0, ms);
		},
		setConcurrencyCap: (cap, opts) => {
			st.cap = cap;
			st.capRetryAfter = opts?.retryAfterSeconds ?? null;
		},
		failNext: (count, status, opts) => {
			if (count > 0) st.faults.push({ kind: 'fail', remaining: count, status, opts });
		},
		failModel: (hubId, status, options) => {
			const count = options?.count ?? Infinity;
			// A 400 without a body is the router's answer for a model no enabled provider serves (OpenAI style, code model_not_supported).
			const opts = status === 400 && options?.body === undefined ? { ...options, body: modelNotSupportedBody(hubId) } : options;
			if (count > 0) st.modelFaults.set(hubId, { kind: 'fail', remaining: count, status, opts });
		},
		clearModelFaults: () => st.modelFaults.clear(),
		cutNext: (count) => {
			if (count > 0) st.faults.push({ kind: 'cut', remaining: count });
		},
		malformedNext: (count) => {
			if (count > 0) st.faults.push({ kind: 'malformed', remaining: count });
		},
		streamErrorNext: (count) => {
			st.streamErrors += Math.max(0, count);
		},
		limitHubFor: (seconds) => {
			st.hubLimitedUntil = Date.now() + Math.max(0, seconds) * 1000;
		},
		setReplicatePending: (polls, options) => {
			st.replicatePendingPolls = Math.max(0, Math.floor(polls));
			st.replicatePoll = { ...options };
		},
		setImageBytes: (bytes) => {
			st.imageBytes = bytes;
		},
		setCdnServesNonImage: (on) => {
			st.cdnNonImage = on;
		},
		serveFile: (name, bytes, contentType) => {
			st.served.set(`/files/${name}`, { bytes, contentType });
			return `${st.cdnUrl}/files/${name}`;
		},
		inFlight: () => st.inFlight,
		maxInFlight: () => st.maxInFlight,
		answerLegacyShapes: (on) => {
			st.legacyTextShapes = on;
		},
		degradeModel: (hubId, options) => st.degradations.degrade(hubId, options?.afterCalls ?? 0),
		reset: () => st.reset(),
		close: async () => {
			await Promise.all([closeServer(router), closeServer(cdn)]);
		},
	};
	return emulator;
}
