import { RouterCallError } from '../transport/errors';
import { asRecord, definedOnly } from './requests';
import type { GeneratedImage, ImageEditParameters, ImageParameters, ProviderCall } from './types';

/** The final error for a 200 that carries no picture; the operation adds provider and model. */
export function noImage(provider: string): RouterCallError {
	return new RouterCallError({ kind: 'final', httpCode: null, message: `${provider} answered without an image` });
}

/**
 * The image parameters under the names the Hugging Face task spec uses, unset ones left out.
 * Most providers take these names as they are; the rest rename a few.
 */
export function hubImageParameters(parameters: ImageParameters) {
	return definedOnly({
		width: parameters.width,
		height: parameters.height,
		num_inference_steps: parameters.numInferenceSteps,
		guidance_scale: parameters.guidanceScale,
		negative_prompt: parameters.negativePrompt,
		seed: parameters.seed,
	});
}

/** The image-to-image parameters under the Hugging Face task spec's names, the prompt among them. */
export function hubEditParameters(parameters: ImageEditParameters) {
	return definedOnly({ prompt: parameters.prompt, ...hubImageParameters({ ...parameters, prompt: '' }) });
}

/** `image/png; charset=binary` -> `image/png`; anything that is not an image type -> undefined. */
export function imageMimeType(contentType: unknown): string | undefined {
	if (typeof contentType !== 'string') return undefined;
	const type = contentType.split(';')[0].trim().toLowerCase();
	return type.startsWith('image/') ? type : undefined;
}

/** Decodes a base64 picture; a data URL's own type is kept. */
export function imageFromBase64(provider: string, encoded: unknown): GeneratedImage {
	if (typeof encoded !== 'string' || !encoded.trim()) throw noImage(provider);
	const dataUrl = /^data:([^;,]+)?(?:;[^,]*)?,(.*)$/s.exec(encoded.trim());
	const data = Buffer.from(dataUrl ? dataUrl[2] : encoded, 'base64');
	if (!data.length) throw noImage(provider);
	return { data, mimeType: imageMimeType(dataUrl?.[1]) };
}

/**
 * Fetches a generated picture from the provider's storage. Through `transport.download`, which
 * never sends the Hugging Face token: that token must not reach a provider's CDN.
 */
export async function downloadImage(
	call: ProviderCall,
	provider: string,
	url: unknown,
	claimedMimeType?: unknown,
): Promise<GeneratedImage> {
	if (typeof url !== 'string' || !url) throw noImage(provider);
	const answer = await call.transport.download(url, call.deadline);
	if (!answer.body.length) throw noImage(provider);
	return { data: answer.body, mimeType: imageMimeType(answer.headers['content-type']) ?? imageMimeType(claimedMimeType) };
}

/**
 * Reads the OpenAI-style `{"data": [{"b64_json"}]}` answer of together and nscale. A `url`
 * instead of base64 (a provider ignoring response_format) is downloaded rather than refused.
 */
export async function imageFromGenerations(call: ProviderCall, provider: string, answer: unknown): Promise<GeneratedImage> {
	const data = asRecord(answer).data;
	const first = asRecord(Array.isArray(data) ? data[0] : undefined);
	if (typeof first.b64_json === 'string' && first.b64_json) return imageFromBase64(provider, first.b64_json);
	if (typeof first.url === 'string' && first.url) return await downloadImage(call, provider, first.url);
	throw noImage(provider);
}
