import { downloadImage, hubImageParameters, noImage } from './images';
import { pollJob, type JobState } from './polling';
import { asRecord, modelPath, sendJson, type ModelIds, type ProviderRequest } from './requests';
import type { ImageParameters, ProviderModule } from './types';

const ID = 'wavespeed';

/** As huggingface.js sends it: the Hub's parameter names at the top level, beside the prompt. */
export function buildImageRequest(ids: ModelIds, parameters: ImageParameters): ProviderRequest {
	return {
		method: 'POST',
		url: `/wavespeed/api/v3/${modelPath(ids.providerModelId)}`,
		body: { ...hubImageParameters(parameters), prompt: parameters.prompt },
	};
}

/** The submit answer is `{"code", "message", "data": {"id", "urls"}}`. */
export function taskId(submitAnswer: unknown): string | undefined {
	const id = asRecord(asRecord(submitAnswer).data).id;
	return typeof id === 'string' && id ? id : undefined;
}

/** Through the router, under `/wavespeed`, never at the answer's own `urls.get`. */
export function resultRequest(id: string): ProviderRequest {
	return { method: 'GET', url: `/wavespeed/api/v3/predictions/${encodeURIComponent(id)}/result` };
}

/** `data.status`: created / processing keep polling; completed gives `data.outputs`; failed gives `data.error`. */
export function readResult(answer: unknown): JobState<string | undefined> {
	const data = asRecord(asRecord(answer).data);
	const status = typeof data.status === 'string' ? data.status : undefined;
	if (status === 'completed') {
		const first = Array.isArray(data.outputs) ? data.outputs[0] : undefined;
		return { state: 'done', result: typeof first === 'string' && first ? first : undefined };
	}
	if (status === 'failed') return { state: 'failed', message: typeof data.error === 'string' ? data.error : '' };
	return { state: 'running', status };
}

export const wavespeed: ProviderModule = {
	id: ID,
	textToImage: {
		async generate(call, parameters) {
			const id = taskId(await sendJson(call, buildImageRequest(call, parameters)));
			if (!id) throw noImage(ID);
			const url = await pollJob(call, ID, {
				poll: async () => readResult(await sendJson(call, resultRequest(id))),
			});
			return await downloadImage(call, ID, url);
		},
	},
};
