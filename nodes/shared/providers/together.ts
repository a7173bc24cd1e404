import { openAiStyleEmbeddings } from './embeddings';
import { hubEditParameters, hubImageParameters, imageFromGenerations } from './images';
import { dataUrl, readFileAnswer } from './media';
import { definedOnly, sendJson, sendRaw, type ModelIds, type ProviderRequest } from './requests';
import { togetherVideo } from './together-video';
import { openAiStyleTranscription } from './transcriptions';
import type { ImageEditParameters, ImageParameters, MediaInput, ProviderModule } from './types';

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

/**
 * Together takes the input picture either as `image_url` (FLUX.1 Kontext only accepts that) or as
 * `reference_images` (every other model), as huggingface.js TogetherImageToImageTask decides from
 * the model id; huggingface_hub sends `image_url` for all, which Together refuses for the others.
 */
export function buildImageEditRequest(ids: ModelIds, image: MediaInput, parameters: ImageEditParameters): ProviderRequest {
	const { num_inference_steps: steps, prompt, ...rest } = hubEditParameters(parameters);
	const model = ids.providerModelId.toLowerCase();
	const url = dataUrl(image, image.mimeType || 'image/jpeg');
	const imageField = model.includes('kontext') && model.includes('flux.1') ? { image_url: url } : { reference_images: [url] };
	return {
		method: 'POST',
		url: '/together/v1/images/generations',
		body: { prompt: prompt ?? '', ...imageField, ...rest, ...definedOnly({ steps }), response_format: 'base64', model: ids.providerModelId },
	};
}

/**
 * `/v1/audio/speech` with `{"input", "model", "voice"}`, the audio's bytes in the answer. Together
 * requires a voice, and voices depend on the model: huggingface.js TogetherTextToSpeechTask sends
 * af_alloy for Kokoro (the model the Hub maps), huggingface_hub sends none and lets Together
 * refuse; we follow huggingface.js.
 */
export function buildSpeechSynthesisRequest(ids: ModelIds, text: string): ProviderRequest {
	const voice = ids.providerModelId.toLowerCase().includes('kokoro') ? { voice: 'af_alloy' } : {};
	return { method: 'POST', url: '/together/v1/audio/speech', body: { ...voice, input: text, model: ids.providerModelId } };
}

export { buildVideoRequest, readVideoJob } from './together-video';

export const together: ProviderModule = {
	id: ID,
	textToImage: {
		async generate(call, parameters) {
			const answer = await sendJson(call, buildImageRequest(call, parameters));
			return await imageFromGenerations(call, ID, answer);
		},
	},
	imageToImage: {
		async edit(call, image, parameters) {
			return await imageFromGenerations(call, ID, await sendJson(call, buildImageEditRequest(call, image, parameters)));
		},
	},
	textToSpeech: {
		async speak(call, text) {
			const answer = await sendRaw(call, buildSpeechSynthesisRequest(call, text));
			return readFileAnswer(ID, answer, 'audio');
		},
	},
	featureExtraction: openAiStyleEmbeddings(ID, '/together/v1/embeddings'),
	// huggingface.js TogetherAutomaticSpeechRecognitionTask (huggingface_hub has no together speech to text).
	automaticSpeechRecognition: openAiStyleTranscription(ID, '/together/v1/audio/transcriptions'),
	...togetherVideo,
};
