import { hubImageParameters, imageFromGenerations } from './images';
import { definedOnly, sendJson, type ModelIds, type ProviderRequest } from './requests';
import type { ImageParameters, ProviderModule } from './types';

const ID = 'nscale';

/**
 * Nscale's OpenAI-style images API. The two clients disagree on the size: huggingface.js sends the
 * Hub's `width` / `height` as they are, huggingface_hub (_providers/nscale.py) turns them into
 * `size: "WxH"` and drops `num_inference_steps` and `cfg_scale`. We follow huggingface_hub: its
 * conversion is deliberate (written for this provider, where huggingface.js only spreads the
 * generic parameters), and `size` is the field of the OpenAI images API that Nscale implements.
 */
export function buildImageRequest(ids: ModelIds, parameters: ImageParameters): ProviderRequest {
	const { width, height, num_inference_steps: _steps, ...rest } = hubImageParameters(parameters);
	const size = width !== undefined && height !== undefined ? { size: `${width}x${height}` } : definedOnly({ width, height });
	return {
		method: 'POST',
		url: '/nscale/v1/images/generations',
		body: { response_format: 'b64_json', prompt: parameters.prompt, model: ids.providerModelId, ...rest, ...size },
	};
}

export const nscale: ProviderModule = {
	id: ID,
	textToImage: {
		async generate(call, parameters) {
			const answer = await sendJson(call, buildImageRequest(call, parameters));
			return await imageFromGenerations(call, ID, answer);
		},
	},
};
