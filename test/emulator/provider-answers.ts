/**
 * Answers that several emulator routes give the same way, whatever the task: fal's and Replicate's
 * 422 for a missing or invalid input field, the OpenAI-style 400 for a body without a model, and
 * WaveSpeed's job submission and its `data` block (huggingface.js src/providers/wavespeed.ts reads
 * `data.id` and polls `data.urls.get`; replicate.ts surfaces the 422's `detail`).
 */
import { openAiError } from './errors';
import { sendJson, type Exchange } from './exchange';
import { obj, type Obj } from './fields';
import type { EmulatorState, PollJob } from './state';

/** The JSON body of an OpenAI-style call (images, embeddings) with its `model`; undefined once a 400 has answered a body without one. */
export function openAiModelBody(ex: Exchange): (Obj & { model: string }) | undefined {
	const body = obj(ex.json);
	if (!body) sendJson(ex, 400, openAiError('Request body must be a JSON object', null, null));
	else if (typeof body.model !== 'string') sendJson(ex, 400, openAiError('model is required', 'model', null));
	else return body as Obj & { model: string };
	return undefined;
}

/** fal's 422 for a body field (FastAPI's validation `detail`). */
export function fieldDetail(field: string, msg: string, type: string): { detail: unknown[] } {
	return { detail: [{ loc: ['body', field], msg, type }] };
}

/** fal's answer when a required body field is missing. */
export function falFieldMissing(ex: Exchange, field: string): void {
	sendJson(ex, 422, fieldDetail(field, 'field required', 'value_error.missing'));
}

/** fal's answer when a body field holds what it cannot use. */
export function falFieldInvalid(ex: Exchange, field: string, msg: string): void {
	sendJson(ex, 422, fieldDetail(field, msg, 'value_error'));
}

/** Replicate's answer when `input.<field>` is missing. */
export function replicateInputMissing(ex: Exchange, field: string): void {
	sendJson(ex, 422, {
		detail: `- input: ${field} is required\n`,
		status: 422,
		title: 'Input validation failed',
		invalid_fields: [{ type: 'required', field: 'input', description: `${field} is required` }],
	});
}

export function wavespeedData(job: PollJob, status: string): Record<string, unknown> {
	return {
		id: job.id,
		model: job.model,
		outputs: status === 'completed' ? job.outputs : [],
		urls: { get: `https://api.wavespeed.ai/api/v3/predictions/${job.id}/result` },
		has_nsfw_contents: status === 'completed' ? job.outputs.map(() => false) : [],
		status,
		created_at: job.createdAt,
		error: '',
		timings: { inference: status === 'completed' ? 1234 : 0 },
	};
}

/** Queues a WaveSpeed job that completes after `pollsNeeded` polls, and answers its submission. */
export function startWavespeedJob(
	ex: Exchange,
	st: EmulatorState,
	job: { model: string; outputs: string[]; pollsNeeded: number; input: unknown },
): void {
	const created: PollJob = { id: st.nextId('w'), polls: 0, createdAt: new Date().toISOString(), ...job };
	st.wavespeed.set(created.id, created);
	sendJson(ex, 200, { code: 200, message: 'success', data: wavespeedData(created, 'created') });
}
