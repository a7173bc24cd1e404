/**
 * hf-inference embeddings as the real router serves them (judged against the official clients):
 * sentence-transformers models mapped under sentence-similarity, token-level models, the spec's
 * `normalize` default of true and `truncate` default of false.
 */
import type { IDataObject } from 'n8n-workflow';

import { expectedSentenceVector, findModel, l2norm, type Emulator } from '../emulator';
import { BART, BGE, E5, MINILM, QWEN3, TEXTS, XLMR, embeddingParameters, expectVectorClose, itemsOf, meanOfTokens, sentence, unit } from './embedding-support';
import { errorDescription, errorText, inferenceCalls, runHuggingFace, useTestEmulator } from './support';

let emulator: Emulator;
useTestEmulator((started) => (emulator = started));

describe('embedding: sentence-transformers models the Hub maps under sentence-similarity', () => {
	test.each([MINILM, XLMR])('%s: hf-inference (and auto) gives one correct vector per item on the feature-extraction pipeline', async (model) => {
		expect(findModel(model)!.providers[0].task).toBe('sentence-similarity');
		for (const provider of ['hf-inference', 'auto']) {
			emulator.reset();
			const { outputs, error } = await runHuggingFace(emulator, { parameters: embeddingParameters(model, provider), items: itemsOf(TEXTS) });
			expect(error).toBeUndefined();
			const [call] = inferenceCalls(emulator);
			expect(call.path).toBe(`/hf-inference/models/${model}/pipeline/feature-extraction`);
			expect(call.status).toBe(200);
			expect(outputs[0]).toHaveLength(TEXTS.length);
			outputs[0].forEach((item, index) => {
				expect(item.pairedItem).toEqual({ item: index });
				expect(item.json).toMatchObject({ provider: 'hf-inference', providerModelId: model, dimensions: findModel(model)!.embedding!.dims });
				expect(item.json.embedding).toEqual(sentence(model, TEXTS[index]));
			});
		}
	});
});

describe('embedding: normalize (hf-inference normalizes unless told not to)', () => {
	test('Normalize not set sends no normalize field (as the Hugging Face clients) and gives the unit vectors hf-inference answers by default', async () => {
		const { outputs, error } = await runHuggingFace(emulator, { parameters: embeddingParameters(MINILM, 'hf-inference'), items: itemsOf(TEXTS) });
		expect(error).toBeUndefined();
		expect(inferenceCalls(emulator)[0].body).toEqual({ inputs: TEXTS, truncate: true });
		outputs[0].forEach((item, index) => {
			expect(item.json.embedding).toEqual(expectedSentenceVector(MINILM, TEXTS[index], { normalize: true, truncate: true }));
			expect(l2norm(item.json.embedding as number[])).toBeCloseTo(1, 6);
		});
	});

	test('Normalize off sends normalize: false and gives the raw vector', async () => {
		const { outputs, error } = await runHuggingFace(emulator, { parameters: embeddingParameters(MINILM, 'hf-inference', '={{ $json.text }}', { normalize: false }), items: itemsOf(TEXTS) });
		expect(error).toBeUndefined();
		expect(outputs[0]).toHaveLength(TEXTS.length);
		expect(inferenceCalls(emulator)[0].body).toEqual({ inputs: TEXTS, normalize: false, truncate: true });
		outputs[0].forEach((item, index) => {
			expect(item.json.embedding).toEqual(expectedSentenceVector(MINILM, TEXTS[index], { truncate: true }));
			expect(Math.abs(l2norm(item.json.embedding as number[]) - 1)).toBeGreaterThan(0.01);
		});
	});

	test('Normalize on: asked of the pipeline, and every vector has length 1', async () => {
		const { outputs, error } = await runHuggingFace(emulator, { parameters: embeddingParameters(MINILM, 'hf-inference', '={{ $json.text }}', { normalize: true }), items: itemsOf(TEXTS) });
		expect(error).toBeUndefined();
		expect(outputs[0]).toHaveLength(TEXTS.length);
		expect(inferenceCalls(emulator)[0].body).toEqual({ inputs: TEXTS, normalize: true, truncate: true });
		outputs[0].forEach((item, index) => {
			expect(l2norm(item.json.embedding as number[])).toBeCloseTo(1, 12);
			expectVectorClose(item.json.embedding, sentence(MINILM, TEXTS[index], true), 6);
		});
	});

	test('token-level (bart-base, N x 1 x T x D): the mean over tokens, normalized locally when asked', async () => {
		const { outputs, error } = await runHuggingFace(emulator, { parameters: embeddingParameters(BART, 'hf-inference', '={{ $json.text }}', { normalize: true }), items: itemsOf(TEXTS) });
		expect(error).toBeUndefined();
		expect(outputs[0]).toHaveLength(TEXTS.length);
		expect(inferenceCalls(emulator)[0].path).toBe(`/hf-inference/models/${BART}/pipeline/feature-extraction`);
		outputs[0].forEach((item, index) => {
			expect(l2norm(item.json.embedding as number[])).toBeCloseTo(1, 12);
			expectVectorClose(item.json.embedding, unit(meanOfTokens(BART, TEXTS[index])), 9);
		});
	});

	test.each([
		['together', BGE],
		['deepinfra', E5],
		['scaleway', QWEN3],
	])('%s: no normalize or truncate field is sent (these APIs have none) and vectors are unit length', async (provider, model) => {
		const { outputs, error } = await runHuggingFace(emulator, { parameters: embeddingParameters(model, provider, '={{ $json.text }}', { normalize: true }), items: itemsOf(TEXTS) });
		expect(error).toBeUndefined();
		expect(outputs[0]).toHaveLength(TEXTS.length);
		const body = inferenceCalls(emulator)[0].body as IDataObject;
		expect(Object.keys(body).sort()).toEqual(['input', 'model']);
		outputs[0].forEach((item, index) => {
			expect(l2norm(item.json.embedding as number[])).toBeCloseTo(1, 12);
			expectVectorClose(item.json.embedding, sentence(model, TEXTS[index], true), 6);
		});
	});
});

describe('embedding: truncate (on by default)', () => {
	const long = 'A sentence about the weather that goes on and on. '.repeat(120).slice(0, 6000);

	test('a 6,000-character text with Truncate on (the default) gets a vector, beside the short ones', async () => {
		expect(long).toHaveLength(6000);
		const texts = ['short one', long, 'short two'];
		const { outputs, error } = await runHuggingFace(emulator, { parameters: embeddingParameters(MINILM, 'hf-inference'), items: itemsOf(texts) });
		expect(error).toBeUndefined();
		expect(inferenceCalls(emulator)[0].body).toMatchObject({ truncate: true });
		expect(outputs[0]).toHaveLength(3);
		expect(outputs[0][1].json.embedding).toEqual(sentence(MINILM, long));
		expect(outputs[0][1].json.dimensions).toBe(384);
	});

	test('Truncate off: the 413 is final, names item, provider and model, and says to turn Truncate on', async () => {
		const { outputs } = await runHuggingFace(emulator, {
			parameters: embeddingParameters(MINILM, 'hf-inference', '={{ $json.text }}', { truncate: false, batchSize: 1 }),
			items: itemsOf(['short one', long]),
			settings: { onError: 'continueErrorOutput' },
		});
		const calls = inferenceCalls(emulator);
		expect(calls.map((call) => call.status).sort()).toEqual([200, 413]);
		expect(calls.find((call) => call.status === 413)!.body).toEqual({ inputs: [long], truncate: false });
		expect(outputs[0].map((item) => item.pairedItem)).toEqual([{ item: 0 }]);
		expect(outputs[2].map((item) => item.pairedItem)).toEqual([{ item: 1 }]);
		expect(errorText(outputs[2][0])).toMatch(/^Input validation error: `inputs` must have less than 256 tokens\. Given: \d+ \(HTTP 413, hf-inference \/ sentence-transformers\/all-MiniLM-L6-v2\)$/);
		expect(errorDescription(outputs[2][0])).toMatch(/Turn on Truncate/);
	});
});
