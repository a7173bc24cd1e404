import { extractErrorMessage } from '../transport/errors';
import { downloadImage, hubImageParameters, noImage } from './images';
import { pollJob, type JobState } from './polling';
import { asRecord, definedOnly, sendJson, type ModelIds, type ProviderRequest } from './requests';
import type { ImageParameters, ProviderModule } from './types';
import { imageToText } from './zai-org-ocr';

const ID = 'zai-org';

/** The headers huggingface.js sends to Z.ai: where the call comes from, and English messages. */
const ZAI_HEADERS = { 'x-source-channel': 'hugging_face', 'accept-language': 'en-US,en' };

/**
 * Z.ai's image API takes a model, a prompt and a `size` of `WIDTHxHEIGHT` (huggingface_hub
 * ZaiTextToImageTask, which drops a width without a height). The other parameters go flat beside
 * the prompt under their Hub names, as both clients send them (huggingface.js ZaiTextToImageTask
 * spreads `parameters`; huggingface_hub `payload.update(filter_none(parameters))`).
 */
export function buildImageRequest(ids: ModelIds, parameters: ImageParameters): ProviderRequest {
	const size = parameters.width && parameters.height ? `${parameters.width}x${parameters.height}` : undefined;
	const { width: _width, height: _height, ...others } = hubImageParameters(parameters);
	return {
		method: 'POST',
		url: '/zai-org/api/paas/v4/async/images/generations',
		body: { model: ids.providerModelId, prompt: parameters.prompt, ...definedOnly({ size }), ...others },
		headers: { ...ZAI_HEADERS },
	};
}

export function resultRequest(id: string): ProviderRequest {
	return { method: 'GET', url: `/zai-org/api/paas/v4/async-result/${encodeURIComponent(id)}`, headers: { ...ZAI_HEADERS } };
}

/** `task_status`: PROCESSING keeps polling; SUCCESS gives `image_result[0].url`; FAIL ends it. */
export function readResult(answer: unknown): JobState<string | undefined> {
	const record = asRecord(answer);
	const status = typeof record.task_status === 'string' ? record.task_status.toUpperCase() : undefined;
	if (status === 'SUCCESS') {
		const images = record.image_result;
		const url = asRecord(Array.isArray(images) ? images[0] : undefined).url;
		return { state: 'done', result: typeof url === 'string' && url ? url : undefined };
	}
	if (status === 'FAIL') return { state: 'failed', message: extractErrorMessage(record, '') };
	return { state: 'running', status };
}

export const zaiOrg: ProviderModule = {
	id: ID,
	textToImage: {
		async generate(call, parameters) {
			const submitted = asRecord(await sendJson(call, buildImageRequest(call, parameters)));
			const id = typeof submitted.id === 'string' && submitted.id ? submitted.id : undefined;
			const first = readResult(submitted);
			if (!id && first.state === 'running') throw noImage(ID);
			const url = await pollJob(call, ID, {
				first,
				poll: async () => readResult(await sendJson(call, resultRequest(String(id)))),
			});
			return await downloadImage(call, ID, url);
		},
	},
	imageToText,
};
