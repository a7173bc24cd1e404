import { RouterCallError, extractErrorMessage } from '../transport/errors';
import { dataUrl, noOutput } from './media';
import { asRecord, sendJson, type ModelIds, type ProviderRequest } from './requests';
import type { ImageToTextTask, MediaInput } from './types';

const ID = 'zai-org';

/**
 * Image to text on Z.ai is its layout parsing API (GLM-OCR): `{"model", "file": <data URL>}` on
 * `/api/paas/v4/layout_parsing`, with the headers every Z.ai call carries (huggingface.js
 * ZaiImageToTextTask: the picture as a data URL under its own type, image/png when it has none).
 * huggingface_hub has no zai-org image-to-text.
 */
export function buildOcrRequest(ids: ModelIds, image: MediaInput): ProviderRequest {
	return {
		method: 'POST',
		url: '/zai-org/api/paas/v4/layout_parsing',
		body: { model: ids.providerModelId, file: dataUrl(image, image.mimeType || 'image/png') },
		headers: { 'x-source-channel': 'hugging_face', 'accept-language': 'en-US,en' },
	};
}

/** `md_results`, the page as Markdown, is the text (ZaiImageToTextTask.getResponse). */
export function readOcrAnswer(answer: unknown): string {
	const text = asRecord(answer).md_results;
	if (typeof text === 'string') return text;
	const message = extractErrorMessage(answer, '');
	if (message) throw new RouterCallError({ kind: 'final', httpCode: null, message: `${ID} answered with an error instead of text: ${message}` });
	throw noOutput(ID, 'text');
}

export const imageToText: ImageToTextTask = {
	async describe(call, image) {
		return readOcrAnswer(await sendJson(call, buildOcrRequest(call, image)));
	},
};
