/** What the provider unit tests share: a scripted stand-in for RouterTransport, a call, a PNG and image parameters. */
import type { ProviderCall } from '../../nodes/shared/providers/types';
import type { RouterTransport } from '../../nodes/shared/transport/RouterTransport';

export const PNG_B64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';
export const PNG = Buffer.from(PNG_B64, 'base64');

export interface Recorded {
	kind: 'json' | 'raw' | 'download' | 'stream';
	method?: string;
	url: string;
	body?: unknown;
	headers?: Record<string, string>;
}

/** A stand-in for RouterTransport: answers from a script, records every request. */
export function fakeTransport(script: {
	json?: (url: string, method: string) => unknown;
	raw?: () => { headers: Record<string, string>; body: Buffer };
	download?: { headers: Record<string, string>; body: Buffer };
}) {
	const requests: Recorded[] = [];
	const transport = {
		async requestJson(request: { method: string; url: string; body?: unknown; headers?: Record<string, string> }) {
			requests.push({ kind: 'json', method: request.method, url: request.url, body: request.body, headers: request.headers });
			return { status: 200, headers: {}, data: script.json!(request.url, request.method) };
		},
		async requestRaw(request: { method: string; url: string; body?: unknown; headers?: Record<string, string> }) {
			requests.push({ kind: 'raw', method: request.method, url: request.url, body: request.body, headers: request.headers });
			return { status: 200, ...script.raw!() };
		},
		async requestStream<T>(
			request: { method: string; url: string; body?: unknown; headers?: Record<string, string> },
			read: (body: AsyncIterable<Buffer>, signal: AbortSignal, headers: Record<string, string>) => Promise<T>,
		) {
			requests.push({ kind: 'stream', method: request.method, url: request.url, body: request.body, headers: request.headers });
			const { headers, body } = script.raw!();
			// A body n8n's helper handed back already read: a one-chunk iterable, not a Node stream.
			return await read((async function* () { yield body; })(), new AbortController().signal, headers);
		},
		async download(url: string) {
			requests.push({ kind: 'download', url });
			return { status: 200, ...(script.download ?? { headers: { 'content-type': 'image/png' }, body: PNG }) };
		},
		async pause(ms: number) {
			await new Promise((resolve) => setTimeout(resolve, ms));
		},
	};
	return { transport: transport as unknown as RouterTransport, requests };
}

export function call(transport: RouterTransport, overrides: Partial<ProviderCall> = {}): ProviderCall {
	return {
		transport,
		deadline: Date.now() + 5_000,
		hubModelId: 'black-forest-labs/FLUX.1-dev',
		providerModelId: 'fal-ai/flux/dev',
		pollIntervalMs: 1,
		...overrides,
	};
}

export const ALL_IMAGE_PARAMETERS = {
	prompt: 'An astronaut riding a horse on the moon.',
	negativePrompt: 'blurry',
	width: 512,
	height: 768,
	numInferenceSteps: 20,
	guidanceScale: 3.5,
	seed: 42,
};
export const IDS = { hubModelId: 'stabilityai/stable-diffusion-xl-base-1.0', providerModelId: 'stabilityai/stable-diffusion-xl-base-1.0' };

export function finalError(promise: Promise<unknown>, message: RegExp) {
	return expect(promise).rejects.toMatchObject({ name: 'RouterCallError', failure: { kind: 'final' }, message: expect.stringMatching(message) });
}
