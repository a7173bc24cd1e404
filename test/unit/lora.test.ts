/** LoRA fields per provider, as huggingface.js and huggingface_hub send them. */
import * as falAi from '../../nodes/shared/providers/fal-ai';
import { loraFromMapping } from '../../nodes/shared/providers/lora';
import * as replicate from '../../nodes/shared/providers/replicate';
import * as wavespeed from '../../nodes/shared/providers/wavespeed';

const REPO = 'someone/style-lora';
const WITH_WEIGHTS = loraFromMapping({ adapter: 'lora', adapterWeightsPath: 'style.safetensors', hfModelId: REPO });
const WITHOUT_WEIGHTS = loraFromMapping({ adapter: 'lora', hfModelId: REPO });
const ids = (providerModelId: string, lora = WITH_WEIGHTS) => ({ hubModelId: REPO, providerModelId, lora });

describe('LoRA request bodies', () => {
	it('only an entry with adapter "lora" is a LoRA', () => {
		expect(loraFromMapping({ hfModelId: REPO, adapterWeightsPath: 'x.safetensors' })).toBeUndefined();
		expect(WITH_WEIGHTS).toEqual({ hfModelId: REPO, weightsPath: 'style.safetensors' });
	});

	it('fal-ai: loras with the weights URL; model_name only for fal-ai/lora', () => {
		const path = `https://huggingface.co/${REPO}/resolve/main/style.safetensors`;
		expect(falAi.buildImageRequest(ids('fal-ai/flux-lora'), { prompt: 'p' }).body).toEqual({ prompt: 'p', loras: [{ path, scale: 1 }] });
		expect(falAi.buildImageRequest(ids('fal-ai/lora'), { prompt: 'p' }).body).toEqual({
			prompt: 'p',
			loras: [{ path, scale: 1 }],
			model_name: 'stabilityai/stable-diffusion-xl-base-1.0',
		});
		expect(falAi.buildImageRequest(ids('fal-ai/flux-lora', WITHOUT_WEIGHTS), { prompt: 'p' }).body).toEqual({ prompt: 'p' });
	});

	it('replicate: input.lora_weights is the repo URL, only with a weights path', () => {
		expect(replicate.buildImageRequest(ids('black-forest-labs/flux-dev-lora'), { prompt: 'p' }).body).toEqual({
			input: { prompt: 'p', lora_weights: `https://huggingface.co/${REPO}` },
		});
		expect(replicate.buildImageRequest(ids('black-forest-labs/flux-dev-lora', WITHOUT_WEIGHTS), { prompt: 'p' }).body).toEqual({ input: { prompt: 'p' } });
	});

	it('wavespeed: loras with the repo id, for any LoRA entry', () => {
		expect(wavespeed.buildImageRequest(ids('wavespeed-ai/flux-dev-lora'), { prompt: 'p' }).body).toEqual({ prompt: 'p', loras: [{ path: REPO, scale: 1 }] });
		expect(wavespeed.buildImageRequest(ids('wavespeed-ai/flux-dev-lora', WITHOUT_WEIGHTS), { prompt: 'p' }).body).toEqual({ prompt: 'p', loras: [{ path: REPO, scale: 1 }] });
		expect(wavespeed.buildImageRequest({ hubModelId: REPO, providerModelId: 'wavespeed-ai/flux-dev-lora' }, { prompt: 'p' }).body).toEqual({ prompt: 'p' });
	});
});

describe('LoRA on image-to-image, as the clients send it there too', () => {
	const image = { data: Buffer.from('img'), mimeType: 'image/png' };

	it('fal-ai loras, replicate lora_weights, wavespeed loras', () => {
		expect(falAi.buildImageEditRequest(ids('fal-ai/flux-lora/image-to-image'), image, { prompt: 'p' }).body).toMatchObject({
			loras: [{ path: `https://huggingface.co/${REPO}/resolve/main/style.safetensors`, scale: 1 }],
		});
		expect(replicate.buildImageEditRequest(ids('black-forest-labs/flux-dev-lora'), image, { prompt: 'p' }).body).toMatchObject({
			input: { lora_weights: `https://huggingface.co/${REPO}` },
		});
		expect(wavespeed.buildImageEditRequest(ids('wavespeed-ai/flux-kontext-dev-lora'), image, { prompt: 'p' }).body).toMatchObject({ loras: [{ path: REPO, scale: 1 }] });
	});
});
