/**
 * The picture-reading tasks per provider, as the official clients call them:
 * - hf-inference, POST /hf-inference/models/{hubId}: the picture's raw bytes under its type
 *   (huggingface.js HFInferenceImageClassificationTask, HFInferenceObjectDetectionTask,
 *   HFInferenceImageToTextTask; huggingface_hub HFInferenceBinaryInputTask without parameters), or
 *   `{"inputs": <base64>, "parameters": {top_k | threshold}}` (huggingface_hub with parameters).
 *   Answers: image-classification `[{label, score}]`, object-detection `[{label, score, box}]`,
 *   image-to-text `{generated_text}` (the shape huggingface.js 4.13 requires); bytes that are no
 *   picture get PIL's refusal as a 400;
 * - zai-org, POST /zai-org/api/paas/v4/layout_parsing `{"model", "file": <data URL>}`, answer
 *   `{"md_results", ...}` (huggingface.js ZaiImageToTextTask);
 * - image to video: fal-ai on the queue `{"image_url": <data URL>, "prompt", ...}` with result
 *   `{"video": {"url"}}` (FalAIImageToVideoTask); wavespeed /api/v3/{providerId} with `image` /
 *   `images` in base64, polled as for images (WavespeedAIImageToVideoTask); together
 *   POST /together/v2/videos `{"model", "frame_images": [{"input_image", "frame": "first"}],
 *   "prompt"?}` answered with a job polled at GET /together/v2/videos/{id}
 *   (TogetherImageToVideoTask). Models mapped image-text-to-video are served alike.
 * Every answer is derived from the bytes received (vision-answers.ts).
 */
import { findByProviderId, findModel, findOffer } from './catalogue';
import { openAiError } from './errors';
import { sendJson, type Exchange } from './exchange';
import { answerFal } from './fal-routes';
import { nonEmpty, obj } from './fields';
import { decodeDataUrl, looksLikeImage, recordMedia, type MediaOffer } from './media';
import { falFieldInvalid, falFieldMissing, startWavespeedJob } from './provider-answers';
import type { RouteMatch } from './routes';
import type { CallContext, EmulatorState, PollJob } from './state';
import type { Task } from './catalogue-types';
import { DEFAULT_THRESHOLD, DEFAULT_TOP_K, expectedAnimation, expectedCaption, expectedClasses, expectedObjects } from './vision-answers';
import { visionPrice } from './vision-catalogue';

const HF_VISION_TASKS: Task[] = ['image-classification', 'object-detection', 'image-to-text'];
const VIDEO_TASKS: Task[] = ['image-to-video', 'image-text-to-video'];

/** PIL's refusal, as hf-inference answers it for bytes that are not a picture. */
const MSG_NOT_AN_IMAGE = 'cannot identify image file <_io.BytesIO object at 0x7f3c2a1b9e50>';

function bill(ex: Exchange, st: EmulatorState, ctx: CallContext, provider: string, task: Task): void {
	ex.record.servedBy = provider;
	st.charge(ctx, ex.record, visionPrice(provider, task));
}

/** A picture given as a data URL or as plain base64. */
function decodePicture(value: unknown): { mimeType: string; bytes: Buffer } | undefined {
	const url = decodeDataUrl(value);
	if (url) return url;
	if (typeof value !== 'string' || !value.trim() || !/^[A-Za-z0-9+/=\s]+$/.test(value)) return undefined;
	return { mimeType: '', bytes: Buffer.from(value, 'base64') };
}

function handleHfVision(ex: Exchange, st: EmulatorState, ctx: CallContext, found: MediaOffer): void {
	ex.record.hubModel = found.model.id;
	const json = obj(ex.json);
	const contentType = String(ex.req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
	const input = json ? Buffer.from(typeof json.inputs === 'string' ? json.inputs : '', 'base64') : ex.rawBody;
	const parameters = obj(json?.parameters) ?? {};
	recordMedia(ex, json ? 'base64' : contentType, input);
	if (!input.length || !looksLikeImage(input)) return sendJson(ex, 400, { error: MSG_NOT_AN_IMAGE });
	const { task } = found.offer;
	bill(ex, st, ctx, 'hf-inference', task);
	const headers = { 'x-compute-type': 'cpu' };
	if (task === 'image-classification') {
		const topK = typeof parameters.top_k === 'number' ? parameters.top_k : DEFAULT_TOP_K;
		return sendJson(ex, 200, expectedClasses(found.model.id, input, topK), headers);
	}
	if (task === 'object-detection') {
		const threshold = typeof parameters.threshold === 'number' ? parameters.threshold : DEFAULT_THRESHOLD;
		return sendJson(ex, 200, expectedObjects(found.model.id, input, threshold), headers);
	}
	sendJson(ex, 200, { generated_text: expectedCaption('hf-inference', found.offer.providerId, input) }, headers);
}

function handleZaiOcr(ex: Exchange, st: EmulatorState, ctx: CallContext): void {
	const body = obj(ex.json) ?? {};
	const found = typeof body.model === 'string' ? findByProviderId('zai-org', body.model, ['image-to-text']) : undefined;
	if (!found) return sendJson(ex, 400, { error: { code: '1211', message: 'Unknown Model, please check the model code.' } });
	ex.record.hubModel = found.model.id;
	const picture = decodeDataUrl(body.file);
	if (!picture) return sendJson(ex, 400, { error: { code: '1214', message: 'file is required' } });
	recordMedia(ex, picture.mimeType, picture.bytes);
	if (!looksLikeImage(picture.bytes)) return sendJson(ex, 400, { error: { code: '1214', message: 'The file could not be parsed' } });
	bill(ex, st, ctx, 'zai-org', 'image-to-text');
	const text = expectedCaption('zai-org', found.offer.providerId, picture.bytes);
	sendJson(ex, 200, {
		id: st.nextId(),
		created: Math.floor(Date.now() / 1000),
		model: found.offer.providerId,
		md_results: text,
		layout_details: [[{ index: 0, label: 'text', content: text }]],
		usage: { total_tokens: 42 },
	});
}

function storeClip(st: EmulatorState, folder: string, found: MediaOffer, picture: Buffer, prompt: string | undefined): { url: string; size: number } {
	const bytes = expectedAnimation(found.offer.provider, found.offer.providerId, picture, prompt);
	return { url: st.storeFile(folder, bytes, 'video/mp4', 'mp4'), size: bytes.length };
}

function handleFalAnimation(ex: Exchange, st: EmulatorState, ctx: CallContext, found: MediaOffer): void {
	ex.record.hubModel = found.model.id;
	const body = obj(ex.json) ?? {};
	const picture = decodeDataUrl(body.image_url);
	if (!picture) return falFieldMissing(ex, 'image_url');
	recordMedia(ex, picture.mimeType, picture.bytes);
	if (!nonEmpty(body.prompt)) return falFieldMissing(ex, 'prompt');
	if (!looksLikeImage(picture.bytes)) return falFieldInvalid(ex, 'image_url', 'Unsupported data URL');
	bill(ex, st, ctx, 'fal-ai', 'image-to-video');
	const clip = storeClip(st, 'fal/files', found, picture.bytes, body.prompt);
	answerFal(ex, st, found.offer.providerId, {
		video: { url: clip.url, content_type: 'video/mp4', file_name: clip.url.split('/').pop(), file_size: clip.size },
		seed: typeof body.seed === 'number' ? body.seed : 42,
	});
}

function handleWavespeedAnimation(ex: Exchange, st: EmulatorState, ctx: CallContext, found: MediaOffer): void {
	ex.record.hubModel = found.model.id;
	const body = obj(ex.json) ?? {};
	const picture = decodePicture(body.image) ?? decodePicture(Array.isArray(body.images) ? body.images[0] : undefined);
	if (!picture) return sendJson(ex, 400, { code: 400, message: 'image is required', data: null });
	recordMedia(ex, picture.mimeType || 'base64', picture.bytes);
	if (!nonEmpty(body.prompt)) return sendJson(ex, 400, { code: 400, message: 'prompt is required', data: null });
	if (!looksLikeImage(picture.bytes)) return sendJson(ex, 400, { code: 400, message: 'image could not be decoded', data: null });
	bill(ex, st, ctx, 'wavespeed', 'image-to-video');
	startWavespeedJob(ex, st, { model: found.offer.providerId, outputs: [storeClip(st, 'wavespeed', found, picture.bytes, body.prompt).url], pollsNeeded: 2, input: { prompt: body.prompt } });
}

/** Together's image-to-video jobs, per emulator (kept out of EmulatorState: ids are unique, a reset leaves them unreachable). */
const togetherJobs = new WeakMap<EmulatorState, Map<string, PollJob>>();
const jobsOf = (st: EmulatorState) => togetherJobs.get(st) ?? togetherJobs.set(st, new Map()).get(st)!;

function togetherJob(job: PollJob, status: string): Record<string, unknown> {
	const base = { id: job.id, object: 'video', model: job.model, status, created_at: Math.floor(Date.parse(job.createdAt) / 1000) };
	return status === 'completed' ? { ...base, completed_at: Math.floor(Date.now() / 1000), outputs: { video_url: job.outputs[0], cost: 0.35 } } : base;
}

function handleTogetherAnimation(ex: Exchange, st: EmulatorState, ctx: CallContext, found: MediaOffer): void {
	ex.record.hubModel = found.model.id;
	const body = obj(ex.json) ?? {};
	const frames = Array.isArray(body.frame_images) ? body.frame_images.map(obj) : [];
	const first = frames.find((frame) => frame?.frame === 'first') ?? frames[0];
	const picture = decodeDataUrl(first?.input_image);
	if (!picture) return sendJson(ex, 400, openAiError('frame_images is required for image-to-video models', 'frame_images', 'invalid_request'));
	recordMedia(ex, picture.mimeType, picture.bytes);
	if (!looksLikeImage(picture.bytes)) return sendJson(ex, 400, openAiError('Invalid image in frame_images', 'frame_images', 'invalid_request'));
	bill(ex, st, ctx, 'together', 'image-to-video');
	const prompt = nonEmpty(body.prompt) ? body.prompt : undefined;
	const job: PollJob = {
		id: st.nextId('tv'),
		polls: 0,
		pollsNeeded: 2,
		model: found.offer.providerId,
		outputs: [storeClip(st, 'together', found, picture.bytes, prompt).url],
		createdAt: new Date().toISOString(),
		input: { prompt },
	};
	jobsOf(st).set(job.id, job);
	sendJson(ex, 200, togetherJob(job, 'queued'));
}

function handleTogetherAnimationPoll(ex: Exchange, job: PollJob): void {
	ex.record.servedBy = 'together';
	job.polls += 1;
	sendJson(ex, 200, togetherJob(job, job.polls >= job.pollsNeeded ? 'completed' : 'in_progress'));
}

/** The offer of `provider` for one of `tasks` under that provider id. */
function visionOffer(provider: string, tasks: Task[], providerId: string | undefined): MediaOffer | undefined {
	return providerId === undefined ? undefined : findByProviderId(provider, providerId, tasks);
}

/**
 * The routes of the picture-reading tasks, tried before the router's other per-provider routes
 * (routes.ts); undefined lets those serve the request.
 */
export function matchVisionRoute(ex: Exchange, st: EmulatorState, provider: string, rest: string): RouteMatch | undefined {
	const GET = ex.method === 'GET';
	const POST = ex.method === 'POST';
	const inference = (run: RouteMatch['run'], modelHint?: string): RouteMatch => ({ kind: 'inference', modelHint, run });
	let m: RegExpExecArray | null;
	if (provider === 'hf-inference' && POST && (m = /^\/models\/(.+?)\/?$/.exec(rest))) {
		const hubId = m[1];
		const model = findModel(hubId);
		const offer = findOffer(hubId, 'hf-inference');
		if (model && offer && HF_VISION_TASKS.includes(offer.task)) return inference((ctx) => handleHfVision(ex, st, ctx, { model, offer }), hubId);
	}
	if (provider === 'zai-org' && POST && rest === '/api/paas/v4/layout_parsing') return inference((ctx) => handleZaiOcr(ex, st, ctx));
	if (provider === 'fal-ai' && POST && (m = /^\/(.+)$/.exec(rest))) {
		const found = visionOffer('fal-ai', VIDEO_TASKS, m[1]);
		if (found) return inference((ctx) => handleFalAnimation(ex, st, ctx, found));
	}
	if (provider === 'wavespeed' && POST && (m = /^\/api\/v3\/(.+)$/.exec(rest))) {
		const found = visionOffer('wavespeed', VIDEO_TASKS, m[1]);
		if (found) return inference((ctx) => handleWavespeedAnimation(ex, st, ctx, found));
	}
	if (provider === 'together') {
		if (POST && rest === '/v2/videos') {
			const model = obj(ex.json)?.model;
			const found = visionOffer('together', VIDEO_TASKS, typeof model === 'string' ? model : undefined);
			if (found) return inference((ctx) => handleTogetherAnimation(ex, st, ctx, found));
		}
		const job = GET && (m = /^\/v2\/videos\/([^/]+)$/.exec(rest)) ? jobsOf(st).get(m[1]) : undefined;
		if (job) return { kind: 'poll', run: () => handleTogetherAnimationPoll(ex, job) };
	}
	return undefined;
}
