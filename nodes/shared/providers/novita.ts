import { RouterCallError } from '../transport/errors';
import { hubImageParameters } from './images';
import { downloadFile, noOutput } from './media';
import { pollJob, type JobState } from './polling';
import { asRecord, definedOnly, modelPath, sendJson, type ModelIds, type ProviderRequest } from './requests';
import type { ProviderModule, VideoParameters } from './types';

const ID = 'novita';

/**
 * Novita's async API: POST `/v3/async/{providerId}` with the prompt and the Hub's parameter names,
 * the step count as `steps` (the model is in the route, not the body); the answer is
 * `{"task_id"}`. This is huggingface.js NovitaTextToVideoTask since Novita moved it to the async
 * API so that a clip may take over two minutes (huggingface.js#1459). huggingface_hub still calls
 * the older synchronous `/v3/hf/{model}`, answered `{"video": {"video_url"}}`: we follow huggingface.js.
 */
export function buildVideoRequest(ids: ModelIds, parameters: VideoParameters): ProviderRequest {
	const { num_inference_steps: steps, ...rest } = hubImageParameters(parameters);
	return { method: 'POST', url: `/novita/v3/async/${modelPath(ids.providerModelId)}`, body: { ...rest, ...definedOnly({ steps }), prompt: parameters.prompt } };
}

/** The task is polled at `/v3/async/task-result?task_id=`, as huggingface.js does. */
export function taskResultRequest(taskId: string): ProviderRequest {
	return { method: 'GET', url: `/novita/v3/async/task-result?task_id=${encodeURIComponent(taskId)}` };
}

/**
 * `{"task": {"status", "reason"}, "videos": [{"video_url"}]}`: TASK_STATUS_SUCCEED gives the first
 * video's URL, TASK_STATUS_FAILED Novita's reason; any other status (queued, processing) keeps
 * polling. An answer without a status is malformed, as huggingface.js judges it.
 */
export function readTaskResult(answer: unknown): JobState<unknown> {
	const record = asRecord(answer);
	const task = asRecord(record.task);
	if (typeof task.status !== 'string') {
		throw new RouterCallError({ kind: 'final', httpCode: null, message: `${ID} answered without the task's status` });
	}
	if (task.status === 'TASK_STATUS_SUCCEED') {
		const videos = record.videos;
		return { state: 'done', result: asRecord(Array.isArray(videos) ? videos[0] : undefined).video_url };
	}
	if (task.status === 'TASK_STATUS_FAILED') return { state: 'failed', message: typeof task.reason === 'string' ? task.reason : '' };
	return { state: 'running', status: task.status };
}

export const novita: ProviderModule = {
	id: ID,
	textToVideo: {
		async generate(call, parameters) {
			const submitted = asRecord(await sendJson(call, buildVideoRequest(call, parameters)));
			const taskId = submitted.task_id;
			if (typeof taskId !== 'string' || !taskId) throw noOutput(ID, 'a task to follow');
			// huggingface.js waits before its first look: the submit answer holds no status.
			const url = await pollJob(call, ID, { first: { state: 'running' }, poll: async () => readTaskResult(await sendJson(call, taskResultRequest(taskId))) });
			return await downloadFile(call, ID, url, 'a video');
		},
	},
};
