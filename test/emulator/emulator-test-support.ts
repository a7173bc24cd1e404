/** What the emulator's own tests share: the tokens it knows, and a raw HTTP client for its routes. */
import { startEmulator, type Emulator } from './index';

export const READ = 'hf_read_token';
export const WRITE = 'hf_write_token';
export const FG_OK = 'hf_fine_grained_ok';
export const FG_NO = 'hf_fine_grained_no';
export const PREF = 'hf_preferring';
export const POOR = 'hf_poor';
export const ORG_MEMBER = 'hf_org_member';

/** The emulator the calling test file started; `call` sends to it (jest loads this module once per test file). */
let started: Emulator | undefined;

async function startTokenEmulator(): Promise<Emulator> {
	started = await startEmulator({
		tokens: {
			[READ]: { credits: 10, role: 'read', name: 'reader' },
			[WRITE]: { credits: 10, role: 'write', name: 'writer', isPro: true },
			[FG_OK]: { credits: 10, role: 'fineGrained', permissions: ['inference.serverless.write', 'repo.content.read'], name: 'alice' },
			[FG_NO]: { credits: 10, role: 'fineGrained', permissions: ['repo.content.read'], name: 'bob' },
			[PREF]: { credits: 10, preferredProviders: ['together', 'groq'] },
			[POOR]: { credits: 0.1 },
			[ORG_MEMBER]: { credits: 5, orgs: ['acme'], name: 'carol' },
		},
	});
	return started;
}

/** Starts the emulator for the calling test file, resets it before each test and closes it at the end. */
export function useTokenEmulator(onStarted: (emulator: Emulator) => void): void {
	beforeAll(async () => onStarted(await startTokenEmulator()));
	afterAll(async () => await started!.close());
	beforeEach(() => started!.reset());
}

export interface CallOpts {
	method?: string;
	token?: string | null;
	body?: unknown;
	headers?: Record<string, string>;
}


export async function call(path: string, opts: CallOpts = {}): Promise<Response> {
	const headers: Record<string, string> = { ...(opts.headers ?? {}) };
	const token = opts.token === undefined ? READ : opts.token;
	if (token) headers.Authorization = `Bearer ${token}`;
	if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
	return fetch(path.startsWith('http') ? path : `${started!.url}${path}`, {
		method: opts.method ?? (opts.body !== undefined ? 'POST' : 'GET'),
		headers,
		body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
	});
}

export async function json<T = Record<string, any>>(res: Response): Promise<T> {
	return (await res.json()) as T;
}

export function chatBody(model: string, text = 'Hello there', extra: Record<string, unknown> = {}): Record<string, unknown> {
	return { model, messages: [{ role: 'user', content: text }], ...extra };
}


export const LLAMA8 = 'meta-llama/Llama-3.1-8B-Instruct';
