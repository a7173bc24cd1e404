import { downloadImage, hubEditParameters, hubImageParameters, noImage } from './images';
import { wavespeedLoraFields } from './lora';
import { downloadFile, noOutput } from './media';
import { pollJob, type JobState } from './polling';
import { asRecord, modelPath, sendJson, type ModelIds, type ProviderRequest } from './requests';
import type { ImageEditParameters, ImageParameters, MediaInput, ProviderCall, ProviderModule, VideoParameters } from './types';

const ID = 'wavespeed';

/** As huggingface.js sends it: the Hub's parameter names at the top level, beside the prompt. */
export function buildImageRequest(ids: ModelIds, parameters: ImageParameters): ProviderRequest {
	return {
		method: 'POST',
		url: `/wavespeed/api/v3/${modelPath(ids.providerModelId)}`,
		body: { ...hubImageParameters(parameters), prompt: parameters.prompt, ...wavespeedLoraFields(ids.lora) },
	};
}

/**
 * The picture in plain base64 under `image` and `images` (edit models read the list), the prompt
 * beside it: huggingface.js WavespeedAIImageToImageTask. huggingface_hub sends a data URL labelled
 * image/jpeg under `image` only; we follow huggingface.js, which also serves the edit models.
 */
export function buildImageEditRequest(ids: ModelIds, image: MediaInput, parameters: ImageEditParameters): ProviderRequest {
	const base64 = image.data.toString('base64');
	return {
		method: 'POST',
		url: `/wavespeed/api/v3/${modelPath(ids.providerModelId)}`,
		body: { image: base64, images: [base64], ...hubEditParameters(parameters), ...wavespeedLoraFields(ids.lora) },
	};
}

/** `{"prompt", ...}` on the model's route, then polled as for images (WavespeedAITextToVideoTask). */
export function buildVideoRequest(ids: ModelIds, parameters: VideoParameters): ProviderRequest {
	return {
		method: 'POST',
		url: `/wavespeed/api/v3/${modelPath(ids.providerModelId)}`,
		body: { ...hubEditParameters(parameters), prompt: parameters.prompt, ...wavespeedLoraFields(ids.lora) },
	};
}

/**
 * Where to poll a submitted task: the path of the answer's `data.urls.get`, under `/wavespeed` on
 * the router (the token must not go to WaveSpeed's own host), as both clients do
 * (huggingface.js src/providers/wavespeed.ts `getResponse`, huggingface_hub _providers/wavespeed.py).
 * An answer without it falls back to the path WaveSpeed documents for `data.id`.
 */
export function resultPath(submitAnswer: unknown): string | undefined {
	const data = asRecord(asRecord(submitAnswer).data);
	const get = asRecord(data.urls).get;
	if (typeof get === 'string' && get) {
		try {
			const path = new URL(get, 'https://api.wavespeed.ai').pathname;
			if (path.startsWith('/api/')) return path;
		} catch {
			// Not a URL: use the id.
		}
	}
	return typeof data.id === 'string' && data.id ? `/api/v3/predictions/${encodeURIComponent(data.id)}/result` : undefined;
}

export function resultRequest(path: string): ProviderRequest {
	return { method: 'GET', url: `/wavespeed${path}` };
}

/** `data.status`: created / processing keep polling; completed gives `data.outputs`; failed gives `data.error`. */
export function readResult(answer: unknown): JobState<string | undefined> {
	const data = asRecord(asRecord(answer).data);
	const status = typeof data.status === 'string' ? data.status : undefined;
	if (status === 'completed') {
		const first = Array.isArray(data.outputs) ? data.outputs[0] : undefined;
		return { state: 'done', result: typeof first === 'string' && first ? first : undefined };
	}
	if (status === 'failed') return { state: 'failed', message: typeof data.error === 'string' ? data.error : '' };
	return { state: 'running', status };
}

/** Submits a task and polls its result through the router until it names the output file. */
export async function runTask(call: ProviderCall, request: ProviderRequest): Promise<string | undefined> {
	const path = resultPath(await sendJson(call, request));
	if (!path) return undefined;
	return await pollJob(call, ID, {
		poll: async () => readResult(await sendJson(call, resultRequest(path))),
	});
}

export const wavespeed: ProviderModule = {
	id: ID,
	textToImage: {
		async generate(call, parameters) {
			const url = await runTask(call, buildImageRequest(call, parameters));
			if (!url) throw noImage(ID);
			return await downloadImage(call, ID, url);
		},
	},
	imageToImage: {
		async edit(call, image, parameters) {
			const url = await runTask(call, buildImageEditRequest(call, image, parameters));
			if (!url) throw noImage(ID);
			return await downloadImage(call, ID, url);
		},
	},
	textToVideo: {
		async generate(call, parameters) {
			const url = await runTask(call, buildVideoRequest(call, parameters));
			if (!url) throw noOutput(ID, 'a video');
			return await downloadFile(call, ID, url, 'a video');
		},
	},
	// huggingface.js WavespeedAIImageToVideoTask (and ImageTextToVideo with a picture) sends what
	// WavespeedAIImageToImageTask sends: `image`, `images` and the parameters; the clip is polled as for images.
	imageToVideo: {
		async animate(call, image, parameters) {
			const url = await runTask(call, buildImageEditRequest(call, image, parameters));
			if (!url) throw noOutput(ID, 'a video');
			return await downloadFile(call, ID, url, 'a video');
		},
	},
};
