import { extractErrorMessage } from '../transport/errors';
import { downloadImage, hubEditParameters, hubImageParameters } from './images';
import { replicateLoraFields } from './lora';
import { dataUrl, downloadFile, noOutput, readReplicateTranscript } from './media';
import { pollJob, type JobState } from './polling';
import { asRecord, modelPath, sendJson, type ModelIds, type ProviderRequest } from './requests';
import type { ImageEditParameters, ImageParameters, MediaInput, ProviderCall, ProviderModule, VideoParameters } from './types';

const ID = 'replicate';

/**
 * `owner/name` runs the model's latest version; `owner/name:version` pins one, which Replicate
 * only takes on `/v1/predictions` with the version in the body. `Prefer: wait` asks Replicate to
 * hold the answer until the output is ready (up to its own limit), which often saves every poll.
 */
export function buildPredictionRequest(ids: ModelIds, input: Record<string, unknown>): ProviderRequest {
	const headers = { Prefer: 'wait' };
	const [model, version] = splitVersion(ids.providerModelId);
	if (version) return { method: 'POST', url: '/replicate/v1/predictions', body: { input, version }, headers };
	return { method: 'POST', url: `/replicate/v1/models/${modelPath(model)}/predictions`, body: { input }, headers };
}

export function buildImageRequest(ids: ModelIds, parameters: ImageParameters): ProviderRequest {
	return buildPredictionRequest(ids, { ...hubImageParameters(parameters), prompt: parameters.prompt, ...replicateLoraFields(ids.lora) });
}

/**
 * `{"input": {"audio": <data URL>}}`, the type defaulting to audio/wav, as both clients send it
 * (huggingface.js and huggingface_hub `ReplicateAutomaticSpeechRecognitionTask`).
 */
export function buildSpeechRequest(ids: ModelIds, audio: MediaInput): ProviderRequest {
	return buildPredictionRequest(ids, { audio: dataUrl(audio, audio.mimeType || 'audio/wav') });
}

/**
 * Replicate's image models name their input picture differently, so both clients send it under
 * every name (`image`, `images`, `input_image`, `input_images`), as a data URL defaulting to
 * image/jpeg (huggingface.js and huggingface_hub ReplicateImageToImageTask).
 */
export function buildImageEditRequest(ids: ModelIds, image: MediaInput, parameters: ImageEditParameters): ProviderRequest {
	const url = dataUrl(image, image.mimeType || 'image/jpeg');
	return buildPredictionRequest(ids, {
		...hubEditParameters(parameters),
		image: url,
		images: [url],
		input_image: url,
		input_images: [url],
		...replicateLoraFields(ids.lora),
	});
}

/** `{"input": {"text"}}` (both clients rename the prompt to `text` for speech); output: the audio's URL. */
export function buildSpeechSynthesisRequest(ids: ModelIds, text: string): ProviderRequest {
	return buildPredictionRequest(ids, { text });
}

/** `{"input": {"prompt", ...}}` as for images, without LoRA (ReplicateTextToVideoTask); output: the video's URL. */
export function buildVideoRequest(ids: ModelIds, parameters: VideoParameters): ProviderRequest {
	return buildPredictionRequest(ids, { ...hubEditParameters(parameters), prompt: parameters.prompt });
}

function splitVersion(providerModelId: string): [string, string | undefined] {
	const colon = providerModelId.indexOf(':');
	return colon < 0 ? [providerModelId, undefined] : [providerModelId.slice(0, colon), providerModelId.slice(colon + 1)];
}

/**
 * Polled through the router, never at the answer's `urls.get`: that is Replicate's own API, which
 * refuses a Hugging Face token (and must never receive it). The official clients do not poll at
 * all: when `output` is still null after `Prefer: wait`, huggingface.js throws "malformed response"
 * (src/providers/replicate.ts) and huggingface_hub a TimeoutError (_providers/replicate.py). The
 * node keeps polling while the item's timeout lasts; that this route exists on the router is
 * unverified live (test/emulator/README.md).
 */
export function pollRequest(predictionId: string): ProviderRequest {
	return { method: 'GET', url: `/replicate/v1/predictions/${encodeURIComponent(predictionId)}` };
}

function hasOutput(output: unknown): boolean {
	if (Array.isArray(output)) return output.length > 0;
	if (typeof output === 'string') return output.length > 0;
	return output !== null && output !== undefined;
}

/**
 * A prediction is done once it has an output (Replicate may fill `output` while the status still
 * says `processing`), failed once its status says so, and running otherwise. A `succeeded`
 * prediction without output ends too, with none: the caller reports what is missing.
 */
export function readPredictionOutput(answer: unknown): JobState<unknown> {
	const record = asRecord(answer);
	const status = typeof record.status === 'string' ? record.status : undefined;
	if (hasOutput(record.output)) return { state: 'done', result: record.output };
	if (status === 'failed' || status === 'canceled' || status === 'aborted') {
		return { state: 'failed', message: extractErrorMessage(record, status) };
	}
	if (status === 'succeeded') return { state: 'done', result: undefined };
	return { state: 'running', status };
}

/** readPredictionOutput for the models whose output is one or more file URLs. */
export function readPrediction(answer: unknown): JobState<string | undefined> {
	const job = readPredictionOutput(answer);
	return job.state === 'done' ? { state: 'done', result: outputUrl(job.result) } : job;
}

/** `output` is a list of URLs for most image models, a single URL for some. */
export function outputUrl(output: unknown): string | undefined {
	const first = Array.isArray(output) ? output[0] : output;
	return typeof first === 'string' && first ? first : undefined;
}

/** Submits a prediction and follows it until it has an output, within the item's budget. */
export async function runPrediction(call: ProviderCall, request: ProviderRequest, what: string): Promise<unknown> {
	const prediction = await sendJson(call, request);
	const first = readPredictionOutput(prediction);
	const id = asRecord(prediction).id;
	// A running prediction without an id cannot be followed.
	if (first.state === 'running' && (typeof id !== 'string' || !id)) throw noOutput(ID, what);
	const output = await pollJob(call, ID, {
		first,
		poll: async () => readPredictionOutput(await sendJson(call, pollRequest(String(id)))),
	});
	if (!hasOutput(output)) throw noOutput(ID, what);
	return output;
}

export const replicate: ProviderModule = {
	id: ID,
	// huggingface.js ReplicateTask.preparePayload: the parameters go under `input`.
	parametersAt: 'input',
	textToImage: {
		async generate(call, parameters) {
			const url = outputUrl(await runPrediction(call, buildImageRequest(call, parameters), 'an image'));
			return await downloadImage(call, ID, url);
		},
	},
	imageToImage: {
		async edit(call, image, parameters) {
			const url = outputUrl(await runPrediction(call, buildImageEditRequest(call, image, parameters), 'an image'));
			return await downloadImage(call, ID, url);
		},
	},
	textToVideo: {
		async generate(call, parameters) {
			const url = outputUrl(await runPrediction(call, buildVideoRequest(call, parameters), 'a video'));
			return await downloadFile(call, ID, url, 'a video');
		},
	},
	textToSpeech: {
		async speak(call, text) {
			const url = outputUrl(await runPrediction(call, buildSpeechSynthesisRequest(call, text), 'audio'));
			return await downloadFile(call, ID, url, 'audio');
		},
	},
	automaticSpeechRecognition: {
		async transcribe(call, audio) {
			return await readReplicateTranscript(call, ID, await runPrediction(call, buildSpeechRequest(call, audio), 'a transcript'));
		},
	},
};
