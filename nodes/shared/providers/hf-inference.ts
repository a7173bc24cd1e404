import { readAtMost } from '../transport/http';
import { isBodyStream, peek } from '../transport/peek';
import type { RawAnswer } from '../transport/RouterTransport';
import { finishVectors } from './embeddings';
import { hfInferenceVision } from './hf-inference-vision';
import { hfInferenceTextTasks } from './hf-inference-text';
import { hubEditParameters, hubImageParameters, imageMimeType } from './images';
import { readFileAnswer, readTranscript } from './media';
import { hasExtraParameters, modelPath, sendJson, sendRaw, withRequestParameters, type ModelIds, type ProviderRequest } from './requests';
import type { EmbeddingParameters, GeneratedImage, ImageEditParameters, ImageParameters, MediaInput, MediaUpload, ProviderCall, ProviderModule } from './types';
import { vectorsPerText } from './vectors';

const ID = 'hf-inference';

/** Hugging Face's own serverless inference: addressed by the Hub id, there is no provider id. */
export function buildImageRequest(ids: ModelIds, parameters: ImageParameters): ProviderRequest {
	return {
		method: 'POST',
		url: `/hf-inference/models/${modelPath(ids.hubModelId)}`,
		body: { inputs: parameters.prompt, parameters: hubImageParameters(parameters) },
	};
}

/**
 * The answer is the picture's bytes. JSON in its place is an error the pipeline reported with a
 * 200 (or an answer of the wrong task); either way there is no image to return.
 */
export function readImageAnswer(answer: RawAnswer): GeneratedImage {
	const file = readFileAnswer(ID, answer, 'an image');
	return { data: file.data, mimeType: imageMimeType(answer.headers['content-type']) };
}

/**
 * `{"inputs": <text>}` on the model's route, the audio's bytes in the answer: huggingface.js
 * HFInferenceTextToSpeechTask and huggingface_hub HFInferenceTask("text-to-speech") agree.
 */
export function buildSpeechSynthesisRequest(ids: ModelIds, text: string): ProviderRequest {
	return { method: 'POST', url: `/hf-inference/models/${modelPath(ids.hubModelId)}`, body: { inputs: text } };
}

/**
 * Looks at the picture's first bytes only and hands the stream on, for n8n's binary store to write
 * as it arrives. JSON (an error), or a body a helper already read whole, is read as before.
 */
export async function readImageStream(body: AsyncIterable<Buffer | string>, _signal: AbortSignal, headers: Record<string, string>): Promise<GeneratedImage> {
	const contentType = headers['content-type'] ?? '';
	if (isBodyStream(body) && !/json/i.test(contentType)) {
		const { head, ended } = await peek(body, 64);
		if (ended) return readImageAnswer({ status: 200, headers, body: head });
		const firstByte = head.toString('utf8').trimStart()[0];
		if (firstByte !== '{' && firstByte !== '[') return { data: head, mimeType: imageMimeType(contentType), stream: body };
	}
	return readImageAnswer({ status: 200, headers, body: await readAtMost(body, 64 * 1024 * 1024) });
}

/**
 * Always an array input, so the answer has one entry per text. `normalize` only when the user set
 * it: huggingface.js `featureExtraction` and huggingface_hub `InferenceClient.feature_extraction`
 * send it only when given, and the spec (huggingface.js packages/tasks/src/tasks/feature-extraction/
 * spec/input.json) defaults it to true, so the same model gives the same vectors here as there.
 * `truncate` always: the spec defaults it to false (a long text is refused with a 413), and the
 * node's own default is on. Normalization is redone locally when asked (pooled token vectors are
 * not unit length).
 */
export function buildEmbeddingRequest(ids: ModelIds, texts: string[], parameters: EmbeddingParameters): ProviderRequest {
	return {
		method: 'POST',
		url: `/hf-inference/models/${modelPath(ids.hubModelId)}/pipeline/feature-extraction`,
		body: {
			inputs: texts,
			...(parameters.normalize === undefined ? {} : { normalize: parameters.normalize }),
			truncate: parameters.truncate !== false,
		},
	};
}

/**
 * The audio's own bytes as the body, under their type: huggingface.js
 * `HFInferenceAutomaticSpeechRecognitionTask` sends the Blob as it is (`data`), and fetch labels
 * it with the Blob's type; huggingface_hub sends the same bytes.
 */
export function buildSpeechRequest(ids: ModelIds, audio: MediaInput | MediaUpload): ProviderRequest {
	return {
		method: 'POST',
		url: `/hf-inference/models/${modelPath(ids.hubModelId)}`,
		body: 'data' in audio ? audio.data : audio.body,
		headers: { 'Content-Type': audio.mimeType },
	};
}

/**
 * Both clients agree (huggingface.js HFInferenceImageToImageTask, huggingface_hub
 * HFInferenceBinaryInputTask): the picture's raw bytes when there are no parameters, else JSON
 * with the picture in base64 under `inputs` and the parameters (prompt included) beside it.
 */
export function buildImageEditRequest(ids: ModelIds, image: MediaInput, parameters: ImageEditParameters, extraParameters = false): ProviderRequest {
	const url = `/hf-inference/models/${modelPath(ids.hubModelId)}`;
	const hubParameters = hubEditParameters(parameters);
	if (!Object.keys(hubParameters).length && !extraParameters) return { method: 'POST', url, body: image.data, headers: { 'Content-Type': image.mimeType } };
	return { method: 'POST', url, body: { inputs: image.data.toString('base64'), parameters: hubParameters } };
}

/** The file in memory or read from n8n's store: the same request either way. */
async function transcribeRawBody(call: ProviderCall, audio: MediaInput | MediaUpload) {
	return readTranscript(ID, await sendJson(call, buildSpeechRequest(call, audio)));
}

export const hfInference: ProviderModule = {
	id: ID,
	// huggingface.js HFInferenceTask.preparePayload: `{ inputs, parameters }`.
	parametersAt: 'parameters',
	textToImage: {
		async generate(call, parameters) {
			return await call.transport.requestStream({ ...withRequestParameters(call, buildImageRequest(call, parameters), 'parameters'), deadline: call.deadline }, readImageStream);
		},
	},
	featureExtraction: {
		async embed(call, texts, parameters) {
			if (texts.length === 0) return [];
			const answer = await sendJson(call, buildEmbeddingRequest(call, texts, parameters));
			return finishVectors(ID, vectorsPerText(answer, texts.length), texts.length, parameters);
		},
	},
	automaticSpeechRecognition: {
		transcribe: transcribeRawBody,
		transcribeUpload: transcribeRawBody,
	},
	imageToImage: {
		async edit(call, image, parameters) {
			const answer = await sendRaw(call, buildImageEditRequest(call, image, parameters, hasExtraParameters(call)));
			return readImageAnswer(answer);
		},
	},
	textToSpeech: {
		async speak(call, text) {
			const answer = await sendRaw(call, buildSpeechSynthesisRequest(call, text));
			return readFileAnswer(ID, answer, 'audio');
		},
	},
	...hfInferenceVision,
	...hfInferenceTextTasks,
};
