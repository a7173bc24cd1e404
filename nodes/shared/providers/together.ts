import { extractErrorMessage } from '../transport/errors';
import { openAiStyleEmbeddings } from './embeddings';
import { hubEditParameters, hubImageParameters, imageFromGenerations } from './images';
import { dataUrl, downloadFile, noOutput, readFileAnswer } from './media';
import { pollJob, type JobState } from './polling';
import { asRecord, definedOnly, sendJson, sendRaw, type ModelIds, type ProviderRequest } from './requests';
import { togetherImageToVideo } from './together-video';
import { openAiStyleTranscription } from './transcriptions';
import type { ImageEditParameters, ImageParameters, MediaInput, ProviderModule, VideoParameters } from './types';

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

/**
 * Videos are jobs on `/v2/videos`: `{"model", "prompt", ...}` with the step count as `steps`, the
 * other Hub names kept (huggingface.js TogetherTextToVideoTask, normalizeTogetherVideoParameters;
 * huggingface_hub TogetherTextToVideoTask). The answer is the job, `{"id", "status"}`.
 */
export function buildVideoRequest(ids: ModelIds, parameters: VideoParameters): ProviderRequest {
	const { num_inference_steps: steps, ...rest } = hubImageParameters(parameters);
	return { method: 'POST', url: '/together/v2/videos', body: { ...rest, ...definedOnly({ steps }), prompt: parameters.prompt, model: ids.providerModelId } };
}

/** The job is polled at `/v2/videos/{id}`, the submit URL with the id appended, as both clients do. */
export function videoStatusRequest(id: string): ProviderRequest {
	return { method: 'GET', url: `/together/v2/videos/${encodeURIComponent(id)}` };
}

/**
 * `queued` / `in_progress` (or no status yet) keep polling; `completed` carries `outputs.video_url`;
 * `failed` gives `error.message`; any other status ends the job, as in both clients.
 */
export function readVideoJob(answer: unknown): JobState<unknown> {
	const job = asRecord(answer);
	const status = job.status;
	if (status === undefined || status === 'queued' || status === 'in_progress') return { state: 'running', status: typeof status === 'string' ? status : undefined };
	if (status === 'completed') return { state: 'done', result: asRecord(job.outputs).video_url };
	if (status === 'failed') return { state: 'failed', message: extractErrorMessage(job, '') };
	return { state: 'failed', message: `unexpected job status ${JSON.stringify(status)}` };
}

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
	textToVideo: {
		async generate(call, parameters) {
			const submitted = asRecord(await sendJson(call, buildVideoRequest(call, parameters)));
			if (typeof submitted.id !== 'string' || !submitted.id) throw noOutput(ID, 'a video job to follow');
			const id = submitted.id;
			const url = await pollJob(call, ID, { first: readVideoJob(submitted), poll: async () => readVideoJob(await sendJson(call, videoStatusRequest(id))) });
			return await downloadFile(call, ID, url, 'a video');
		},
	},
	...togetherImageToVideo,
};
