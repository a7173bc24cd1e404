import { Readable } from 'stream';

import { PROVIDERS, getProviderModule, providersForTask } from '../../nodes/shared/providers';
import * as falAi from '../../nodes/shared/providers/fal-ai';
import * as hfInference from '../../nodes/shared/providers/hf-inference';
import * as nscale from '../../nodes/shared/providers/nscale';
import { pollUntilDone, type JobState } from '../../nodes/shared/providers/polling';
import * as replicate from '../../nodes/shared/providers/replicate';
import * as together from '../../nodes/shared/providers/together';
import type { ProviderCall } from '../../nodes/shared/providers/types';
import { l2Normalize, meanPool, nestingDepth, vectorsPerText } from '../../nodes/shared/providers/vectors';
import * as wavespeed from '../../nodes/shared/providers/wavespeed';
import * as zaiOrg from '../../nodes/shared/providers/zai-org';
import { recordedInteractions } from '../recorded-fixtures';
import { RouterCallError } from '../../nodes/shared/transport/errors';
import type { RouterTransport } from '../../nodes/shared/transport/RouterTransport';

const PNG_B64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';
const PNG = Buffer.from(PNG_B64, 'base64');

interface Recorded {
	kind: 'json' | 'raw' | 'download' | 'stream';
	method?: string;
	url: string;
	body?: unknown;
	headers?: Record<string, string>;
}

/** A stand-in for RouterTransport: answers from a script, records every request. */
function fakeTransport(script: {
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

function call(transport: RouterTransport, overrides: Partial<ProviderCall> = {}): ProviderCall {
	return {
		transport,
		deadline: Date.now() + 5_000,
		hubModelId: 'black-forest-labs/FLUX.1-dev',
		providerModelId: 'fal-ai/flux/dev',
		pollIntervalMs: 1,
		...overrides,
	};
}

const ALL_IMAGE_PARAMETERS = {
	prompt: 'An astronaut riding a horse on the moon.',
	negativePrompt: 'blurry',
	width: 512,
	height: 768,
	numInferenceSteps: 20,
	guidanceScale: 3.5,
	seed: 42,
};
const IDS = { hubModelId: 'stabilityai/stable-diffusion-xl-base-1.0', providerModelId: 'stabilityai/stable-diffusion-xl-base-1.0' };

function finalError(promise: Promise<unknown>, message: RegExp) {
	return expect(promise).rejects.toMatchObject({ name: 'RouterCallError', failure: { kind: 'final' }, message: expect.stringMatching(message) });
}

describe('vectors', () => {
	it('detects the nesting depth', () => {
		expect(nestingDepth(3)).toBe(0);
		expect(nestingDepth([1, 2])).toBe(1);
		expect(nestingDepth([[1, 2]])).toBe(2);
		expect(nestingDepth([[[1, 2]]])).toBe(3);
		expect(nestingDepth([])).toBe(1);
	});

	it('mean-pools a [1][3][4] token-level answer into one vector', () => {
		const answer = [
			[
				[1, 2, 3, 4],
				[3, 4, 5, 6],
				[5, 6, 7, 8],
			],
		];
		expect(vectorsPerText(answer, 1)).toEqual([[3, 4, 5, 6]]);
		expect(meanPool(answer[0])).toEqual([3, 4, 5, 6]);
	});

	it('refuses to pool rows of different lengths', () => {
		expect(meanPool([[1, 2], [1]])).toBeUndefined();
		expect(meanPool([])).toBeUndefined();
	});

	it('normalizes to unit length and leaves a zero vector alone', () => {
		const unit = l2Normalize([3, 4, 12]);
		expect(Math.hypot(...unit)).toBeCloseTo(1, 12);
		expect(unit[0]).toBeCloseTo(3 / 13, 12);
		expect(l2Normalize(unit).map((x, i) => x - unit[i]).every((d) => Math.abs(d) < 1e-12)).toBe(true);
		expect(l2Normalize([0, 0])).toEqual([0, 0]);
	});

	it('folds every answer shape into one entry per text', () => {
		expect(vectorsPerText([0.1, 0.2], 1)).toEqual([[0.1, 0.2]]);
		expect(vectorsPerText([[0.1], [0.2]], 2)).toEqual([[0.1], [0.2]]);
		// One text answered token-level without the batch dimension.
		expect(vectorsPerText([[1, 1], [3, 3]], 1)).toEqual([[2, 2]]);
		expect(vectorsPerText([[[1], [3]], [[5], [7]]], 2)).toEqual([[2], [6]]);
		expect(vectorsPerText({ error: 'x' }, 1)).toEqual([]);
	});
});

describe('provider table', () => {
	it('keys every module by its own id', () => {
		for (const [key, module] of Object.entries(PROVIDERS)) expect(module.id).toBe(key);
		expect(getProviderModule('fal-ai')).toBe(PROVIDERS['fal-ai']);
		expect(getProviderModule('nebius')).toBeUndefined();
		expect(getProviderModule('toString')).toBeUndefined();
	});

	it('lists the providers of each task', () => {
		expect(providersForTask('text-to-image').sort()).toEqual(
			['fal-ai', 'hf-inference', 'nscale', 'replicate', 'together', 'wavespeed', 'zai-org'].sort(),
		);
		expect(providersForTask('feature-extraction').sort()).toEqual(['deepinfra', 'hf-inference', 'scaleway', 'together'].sort());
	});
});

describe('text-to-image request bodies', () => {
	it('hf-inference: inputs plus the set parameters', () => {
		expect(hfInference.buildImageRequest(IDS, ALL_IMAGE_PARAMETERS)).toEqual({
			method: 'POST',
			url: '/hf-inference/models/stabilityai/stable-diffusion-xl-base-1.0',
			body: {
				inputs: ALL_IMAGE_PARAMETERS.prompt,
				parameters: { width: 512, height: 768, num_inference_steps: 20, guidance_scale: 3.5, negative_prompt: 'blurry', seed: 42 },
			},
		});
		expect(hfInference.buildImageRequest(IDS, { prompt: 'p' }).body).toEqual({ inputs: 'p', parameters: {} });
	});

	it('together: steps, base64, provider model id', () => {
		expect(together.buildImageRequest(IDS, ALL_IMAGE_PARAMETERS)).toEqual({
			method: 'POST',
			url: '/together/v1/images/generations',
			body: {
				prompt: ALL_IMAGE_PARAMETERS.prompt,
				model: IDS.providerModelId,
				width: 512,
				height: 768,
				steps: 20,
				guidance_scale: 3.5,
				negative_prompt: 'blurry',
				seed: 42,
				response_format: 'base64',
			},
		});
		// The recorded request: only the prompt, the model and the format.
		expect(together.buildImageRequest(IDS, { prompt: 'An astronaut riding a horse on the moon.' }).body).toEqual({
			prompt: 'An astronaut riding a horse on the moon.',
			response_format: 'base64',
			model: 'stabilityai/stable-diffusion-xl-base-1.0',
		});
	});

	it('nscale: size as "WxH" and no steps (huggingface_hub _providers/nscale.py), b64_json', () => {
		expect(nscale.buildImageRequest(IDS, { prompt: 'p', width: 512, height: 768, numInferenceSteps: 4, guidanceScale: 3 })).toEqual({
			method: 'POST',
			url: '/nscale/v1/images/generations',
			body: { prompt: 'p', model: IDS.providerModelId, size: '512x768', guidance_scale: 3, response_format: 'b64_json' },
		});
		expect(nscale.buildImageRequest(IDS, { prompt: 'p', width: 512 }).body).toEqual({ prompt: 'p', model: IDS.providerModelId, width: 512, response_format: 'b64_json' });
	});

	it('fal-ai: queue route and image_size', () => {
		const ids = { hubModelId: 'black-forest-labs/FLUX.1-dev', providerModelId: 'fal-ai/flux/dev' };
		expect(falAi.buildImageRequest(ids, ALL_IMAGE_PARAMETERS)).toEqual({
			method: 'POST',
			url: '/fal-ai/fal-ai/flux/dev?_subdomain=queue',
			body: {
				prompt: ALL_IMAGE_PARAMETERS.prompt,
				image_size: { width: 512, height: 768 },
				num_inference_steps: 20,
				guidance_scale: 3.5,
				negative_prompt: 'blurry',
				seed: 42,
			},
		});
		expect(falAi.buildImageRequest(ids, { prompt: 'p' }).body).toEqual({ prompt: 'p' });
		expect(falAi.jobPath({ response_url: 'https://queue.fal.run/fal-ai/flux/requests/abc' })).toBe('/fal-ai/flux/requests/abc');
		expect(falAi.statusRequest('/fal-ai/flux/requests/abc').url).toBe('/fal-ai/fal-ai/flux/requests/abc/status?_subdomain=queue');
		expect(falAi.resultRequest('/fal-ai/flux/requests/abc').url).toBe('/fal-ai/fal-ai/flux/requests/abc?_subdomain=queue');
	});

	it('replicate: model route, or version route when pinned; Prefer: wait', () => {
		const params = { prompt: 'p', width: 512, height: 512 };
		expect(replicate.buildImageRequest({ hubModelId: 'x/y', providerModelId: 'black-forest-labs/flux-dev' }, params)).toEqual({
			method: 'POST',
			url: '/replicate/v1/models/black-forest-labs/flux-dev/predictions',
			body: { input: { prompt: 'p', width: 512, height: 512 } },
			headers: { Prefer: 'wait' },
		});
		const pinned = replicate.buildImageRequest(
			{ hubModelId: 'ByteDance/SDXL-Lightning', providerModelId: 'bytedance/sdxl-lightning-4step:5599ed30' },
			{ prompt: 'An astronaut riding a horse on the moon.' },
		);
		expect(pinned).toEqual({
			method: 'POST',
			url: '/replicate/v1/predictions',
			body: { input: { prompt: 'An astronaut riding a horse on the moon.' }, version: '5599ed30' },
			headers: { Prefer: 'wait' },
		});
		expect(replicate.pollRequest('jf23sy140hrj00cn0008841srg').url).toBe('/replicate/v1/predictions/jf23sy140hrj00cn0008841srg');
	});

	it('wavespeed and zai-org', () => {
		expect(wavespeed.buildImageRequest({ hubModelId: 'a/b', providerModelId: 'wavespeed-ai/flux-dev' }, { prompt: 'p', seed: 1 })).toEqual({
			method: 'POST',
			url: '/wavespeed/api/v3/wavespeed-ai/flux-dev',
			body: { prompt: 'p', seed: 1 },
		});
		expect(wavespeed.resultRequest(wavespeed.resultPath({ data: { id: 't1' } })!).url).toBe('/wavespeed/api/v3/predictions/t1/result');
		const zai = zaiOrg.buildImageRequest({ hubModelId: 'zai-org/GLM-Image', providerModelId: 'glm-image' }, { prompt: 'p', width: 1024, height: 768, seed: 3 });
		expect(zai.url).toBe('/zai-org/api/paas/v4/async/images/generations');
		expect(zai.body).toEqual({ model: 'glm-image', prompt: 'p', size: '1024x768' });
		expect(zaiOrg.resultRequest('t2').url).toBe('/zai-org/api/paas/v4/async-result/t2');
	});
});

describe('text-to-image answers', () => {
	// Answers recorded from the real router, read from ../shared when it is there (never copied here).
	const recorded = recordedInteractions<{ label: string; response: { body: unknown } }>();
	const itRecorded = recorded.length ? it : it.skip;
	const recordedBody = (labelStart: string) => recorded.find((entry) => entry.label.startsWith(labelStart))!.response.body;
	const FAL_RESULT = {
		images: [{ url: 'https://v3.fal.media/files/koala/7EQDw9PT6pMiX2fm7bYOC.png', width: 1024, height: 768, content_type: 'image/jpeg' }],
	};

	itRecorded('together: decodes the recorded b64 answer', async () => {
		const { transport, requests } = fakeTransport({ json: () => recordedBody('together b64') });
		const image = await PROVIDERS.together.textToImage!.generate(call(transport), { prompt: 'p' });
		expect(image.data.equals(PNG)).toBe(true);
		expect(requests).toHaveLength(1);
	});

	it('together and nscale: no b64 is a final "answered without an image"', async () => {
		for (const id of ['together', 'nscale']) {
			const { transport } = fakeTransport({ json: () => ({ data: [{ b64_json: '' }] }) });
			await finalError(PROVIDERS[id].textToImage!.generate(call(transport), { prompt: 'p' }), new RegExp(`^${id} answered without an image$`));
		}
	});

	it('hf-inference: raw bytes with their type; JSON is an error', async () => {
		const ok = fakeTransport({ raw: () => ({ headers: { 'content-type': 'image/jpeg' }, body: PNG }) });
		const image = await PROVIDERS['hf-inference'].textToImage!.generate(call(ok.transport, { hubModelId: 'CompVis/stable-diffusion-v1-4' }), { prompt: 'p' });
		expect(image).toEqual({ data: PNG, mimeType: 'image/jpeg' });
		expect(ok.requests[0]).toMatchObject({ kind: 'stream', url: '/hf-inference/models/CompVis/stable-diffusion-v1-4' });

		const json = fakeTransport({ raw: () => ({ headers: { 'content-type': 'application/json' }, body: Buffer.from('{"error":"boom"}') }) });
		await finalError(PROVIDERS['hf-inference'].textToImage!.generate(call(json.transport), { prompt: 'p' }), /boom/);
	});

	it('hf-inference: a streamed picture is looked at by its first bytes and handed on whole, unread', async () => {
		const picture = Buffer.concat([PNG, Buffer.alloc(200_000, 7)]);
		const chunks = Array.from({ length: Math.ceil(picture.length / 16_384) }, (_, index) => picture.subarray(index * 16_384, (index + 1) * 16_384));
		const body = Readable.from(chunks, { objectMode: false });
		const image = await hfInference.readImageStream(body, new AbortController().signal, { 'content-type': 'image/png' });
		expect(image.stream).toBe(body);
		expect(image.data.length).toBeGreaterThanOrEqual(64);
		expect(image.data.length).toBeLessThan(picture.length);
		expect(picture.subarray(0, image.data.length).equals(image.data)).toBe(true);
		const whole: Buffer[] = [];
		for await (const chunk of image.stream!) whole.push(chunk as Buffer);
		expect(Buffer.concat(whole).equals(picture)).toBe(true);

		const json = Readable.from([Buffer.from('{"error":'), Buffer.from('"boom"}')]);
		await expect(hfInference.readImageStream(json, new AbortController().signal, { 'content-type': 'image/png' })).rejects.toThrow(/boom/);
	});

	it('fal-ai: submits, polls the status through the router, fetches the result, downloads without the router', async () => {
		let polls = 0;
		const { transport, requests } = fakeTransport({
			json: (url) => {
				if (url.endsWith('/flux/dev?_subdomain=queue')) {
					return { request_id: 'abc', status: 'IN_QUEUE', response_url: 'https://queue.fal.run/fal-ai/flux/requests/abc' };
				}
				if (url.includes('/status')) return { status: ++polls < 3 ? 'IN_PROGRESS' : 'COMPLETED' };
				return FAL_RESULT;
			},
			download: { headers: { 'content-type': 'application/octet-stream' }, body: PNG },
		});
		const image = await PROVIDERS['fal-ai'].textToImage!.generate(call(transport), { prompt: 'p' });
		expect(image.mimeType).toBe('image/jpeg');
		expect(requests.map((r) => r.url)).toEqual([
			'/fal-ai/fal-ai/flux/dev?_subdomain=queue',
			'/fal-ai/fal-ai/flux/requests/abc/status?_subdomain=queue',
			'/fal-ai/fal-ai/flux/requests/abc/status?_subdomain=queue',
			'/fal-ai/fal-ai/flux/requests/abc/status?_subdomain=queue',
			'/fal-ai/fal-ai/flux/requests/abc?_subdomain=queue',
			'https://v3.fal.media/files/koala/7EQDw9PT6pMiX2fm7bYOC.png',
		]);
		expect(requests[5].kind).toBe('download');
	});

	it('fal-ai: a FAILED status is final with the provider message', async () => {
		const { transport } = fakeTransport({
			json: (url) =>
				url.includes('/status')
					? { status: 'FAILED', error: 'NSFW content detected' }
					: { request_id: 'abc', status: 'IN_QUEUE', response_url: 'https://queue.fal.run/fal-ai/flux/requests/abc' },
		});
		await finalError(PROVIDERS['fal-ai'].textToImage!.generate(call(transport), { prompt: 'p' }), /NSFW content detected/);
	});

	itRecorded('replicate: the recorded 201 with output needs no poll; a null output is polled through the router', async () => {
		const direct = fakeTransport({ json: () => recordedBody('replicate 201') });
		await PROVIDERS.replicate.textToImage!.generate(call(direct.transport, { providerModelId: 'bytedance/sdxl-lightning-4step:5599' }), { prompt: 'p' });
		expect(direct.requests.map((r) => r.kind)).toEqual(['json', 'download']);
		expect(direct.requests[1].url).toMatch(/^https:\/\/replicate\.delivery\//);

		let polls = 0;
		const polled = fakeTransport({
			json: (url, method) => {
				if (method === 'POST') return { id: 'p1', status: 'starting', output: null, urls: { get: 'https://api.replicate.com/v1/predictions/p1' } };
				return ++polls < 2 ? { id: 'p1', status: 'processing', output: null } : { id: 'p1', status: 'succeeded', output: 'https://replicate.delivery/x.webp' };
			},
		});
		await PROVIDERS.replicate.textToImage!.generate(call(polled.transport, { providerModelId: 'black-forest-labs/flux-schnell' }), { prompt: 'p' });
		const urls = polled.requests.map((r) => r.url);
		expect(urls).toEqual([
			'/replicate/v1/models/black-forest-labs/flux-schnell/predictions',
			'/replicate/v1/predictions/p1',
			'/replicate/v1/predictions/p1',
			'https://replicate.delivery/x.webp',
		]);
		expect(urls.some((u) => u.startsWith('https://api.replicate.com'))).toBe(false);
	});

	it('replicate: failed is final with its error', async () => {
		const { transport } = fakeTransport({ json: () => ({ id: 'p1', status: 'failed', output: null, error: 'CUDA out of memory' }) });
		await finalError(PROVIDERS.replicate.textToImage!.generate(call(transport), { prompt: 'p' }), /CUDA out of memory/);
	});

	it('wavespeed: polls until completed, downloads outputs[0]; failed carries data.error', async () => {
		let polls = 0;
		const { transport, requests } = fakeTransport({
			json: (url) =>
				url.endsWith('/result')
					? { code: 200, data: ++polls < 2 ? { status: 'processing' } : { status: 'completed', outputs: ['https://cdn.wavespeed.ai/o.png'] } }
					: { code: 200, message: 'success', data: { id: 't1', urls: { get: 'https://api.wavespeed.ai/api/v3/predictions/t1/result' } } },
		});
		await PROVIDERS.wavespeed.textToImage!.generate(call(transport, { providerModelId: 'wavespeed-ai/flux-dev' }), { prompt: 'p' });
		expect(requests.map((r) => r.url)).toEqual([
			'/wavespeed/api/v3/wavespeed-ai/flux-dev',
			'/wavespeed/api/v3/predictions/t1/result',
			'/wavespeed/api/v3/predictions/t1/result',
			'https://cdn.wavespeed.ai/o.png',
		]);
		const failing = fakeTransport({
			json: (url) => (url.endsWith('/result') ? { data: { status: 'failed', error: 'bad prompt' } } : { data: { id: 't1' } }),
		});
		await finalError(PROVIDERS.wavespeed.textToImage!.generate(call(failing.transport), { prompt: 'p' }), /bad prompt/);
	});

	it('zai-org: polls until SUCCESS, downloads image_result[0].url; FAIL is final', async () => {
		let polls = 0;
		const { transport, requests } = fakeTransport({
			json: (url) =>
				url.includes('async-result')
					? ++polls < 2
						? { task_status: 'PROCESSING' }
						: { task_status: 'SUCCESS', image_result: [{ url: 'https://cdn.z.ai/i.png' }] }
					: { id: 'z1', task_status: 'PROCESSING' },
		});
		await PROVIDERS['zai-org'].textToImage!.generate(call(transport, { providerModelId: 'glm-image' }), { prompt: 'p' });
		expect(requests.map((r) => r.url)).toEqual([
			'/zai-org/api/paas/v4/async/images/generations',
			'/zai-org/api/paas/v4/async-result/z1',
			'/zai-org/api/paas/v4/async-result/z1',
			'https://cdn.z.ai/i.png',
		]);
		const failing = fakeTransport({ json: (url) => (url.includes('async-result') ? { task_status: 'FAIL' } : { id: 'z1', task_status: 'PROCESSING' }) });
		await finalError(PROVIDERS['zai-org'].textToImage!.generate(call(failing.transport), { prompt: 'p' }), /failed/);
	});
});

describe('polling', () => {
	it('stops as soon as the job ends', async () => {
		const states: JobState<string>[] = [{ state: 'running' }, { state: 'running' }, { state: 'done', result: 'ok' }];
		const poll = jest.fn(async () => states.shift()!);
		await expect(pollUntilDone({ provider: 'x', deadline: Date.now() + 1000, intervalMs: 0, poll })).resolves.toBe('ok');
		expect(poll).toHaveBeenCalledTimes(3);
	});

	it('never sleeps past the deadline and times out with the job still running', async () => {
		let clock = 0;
		const sleeps: number[] = [];
		const sleep = async (ms: number) => {
			sleeps.push(ms);
			clock += ms;
		};
		const poll = jest.fn(async (): Promise<JobState<string>> => ({ state: 'running', status: 'IN_PROGRESS' }));
		const outcome = pollUntilDone({ provider: 'fal-ai', deadline: 2500, intervalMs: 1000, first: { state: 'running' }, poll, sleep, now: () => clock });
		await expect(outcome).rejects.toBeInstanceOf(RouterCallError);
		await expect(outcome).rejects.toMatchObject({ failure: { kind: 'final' }, message: expect.stringMatching(/timed out while the fal-ai job was still running.*IN_PROGRESS/i) });
		expect(sleeps).toEqual([1000, 1000, 500]);
		expect(poll).toHaveBeenCalledTimes(2);
	});
});

describe('feature extraction', () => {
	const texts = ['a', 'b'];

	it('OpenAI-style providers: route, body, order by index, local normalization', async () => {
		const routes: Record<string, string> = {
			together: '/together/v1/embeddings',
			deepinfra: '/deepinfra/v1/openai/embeddings',
			scaleway: '/scaleway/v1/embeddings',
		};
		for (const [id, route] of Object.entries(routes)) {
			const { transport, requests } = fakeTransport({
				json: () => ({ data: [{ embedding: [0, 2], index: 1 }, { embedding: [3, 4], index: 0 }] }),
			});
			const vectors = await PROVIDERS[id].featureExtraction!.embed(call(transport, { providerModelId: 'BAAI/bge-m3' }), texts, { normalize: true });
			expect(requests[0]).toMatchObject({ method: 'POST', url: route, body: { input: texts, model: 'BAAI/bge-m3' } });
			expect(vectors).toEqual([[0.6, 0.8], [0, 1]]);
		}
	});

	it('hf-inference: array input, normalize flag, token-level pooling', async () => {
		const { transport, requests } = fakeTransport({ json: () => [[[1, 2, 3, 4], [3, 4, 5, 6], [5, 6, 7, 8]]] });
		const vectors = await PROVIDERS['hf-inference'].featureExtraction!.embed(call(transport, { hubModelId: 'facebook/bart-base' }), ['Hi'], {});
		expect(requests[0]).toMatchObject({ url: '/hf-inference/models/facebook/bart-base/pipeline/feature-extraction', body: { inputs: ['Hi'] } });
		expect(vectors).toEqual([[3, 4, 5, 6]]);
		expect(hfInference.buildEmbeddingRequest(IDS, texts, { normalize: true }).body).toEqual({ inputs: texts, normalize: true, truncate: true });
	});

	it('hf-inference: a 1-D answer for one text is wrapped', async () => {
		const { transport } = fakeTransport({ json: () => [-0.14, -0.21, 0.39] });
		expect(await PROVIDERS['hf-inference'].featureExtraction!.embed(call(transport), ['That is a happy person'], {})).toEqual([[-0.14, -0.21, 0.39]]);
	});

	it('a missing or invalid vector is final', async () => {
		const short = fakeTransport({ json: () => ({ data: [{ embedding: [1], index: 0 }] }) });
		await finalError(PROVIDERS.together.featureExtraction!.embed(call(short.transport), texts, {}), /^together answered without a vector for every text$/);
		const nan = fakeTransport({ json: () => [[1, null], [1, 2]] });
		await finalError(PROVIDERS['hf-inference'].featureExtraction!.embed(call(nan.transport), texts, {}), /without a vector for every text/);
	});
});
