import { openAiStyleEmbeddings } from './embeddings';
import { hubImageParameters, imageFromGenerations } from './images';
import { readFileAnswer } from './media';
import { sendJson, sendRaw, type ModelIds, type ProviderRequest } from './requests';
import { openAiStyleTranscription } from './transcriptions';
import type { ImageParameters, ProviderModule } from './types';

const ID = 'deepinfra';

/**
 * DeepInfra serves the OpenAI shapes under `/v1/openai`. Images: the Hub's parameter names as they
 * are, `response_format: "b64_json"`, then the prompt and the provider's model, which no parameter
 * may override (huggingface.js DeepInfraTextToImageTask; huggingface_hub has no deepinfra
 * text-to-image). The answer `{"data": [{"b64_json"}]}` is decoded here (a `url` is downloaded
 * without the token).
 */
export function buildImageRequest(ids: ModelIds, parameters: ImageParameters): ProviderRequest {
	return {
		method: 'POST',
		url: '/deepinfra/v1/openai/images/generations',
		body: { ...hubImageParameters(parameters), response_format: 'b64_json', prompt: parameters.prompt, model: ids.providerModelId },
	};
}

/**
 * `/v1/openai/audio/speech` with `{"input", "model"}`, the audio's bytes in the answer. No voice is
 * sent: it is model-specific and optional, and both clients (DeepInfraTextToSpeechTask) send one
 * only when the caller gives it, which this node does not ask for.
 */
export function buildSpeechSynthesisRequest(ids: ModelIds, text: string): ProviderRequest {
	return { method: 'POST', url: '/deepinfra/v1/openai/audio/speech', body: { input: text, model: ids.providerModelId } };
}

export const deepinfra: ProviderModule = {
	id: ID,
	textToImage: {
		async generate(call, parameters) {
			return await imageFromGenerations(call, ID, await sendJson(call, buildImageRequest(call, parameters)));
		},
	},
	featureExtraction: openAiStyleEmbeddings(ID, '/deepinfra/v1/openai/embeddings'),
	automaticSpeechRecognition: openAiStyleTranscription(ID, '/deepinfra/v1/openai/audio/transcriptions'),
	textToSpeech: {
		async speak(call, text) {
			const answer = await sendRaw(call, buildSpeechSynthesisRequest(call, text));
			return readFileAnswer(ID, answer, 'audio');
		},
	},
};
