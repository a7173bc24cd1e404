/** fal-ai text-to-image, sync (fal.run) and queue (queue.fal.run, polled); `answerFal` also serves the other fal tasks. */
import { findByProviderId, imagePrice } from './catalogue';
import { msgModelNotSupportedByProvider } from './errors';
import { falFieldMissing } from './provider-answers';
import { sendJson, type Exchange } from './exchange';
import { num, obj, type Obj } from './fields';
import { count, drawn, seedOf } from './image-request';
import { readLora } from './lora';
import type { CallContext, EmulatorState } from './state';

const FAL_SIZES: Record<string, [number, number]> = {
	square_hd: [1024, 1024],
	square: [512, 512],
	portrait_4_3: [768, 1024],
	portrait_16_9: [576, 1024],
	landscape_4_3: [1024, 768],
	landscape_16_9: [1024, 576],
};
function falResult(st: EmulatorState, body: Obj, prompt: string, lora?: string): Obj {
	let [width, height] = FAL_SIZES.landscape_4_3;
	const size = body.image_size;
	if (typeof size === 'string' && FAL_SIZES[size]) [width, height] = FAL_SIZES[size];
	else if (obj(size)) [width, height] = [num(obj(size)!.width, width), num(obj(size)!.height, height)];
	if (typeof body.width === 'number') width = body.width;
	if (typeof body.height === 'number') height = body.height;
	const n = count(body.num_images);
	const seed = seedOf(body.seed, prompt);
	const images = Array.from({ length: n }, (_, i) => ({
		url: st.storeImage('fal/files', { prompt: drawn(prompt, lora), width, height, seed: seed + i }),
		width,
		height,
		content_type: 'image/png',
	}));
	return { images, timings: { inference: 1.234 }, seed, has_nsfw_concepts: images.map(() => false), prompt };
}

function falPrompt(ex: Exchange): { body: Obj; prompt: string } | undefined {
	const body = obj(ex.json) ?? {};
	if (typeof body.prompt !== 'string' || body.prompt.length === 0) {
		falFieldMissing(ex, 'prompt');
		return undefined;
	}
	return { body, prompt: body.prompt };
}

/** POST /fal-ai/{providerId}[?_subdomain=queue] (huggingface.js src/providers/fal-ai.ts FalAiQueueTask, FalAITextToImageTask; huggingface_hub _providers/fal_ai.py). */
export function handleFalSubmit(ex: Exchange, st: EmulatorState, ctx: CallContext, providerId: string): void {
	const found = findByProviderId('fal-ai', providerId, ['text-to-image']);
	if (!found) return sendJson(ex, 400, { error: msgModelNotSupportedByProvider('fal-ai') });
	ex.record.hubModel = found.model.id;
	const input = falPrompt(ex);
	if (!input) return;
	const lora = readLora('fal-ai', providerId, input.body);
	if (!lora.ok) return sendJson(ex, lora.status, lora.body);
	ex.record.servedBy = 'fal-ai';
	const result = falResult(st, input.body, input.prompt, lora.applied);
	st.charge(ctx, ex.record, imagePrice('fal-ai') * (result.images as unknown[]).length);
	answerFal(ex, st, providerId, result);
}

/** fal's answer to a submit: the result itself on fal.run, a job to follow on the queue (`?_subdomain=queue`). */
export function answerFal(ex: Exchange, st: EmulatorState, providerId: string, result: Obj): void {
	const falHeaders = { 'x-fal-request-id': st.nextId() };
	if (ex.query.get('_subdomain') !== 'queue') return sendJson(ex, 200, result, falHeaders);
	const id = `${st.nextId()}-${st.nextId()}`;
	// Like real fal: the queue lives under the app id (first two segments), not the full endpoint path.
	const app = providerId.split('/').slice(0, 2).join('/');
	st.falJobs.set(id, { id, app, providerId, polls: 0, result });
	sendJson(ex, 200, { ...queueStatus(app, id, 'IN_QUEUE', {}), queue_position: 0 }, falHeaders);
}

/** A queued request's status as fal's queue answers it, with the URLs the clients follow. */
function queueStatus(app: string, id: string, status: string, metrics: Obj): Obj {
	const base = `https://queue.fal.run/${app}/requests/${id}`;
	return { status, request_id: id, response_url: base, status_url: `${base}/status`, cancel_url: `${base}/cancel`, logs: null, metrics };
}

/**
 * GET /fal-ai/{app}/requests/{id}/status?_subdomain=queue and GET /fal-ai/{app}/requests/{id}?_subdomain=queue,
 * the URLs huggingface.js builds from `response_url` (src/providers/fal-ai.ts getResponseFromQueueApi).
 */
export function handleFalPoll(ex: Exchange, st: EmulatorState, appPath: string, id: string, isStatus: boolean): void {
	const job = st.falJobs.get(id);
	if (ex.query.get('_subdomain') !== 'queue' || !job || !(job.providerId === appPath || job.providerId.startsWith(`${appPath}/`))) {
		return sendJson(ex, 404, { detail: 'Request not found' });
	}
	ex.record.servedBy = 'fal-ai';
	if (isStatus) {
		job.polls += 1;
		const completed = job.polls >= 2;
		return sendJson(ex, 200, queueStatus(job.app, id, completed ? 'COMPLETED' : 'IN_PROGRESS', completed ? { inference_time: 1.234 } : {}));
	}
	if (job.polls < 2) return sendJson(ex, 400, { detail: 'Request is still in progress' });
	sendJson(ex, 200, job.result);
}
