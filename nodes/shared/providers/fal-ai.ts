import { RouterCallError, extractErrorMessage } from '../transport/errors';
import { downloadImage, hubEditParameters, hubImageParameters } from './images';
import { falLoraFields } from './lora';
import { dataUrl, downloadFile, falAudioType, readTranscript } from './media';
import { pollJob, type JobState } from './polling';
import { asRecord, definedOnly, modelPath, sendJson, type ModelIds, type ProviderRequest } from './requests';
import type { ImageEditParameters, ImageParameters, MediaInput, ProviderCall, ProviderModule, VideoParameters } from './types';

const ID = 'fal-ai';
const QUEUE = '?_subdomain=queue';

/**
 * fal's queue API. Its image models take the size as `image_size: {width, height}` (what the
 * Python client sends; width and height at the top level are ignored by fal), so both go there
 * when both are set.
 */
export function buildImageRequest(ids: ModelIds, parameters: ImageParameters): ProviderRequest {
	const { width, height, ...rest } = hubImageParameters(parameters);
	const body: Record<string, unknown> = { prompt: parameters.prompt, ...rest };
	if (width !== undefined && height !== undefined) body.image_size = { width, height };
	else Object.assign(body, definedOnly({ width, height }));
	Object.assign(body, falLoraFields(ids.lora, ids.providerModelId));
	return { method: 'POST', url: `/fal-ai/${modelPath(ids.providerModelId)}${QUEUE}`, body };
}

/**
 * The job's path on fal's queue, from `response_url` (it names the app, which can differ from the
 * provider model id: `fal-ai/flux/dev` answers under `/fal-ai/flux/requests/{id}`).
 */
export function jobPath(submitAnswer: unknown): string | undefined {
	const responseUrl = asRecord(submitAnswer).response_url;
	if (typeof responseUrl !== 'string' || !responseUrl) return undefined;
	try {
		return new URL(responseUrl).pathname.replace(/\/+$/, '');
	} catch {
		return undefined;
	}
}

export function statusRequest(path: string): ProviderRequest {
	return { method: 'GET', url: `/fal-ai${path}/status${QUEUE}` };
}

export function resultRequest(path: string): ProviderRequest {
	return { method: 'GET', url: `/fal-ai${path}${QUEUE}` };
}

/** IN_QUEUE / IN_PROGRESS keep polling; COMPLETED ends it; FAILED / ERROR are the provider's refusal. */
export function readStatus(answer: unknown): JobState<void> {
	const record = asRecord(answer);
	const status = typeof record.status === 'string' ? record.status.toUpperCase() : '';
	if (status === 'COMPLETED') return { state: 'done', result: undefined };
	if (status === 'FAILED' || status === 'ERROR') return { state: 'failed', message: extractErrorMessage(record, status) };
	return { state: 'running', status: status || undefined };
}

/** `{"images": [{"url", "content_type"}]}`: the first picture. */
export function firstImage(result: unknown): { url?: string; contentType?: string } {
	const images = asRecord(result).images;
	const first = asRecord(Array.isArray(images) ? images[0] : undefined);
	return {
		url: typeof first.url === 'string' && first.url ? first.url : undefined,
		contentType: typeof first.content_type === 'string' ? first.content_type : undefined,
	};
}

/**
 * Speech runs on fal's synchronous route, not the queue: huggingface.js
 * `FalAIAutomaticSpeechRecognitionTask` is a plain FalAITask (no `_subdomain=queue`), as is
 * huggingface_hub's. The audio goes as a data URL under a type fal can decode.
 */
export function buildSpeechRequest(ids: ModelIds, audio: MediaInput): ProviderRequest {
	return {
		method: 'POST',
		url: `/fal-ai/${modelPath(ids.providerModelId)}`,
		body: { audio_url: dataUrl(audio, falAudioType(audio.mimeType)) },
	};
}

/**
 * On the queue, the picture as a data URL under both `image_url` and `image_urls` (some fal apps,
 * FLUX.2 among them, read the list): huggingface.js FalAIImageToImageTask and huggingface_hub
 * agree; huggingface_hub labels every picture image/jpeg, huggingface.js keeps its real type,
 * which we follow.
 */
export function buildImageEditRequest(ids: ModelIds, image: MediaInput, parameters: ImageEditParameters): ProviderRequest {
	const url = dataUrl(image);
	return {
		method: 'POST',
		url: `/fal-ai/${modelPath(ids.providerModelId)}${QUEUE}`,
		body: { ...hubEditParameters(parameters), image_url: url, image_urls: [url], ...falLoraFields(ids.lora, ids.providerModelId) },
	};
}

/**
 * Sends a job to fal's queue and follows it to its result. A synchronous answer (a result that
 * already holds what `isResult` looks for) needs no queue.
 */
export async function runQueued(call: ProviderCall, request: ProviderRequest, isResult: (answer: unknown) => boolean): Promise<unknown> {
	const submitted = await sendJson(call, request);
	if (isResult(submitted)) return submitted;
	const path = jobPath(submitted);
	if (!path) throw new RouterCallError({ kind: 'final', httpCode: null, message: `${ID} answered without a job to follow` });
	await pollJob(call, ID, {
		first: readStatus(submitted),
		poll: async () => readStatus(await sendJson(call, statusRequest(path))),
	});
	return await sendJson(call, resultRequest(path));
}

async function queuedImage(call: ProviderCall, request: ProviderRequest) {
	const image = firstImage(await runQueued(call, request, (answer) => !!firstImage(answer).url));
	return await downloadImage(call, ID, image.url, image.contentType);
}

/**
 * Speech synthesis on fal.run (no queue), `{"text"}`, answer `{"audio": {"url", "content_type"}}`:
 * huggingface.js FalAITextToSpeechTask and huggingface_hub agree.
 */
export function buildSpeechSynthesisRequest(ids: ModelIds, text: string): ProviderRequest {
	return { method: 'POST', url: `/fal-ai/${modelPath(ids.providerModelId)}`, body: { text } };
}

/**
 * Videos run on the queue, `{"prompt", ...}`, result `{"video": {"url"}}` (FalAITextToVideoTask in
 * both clients, LoRA fields as for images).
 */
export function buildVideoRequest(ids: ModelIds, parameters: VideoParameters): ProviderRequest {
	return {
		method: 'POST',
		url: `/fal-ai/${modelPath(ids.providerModelId)}${QUEUE}`,
		body: { ...hubEditParameters(parameters), prompt: parameters.prompt, ...falLoraFields(ids.lora, ids.providerModelId) },
	};
}

const videoOf = (result: unknown) => asRecord(asRecord(result).video);

/**
 * Image to video on the queue: the Hub-named parameters (prompt among them) and the picture as a
 * data URL under `image_url`, LoRA fields as for videos; result `{"video": {"url"}}`
 * (huggingface.js FalAIImageToVideoTask, also for models mapped image-text-to-video,
 * FalAIImageTextToVideoTask with a picture).
 */
export function buildImageToVideoRequest(ids: ModelIds, image: MediaInput, parameters: ImageEditParameters): ProviderRequest {
	return {
		method: 'POST',
		url: `/fal-ai/${modelPath(ids.providerModelId)}${QUEUE}`,
		body: { ...hubEditParameters(parameters), image_url: dataUrl(image), ...falLoraFields(ids.lora, ids.providerModelId) },
	};
}

async function queuedVideo(call: ProviderCall, request: ProviderRequest) {
	const video = videoOf(await runQueued(call, request, (answer) => typeof videoOf(answer).url === 'string'));
	return await downloadFile(call, ID, video.url, 'a video', video.content_type);
}

export const falAi: ProviderModule = {
	id: ID,
	textToImage: {
		async generate(call, parameters) {
			return await queuedImage(call, buildImageRequest(call, parameters));
		},
	},
	imageToImage: {
		async edit(call, image, parameters) {
			return await queuedImage(call, buildImageEditRequest(call, image, parameters));
		},
	},
	automaticSpeechRecognition: {
		async transcribe(call, audio) {
			return readTranscript(ID, await sendJson(call, buildSpeechRequest(call, audio)));
		},
	},
	textToVideo: {
		async generate(call, parameters) {
			const video = videoOf(await runQueued(call, buildVideoRequest(call, parameters), (answer) => typeof videoOf(answer).url === 'string'));
			return await downloadFile(call, ID, video.url, 'a video', video.content_type);
		},
	},
	imageToVideo: {
		async animate(call, image, parameters) {
			return await queuedVideo(call, buildImageToVideoRequest(call, image, parameters));
		},
	},
	textToSpeech: {
		async speak(call, text) {
			const audio = asRecord(asRecord(await sendJson(call, buildSpeechSynthesisRequest(call, text))).audio);
			return await downloadFile(call, ID, audio.url, 'audio', audio.content_type);
		},
	},
};
