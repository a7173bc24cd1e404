/** replicate predictions for text-to-image: `Prefer: wait` answers at once, otherwise the node polls the prediction. */
import { ALL_MODELS, findByProviderId, imagePrice, type CatalogueModel } from './catalogue';
import { msgModelNotSupportedByProvider } from './errors';
import { sendJson, sendText, type Exchange } from './exchange';
import { num, obj, type Obj } from './fields';
import { count, drawn, seedOf } from './image-request';
import { readLora } from './lora';
import type { CallContext, EmulatorState, PollJob } from './state';
import { hashString } from './vectors';
import { replicateInputMissing } from './provider-answers';

/**
 * A new prediction's id (Replicate's 26 lower-case characters) and how many polls it takes: none
 * with `Prefer: wait`, one otherwise, or as many as setReplicatePending asked for.
 */
export function newPrediction(ex: Exchange, st: EmulatorState): { id: string; pollsNeeded: number } {
	const id = st.nextId('r').replace(/[^a-z0-9]/g, '').slice(0, 26);
	const wait = /\bwait\b/i.test(String(ex.req.headers['prefer'] ?? ''));
	return { id, pollsNeeded: st.replicatePendingPolls > 0 ? st.replicatePendingPolls : wait ? 0 : 1 };
}

/**
 * The prediction as Replicate shows it. Answered at once under `Prefer: wait`, it is `processing`
 * with its output already there, as the recorded live answer (huggingface_hub cassette
 * test_text_to_image_default[replicate]); polled, it ends `succeeded`. `preview` (state.replicatePoll):
 * a poll before the last already has a URL in `output` that the CDN does not serve.
 */
export function replicateObject(job: PollJob, done: boolean, startedPending: boolean, preview = false): Obj {
	const [model, version] = job.model.split(':');
	const status = done ? (startedPending ? 'succeeded' : 'processing') : job.polls === 0 ? 'starting' : 'processing';
	const out: Obj = {
		id: job.id,
		model,
		version: version ?? hashString(model).toString(16).padStart(64, '0').slice(0, 64),
		input: job.input,
		logs: '',
		output: done ? (job.output ?? job.outputs) : preview && job.polls > 0 ? previewOutput(job) : null,
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

/** A file URL the model is still writing: the final one with `.partial` added, which the CDN does not serve. */
function previewOutput(job: PollJob): string[] | null {
	const url = job.outputs[0] ?? job.output;
	return typeof url === 'string' ? [`${url}.partial`] : null;
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
	const { id, pollsNeeded } = newPrediction(ex, st);
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
	const { notServed, preview } = st.replicatePoll;
	if (notServed) return sendText(ex, notServed, notServed === 404 ? 'Not Found' : 'Method Not Allowed');
	const job = st.replicate.get(id);
	if (!job) return sendJson(ex, 404, { detail: 'Not found.', status: 404, title: 'Not found' });
	ex.record.servedBy = 'replicate';
	job.polls += 1;
	const done = job.polls >= job.pollsNeeded;
	sendJson(ex, 200, replicateObject(job, done, true, preview), {}, 'application/json; charset=UTF-8');
}
