import type { IBinaryData } from 'n8n-workflow';

import { decodePngHeader, type Emulator, type RecordedRequest } from '../emulator';
import { hashString } from '../emulator/vectors';
import { FLUX_DEV, H, OPTIONS, PROMPT, W, cdnCalls, expectedPng, imageParameters, useImageEmulator } from './image-support';
import { TOKEN, inferenceCalls, mappingCalls, runHuggingFace } from './support';

let emulator: Emulator;
useImageEmulator((started) => (emulator = started));

interface ProviderCase {
	provider: string;
	model: string;
	providerModelId: string;
	/** The submit call. */
	submit: { path: string; query?: Record<string, string>; body: unknown; headers?: Record<string, string>; status: number };
	/** Paths of the calls after the submit, in order (ids replaced by the job's own). */
	followUps: (submitAnswerId: string) => string[];
	/** Whether the picture comes from the CDN (else inline in the answer). */
	viaCdn: boolean;
	/** The seed the emulator used to draw the picture. */
	seed: number;
}

const CASES: ProviderCase[] = [
	{
		provider: 'hf-inference',
		model: FLUX_DEV,
		providerModelId: FLUX_DEV,
		submit: {
			path: `/hf-inference/models/${FLUX_DEV}`,
			body: { inputs: PROMPT, parameters: { width: W, height: H, num_inference_steps: 4, seed: 7 } },
			status: 200,
		},
		followUps: () => [],
		viaCdn: false,
		seed: 7,
	},
	{
		provider: 'together',
		model: FLUX_DEV,
		providerModelId: 'black-forest-labs/FLUX.1-dev',
		submit: {
			path: '/together/v1/images/generations',
			body: { prompt: PROMPT, model: 'black-forest-labs/FLUX.1-dev', width: W, height: H, steps: 4, seed: 7, response_format: 'base64' },
			status: 200,
		},
		followUps: () => [],
		viaCdn: false,
		seed: 7,
	},
	{
		provider: 'nscale',
		model: FLUX_DEV,
		providerModelId: 'black-forest-labs/FLUX.1-dev',
		submit: {
			path: '/nscale/v1/images/generations',
			body: { prompt: PROMPT, model: 'black-forest-labs/FLUX.1-dev', size: `${W}x${H}`, seed: 7, response_format: 'b64_json' },
			status: 200,
		},
		followUps: () => [],
		viaCdn: false,
		seed: 7,
	},
	{
		provider: 'fal-ai',
		model: FLUX_DEV,
		providerModelId: 'fal-ai/flux/dev',
		submit: {
			path: '/fal-ai/fal-ai/flux/dev',
			query: { _subdomain: 'queue' },
			body: { prompt: PROMPT, image_size: { width: W, height: H }, num_inference_steps: 4, seed: 7 },
			status: 200,
		},
		// The queue lives under the app (fal-ai/flux), as response_url says: two status checks, then the result.
		followUps: (id) => [
			`/fal-ai/fal-ai/flux/requests/${id}/status`,
			`/fal-ai/fal-ai/flux/requests/${id}/status`,
			`/fal-ai/fal-ai/flux/requests/${id}`,
		],
		viaCdn: true,
		seed: 7,
	},
	{
		provider: 'replicate',
		model: FLUX_DEV,
		providerModelId: 'black-forest-labs/flux-dev',
		submit: {
			path: '/replicate/v1/models/black-forest-labs/flux-dev/predictions',
			body: { input: { prompt: PROMPT, width: W, height: H, num_inference_steps: 4, seed: 7 } },
			headers: { prefer: 'wait' },
			status: 201,
		},
		// Prefer: wait gave the output at once: nothing to poll.
		followUps: () => [],
		viaCdn: true,
		seed: 7,
	},
	{
		provider: 'wavespeed',
		model: 'Qwen/Qwen-Image',
		providerModelId: 'wavespeed-ai/qwen-image/text-to-image',
		submit: {
			path: '/wavespeed/api/v3/wavespeed-ai/qwen-image/text-to-image',
			body: { prompt: PROMPT, width: W, height: H, num_inference_steps: 4, seed: 7 },
			status: 200,
		},
		followUps: (id) => [`/wavespeed/api/v3/predictions/${id}/result`, `/wavespeed/api/v3/predictions/${id}/result`],
		viaCdn: true,
		seed: 7,
	},
	{
		provider: 'zai-org',
		model: 'zai-org/CogView4-6B',
		providerModelId: 'cogview-4-250304',
		submit: {
			path: '/zai-org/api/paas/v4/async/images/generations',
			// Both clients: width and height as size (huggingface_hub), the other parameters under their Hub names.
			body: { model: 'cogview-4-250304', prompt: PROMPT, size: `${W}x${H}`, num_inference_steps: 4, seed: 7 },
			headers: { 'x-source-channel': 'hugging_face' },
			status: 200,
		},
		followUps: (id) => [`/zai-org/api/paas/v4/async-result/${id}`, `/zai-org/api/paas/v4/async-result/${id}`],
		viaCdn: true,
		seed: 7,
	},
];

/** The job id a provider's submit answer gave, read back from the poll paths the emulator received. */
function jobIdOf(provider: string, calls: RecordedRequest[]): string {
	const poll = calls[1]?.path ?? '';
	const patterns: Record<string, RegExp> = {
		'fal-ai': /\/requests\/([^/]+)/,
		wavespeed: /\/predictions\/([^/]+)\/result$/,
		'zai-org': /\/async-result\/([^/]+)$/,
		replicate: /\/predictions\/([^/]+)$/,
	};
	return patterns[provider]?.exec(poll)?.[1] ?? '';
}

describe('image: every provider, through the engine and the emulator', () => {
	test.each(CASES.map((c) => [c.provider, c] as const))('%s: route, body, provider model id, bytes and MIME type', async (_name, c) => {
		const { outputs, error, getBinaryBuffer } = await runHuggingFace(emulator, { parameters: imageParameters(c.model, c.provider, PROMPT, OPTIONS) });
		expect(error).toBeUndefined();
		expect(outputs[1]).toHaveLength(0);
		expect(outputs[0]).toHaveLength(1);

		// The request the emulator received.
		const calls = inferenceCalls(emulator);
		const [submit] = calls;
		expect(submit.method).toBe('POST');
		expect(submit.path).toBe(c.submit.path);
		if (c.submit.query) expect(submit.query).toEqual(c.submit.query);
		expect(submit.body).toEqual(c.submit.body);
		for (const [name, value] of Object.entries(c.submit.headers ?? {})) expect(submit.headers[name]).toBe(value);
		expect(submit.headers.authorization).toBe(`Bearer ${TOKEN}`);
		expect(submit.status).toBe(c.submit.status);
		expect(submit.routeProvider).toBe(c.provider);
		expect(submit.servedBy).toBe(c.provider);
		// The emulator found the Hub model from the provider's own id: the node sent the right one.
		expect(submit.hubModel).toBe(c.model);
		const id = jobIdOf(c.provider, calls);
		expect(calls.slice(1).map((call) => `${call.method} ${call.path}`)).toEqual(c.followUps(id).map((path) => `GET ${path}`));
		for (const call of calls.slice(1)) {
			expect(call.status).toBe(200);
			if (c.submit.query) expect(call.query).toEqual(c.submit.query);
		}
		expect(mappingCalls(emulator, c.model)).toHaveLength(1);
		expect(mappingCalls(emulator, c.model)[0].query).toEqual({ 'expand[]': 'inferenceProviderMapping' });

		// The picture: on the CDN (without the token) or inline.
		const cdn = cdnCalls(emulator);
		expect(cdn).toHaveLength(c.viaCdn ? 1 : 0);
		for (const call of cdn) {
			expect(call.headers.authorization).toBeUndefined();
			expect(call.status).toBe(200);
		}

		// What reaches the output item.
		const [item] = outputs[0];
		expect(item.pairedItem).toEqual({ item: 0 });
		const binary = item.binary!.data as IBinaryData;
		expect(binary.mimeType).toBe('image/png');
		expect(binary.fileExtension).toBe('png');
		expect(binary.fileName).toBe('image.png');
		const bytes = await getBinaryBuffer(item, 'data');
		const expected = expectedPng(PROMPT, W, H, c.seed);
		expect(bytes.equals(expected)).toBe(true);
		// The emulator draws the requested aspect ratio on a grid of at most 64 pixels.
		expect(decodePngHeader(bytes)).toMatchObject({ width: 64, height: 48 });
		expect(item.json).toMatchObject({
			model: c.model,
			provider: c.provider,
			providerModelId: c.providerModelId,
			prompt: PROMPT,
			mimeType: 'image/png',
			fileSize: expected.length,
		});
		// The node's clock runs from before the submit to after the last answer (poll, CDN download): at
		// least the span the emulator saw those calls take (less a millisecond, Date.now() being whole ms).
		const served = [...calls, ...cdn];
		const span = Math.max(...served.map((call) => call.answeredAt!)) - Math.min(...served.map((call) => call.receivedAt!));
		expect(span).toBeGreaterThan(0);
		expect(typeof item.json.latencyMs).toBe('number');
		expect(item.json.latencyMs as number).toBeGreaterThanOrEqual(Math.floor(span) - 1);
	});

	test('replicate: while output is null, polls /replicate/v1/predictions/{id} through the router, never urls.get', async () => {
		emulator.setReplicatePending(2);
		const { outputs, error, getBinaryBuffer } = await runHuggingFace(emulator, { parameters: imageParameters(FLUX_DEV, 'replicate', PROMPT, OPTIONS) });
		expect(error).toBeUndefined();
		const calls = inferenceCalls(emulator);
		expect(calls[0].path).toBe('/replicate/v1/models/black-forest-labs/flux-dev/predictions');
		expect(calls[0].headers.prefer).toBe('wait');
		const id = /\/predictions\/([^/]+)$/.exec(calls[1].path)![1];
		// The submit answer had output null and urls.get on api.replicate.com: the node polled the router instead.
		expect(calls.map((call) => `${call.method} ${call.path}`)).toEqual([
			'POST /replicate/v1/models/black-forest-labs/flux-dev/predictions',
			`GET /replicate/v1/predictions/${id}`,
			`GET /replicate/v1/predictions/${id}`,
		]);
		expect(calls.slice(1).every((call) => call.headers.authorization === `Bearer ${TOKEN}`)).toBe(true);
		// Every request went to the emulator's two listeners: router, then the CDN for the file.
		expect(emulator.requests.map((request) => request.listener)).toEqual(['router', 'router', 'router', 'router', 'cdn']);
		expect(cdnCalls(emulator)[0].headers.authorization).toBeUndefined();
		const bytes = await getBinaryBuffer(outputs[0][0], 'data');
		expect(bytes.equals(expectedPng(PROMPT, W, H, 7))).toBe(true);
		expect(outputs[0][0].binary!.data.mimeType).toBe('image/png');
	});

	test('replicate: a provider id with :version goes to /v1/predictions with the version in the body', async () => {
		const model = 'stabilityai/stable-diffusion-xl-base-1.0';
		const version = '7762fd07cf82c948538e41f63f77d685e02b063e37e496e96eefd46c929f9bdc';
		const { outputs, error, getBinaryBuffer } = await runHuggingFace(emulator, { parameters: imageParameters(model, 'replicate', PROMPT, OPTIONS) });
		expect(error).toBeUndefined();
		const [submit] = inferenceCalls(emulator);
		expect(submit.path).toBe('/replicate/v1/predictions');
		expect(submit.body).toEqual({ input: { prompt: PROMPT, width: W, height: H, num_inference_steps: 4, seed: 7 }, version });
		expect(submit.hubModel).toBe(model);
		expect(outputs[0][0].json.providerModelId).toBe(`stability-ai/sdxl:${version}`);
		expect((await getBinaryBuffer(outputs[0][0], 'data')).equals(expectedPng(PROMPT, W, H, 7))).toBe(true);
	});

	test('no size set: no width or height is sent and the provider default (1024 x 1024 for together) is drawn', async () => {
		const { outputs, getBinaryBuffer } = await runHuggingFace(emulator, { parameters: imageParameters(FLUX_DEV, 'together', 'A red square') });
		const [submit] = inferenceCalls(emulator);
		expect(submit.body).toEqual({ prompt: 'A red square', model: 'black-forest-labs/FLUX.1-dev', response_format: 'base64' });
		const bytes = await getBinaryBuffer(outputs[0][0], 'data');
		expect(bytes.equals(expectedPng('A red square', 1024, 1024, hashString('A red square')))).toBe(true);
		expect(decodePngHeader(bytes)).toMatchObject({ width: 64, height: 64 });
	});

	test('negative prompt and guidance scale are sent under the Hub names', async () => {
		await runHuggingFace(emulator, {
			parameters: imageParameters(FLUX_DEV, 'hf-inference', PROMPT, { negativePrompt: 'fog', guidanceScale: 3.5, width: 256, height: 256 }),
		});
		expect(inferenceCalls(emulator)[0].body).toEqual({
			inputs: PROMPT,
			parameters: { width: 256, height: 256, guidance_scale: 3.5, negative_prompt: 'fog' },
		});
	});
});
