import { RouterCallError, extractErrorMessage } from '../transport/errors';
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
 * all (huggingface.js src/providers/replicate.ts, huggingface_hub _providers/replicate.py); the
 * node keeps polling while the item's timeout lasts. That this route exists on the router is
 * unverified live (test/emulator/README.md): where it answers 404 or 405, stillRunning ends the item.
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
 * A polled prediction ends on its status, as Replicate's own client waits for one: `succeeded`
 * (its output, possibly none: the caller reports what is missing), or `failed` / `canceled` /
 * `aborted`. An `output` shown while it is still `starting` or `processing` is not the end: the
 * model may still be writing it. Only an answer without any status is read by its output.
 */
export function readPredictionOutput(answer: unknown): JobState<unknown> {
	const record = asRecord(answer);
	const status = typeof record.status === 'string' ? record.status : undefined;
	if (status === 'succeeded') return { state: 'done', result: record.output };
	if (status === 'failed' || status === 'canceled' || status === 'aborted') {
		return { state: 'failed', message: extractErrorMessage(record, status) };
	}
	if (status === undefined && hasOutput(record.output)) return { state: 'done', result: record.output };
	return { state: 'running', status };
}

/**
 * The answer to the `Prefer: wait` submit: Replicate's sync mode answers once the output is there,
 * with the status often still `processing` (the recorded live answer, huggingface_hub cassette
 * test_text_to_image_default[replicate]). Both Hugging Face clients take that output, and
 * Replicate's client counts a waited prediction past `starting` as done; so does the node.
 */
export function readWaitedPrediction(answer: unknown): JobState<unknown> {
	const record = asRecord(answer);
	const job = readPredictionOutput(answer);
	if (job.state === 'running' && job.status === 'processing' && hasOutput(record.output)) return { state: 'done', result: record.output };
	return job;
}

/** `output` is a list of URLs for most image models, a single URL for some. */
export function outputUrl(output: unknown): string | undefined {
	const first = Array.isArray(output) ? output[0] : output;
	return typeof first === 'string' && first ? first : undefined;
}

/**
 * A prediction still running after `Prefer: wait` that the node cannot follow: its answer had no
 * id, or the router does not serve the status route. In huggingface_hub's words (ReplicateTask
 * get_response), then why.
 */
export function stillRunning(providerModelId: string, status: string | undefined, why: string): RouterCallError {
	return new RouterCallError({
		kind: 'final',
		httpCode: null,
		code: 'PREDICTION_STILL_RUNNING',
		message:
			`Inference request timed out after 60 seconds. No output generated for model ${providerModelId}: ` +
			`replicate was still running the prediction (status: ${status ?? 'unknown'}) after Prefer: wait, and ${why}`,
	});
}

/** One status request; a route the router does not serve (404, 405) ends the item as the clients end it. */
async function pollPrediction(call: ProviderCall, id: string, lastStatus: string | undefined): Promise<unknown> {
	return await sendJson(call, pollRequest(id)).catch((error: unknown) => {
		const httpCode = error instanceof RouterCallError ? error.failure.httpCode : null;
		if (httpCode === 404 || httpCode === 405) {
			throw stillRunning(call.providerModelId, lastStatus, `the router does not serve its status (HTTP ${httpCode})`);
		}
		throw error;
	});
}

/** Submits a prediction and follows it until it ends, within the item's budget. */
export async function runPrediction(call: ProviderCall, request: ProviderRequest, what: string): Promise<unknown> {
	const prediction = await sendJson(call, request);
	const first = readWaitedPrediction(prediction);
	const id = asRecord(prediction).id;
	if (first.state === 'running' && (typeof id !== 'string' || !id)) {
		throw stillRunning(call.providerModelId, first.status, 'its answer gave no id to follow it by');
	}
	let lastStatus = first.state === 'running' ? first.status : undefined;
	const output = await pollJob(call, ID, {
		first,
		poll: async () => {
			const job = readPredictionOutput(await pollPrediction(call, String(id), lastStatus));
			if (job.state === 'running') lastStatus = job.status;
			return job;
		},
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
