import { extractErrorMessage } from '../transport/errors';
import { hubEditParameters, hubImageParameters } from './images';
import { dataUrl, downloadFile, noOutput } from './media';
import { pollJob, type JobState } from './polling';
import { asRecord, definedOnly, sendJson, type ModelIds, type ProviderRequest } from './requests';
import type { GeneratedFile, ImageEditParameters, ImageToVideoTask, MediaInput, ProviderCall, TextToVideoTask, VideoParameters } from './types';

const ID = 'together';

/**
 * Videos are jobs on `/v2/videos`: `{"model", "prompt", ...}` with the step count as `steps`, the
 * other Hub names kept (huggingface.js TogetherTextToVideoTask, normalizeTogetherVideoParameters;
 * huggingface_hub TogetherTextToVideoTask). The answer is the job, `{"id", "status"}`.
 */
export function buildVideoRequest(ids: ModelIds, parameters: VideoParameters): ProviderRequest {
	const { num_inference_steps: steps, ...rest } = hubImageParameters(parameters);
	return { method: 'POST', url: '/together/v2/videos', body: { ...rest, ...definedOnly({ steps }), prompt: parameters.prompt, model: ids.providerModelId } };
}

/**
 * Image to video is a job on `/v2/videos`: the picture as a data URL in
 * `frame_images: [{"input_image", "frame": "first"}]`, the step count as `steps`, the other Hub
 * names kept, the prompt only when there is one (huggingface.js TogetherImageToVideoTask and
 * normalizeTogetherVideoParameters). Together caps `input_image` at about 60 KB: a larger picture
 * is refused by Together with its own message.
 */
export function buildImageToVideoRequest(ids: ModelIds, image: MediaInput, parameters: ImageEditParameters): ProviderRequest {
	const { num_inference_steps: steps, prompt, ...rest } = hubEditParameters(parameters);
	return {
		method: 'POST',
		url: '/together/v2/videos',
		body: {
			...rest,
			...definedOnly({ steps }),
			frame_images: [{ input_image: dataUrl(image, image.mimeType || 'image/png'), frame: 'first' }],
			model: ids.providerModelId,
			...definedOnly({ prompt }),
		},
	};
}

/**
 * The job is polled at `/v2/videos/{id}`, the submit URL with the id appended, as both clients do
 * (huggingface.js TogetherVideoTask.getResponse).
 */
export function videoJobRequest(id: string): ProviderRequest {
	return { method: 'GET', url: `/together/v2/videos/${encodeURIComponent(id)}` };
}

/**
 * `queued` / `in_progress` (or no status yet) keep polling; `completed` carries
 * `outputs.video_url`; `failed` gives `error.message`; any other status ends the job, as in both
 * clients (huggingface.js TogetherVideoTask).
 */
export function readVideoJob(answer: unknown): JobState<unknown> {
	const job = asRecord(answer);
	const status = job.status;
	if (status === undefined || status === 'queued' || status === 'in_progress') return { state: 'running', status: typeof status === 'string' ? status : undefined };
	if (status === 'completed') return { state: 'done', result: asRecord(job.outputs).video_url };
	if (status === 'failed') return { state: 'failed', message: extractErrorMessage(job, '') };
	return { state: 'failed', message: `unexpected job status ${JSON.stringify(status)}` };
}

/** Submits a video job (text or image to video), follows it to its end and fetches the clip. */
async function videoJob(call: ProviderCall, submit: ProviderRequest): Promise<GeneratedFile> {
	const submitted = asRecord(await sendJson(call, submit));
	if (typeof submitted.id !== 'string' || !submitted.id) throw noOutput(ID, 'a video job to follow');
	const id = submitted.id;
	const url = await pollJob(call, ID, { first: readVideoJob(submitted), poll: async () => readVideoJob(await sendJson(call, videoJobRequest(id))) });
	// The clip is on Together's storage: fetched without the Hugging Face token.
	return await downloadFile(call, ID, url, 'a video');
}

export const textToVideo: TextToVideoTask = {
	async generate(call, parameters) {
		return await videoJob(call, buildVideoRequest(call, parameters));
	},
};

export const imageToVideo: ImageToVideoTask = {
	async animate(call, image, parameters) {
		return await videoJob(call, buildImageToVideoRequest(call, image, parameters));
	},
};

/** Spread into the together module. */
export const togetherVideo = { textToVideo, imageToVideo };
