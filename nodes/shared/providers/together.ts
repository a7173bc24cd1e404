import { openAiStyleEmbeddings } from './embeddings';
import { hubImageParameters, imageFromGenerations } from './images';
import { definedOnly, sendJson, type ModelIds, type ProviderRequest } from './requests';
import type { ImageParameters, ProviderModule } from './types';

const ID = 'together';

/**
 * Together's images API calls the step count `steps`; everything else keeps the Hub's names,
 * as in huggingface.js. base64 rather than a URL: no second download, no foreign host.
 */
export function buildImageRequest(ids: ModelIds, parameters: ImageParameters): ProviderRequest {
	const { num_inference_steps: steps, ...rest } = hubImageParameters(parameters);
	return {
		method: 'POST',
		url: '/together/v1/images/generations',
		body: {
			...rest,
			...definedOnly({ steps }),
			prompt: parameters.prompt,
			model: ids.providerModelId,
			response_format: 'base64',
		},
	};
}

export const together: ProviderModule = {
	id: ID,
	textToImage: {
		async generate(call, parameters) {
			const answer = await sendJson(call, buildImageRequest(call, parameters));
			return await imageFromGenerations(call, ID, answer);
		},
	},
	featureExtraction: openAiStyleEmbeddings(ID, '/together/v1/embeddings'),
};
