import type { IBinaryData, IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { decodePngHeader, generatePng, type Emulator, type RecordedRequest } from '../emulator';
import { hashString } from '../emulator/vectors';
import { TOKEN, errorDescription, errorText, inferenceCalls, mappingCalls, runHuggingFace, startTestEmulator } from './support';

const PROMPT = 'A lighthouse at dawn';
const FLUX_DEV = 'black-forest-labs/FLUX.1-dev';
/** Every image test polls fast: the pause between two status checks is the node's option. */
const FAST = { pollInterval: 10, concurrency: 1 };

let emulator: Emulator;
beforeAll(async () => {
	emulator = await startTestEmulator();
});
afterAll(async () => await emulator.close());
beforeEach(() => emulator.reset());

function imageParameters(model: string, provider: string, prompt = PROMPT, options: IDataObject = {}): INodeParameters {
	return {
		operation: 'image',
		model: { __rl: true, mode: 'id', value: model },
		provider,
		prompt,
		options: { ...FAST, ...options },
	};
}

function cdnCalls(): RecordedRequest[] {
	return emulator.requests.filter((request) => request.listener === 'cdn');
}

/** What the emulator generated for a picture: a PNG of these parameters (its pixel grid is scaled down to 64). */
function expectedPng(prompt: string, width: number, height: number, seed: number): Buffer {
	return generatePng({ prompt, width, height, seed });
}

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

const W = 512;
const H = 384;
const OPTIONS = { width: W, height: H, numInferenceSteps: 4, seed: 7 };

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
			// Z.ai takes a size, and no steps nor seed.
			body: { model: 'cogview-4-250304', prompt: PROMPT, size: `${W}x${H}` },
			headers: { 'x-source-channel': 'hugging_face' },
			status: 200,
		},
		followUps: (id) => [`/zai-org/api/paas/v4/async-result/${id}`, `/zai-org/api/paas/v4/async-result/${id}`],
		viaCdn: true,
		seed: hashString(PROMPT),
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
		const cdn = cdnCalls();
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
		expect(typeof item.json.latencyMs).toBe('number');
		expect(item.json.latencyMs as number).toBeGreaterThanOrEqual(0);
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
		expect(cdnCalls()[0].headers.authorization).toBeUndefined();
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

describe('image: provider mapping and auto', () => {
	test('object-form mapping (FLUX.1-dev): auto takes the first live provider with a text-to-image route, fal-ai', async () => {
		const { outputs, error } = await runHuggingFace(emulator, { parameters: imageParameters(FLUX_DEV, 'auto', PROMPT, OPTIONS) });
		expect(error).toBeUndefined();
		expect(outputs[0][0].json).toMatchObject({ provider: 'fal-ai', providerModelId: 'fal-ai/flux/dev', model: FLUX_DEV });
		expect(inferenceCalls(emulator)[0].path).toBe('/fal-ai/fal-ai/flux/dev');
		expect(inferenceCalls(emulator)[0].servedBy).toBe('fal-ai');
	});

	test('array-form mapping (SDXL-Lightning): auto takes replicate with its pinned version', async () => {
		const model = 'ByteDance/SDXL-Lightning';
		const { outputs, error, getBinaryBuffer } = await runHuggingFace(emulator, { parameters: imageParameters(model, 'auto', PROMPT, OPTIONS) });
		expect(error).toBeUndefined();
		const [submit] = inferenceCalls(emulator);
		expect(submit.path).toBe('/replicate/v1/predictions');
		expect((submit.body as IDataObject).version).toBe('5599ed30703defd1d160a25a63321b4dec97101d98b4674bcc56e41f62f35637');
		expect(submit.hubModel).toBe(model);
		expect(outputs[0][0].json).toMatchObject({ provider: 'replicate', model });
		expect((await getBinaryBuffer(outputs[0][0], 'data')).equals(expectedPng(PROMPT, W, H, 7))).toBe(true);
	});

	test('array-form mapping (Qwen-Image): auto takes wavespeed, the first entry', async () => {
		const { outputs } = await runHuggingFace(emulator, { parameters: imageParameters('Qwen/Qwen-Image', 'auto', PROMPT, OPTIONS) });
		expect(outputs[0][0].json).toMatchObject({ provider: 'wavespeed', providerModelId: 'wavespeed-ai/qwen-image/text-to-image' });
	});

	test('auto skips entries that are staging or in error and takes the first live one', async () => {
		const model = 'HiDream-ai/HiDream-I1-Full';
		const { outputs, error } = await runHuggingFace(emulator, { parameters: imageParameters(model, 'auto', PROMPT, OPTIONS) });
		expect(error).toBeUndefined();
		const [submit] = inferenceCalls(emulator);
		expect(submit.path).toBe('/nscale/v1/images/generations');
		expect((submit.body as IDataObject).model).toBe('HiDream-ai/HiDream-I1-Full');
		expect(submit.hubModel).toBe(model);
		expect(outputs[0][0].json.provider).toBe('nscale');
		expect(inferenceCalls(emulator)).toHaveLength(1);
	});

	test('a provider that does not serve the model: a clear error listing those that do, and nothing sent', async () => {
		const { error, outputs } = await runHuggingFace(emulator, { parameters: imageParameters('zai-org/CogView4-6B', 'fal-ai', PROMPT, OPTIONS) });
		expect(error).toBeDefined();
		expect(error!.message).toBe('Provider "fal-ai" does not serve zai-org/CogView4-6B for text-to-image (item 0)');
		expect((error as unknown as { description: string }).description).toBe('Providers that serve it: zai-org. Pick one of them in Provider, or use auto.');
		expect(outputs[0]).toHaveLength(0);
		expect(inferenceCalls(emulator)).toHaveLength(0);
	});

	test('a provider the mapping lists only as staging without a route here (nebius) is refused with the live ones', async () => {
		const { error } = await runHuggingFace(emulator, { parameters: imageParameters(FLUX_DEV, 'nebius', PROMPT, OPTIONS) });
		expect(error!.message).toBe(`Provider "nebius" does not serve ${FLUX_DEV} for text-to-image (item 0)`);
		expect((error as unknown as { description: string }).description).toBe(
			'Providers that serve it: fal-ai, replicate, together, hf-inference, nscale. Pick one of them in Provider, or use auto.',
		);
		expect(inferenceCalls(emulator)).toHaveLength(0);
	});

	test('auto on a chat model: no provider serves it for text-to-image', async () => {
		const { error } = await runHuggingFace(emulator, { parameters: imageParameters('meta-llama/Llama-3.1-8B-Instruct', 'auto', PROMPT, OPTIONS) });
		expect(error!.message).toBe('No live Inference Provider serves meta-llama/Llama-3.1-8B-Instruct for text-to-image (item 0)');
		expect(inferenceCalls(emulator)).toHaveLength(0);
	});

	test('the mapping is fetched once per model per execution, not once per item', async () => {
		const items = [
			{ json: { model: FLUX_DEV, prompt: 'one' } },
			{ json: { model: 'black-forest-labs/FLUX.1-schnell', prompt: 'two' } },
			{ json: { model: FLUX_DEV, prompt: 'three' } },
			{ json: { model: 'black-forest-labs/FLUX.1-schnell', prompt: 'four' } },
			{ json: { model: FLUX_DEV, prompt: 'five' } },
		];
		const parameters = {
			...imageParameters('={{ $json.model }}', 'together', '={{ $json.prompt }}', { concurrency: 4 }),
		};
		const { outputs, error } = await runHuggingFace(emulator, { parameters, items });
		expect(error).toBeUndefined();
		expect(outputs[0].map((item) => [item.json.model, item.json.prompt])).toEqual(items.map((item) => [item.json.model, item.json.prompt]));
		expect(outputs[0].map((item) => item.pairedItem)).toEqual(items.map((_, item) => ({ item })));
		expect(mappingCalls(emulator, FLUX_DEV)).toHaveLength(1);
		expect(mappingCalls(emulator, 'black-forest-labs/FLUX.1-schnell')).toHaveLength(1);
		expect(mappingCalls(emulator)).toHaveLength(2);
		// FLUX.1-schnell's mapping is in the array form: its provider id came from there.
		expect(inferenceCalls(emulator).map((call) => (call.body as IDataObject).model).sort()).toEqual(
			[FLUX_DEV, FLUX_DEV, FLUX_DEV, 'black-forest-labs/FLUX.1-schnell', 'black-forest-labs/FLUX.1-schnell'].sort(),
		);
		// A second execution asks again: the cache lives for one execution.
		emulator.reset();
		await runHuggingFace(emulator, { parameters, items: items.slice(0, 1) });
		expect(mappingCalls(emulator, FLUX_DEV)).toHaveLength(1);
	});
});

describe('image: chat routing policies are refused', () => {
	test.each(['fastest', 'cheapest', 'preferred'])('provider %s: a clear error before anything is sent', async (policy) => {
		const { error, outputs } = await runHuggingFace(emulator, { parameters: imageParameters(FLUX_DEV, policy) });
		expect(error!.message).toBe(`Provider "${policy}" is a chat routing policy and does not apply to image generation (item 0, ${policy} / ${FLUX_DEV})`);
		expect((error as unknown as { description: string }).description).toMatch(/^Use auto, or pick a provider/);
		expect(outputs[0]).toHaveLength(0);
		expect(inferenceCalls(emulator)).toHaveLength(0);
		expect(mappingCalls(emulator)).toHaveLength(0);
	});

	test('a policy arriving through an expression fails that item only (On Error: continue)', async () => {
		const items = [{ json: { p: 'together' } }, { json: { p: 'cheapest' } }, { json: { p: 'hf-inference' } }, { json: { p: 'Fastest' } }];
		const { outputs, getBinaryBuffer } = await runHuggingFace(emulator, {
			parameters: imageParameters(FLUX_DEV, '={{ $json.p }}', PROMPT, { width: 64, height: 64, seed: 1 }),
			items,
			settings: { onError: 'continueErrorOutput' },
		});
		expect(outputs[0].map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 2 }]);
		expect(outputs[0].map((item) => item.json.provider)).toEqual(['together', 'hf-inference']);
		for (const item of outputs[0]) expect((await getBinaryBuffer(item, 'data')).equals(expectedPng(PROMPT, 64, 64, 1))).toBe(true);
		expect(outputs[2].map((item) => item.pairedItem)).toEqual([{ item: 1 }, { item: 3 }]);
		expect(errorText(outputs[2][0])).toBe(`Provider "cheapest" is a chat routing policy and does not apply to image generation (item 1, cheapest / ${FLUX_DEV})`);
		expect(errorText(outputs[2][1])).toBe(`Provider "fastest" is a chat routing policy and does not apply to image generation (item 3, fastest / ${FLUX_DEV})`);
		expect(inferenceCalls(emulator).map((call) => call.routeProvider).sort()).toEqual(['hf-inference', 'together']);
	});
});

describe('image: bad input and bad answers', () => {
	test.each([
		['an empty prompt', { prompt: '={{ $json.missing }}' }, `Prompt is empty (item 0, together / ${FLUX_DEV})`],
		['a width that is not a multiple of 8', { options: { width: 500 } }, `Width must be a positive multiple of 8, got 500 (item 0, together / ${FLUX_DEV})`],
		['a width of 0', { options: { width: 0 } }, `Width must be a positive multiple of 8, got 0 (item 0, together / ${FLUX_DEV})`],
		['a negative height', { options: { height: -64 } }, `Height must be a positive multiple of 8, got -64 (item 0, together / ${FLUX_DEV})`],
		['a fractional width', { options: { width: 512.5 } }, `Width must be a whole number, got 512.5 (item 0, together / ${FLUX_DEV})`],
	])('%s is refused before any call', async (_name, override, message) => {
		const parameters = { ...imageParameters(FLUX_DEV, 'together'), ...override } as INodeParameters;
		const { error, outputs } = await runHuggingFace(emulator, { parameters });
		expect(error!.message).toBe(message);
		expect((error as unknown as { description: string }).description).toBeTruthy();
		expect(outputs[0]).toHaveLength(0);
		expect(inferenceCalls(emulator)).toHaveLength(0);
	});

	test('without On Error: continue, one bad item stops the run before any item is sent', async () => {
		const items = [{ json: { prompt: 'fine' } }, { json: { prompt: '  ' } }];
		const { error } = await runHuggingFace(emulator, { parameters: imageParameters(FLUX_DEV, 'together', '={{ $json.prompt }}'), items });
		expect(error!.message).toBe(`Prompt is empty (item 1, together / ${FLUX_DEV})`);
		expect(inferenceCalls(emulator)).toHaveLength(0);
	});

	test('with On Error: continue, bad items become error items and the others get their pictures', async () => {
		const items = [
			{ json: { prompt: 'a cat', width: 256 } },
			{ json: { prompt: '', width: 256 } },
			{ json: { prompt: 'a dog', width: 250 } },
			{ json: { prompt: 'a bird', width: 128 } },
		];
		const { outputs, getBinaryBuffer } = await runHuggingFace(emulator, {
			parameters: imageParameters(FLUX_DEV, 'nscale', '={{ $json.prompt }}', { width: '={{ $json.width }}', height: 128, seed: 3 }),
			items,
			settings: { onError: 'continueRegularOutput' },
		});
		expect(outputs[0].map((item) => item.pairedItem)).toEqual(items.map((_, item) => ({ item })));
		expect(outputs[0][1].json.error).toBe(`Prompt is empty (item 1, nscale / ${FLUX_DEV})`);
		expect(outputs[0][2].json.error).toBe(`Width must be a positive multiple of 8, got 250 (item 2, nscale / ${FLUX_DEV})`);
		expect(errorDescription(outputs[0][2])).toBe('Use for example 248.');
		expect((await getBinaryBuffer(outputs[0][0], 'data')).equals(expectedPng('a cat', 256, 128, 3))).toBe(true);
		expect((await getBinaryBuffer(outputs[0][3], 'data')).equals(expectedPng('a bird', 128, 128, 3))).toBe(true);
		expect(inferenceCalls(emulator).map((call) => (call.body as IDataObject).prompt)).toEqual(['a cat', 'a bird']);
	});

	test.each([
		['together', FLUX_DEV, { data: [] }, `together answered without an image (together / ${FLUX_DEV})`],
		['nscale', FLUX_DEV, { data: [{ b64_json: '' }] }, `nscale answered without an image (nscale / ${FLUX_DEV})`],
		['hf-inference', FLUX_DEV, { error: 'CUDA out of memory' }, `hf-inference answered with an error instead of an image: CUDA out of memory (hf-inference / ${FLUX_DEV})`],
		['fal-ai', FLUX_DEV, { images: [] }, `fal-ai answered without a job to follow (fal-ai / ${FLUX_DEV})`],
		['replicate', FLUX_DEV, { id: 'abc', status: 'succeeded', output: null }, `replicate answered without an image (replicate / ${FLUX_DEV})`],
		['wavespeed', 'Qwen/Qwen-Image', { code: 200, message: 'success', data: {} }, 'wavespeed answered without an image (wavespeed / Qwen/Qwen-Image)'],
		['zai-org', 'zai-org/CogView4-6B', { task_status: 'SUCCESS', image_result: [] }, 'zai-org answered without an image (zai-org / zai-org/CogView4-6B)'],
	])('%s: an answer with no image is an error for that item; the next item still succeeds', async (provider, model, body, message) => {
		emulator.failNext(1, 200, { body });
		const items = [{ json: { prompt: 'first' } }, { json: { prompt: 'second' } }];
		const { outputs, getBinaryBuffer } = await runHuggingFace(emulator, {
			parameters: imageParameters(model, provider, '={{ $json.prompt }}', { width: 64, height: 64, seed: 5 }),
			items,
			settings: { onError: 'continueErrorOutput' },
		});
		expect(outputs[2]).toHaveLength(1);
		expect(outputs[2][0].pairedItem).toEqual({ item: 0 });
		expect(errorText(outputs[2][0])).toBe(message);
		expect(outputs[2][0].binary).toBeUndefined();
		expect(outputs[0]).toHaveLength(1);
		expect(outputs[0][0].pairedItem).toEqual({ item: 1 });
		expect(outputs[0][0].json.provider).toBe(provider);
		const expectedSeed = provider === 'zai-org' ? hashString('second') : 5;
		expect((await getBinaryBuffer(outputs[0][0], 'data')).equals(expectedPng('second', 64, 64, expectedSeed))).toBe(true);
	});

	test('a downloaded file that is not an image is an error naming provider and model; inline pictures still succeed', async () => {
		emulator.setCdnServesNonImage(true);
		const items = [{ json: { p: 'fal-ai' } }, { json: { p: 'together' } }, { json: { p: 'replicate' } }];
		const { outputs, getBinaryBuffer } = await runHuggingFace(emulator, {
			parameters: imageParameters(FLUX_DEV, '={{ $json.p }}', PROMPT, { width: 64, height: 64, seed: 9 }),
			items,
			settings: { onError: 'continueErrorOutput' },
		});
		expect(outputs[2].map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 2 }]);
		expect(errorText(outputs[2][0])).toBe(`fal-ai returned a file that is not an image (item 0, fal-ai / ${FLUX_DEV})`);
		expect(errorText(outputs[2][1])).toBe(`replicate returned a file that is not an image (item 2, replicate / ${FLUX_DEV})`);
		expect(errorDescription(outputs[2][0])).toMatch(/^Got \d+ bytes announced as image\/png that are not PNG, JPEG, WEBP or GIF/);
		expect(outputs[0]).toHaveLength(1);
		expect(outputs[0][0].pairedItem).toEqual({ item: 1 });
		expect((await getBinaryBuffer(outputs[0][0], 'data')).equals(expectedPng(PROMPT, 64, 64, 9))).toBe(true);
		expect(cdnCalls()).toHaveLength(2);
	});

	test('a 400 "model not supported" names provider and model, and the hint lists the providers that serve it', async () => {
		emulator.failNext(1, 400, { body: { error: 'Model not supported by provider together' } });
		const { error } = await runHuggingFace(emulator, { parameters: imageParameters(FLUX_DEV, 'together', PROMPT, OPTIONS) });
		expect(error!.message).toBe(`Model not supported by provider together (HTTP 400, together / ${FLUX_DEV})`);
		// nebius and black-forest-labs are in the mapping as staging: not offered.
		expect((error as unknown as { description: string }).description).toBe(`${FLUX_DEV} is served for text-to-image by: fal-ai, replicate, together, hf-inference, nscale.`);
		expect(inferenceCalls(emulator)).toHaveLength(1);
	});

	test('a provider error (422) names provider and model and says what to fix', async () => {
		const { error } = await runHuggingFace(emulator, { parameters: imageParameters(FLUX_DEV, 'hf-inference', PROMPT, { width: 4096, height: 64 }) });
		expect(error!.message).toMatch(/`width` must be an integer between 64 and 2048/);
		expect(error!.message).toMatch(new RegExp(`\\(HTTP 422, hf-inference / ${FLUX_DEV.replace('.', '\\.')}\\)$`));
		expect((error as unknown as { description: string }).description).toMatch(/provider refused the parameters/);
	});
});

describe('image: the token and the CDN', () => {
	test('neither the token nor the billing header reaches the CDN listener, for any provider that downloads', async () => {
		emulator.setCredits('acme', 5);
		const items = [
			{ json: { model: FLUX_DEV, p: 'fal-ai' } },
			{ json: { model: FLUX_DEV, p: 'replicate' } },
			{ json: { model: 'Qwen/Qwen-Image', p: 'wavespeed' } },
			{ json: { model: 'zai-org/CogView4-6B', p: 'zai-org' } },
		];
		const { outputs, error } = await runHuggingFace(emulator, {
			parameters: imageParameters('={{ $json.model }}', '={{ $json.p }}', PROMPT, { width: 64, height: 64, concurrency: 4 }),
			items,
			billTo: 'acme',
		});
		expect(error).toBeUndefined();
		expect(outputs[0].map((item) => item.json.provider)).toEqual(['fal-ai', 'replicate', 'wavespeed', 'zai-org']);
		const cdn = cdnCalls();
		expect(cdn).toHaveLength(4);
		expect(cdn.map((call) => call.path.split('/')[1]).sort()).toEqual(['fal', 'replicate', 'wavespeed', 'zai']);
		for (const call of cdn) {
			expect(call.headers.authorization).toBeUndefined();
			expect(call.headers['x-hf-bill-to']).toBeUndefined();
			expect(JSON.stringify(call.headers)).not.toContain(TOKEN);
		}
		// While every router call carried both.
		for (const call of inferenceCalls(emulator)) {
			expect(call.headers.authorization).toBe(`Bearer ${TOKEN}`);
			expect(call.headers['x-hf-bill-to']).toBe('acme');
		}
	});
});

describe('image: binary output', () => {
	// together answers base64 in JSON; hf-inference the bytes themselves, streamed into n8n's store.
	test.each([
		['default', 'together'],
		['filesystem', 'together'],
		['default', 'hf-inference'],
		['filesystem', 'hf-inference'],
	] as const)('prepareBinaryData in %s mode gives the generated bytes under the chosen property (%s)', async (binaryMode, provider) => {
		const items = [{ json: { prompt: 'mode one' } }, { json: { prompt: 'mode two' } }];
		const { outputs, error, getBinaryBuffer } = await runHuggingFace(emulator, {
			parameters: imageParameters(FLUX_DEV, provider, '={{ $json.prompt }}', { width: 320, height: 640, seed: 11, binaryPropertyName: 'picture' }),
			items,
			binaryMode,
		});
		expect(error).toBeUndefined();
		for (const [index, item] of outputs[0].entries()) {
			const prompt = items[index].json.prompt;
			expect(Object.keys(item.binary!)).toEqual(['picture']);
			const binary = item.binary!.picture;
			expect(binary.mimeType).toBe('image/png');
			expect(binary.fileName).toBe('image.png');
			const expected = expectedPng(prompt, 320, 640, 11);
			if (binaryMode === 'filesystem') {
				expect(binary.id).toEqual(expect.any(String));
				expect(binary.data).not.toBe(expected.toString('base64'));
			} else {
				expect(binary.id).toBeUndefined();
				expect(binary.data).toBe(expected.toString('base64'));
			}
			const bytes = await getBinaryBuffer(item, 'picture');
			expect(bytes.equals(expected)).toBe(true);
			expect(decodePngHeader(bytes)).toMatchObject({ width: 32, height: 64 });
			expect(item.json.fileSize).toBe(expected.length);
		}
	});

	test('a 2 MiB picture streamed from hf-inference arrives whole in filesystem mode', async () => {
		emulator.setImageBytes(2 * 1024 * 1024);
		const { outputs, error, getBinaryBuffer } = await runHuggingFace(emulator, {
			parameters: imageParameters(FLUX_DEV, 'hf-inference', 'a big one'),
			items: [{ json: {} }, { json: {} }, { json: {} }],
			binaryMode: 'filesystem',
		});
		expect(error).toBeUndefined();
		expect(outputs[0]).toHaveLength(3);
		for (const item of outputs[0]) {
			const bytes = await getBinaryBuffer(item, 'data');
			expect(bytes.length).toBeGreaterThanOrEqual(2 * 1024 * 1024);
			expect(item.json.fileSize).toBe(bytes.length);
			expect(item.binary!.data.bytes).toBe(bytes.length);
			expect(decodePngHeader(bytes)).toBeDefined();
		}
	});
});

describe('image: credits exhausted', () => {
	test('a 402 on the submit sends the item to Quota Exhausted; the next item to that provider is not sent', async () => {
		emulator.failNext(1, 402);
		const items = [{ json: { prompt: 'first' } }, { json: { prompt: 'second' } }];
		const { outputs, error } = await runHuggingFace(emulator, {
			parameters: imageParameters(FLUX_DEV, 'fal-ai', '={{ $json.prompt }}', { width: 64, height: 64 }),
			items,
		});
		expect(error).toBeUndefined();
		expect(outputs[0]).toHaveLength(0);
		expect(outputs[1].map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		outputs[1].forEach((item, index) => {
			expect(item.json).toMatchObject({ prompt: items[index].json.prompt, quotaExhausted: true, error: { httpCode: 402, provider: 'fal-ai', model: FLUX_DEV } });
		});
		expect(inferenceCalls(emulator)).toHaveLength(1);
		expect(cdnCalls()).toHaveLength(0);
	});
});
