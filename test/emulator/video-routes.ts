/**
 * Text to video per provider, as the official clients call it:
 * - fal-ai: the queue (`?_subdomain=queue`), `{"prompt", ...}`, result `{"video": {"url"}}`
 *   (huggingface.js FalAITextToVideoTask, huggingface_hub FalAITextToVideoTask);
 * - replicate: a prediction `{"input": {"prompt", ...}}`, output the clip's URL (ReplicateTextToVideoTask);
 * - wavespeed: /api/v3/{providerId} `{"prompt", ...}`, then the result polled as for images
 *   (WavespeedAITextToVideoTask);
 * - together: POST /together/v2/videos `{"model", "prompt", "steps"?, ...}` answered with the job
 *   `{"id", "status": "queued"}`, polled at GET /together/v2/videos/{id} until `completed` with
 *   `outputs.video_url` (huggingface.js and huggingface_hub TogetherTextToVideoTask);
 * - novita: POST /novita/v3/async/{providerId} `{"prompt", "steps"?, ...}` answered `{"task_id"}`,
 *   polled at GET /novita/v3/async/task-result?task_id= until `task.status` is
 *   TASK_STATUS_SUCCEED with `videos[0].video_url` (huggingface.js NovitaTextToVideoTask; the
 *   Python client's older synchronous `/v3/hf/{model}` is not served).
 * Every clip is `expectedVideo(provider, providerModelId, prompt)`, an MP4 file on the CDN.
 */
import { openAiError } from './errors';
import { answerFal } from './fal-routes';
import { sendJson, type Exchange } from './exchange';
import { nonEmpty, obj } from './fields';
import { answerReplicateMedia, billMedia, expectedVideo, type MediaOffer } from './media';
import type { CallContext, EmulatorState, PollJob } from './state';
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

/** A video job that is done after `pollsNeeded` polls; its clip is already on the CDN. */
function startVideoJob(st: EmulatorState, prefix: string, found: MediaOffer, clip: string, input: unknown): PollJob {
	const job: PollJob = { id: st.nextId(prefix), polls: 0, pollsNeeded: 2, model: found.offer.providerId, outputs: [clip], createdAt: new Date().toISOString(), input };
	st.videoJobs.set(job.id, job);
	return job;
}

function togetherJob(job: PollJob, status: string): Record<string, unknown> {
	const base = { id: job.id, object: 'video', model: job.model, status, created_at: Math.floor(Date.parse(job.createdAt) / 1000) };
	return status === 'completed' ? { ...base, completed_at: Math.floor(Date.now() / 1000), outputs: { video_url: job.outputs[0], cost: 0.35 } } : base;
}

export function handleTogetherVideo(ex: Exchange, st: EmulatorState, ctx: CallContext, found: MediaOffer): void {
	const body = obj(ex.json) ?? {};
	if (!nonEmpty(body.prompt)) return sendJson(ex, 400, openAiError('prompt is required', 'prompt', 'invalid_request'));
	billMedia(ex, st, ctx, 'together', 'text-to-video');
	const job = startVideoJob(st, 't', found, storeClip(st, 'together', 'together', found, body.prompt).url, body);
	sendJson(ex, 200, togetherJob(job, 'queued'));
}

/** GET /together/v2/videos/{id}: in_progress until the job's polls are done, then completed. */
export function handleTogetherVideoPoll(ex: Exchange, st: EmulatorState, id: string): void {
	const job = st.videoJobs.get(id);
	if (!job || !id.startsWith('t')) return sendJson(ex, 404, openAiError(`Video job ${id} not found`, 'id', 'not_found'));
	ex.record.servedBy = 'together';
	job.polls += 1;
	sendJson(ex, 200, togetherJob(job, job.polls >= job.pollsNeeded ? 'completed' : 'in_progress'));
}

export function handleNovitaVideo(ex: Exchange, st: EmulatorState, ctx: CallContext, found: MediaOffer): void {
	const body = obj(ex.json) ?? {};
	if (!nonEmpty(body.prompt)) return sendJson(ex, 400, { code: 400, reason: 'INVALID_REQUEST_BODY', message: 'prompt is required', metadata: {} });
	billMedia(ex, st, ctx, 'novita', 'text-to-video');
	const job = startVideoJob(st, 'n', found, storeClip(st, 'novita', 'novita', found, body.prompt).url, body);
	sendJson(ex, 200, { task_id: job.id });
}

/** GET /novita/v3/async/task-result?task_id=: TASK_STATUS_PROCESSING until the job's polls are done, then TASK_STATUS_SUCCEED. */
export function handleNovitaVideoPoll(ex: Exchange, st: EmulatorState, taskId: string | null): void {
	const job = taskId ? st.videoJobs.get(taskId) : undefined;
	if (!job || !taskId?.startsWith('n')) return sendJson(ex, 404, { code: 404, reason: 'TASK_NOT_FOUND', message: 'task not found', metadata: {} });
	ex.record.servedBy = 'novita';
	job.polls += 1;
	const done = job.polls >= job.pollsNeeded;
	sendJson(ex, 200, {
		extra: { seed: String(obj(job.input)?.seed ?? -1) },
		task: { task_id: job.id, task_type: 'TXT_TO_VIDEO', status: done ? 'TASK_STATUS_SUCCEED' : 'TASK_STATUS_PROCESSING', reason: '', eta: done ? 0 : 5, progress_percent: done ? 100 : 50 },
		images: [],
		videos: done ? [{ video_url: job.outputs[0], video_url_ttl: '3600', video_type: 'mp4' }] : [],
		audios: [],
	});
}
