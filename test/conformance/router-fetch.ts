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
