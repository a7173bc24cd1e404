/**
 * Text-to-image routes per provider: hf-inference raw bytes; together / nscale / nebius b64 JSON;
 * fal-ai sync + queue; replicate predictions (+ polling); wavespeed and zai-org async jobs.
 * Generated files are served by the CDN listener.
 */
import { ALL_MODELS, findByProviderId, imagePrice, type CatalogueModel } from './catalogue';
import { msgModelNotSupportedByProvider, openAiError } from './errors';
import { sendBytes, sendJson, type Exchange } from './exchange';
import { generatePng } from './images';
import { readLora } from './lora';
import type { CallContext, EmulatorState, PollJob } from './state';
import { hashString } from './vectors';
import { replicateInputMissing, startWavespeedJob, wavespeedData } from './provider-answers';

type Obj = Record<string, unknown>;

function obj(v: unknown): Obj | undefined {
	return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : undefined;
}

function num(v: unknown, fallback: number): number {
	return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
}

function count(v: unknown): number {
	return Math.max(1, Math.min(4, Math.floor(num(v, 1))));
}

function seedOf(v: unknown, prompt: string): number {
	return typeof v === 'number' ? v : hashString(prompt);
}

function png(st: EmulatorState, prompt: string, width: number, height: number, seed: number): Buffer {
	return generatePng({ prompt, width, height, seed, targetBytes: st.imageBytes });
}

const FAL_SIZES: Record<string, [number, number]> = {
	square_hd: [1024, 1024],
	square: [512, 512],
	portrait_4_3: [768, 1024],
	portrait_16_9: [576, 1024],
	landscape_4_3: [1024, 768],
	landscape_16_9: [1024, 576],
};

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

/** POST /{together|nscale|nebius|...}/v1/images/generations (huggingface.js src/providers/together.ts, nscale.ts; huggingface_hub _providers/nscale.py sends `size`). */
export function handleImagesGenerations(ex: Exchange, st: EmulatorState, ctx: CallContext, provider: string): void {
	const body = obj(ex.json);
	if (!body) return sendJson(ex, 400, openAiError('Request body must be a JSON object', null, null));
	if (typeof body.model !== 'string') return sendJson(ex, 400, openAiError('model is required', 'model', null));
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
	if (provider === 'nebius') return sendJson(ex, 200, { data, id: `text2img-${st.nextId()}` });
	return sendJson(ex, 200, { created, data });
}

/** The picture is drawn with the LoRA the request applied, so that a lost LoRA shows in the bytes. */
function drawn(prompt: string, lora: string | undefined): string {
	return lora ? `${prompt} <lora:${lora}>` : prompt;
}

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
		sendJson(ex, 422, { detail: [{ loc: ['body', 'prompt'], msg: 'field required', type: 'value_error.missing' }] });
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
	const base = `https://queue.fal.run/${app}/requests/${id}`;
	sendJson(
		ex,
		200,
		{
			status: 'IN_QUEUE',
			request_id: id,
			response_url: base,
			status_url: `${base}/status`,
			cancel_url: `${base}/cancel`,
			logs: null,
			metrics: {},
			queue_position: 0,
		},
		falHeaders,
	);
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
	const base = `https://queue.fal.run/${job.app}/requests/${id}`;
	if (isStatus) {
		job.polls += 1;
		const status = job.polls >= 2 ? 'COMPLETED' : 'IN_PROGRESS';
		return sendJson(ex, 200, {
			status,
			request_id: id,
			response_url: base,
			status_url: `${base}/status`,
			cancel_url: `${base}/cancel`,
			logs: null,
			metrics: status === 'COMPLETED' ? { inference_time: 1.234 } : {},
		});
	}
	if (job.polls < 2) return sendJson(ex, 400, { detail: 'Request is still in progress' });
	sendJson(ex, 200, job.result);
}

export function replicateObject(job: PollJob, done: boolean, startedPending: boolean): Obj {
	const [model, version] = job.model.split(':');
	const status = done ? (startedPending ? 'succeeded' : 'processing') : job.polls === 0 ? 'starting' : 'processing';
	const out: Obj = {
		id: job.id,
		model,
		version: version ?? hashString(model).toString(16).padStart(64, '0').slice(0, 64),
		input: job.input,
		logs: '',
		output: done ? (job.output ?? job.outputs) : null,
		data_removed: false,
		error: null,
		status,
		created_at: job.createdAt,
		urls: {
			cancel: `https://api.replicate.com/v1/predictions/${job.id}/cancel`,
			get: `https://api.replicate.com/v1/predictions/${job.id}`,
			stream: `https://stream.replicate.com/v1/files/${job.id}`,
			web: `https://replicate.com/p/${job.id}`,
		},
	};
	if (done && startedPending) {
		out.completed_at = new Date().toISOString();
		out.metrics = { predict_time: 1.234 };
	}
	return out;
}

/** POST /replicate/v1/models/{owner}/{name}/predictions or /replicate/v1/predictions (version), with `Prefer: wait` (huggingface.js src/providers/replicate.ts; huggingface_hub _providers/replicate.py). */
export function handleReplicateSubmit(ex: Exchange, st: EmulatorState, ctx: CallContext, modelPath: string | undefined): void {
	const body = obj(ex.json) ?? {};
	let found: ReturnType<typeof findByProviderId>;
	if (modelPath) {
		found = findByProviderId('replicate', modelPath, ['text-to-image']) ?? findReplicateBase(modelPath);
	} else if (typeof body.version === 'string') {
		found = findReplicateVersion(body.version);
	}
	if (!found) return sendJson(ex, 400, { error: msgModelNotSupportedByProvider('replicate') });
	ex.record.hubModel = found.model.id;
	const input = obj(body.input);
	if (!input || typeof input.prompt !== 'string' || input.prompt.length === 0) {
		return replicateInputMissing(ex, 'prompt');
	}
	const lora = readLora('replicate', found.offer.providerId, input);
	if (!lora.ok) return sendJson(ex, lora.status, lora.body);
	ex.record.servedBy = 'replicate';
	const n = count(input.num_outputs);
	const width = num(input.width, 1024);
	const height = num(input.height, 1024);
	const seed = seedOf(input.seed, input.prompt);
	st.charge(ctx, ex.record, imagePrice('replicate') * n);
	const id = st
		.nextId('r')
		.replace(/[^a-z0-9]/g, '')
		.slice(0, 26);
	const wait = /\bwait\b/i.test(String(ex.req.headers['prefer'] ?? ''));
	const pollsNeeded = st.replicatePendingPolls > 0 ? st.replicatePendingPolls : wait ? 0 : 1;
	const job: PollJob = {
		id,
		polls: 0,
		pollsNeeded,
		model: found.offer.providerId,
		outputs: Array.from({ length: n }, (_, i) =>
			st.storeImage('replicate', { prompt: drawn(input.prompt as string, lora.applied), width, height, seed: seed + i }),
		),
		createdAt: new Date().toISOString(),
		input,
	};
	st.replicate.set(id, job);
	sendJson(ex, 201, replicateObject(job, pollsNeeded === 0, false), {}, 'application/json; charset=UTF-8');
}

function findReplicateBase(modelPath: string): ReturnType<typeof findByProviderId> {
	return findReplicate((id) => id.split(':')[0] === modelPath);
}

function findReplicateVersion(version: string): ReturnType<typeof findByProviderId> {
	return findReplicate((id) => id.split(':')[1] === version);
}

function findReplicate(pred: (providerId: string) => boolean): ReturnType<typeof findByProviderId> {
	for (const m of ALL_MODELS as CatalogueModel[]) {
		for (const offer of m.providers)
			if (offer.provider === 'replicate' && offer.task === 'text-to-image' && pred(offer.providerId)) return { model: m, offer };
	}
	return undefined;
}

/** GET /replicate/v1/predictions/{id}: the node's poll when `output` is still null; the clients never poll (unverified live, see README). */
export function handleReplicatePoll(ex: Exchange, st: EmulatorState, id: string): void {
	const job = st.replicate.get(id);
	if (!job) return sendJson(ex, 404, { detail: 'Not found.', status: 404, title: 'Not found' });
	ex.record.servedBy = 'replicate';
	job.polls += 1;
	const done = job.polls >= job.pollsNeeded;
	sendJson(ex, 200, replicateObject(job, done, true), {}, 'application/json; charset=UTF-8');
}

function parseSize(v: unknown, sep: string, fallback: number): [number, number] {
	if (typeof v !== 'string') return [fallback, fallback];
	const [w, h] = v.split(sep).map((x) => parseInt(x, 10));
	return [Number.isFinite(w) ? w : fallback, Number.isFinite(h) ? h : fallback];
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
