import { hubImageParameters, imageFromGenerations } from './images';
import { sendJson, type ModelIds, type ProviderRequest } from './requests';
import type { ImageParameters, ProviderModule } from './types';

const ID = 'nscale';

/** As huggingface.js sends it: the Hub's parameter names at the top level, size as width and height. */
export function buildImageRequest(ids: ModelIds, parameters: ImageParameters): ProviderRequest {
	return {
		method: 'POST',
		url: '/nscale/v1/images/generations',
		body: {
			...hubImageParameters(parameters),
			prompt: parameters.prompt,
			model: ids.providerModelId,
			response_format: 'b64_json',
		},
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
