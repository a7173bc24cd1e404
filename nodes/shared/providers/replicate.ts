import { extractErrorMessage } from '../transport/errors';
import { downloadImage, hubImageParameters, noImage } from './images';
import { pollJob, type JobState } from './polling';
import { asRecord, modelPath, sendJson, type ModelIds, type ProviderRequest } from './requests';
import type { ImageParameters, ProviderModule } from './types';

const ID = 'replicate';

/**
 * `owner/name` runs the model's latest version; `owner/name:version` pins one, which Replicate
 * only takes on `/v1/predictions` with the version in the body. `Prefer: wait` asks Replicate to
 * hold the answer until the output is ready (up to its own limit), which often saves every poll.
 */
export function buildImageRequest(ids: ModelIds, parameters: ImageParameters): ProviderRequest {
	const input = { ...hubImageParameters(parameters), prompt: parameters.prompt };
	const headers = { Prefer: 'wait' };
	const [model, version] = splitVersion(ids.providerModelId);
	if (version) return { method: 'POST', url: '/replicate/v1/predictions', body: { input, version }, headers };
	return { method: 'POST', url: `/replicate/v1/models/${modelPath(model)}/predictions`, body: { input }, headers };
}

function splitVersion(providerModelId: string): [string, string | undefined] {
	const colon = providerModelId.indexOf(':');
	return colon < 0 ? [providerModelId, undefined] : [providerModelId.slice(0, colon), providerModelId.slice(colon + 1)];
}

/**
 * Polled through the router, never at the answer's `urls.get`: that is Replicate's own API, which
 * refuses a Hugging Face token (and must never receive it).
 */
export function pollRequest(predictionId: string): ProviderRequest {
	return { method: 'GET', url: `/replicate/v1/predictions/${encodeURIComponent(predictionId)}` };
}

/**
 * A prediction is done once it has an output (Replicate may fill `output` while the status still
 * says `processing`), failed once its status says so, and running otherwise. A `succeeded`
 * prediction without output ends too, with no URL: the caller reports the missing image.
 */
export function readPrediction(answer: unknown): JobState<string | undefined> {
	const record = asRecord(answer);
	const status = typeof record.status === 'string' ? record.status : undefined;
	const url = outputUrl(record.output);
	if (url) return { state: 'done', result: url };
	if (status === 'failed' || status === 'canceled' || status === 'aborted') {
		return { state: 'failed', message: extractErrorMessage(record, status) };
	}
	if (status === 'succeeded') return { state: 'done', result: undefined };
	return { state: 'running', status };
}

/** `output` is a list of URLs for most image models, a single URL for some. */
export function outputUrl(output: unknown): string | undefined {
	const first = Array.isArray(output) ? output[0] : output;
	return typeof first === 'string' && first ? first : undefined;
}

export const replicate: ProviderModule = {
	id: ID,
	textToImage: {
		async generate(call, parameters) {
			const prediction = await sendJson(call, buildImageRequest(call, parameters));
			const first = readPrediction(prediction);
			const id = asRecord(prediction).id;
			// A running prediction without an id cannot be followed.
			if (first.state === 'running' && (typeof id !== 'string' || !id)) throw noImage(ID);
			const url = await pollJob(call, ID, {
				first,
				poll: async () => readPrediction(await sendJson(call, pollRequest(String(id)))),
			});
			return await downloadImage(call, ID, url);
		},
	},
};
