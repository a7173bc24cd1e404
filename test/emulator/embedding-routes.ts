/** Feature extraction: hf-inference pipeline routes and OpenAI-style /embeddings of other providers. */
import { embeddingCost, findByProviderId, type CatalogueModel } from './catalogue';
import { msgModelNotSupportedByProvider, openAiError } from './errors';
import { sendJson, type Exchange } from './exchange';
import { obj } from './fields';
import type { CallContext, EmulatorState } from './state';
import { openAiModelBody } from './provider-answers';
import { countEmbeddingTokens, expectedSentenceVector, expectedTokenVectors } from './vectors';

function isStringList(v: unknown): v is string[] {
	return Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string');
}

/**
 * POST /hf-inference/models/{hubId}/pipeline/feature-extraction (and the older pipeline URL form),
 * the route of huggingface.js src/providers/hf-inference.ts `makeRoute`; it serves models the Hub
 * maps under feature-extraction or sentence-similarity alike (EQUIVALENT_SENTENCE_TRANSFORMERS_TASKS).
 * - Body: the feature-extraction spec (packages/tasks/src/tasks/feature-extraction/spec/input.json):
 *   `normalize` defaults to true, `truncate` to false; both also read under `parameters`.
 * - A text over the model's length without `truncate: true` is a 413 with TEI's validation wording.
 * - Shapes as in huggingface.js test/InferenceClient.spec.ts: a sentence model answers `D` for a
 *   string and `N x D` for a list; a plain transformers model (facebook/bart-base) answers
 *   `1 x T x D` for a string and `N x 1 x T x D` for a list. Token vectors are the raw hidden
 *   states: `normalize` is a sentence-transformers switch (unverified live, see README).
 */
export function handleHfFeatureExtraction(ex: Exchange, st: EmulatorState, ctx: CallContext, model: CatalogueModel): void {
	const spec = model.embedding;
	if (!spec) return sendJson(ex, 400, { error: msgModelNotSupportedByProvider('hf-inference') });
	const body = obj(ex.json);
	const inputs = body?.inputs;
	if (typeof inputs !== 'string' && !isStringList(inputs)) {
		return sendJson(ex, 422, { error: 'Input validation error: `inputs` must be a string or a non-empty list of strings', error_type: 'validation' });
	}
	const params = obj(body?.parameters) ?? {};
	const normalize = (body?.normalize ?? params.normalize) !== false;
	const truncate = (body?.truncate ?? params.truncate) === true;
	const texts = typeof inputs === 'string' ? [inputs] : inputs;
	const tokenCounts = texts.map(countEmbeddingTokens);
	if (!truncate) {
		const over = tokenCounts.find((n) => n > spec.maxTokens);
		if (over !== undefined) {
			return sendJson(ex, 413, { error: `Input validation error: \`inputs\` must have less than ${spec.maxTokens} tokens. Given: ${over}`, error_type: 'validation' });
		}
	}
	const opts = { normalize, truncate };
	ex.record.servedBy = 'hf-inference';
	st.charge(ctx, ex.record, embeddingCost(tokenCounts.reduce((a, b) => a + b, 0)));
	const headers = { 'x-compute-type': 'cpu', 'x-compute-time': '0.042' };
	if (spec.level === 'token') {
		const perText = texts.map((t) => [expectedTokenVectors(model.id, t, { truncate })]);
		return sendJson(ex, 200, typeof inputs === 'string' ? perText[0] : perText, headers);
	}
	const vectors = texts.map((t) => expectedSentenceVector(model.id, t, opts));
	sendJson(ex, 200, typeof inputs === 'string' ? vectors[0] : vectors, headers);
}

function toBase64(v: number[]): string {
	const buf = Buffer.alloc(v.length * 4);
	v.forEach((x, i) => buf.writeFloatLE(x, i * 4));
	return buf.toString('base64');
}

/** POST /{together|deepinfra|scaleway}/.../embeddings (OpenAI-compatible; huggingface.js src/providers/together.ts, deepinfra.ts, scaleway.ts). Vectors are unit-length. */
export function handleOpenAiEmbeddings(ex: Exchange, st: EmulatorState, ctx: CallContext, provider: string): void {
	const body = openAiModelBody(ex);
	if (!body) return;
	const found = findByProviderId(provider, body.model, ['feature-extraction']);
	if (!found || found.model.embedding?.level !== 'sentence') return sendJson(ex, 400, { error: msgModelNotSupportedByProvider(provider) });
	ex.record.hubModel = found.model.id;
	const input = body.input;
	if (typeof input !== 'string' && !isStringList(input)) {
		return sendJson(ex, 400, openAiError('input must be a string or a non-empty array of strings', 'input', null));
	}
	const texts = typeof input === 'string' ? [input] : input;
	const tokens = texts.reduce((n, t) => n + countEmbeddingTokens(t), 0);
	ex.record.servedBy = provider;
	st.charge(ctx, ex.record, embeddingCost(tokens));
	const b64 = body.encoding_format === 'base64';
	sendJson(ex, 200, {
		object: 'list',
		data: texts.map((t, index) => {
			const v = expectedSentenceVector(found.model.id, t, { normalize: true, truncate: true });
			return { object: 'embedding', embedding: b64 ? toBase64(v) : v, index };
		}),
		model: body.model,
		usage: { prompt_tokens: tokens, total_tokens: tokens },
	});
}
