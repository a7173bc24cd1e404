/** The provider table and the text-to-image request each provider sends. */
import { PROVIDERS, getProviderModule, providersForTask } from '../../nodes/shared/providers';
import * as falAi from '../../nodes/shared/providers/fal-ai';
import * as hfInference from '../../nodes/shared/providers/hf-inference';
import * as nscale from '../../nodes/shared/providers/nscale';
import * as replicate from '../../nodes/shared/providers/replicate';
import * as together from '../../nodes/shared/providers/together';
import * as wavespeed from '../../nodes/shared/providers/wavespeed';
import * as zaiOrg from '../../nodes/shared/providers/zai-org';
import { ALL_IMAGE_PARAMETERS, IDS } from './providers-support';

describe('provider table', () => {
	it('keys every module by its own id', () => {
		for (const [key, module] of Object.entries(PROVIDERS)) expect(module.id).toBe(key);
		expect(getProviderModule('fal-ai')).toBe(PROVIDERS['fal-ai']);
		expect(getProviderModule('nebius')).toBeUndefined();
		expect(getProviderModule('toString')).toBeUndefined();
	});

	it('lists the providers of each task', () => {
		expect(providersForTask('text-to-image').sort()).toEqual(
			['deepinfra', 'fal-ai', 'hf-inference', 'nscale', 'replicate', 'together', 'wavespeed', 'zai-org'].sort(),
		);
		expect(providersForTask('feature-extraction').sort()).toEqual(['deepinfra', 'hf-inference', 'scaleway', 'together'].sort());
		expect(providersForTask('automatic-speech-recognition').sort()).toEqual(['deepinfra', 'fal-ai', 'hf-inference', 'replicate', 'together']);
		expect(providersForTask('text-to-speech').sort()).toEqual(['deepinfra', 'fal-ai', 'hf-inference', 'replicate', 'together']);
		expect(providersForTask('text-to-video').sort()).toEqual(['fal-ai', 'novita', 'replicate', 'together', 'wavespeed']);
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
		expect(zai.body).toEqual({ model: 'glm-image', prompt: 'p', size: '1024x768', seed: 3 });
		// Seed, steps, guidance and negative prompt under their Hub names, flat beside the prompt (huggingface.js
		// ZaiTextToImageTask spreads `parameters`; huggingface_hub adds them after `size`); a lone width makes no size.
		const all = zaiOrg.buildImageRequest(
			{ hubModelId: 'zai-org/GLM-Image', providerModelId: 'glm-image' },
			{ prompt: 'p', width: 512, seed: 0, numInferenceSteps: 30, guidanceScale: 4.5, negativePrompt: 'blur' },
		);
		expect(all.body).toEqual({ model: 'glm-image', prompt: 'p', seed: 0, num_inference_steps: 30, guidance_scale: 4.5, negative_prompt: 'blur' });
		expect(zaiOrg.resultRequest('t2').url).toBe('/zai-org/api/paas/v4/async-result/t2');
	});
});
