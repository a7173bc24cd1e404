import { InferenceClient } from '@huggingface/inference';

import { startEmulator, type Emulator } from '../emulator';

/**
 * Points the official client at the emulator. huggingface.js builds every URL on the constants
 * https://router.huggingface.co and https://huggingface.co (src/config.ts); it sends the inference
 * call through `options.fetch`, but polls, downloads and the `auto` provider's mapping look-up go
 * through the global fetch (src/providers/fal-ai.ts, wavespeed.ts, replicate.ts,
 * src/lib/getInferenceProviderMapping.ts). Both are given this rewrite while the suite runs.
 */
const HOSTS = ['https://router.huggingface.co', 'https://huggingface.co'];

export interface RouterFetch {
	fetch: typeof fetch;
	/** Every URL the client asked for, before the rewrite. */
	urls: string[];
	restore(): void;
}

export function installRouterFetch(emulatorUrl: string): RouterFetch {
	const original = globalThis.fetch;
	const urls: string[] = [];
	const rewrite = (url: string): string => {
		for (const host of HOSTS) if (url === host || url.startsWith(`${host}/`)) return `${emulatorUrl}${url.slice(host.length)}`;
		return url;
	};
	const routed: typeof fetch = async (input, init) => {
		const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
		urls.push(url);
		if (typeof input === 'string' || input instanceof URL) return await original(rewrite(url), init);
		return await original(new Request(rewrite(url), input), init);
	};
	globalThis.fetch = routed;
	return {
		fetch: routed,
		urls,
		restore: () => {
			globalThis.fetch = original;
		},
	};
}

/** What a conformance suite drives: a fresh emulator, the rewrite, and the client on it (set in beforeAll). */
export interface ClientOnEmulator {
	emulator: Emulator;
	routed: RouterFetch;
	client: InferenceClient;
}

/**
 * Sets a suite up (beforeAll, afterAll, and a reset before each test): an emulator where `token`
 * may write, the client pointed at it. The client waits between polls with real timers (fal-ai
 * and novita 0.5 s, together 2 s, zai-org 5 s: src/providers/*.ts); with `fastTimers` those waits
 * are shortened so a suite takes seconds, and it still polls as often as it would.
 */
export function useClientOnEmulator(token: string, options: { fastTimers?: boolean } = {}): ClientOnEmulator {
	const suite = {} as ClientOnEmulator;
	const realSetTimeout = globalThis.setTimeout;
	beforeAll(async () => {
		if (options.fastTimers) {
			const shortened = ((handler: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) =>
				realSetTimeout(handler, ms && ms >= 100 ? Math.ceil(ms / 50) : ms, ...args)) as unknown as typeof setTimeout;
			globalThis.setTimeout = Object.assign(shortened, realSetTimeout);
		}
		suite.emulator = await startEmulator({ tokens: { [token]: { credits: 100, role: 'write' } } });
		suite.routed = installRouterFetch(suite.emulator.url);
		suite.client = new InferenceClient(token, { fetch: suite.routed.fetch });
	});
	afterAll(async () => {
		globalThis.setTimeout = realSetTimeout;
		suite.routed.restore();
		await suite.emulator.close();
	});
	beforeEach(() => suite.emulator.reset());
	return suite;
}
