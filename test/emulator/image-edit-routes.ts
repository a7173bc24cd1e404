/**
 * Image to image per provider, as the official clients call it:
 * - hf-inference: POST /hf-inference/models/{hubId}, raw picture bytes without parameters, else
 *   `{"inputs": <base64>, "parameters": {...}}` (huggingface.js HFInferenceImageToImageTask,
 *   huggingface_hub HFInferenceBinaryInputTask); answer: the picture's bytes;
 * - fal-ai: the queue, `{"image_url", "image_urls", "prompt", ...}` with data URLs
 *   (FalAIImageToImageTask in both clients); result `{"images": [{"url"}]}`;
 * - replicate: a prediction with the picture under image / images / input_image / input_images
 *   (ReplicateImageToImageTask); output: the file's URL;
 * - together: /v1/images/generations with `image_url` for FLUX.1 Kontext, `reference_images` for
 *   every other model (huggingface.js TogetherImageToImageTask), `response_format: base64`;
 * - wavespeed: /api/v3/{providerId} with `image` (base64) and `images` (WavespeedAIImageToImageTask),
 *   then the result polled as for text to image.
 * Every answer is `expectedEdit(input, prompt, seed)`: a picture drawn from the input's hash.
 */
import { answerFal } from './fal-routes';
import {
	EDIT_SIDE,
	answerReplicateMedia,
	billMedia,
	decodeDataUrl,
	editPrompt,
	expectedEdit,
	looksLikeImage,
	recordMedia,
	type MediaOffer,
} from './media';
import { sendBytes, sendJson, type Exchange } from './exchange';
import { openAiError } from './errors';
import { obj } from './fields';
import type { CallContext, EmulatorState } from './state';
import { hashString } from './vectors';
import { falFieldInvalid, falFieldMissing, replicateInputMissing, startWavespeedJob } from './provider-answers';

/** A picture given as a data URL or as plain base64. */
function decodeImage(value: unknown): { mimeType: string; bytes: Buffer } | undefined {
	const url = decodeDataUrl(value);
	if (url) return url;
	if (typeof value !== 'string' || !/^[A-Za-z0-9+/=\s]+$/.test(value) || !value.trim()) return undefined;
	return { mimeType: '', bytes: Buffer.from(value, 'base64') };
}

function seedOf(value: unknown, drawn: string): number {
	return typeof value === 'number' ? value : hashString(drawn);
}

/** Stores the edited picture on the CDN; returns its URL. */
function storeEdit(st: EmulatorState, folder: string, input: Buffer, prompt: unknown, seed: unknown): string {
	const drawn = editPrompt(input, typeof prompt === 'string' ? prompt : undefined);
	return st.storeImage(folder, { prompt: drawn, width: EDIT_SIDE, height: EDIT_SIDE, seed: seedOf(seed, drawn) });
}

/** PIL's refusal, as hf-inference answers it for bytes that are not a picture. */
const MSG_NOT_AN_IMAGE = 'cannot identify image file <_io.BytesIO object at 0x7f3c2a1b9e50>';

export function handleHfInferenceImageEdit(ex: Exchange, st: EmulatorState, ctx: CallContext): void {
	const json = obj(ex.json);
	const contentType = String(ex.req.headers['content-type'] ?? '')
		.split(';')[0]
		.trim()
		.toLowerCase();
	const input = json ? Buffer.from(typeof json.inputs === 'string' ? json.inputs : '', 'base64') : ex.rawBody;
	const parameters = obj(json?.parameters) ?? {};
	recordMedia(ex, json ? 'base64' : contentType, input);
	if (!input.length || !looksLikeImage(input)) return sendJson(ex, 400, { error: MSG_NOT_AN_IMAGE });
	billMedia(ex, st, ctx, 'hf-inference', 'image-to-image');
	const prompt = typeof parameters.prompt === 'string' ? parameters.prompt : undefined;
	sendBytes(ex, 200, expectedEdit(input, prompt, typeof parameters.seed === 'number' ? parameters.seed : undefined), 'image/png', {
		'x-compute-type': 'gpu',
	});
}

export function handleFalImageEdit(ex: Exchange, st: EmulatorState, ctx: CallContext, found: MediaOffer): void {
	const body = obj(ex.json) ?? {};
	const image = decodeDataUrl(body.image_url);
	if (!image) return falFieldMissing(ex, 'image_url');
	recordMedia(ex, image.mimeType, image.bytes);
	if (typeof body.prompt !== 'string' || !body.prompt)
		return falFieldMissing(ex, 'prompt');
	if (!looksLikeImage(image.bytes))
		return falFieldInvalid(ex, 'image_url', 'Unsupported data URL');
	billMedia(ex, st, ctx, 'fal-ai', 'image-to-image');
	const url = storeEdit(st, 'fal/files', image.bytes, body.prompt, body.seed);
	answerFal(ex, st, found.offer.providerId, {
		images: [{ url, width: EDIT_SIDE, height: EDIT_SIDE, content_type: 'image/png' }],
		timings: { inference: 2.345 },
		seed: typeof body.seed === 'number' ? body.seed : 42,
		has_nsfw_concepts: [false],
		prompt: body.prompt,
	});
}

export function handleReplicateImageEdit(ex: Exchange, st: EmulatorState, ctx: CallContext, found: MediaOffer): void {
	const input = obj(obj(ex.json)?.input) ?? {};
	const image = decodeDataUrl(input.input_image ?? input.image);
	if (!image) {
		return replicateInputMissing(ex, 'input_image');
	}
	recordMedia(ex, image.mimeType, image.bytes);
	billMedia(ex, st, ctx, 'replicate', 'image-to-image');
	// FLUX Kontext on Replicate answers one URL, not a list.
	const output = storeEdit(st, 'replicate', image.bytes, input.prompt, input.seed);
	answerReplicateMedia(ex, st, found, output, { prompt: input.prompt, input_image: `<${image.bytes.length} bytes>` });
}

/** POST /together/v1/images/generations for an image-to-image model. */
export function handleTogetherImageEdit(ex: Exchange, st: EmulatorState, ctx: CallContext, found: MediaOffer): void {
	const body = obj(ex.json) ?? {};
	const id = found.offer.providerId.toLowerCase();
	const kontext = id.includes('kontext') && id.includes('flux.1');
	const field = kontext ? 'image_url' : 'reference_images';
	const given = kontext ? body.image_url : Array.isArray(body.reference_images) ? body.reference_images[0] : undefined;
	const other = kontext ? body.reference_images : body.image_url;
	if (other !== undefined)
		return sendJson(
			ex,
			400,
			openAiError(
				`${kontext ? 'reference_images' : 'image_url'} is not supported for model ${found.offer.providerId}`,
				kontext ? 'reference_images' : 'image_url',
				'invalid_request',
			),
		);
	const image = decodeDataUrl(given);
	if (!image) return sendJson(ex, 400, openAiError(`${field} is required for model ${found.offer.providerId}`, field, 'invalid_request'));
	recordMedia(ex, image.mimeType, image.bytes);
	if (!looksLikeImage(image.bytes)) return sendJson(ex, 400, openAiError('Invalid image', field, 'invalid_request'));
	billMedia(ex, st, ctx, 'together', 'image-to-image');
	const prompt = typeof body.prompt === 'string' ? body.prompt : undefined;
	const png = expectedEdit(image.bytes, prompt, typeof body.seed === 'number' ? body.seed : undefined);
	sendJson(
		ex,
		200,
		{
			id: `${st.nextId()}-IAD`,
			model: body.model,
			object: 'list',
			data: [{ timings: { inference: 2345 }, index: 0, b64_json: png.toString('base64') }],
		},
		{},
		'application/json; charset=utf-8',
	);
}

export function handleWavespeedImageEdit(ex: Exchange, st: EmulatorState, ctx: CallContext, found: MediaOffer): void {
	const body = obj(ex.json) ?? {};
	const image = decodeImage(body.image) ?? decodeImage(Array.isArray(body.images) ? body.images[0] : undefined);
	if (!image) return sendJson(ex, 400, { code: 400, message: 'image is required', data: null });
	recordMedia(ex, image.mimeType || 'base64', image.bytes);
	if (!looksLikeImage(image.bytes)) return sendJson(ex, 400, { code: 400, message: 'image could not be decoded', data: null });
	billMedia(ex, st, ctx, 'wavespeed', 'image-to-image');
	startWavespeedJob(ex, st, {
		model: found.offer.providerId,
		outputs: [storeEdit(st, 'wavespeed', image.bytes, body.prompt, body.seed)],
		pollsNeeded: 2,
		input: { prompt: body.prompt },
	});
}
