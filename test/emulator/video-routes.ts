/**
 * Text to video per provider, as the official clients call it:
 * - fal-ai: the queue (`?_subdomain=queue`), `{"prompt", ...}`, result `{"video": {"url"}}`
 *   (huggingface.js FalAITextToVideoTask, huggingface_hub FalAITextToVideoTask);
 * - replicate: a prediction `{"input": {"prompt", ...}}`, output the clip's URL (ReplicateTextToVideoTask);
 * - wavespeed: /api/v3/{providerId} `{"prompt", ...}`, then the result polled as for images
 *   (WavespeedAITextToVideoTask).
 * Every clip is `expectedVideo(provider, providerModelId, prompt)`, an MP4 file on the CDN.
 */
import { answerFal } from './fal-routes';
import { sendJson, type Exchange } from './exchange';
import { nonEmpty, obj } from './fields';
import { answerReplicateMedia, billMedia, expectedVideo, type MediaOffer } from './media';
import type { CallContext, EmulatorState } from './state';
import { falFieldMissing, replicateInputMissing, startWavespeedJob } from './provider-answers';

function storeClip(st: EmulatorState, folder: string, provider: string, found: MediaOffer, prompt: string): { url: string; size: number } {
	const bytes = expectedVideo(provider, found.offer.providerId, prompt);
	return { url: st.storeFile(folder, bytes, 'video/mp4', 'mp4'), size: bytes.length };
}

export function handleFalVideo(ex: Exchange, st: EmulatorState, ctx: CallContext, found: MediaOffer): void {
	const body = obj(ex.json) ?? {};
	if (!nonEmpty(body.prompt))
		return falFieldMissing(ex, 'prompt');
	billMedia(ex, st, ctx, 'fal-ai', 'text-to-video');
	const clip = storeClip(st, 'fal/files', 'fal-ai', found, body.prompt);
	answerFal(ex, st, found.offer.providerId, {
		video: { url: clip.url, content_type: 'video/mp4', file_name: clip.url.split('/').pop(), file_size: clip.size },
		seed: typeof body.seed === 'number' ? body.seed : 42,
	});
}

export function handleReplicateVideo(ex: Exchange, st: EmulatorState, ctx: CallContext, found: MediaOffer): void {
	const input = obj(obj(ex.json)?.input);
	if (!input || !nonEmpty(input.prompt)) {
		return replicateInputMissing(ex, 'prompt');
	}
	billMedia(ex, st, ctx, 'replicate', 'text-to-video');
	answerReplicateMedia(ex, st, found, storeClip(st, 'replicate', 'replicate', found, input.prompt).url, input);
}

export function handleWavespeedVideo(ex: Exchange, st: EmulatorState, ctx: CallContext, found: MediaOffer): void {
	const body = obj(ex.json) ?? {};
	if (!nonEmpty(body.prompt)) return sendJson(ex, 400, { code: 400, message: 'prompt is required', data: null });
	billMedia(ex, st, ctx, 'wavespeed', 'text-to-video');
	startWavespeedJob(ex, st, {
		model: found.offer.providerId,
		outputs: [storeClip(st, 'wavespeed', 'wavespeed', found, body.prompt).url],
		pollsNeeded: 3,
		input: body,
	});
}
