/**
 * Answers that several emulator routes give the same way, whatever the task: Replicate's 422 for a
 * missing input field, and WaveSpeed's job submission and its `data` block (huggingface.js
 * src/providers/wavespeed.ts reads `data.id` and polls `data.urls.get`; replicate.ts surfaces the
 * 422's `detail`).
 */
import { sendJson, type Exchange } from './exchange';
import type { EmulatorState, PollJob } from './state';

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
