/**
 * Text-to-image routes per provider: hf-inference raw bytes; together / nscale b64 JSON;
 * wavespeed and zai-org async jobs (fal-ai sync + queue: fal-routes.ts; replicate predictions +
 * polling: replicate-routes.ts). Generated files are served by the CDN listener.
 */
import { findByProviderId, imagePrice, type CatalogueModel } from './catalogue';
import { msgModelNotSupportedByProvider, openAiError } from './errors';
import { sendBytes, sendJson, type Exchange } from './exchange';
import { num, obj, type Obj } from './fields';
import { count, drawn, parseSize, png, seedOf } from './image-request';
import { readLora } from './lora';
import type { CallContext, EmulatorState, PollJob } from './state';
import { openAiModelBody, startWavespeedJob, wavespeedData } from './provider-answers';

/** hf-inference: POST /hf-inference/models/{hubId} for a text-to-image model -> raw PNG bytes (huggingface.js src/providers/hf-inference.ts HFInferenceTextToImageTask). */
export function handleHfInferenceImage(ex: Exchange, st: EmulatorState, ctx: CallContext, model: CatalogueModel): void {
	const body = obj(ex.json);
	const prompt = body?.inputs;
	if (typeof prompt !== 'string' || prompt.trim().length === 0) {
		return sendJson(ex, 422, { error: 'Input validation error: `inputs` must be a non-empty string', error_type: 'validation' });
	}
	const params = obj(body?.parameters) ?? {};
	const defaultSide = model.id.includes('v1-4') ? 512 : 1024;
	for (const key of ['width', 'height']) {
		const v = params[key];
		if (v === undefined || v === null) continue;
		if (typeof v !== 'number' || !Number.isInteger(v) || v < 64 || v > 2048) {
			return sendJson(ex, 422, {
				error: `Input validation error: \`${key}\` must be an integer between 64 and 2048. Given: ${JSON.stringify(v)}`,
				error_type: 'validation',
			});
		}
	}
	const steps = params.num_inference_steps;
	if (steps !== undefined && steps !== null && (typeof steps !== 'number' || !Number.isInteger(steps) || steps < 1 || steps > 100)) {
		return sendJson(ex, 422, {
			error: `Input validation error: \`num_inference_steps\` must be an integer between 1 and 100. Given: ${JSON.stringify(steps)}`,
			error_type: 'validation',
		});
	}
	ex.record.servedBy = 'hf-inference';
	st.charge(ctx, ex.record, imagePrice('hf-inference'));
	const bytes = png(st, prompt, num(params.width, defaultSide), num(params.height, defaultSide), seedOf(params.seed, prompt));
	sendBytes(ex, 200, bytes, 'image/png', { 'x-compute-type': 'gpu', 'x-compute-time': '1.234' });
}

/**
 * POST /{together|nscale}/v1/images/generations and /deepinfra/v1/openai/images/generations
 * (huggingface.js src/providers/together.ts, nscale.ts, deepinfra.ts DeepInfraTextToImageTask with
 * `response_format: "b64_json"`; huggingface_hub _providers/nscale.py sends `size`).
 */
export function handleImagesGenerations(ex: Exchange, st: EmulatorState, ctx: CallContext, provider: string): void {
	const body = openAiModelBody(ex);
	if (!body) return;
	const found = findByProviderId(provider, body.model, ['text-to-image']);
	if (!found) return sendJson(ex, 400, { error: msgModelNotSupportedByProvider(provider) });
	ex.record.hubModel = found.model.id;
	if (typeof body.prompt !== 'string' || body.prompt.length === 0)
		return sendJson(ex, 400, openAiError('prompt is required', 'prompt', null));
	ex.record.servedBy = provider;
	const n = count(body.n);
	// `size: "WxH"` is the OpenAI images field (huggingface_hub sends it to nscale); width/height as huggingface.js sends them.
	const [sizeWidth, sizeHeight] = parseSize(body.size, 'x', 1024);
	const width = num(body.width, sizeWidth);
	const height = num(body.height, sizeHeight);
	const asUrl = body.response_format === 'url';
	st.charge(ctx, ex.record, imagePrice(provider) * n);
	const data = Array.from({ length: n }, (_, index) => {
		const seed = seedOf(body.seed, body.prompt as string) + index;
		const item: Obj = asUrl
			? { url: st.storeImage(provider, { prompt: body.prompt as string, width, height, seed }) }
			: { b64_json: png(st, body.prompt as string, width, height, seed).toString('base64') };
		if (provider === 'together') return { timings: { inference: 1234 }, index, ...item };
		return item;
	});
	const created = Math.floor(Date.now() / 1000);
	if (provider === 'together') {
		return sendJson(ex, 200, { id: `${st.nextId()}-IAD`, model: body.model, object: 'list', data }, {}, 'application/json; charset=utf-8');
	}
	return sendJson(ex, 200, { created, data });
}

/** POST /wavespeed/api/v3/{providerId} (huggingface.js src/providers/wavespeed.ts WavespeedAITask; huggingface_hub _providers/wavespeed.py). */
export function handleWavespeedSubmit(ex: Exchange, st: EmulatorState, ctx: CallContext, providerId: string): void {
	const found = findByProviderId('wavespeed', providerId, ['text-to-image']);
	if (!found) return sendJson(ex, 400, { error: msgModelNotSupportedByProvider('wavespeed') });
	ex.record.hubModel = found.model.id;
	const body = obj(ex.json) ?? {};
	if (typeof body.prompt !== 'string' || body.prompt.length === 0)
		return sendJson(ex, 400, { code: 400, message: 'prompt is required', data: null });
	const lora = readLora('wavespeed', providerId, body);
	if (!lora.ok) return sendJson(ex, lora.status, lora.body);
	ex.record.servedBy = 'wavespeed';
	st.charge(ctx, ex.record, imagePrice('wavespeed'));
	const [width, height] = body.width && body.height ? [num(body.width, 1024), num(body.height, 1024)] : parseSize(body.size, '*', 1024);
	startWavespeedJob(ex, st, {
		model: providerId,
		outputs: [
			st.storeImage('wavespeed', { prompt: drawn(body.prompt, lora.applied), width, height, seed: seedOf(body.seed, body.prompt) }),
		],
		pollsNeeded: 2,
		input: body,
	});
}

/** GET /wavespeed/api/v3/predictions/{id}/result: the path of the submit answer's `data.urls.get`, as both clients poll it. */
export function handleWavespeedPoll(ex: Exchange, st: EmulatorState, id: string): void {
	const job = st.wavespeed.get(id);
	if (!job) return sendJson(ex, 404, { code: 404, message: 'prediction not found', data: null });
	ex.record.servedBy = 'wavespeed';
	job.polls += 1;
	sendJson(ex, 200, { code: 200, message: 'success', data: wavespeedData(job, job.polls >= job.pollsNeeded ? 'completed' : 'processing') });
}

/** POST /zai-org/api/paas/v4/async/images/generations (huggingface.js src/providers/zai-org.ts ZaiTextToImageTask). */
export function handleZaiSubmit(ex: Exchange, st: EmulatorState, ctx: CallContext): void {
	const body = obj(ex.json) ?? {};
	const found = typeof body.model === 'string' ? findByProviderId('zai-org', body.model, ['text-to-image']) : undefined;
	if (!found) return sendJson(ex, 400, { error: msgModelNotSupportedByProvider('zai-org') });
	ex.record.hubModel = found.model.id;
	if (typeof body.prompt !== 'string' || body.prompt.length === 0)
		return sendJson(ex, 400, { error: { code: '1214', message: 'prompt is required' } });
	ex.record.servedBy = 'zai-org';
	st.charge(ctx, ex.record, imagePrice('zai-org'));
	const [width, height] = parseSize(body.size, 'x', 1024);
	const id = st.nextId('z');
	const job: PollJob = {
		id,
		polls: 0,
		pollsNeeded: 2,
		model: body.model as string,
		outputs: [st.storeImage('zai', { prompt: body.prompt, width, height, seed: seedOf(body.seed, body.prompt) })],
		createdAt: new Date().toISOString(),
		input: body,
	};
	st.zai.set(id, job);
	sendJson(ex, 200, { model: job.model, id, request_id: id, task_status: 'PROCESSING' });
}

/** GET /zai-org/api/paas/v4/async-result/{id} (huggingface.js src/providers/zai-org.ts, polled every 5 s). */
export function handleZaiPoll(ex: Exchange, st: EmulatorState, id: string): void {
	const job = st.zai.get(id);
	if (!job) return sendJson(ex, 404, { error: { code: '1210', message: 'task not found' } });
	ex.record.servedBy = 'zai-org';
	job.polls += 1;
	if (job.polls < job.pollsNeeded) return sendJson(ex, 200, { model: job.model, id, request_id: id, task_status: 'PROCESSING' });
	sendJson(ex, 200, {
		model: job.model,
		id,
		request_id: id,
		task_status: 'SUCCESS',
		created: Math.floor(Date.parse(job.createdAt) / 1000),
		image_result: job.outputs.map((url) => ({ url })),
	});
}
