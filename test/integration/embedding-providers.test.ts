/** The embedding operation through the engine and the emulator: every provider, batching, provider mapping and auto. */
import { expectedTokenVectors, findModel, type Emulator } from '../emulator';
import { BART, BGE, E5, MINILM, QWEN3, TEXTS, embeddingParameters, expectVectorClose, itemsOf, meanOfTokens, sentence } from './embedding-support';
import { TOKEN, errorText, inferenceCalls, mappingCalls, runHuggingFace, useTestEmulator } from './support';

let emulator: Emulator;
useTestEmulator((started) => (emulator = started));

interface ProviderCase {
	provider: string;
	model: string;
	providerModelId: string;
	path: string;
	body: (texts: string[]) => unknown;
	expected: (text: string) => number[];
}

const CASES: ProviderCase[] = [
	{
		provider: 'hf-inference',
		model: MINILM,
		providerModelId: MINILM,
		path: `/hf-inference/models/${MINILM}/pipeline/feature-extraction`,
		body: (texts) => ({ inputs: texts, truncate: true }),
		expected: (text) => sentence(MINILM, text),
	},
	{
		provider: 'together',
		model: BGE,
		providerModelId: 'BAAI/bge-base-en-v1.5',
		path: '/together/v1/embeddings',
		body: (texts) => ({ input: texts, model: 'BAAI/bge-base-en-v1.5' }),
		// OpenAI-style embeddings APIs answer unit vectors.
		expected: (text) => sentence(BGE, text, true),
	},
	{
		provider: 'deepinfra',
		model: E5,
		providerModelId: 'intfloat/multilingual-e5-large',
		path: '/deepinfra/v1/openai/embeddings',
		body: (texts) => ({ input: texts, model: 'intfloat/multilingual-e5-large' }),
		expected: (text) => sentence(E5, text, true),
	},
	{
		provider: 'scaleway',
		model: E5,
		// Scaleway's own id differs from the Hub id: it can only come from the mapping.
		providerModelId: 'multilingual-e5-large',
		path: '/scaleway/v1/embeddings',
		body: (texts) => ({ input: texts, model: 'multilingual-e5-large' }),
		expected: (text) => sentence(E5, text, true),
	},
];

describe('embedding: every provider, through the engine and the emulator', () => {
	test.each(CASES.map((c) => [c.provider, c] as const))('%s: route, body, provider model id and the vectors on each item', async (_name, c) => {
		const { outputs, error } = await runHuggingFace(emulator, { parameters: embeddingParameters(c.model, c.provider), items: itemsOf(TEXTS) });
		expect(error).toBeUndefined();
		expect(outputs[1]).toHaveLength(0);

		const calls = inferenceCalls(emulator);
		expect(calls).toHaveLength(1);
		const [call] = calls;
		expect(call.method).toBe('POST');
		expect(call.path).toBe(c.path);
		expect(call.body).toEqual(c.body(TEXTS));
		expect(call.headers.authorization).toBe(`Bearer ${TOKEN}`);
		expect(call.status).toBe(200);
		expect(call.routeProvider).toBe(c.provider);
		expect(call.servedBy).toBe(c.provider);
		expect(call.hubModel).toBe(c.model);
		expect(mappingCalls(emulator, c.model)).toHaveLength(1);

		const dims = findModel(c.model)!.embedding!.dims;
		expect(outputs[0]).toHaveLength(TEXTS.length);
		outputs[0].forEach((item, index) => {
			expect(item.pairedItem).toEqual({ item: index });
			expect(item.binary).toBeUndefined();
			expect(item.json.embedding).toEqual(c.expected(TEXTS[index]));
			expect(item.json).toMatchObject({ dimensions: dims, model: c.model, provider: c.provider, providerModelId: c.providerModelId });
			// dimensions comes before the long vector, so n8n's views show it without scrolling.
			expect(Object.keys(item.json).slice(0, 2)).toEqual(['dimensions', 'embedding']);
			expect(typeof item.json.latencyMs).toBe('number');
		});
		// Different texts, different vectors: nothing was shifted or repeated.
		expect(new Set(outputs[0].map((item) => JSON.stringify(item.json.embedding))).size).toBe(TEXTS.length);
	});

	test('hf-inference, token-level model (bart-base): each text\'s token vectors are mean-pooled into one vector', async () => {
		const { outputs, error } = await runHuggingFace(emulator, { parameters: embeddingParameters(BART, 'hf-inference'), items: itemsOf(TEXTS) });
		expect(error).toBeUndefined();
		const [call] = inferenceCalls(emulator);
		expect(call.path).toBe(`/hf-inference/models/${BART}/pipeline/feature-extraction`);
		expect(call.body).toEqual({ inputs: TEXTS, truncate: true });
		expect(outputs[0]).toHaveLength(3);
		outputs[0].forEach((item, index) => {
			expect(item.json.dimensions).toBe(768);
			expectVectorClose(item.json.embedding, meanOfTokens(BART, TEXTS[index]), 12);
			// Not one of the token vectors: the mean of all of them.
			expect(item.json.embedding).not.toEqual(expectedTokenVectors(BART, TEXTS[index], { truncate: true })[0]);
		});
	});

	test('hf-inference, token-level model with a single item: still the mean of its tokens', async () => {
		const { outputs } = await runHuggingFace(emulator, { parameters: embeddingParameters(BART, 'hf-inference', 'one lonely text') });
		expect(inferenceCalls(emulator)[0].body).toEqual({ inputs: ['one lonely text'], truncate: true });
		expectVectorClose(outputs[0][0].json.embedding, meanOfTokens(BART, 'one lonely text'), 12);
	});
});

describe('embedding: batching', () => {
	test('100 items with batchSize 32: exactly 4 requests, each vector on its own item, in order', async () => {
		const texts = Array.from({ length: 100 }, (_, index) => `document number ${index} about topic ${index % 7}`);
		const { outputs, error } = await runHuggingFace(emulator, {
			parameters: embeddingParameters(MINILM, 'hf-inference', '={{ $json.text }}', { batchSize: 32 }),
			items: itemsOf(texts),
		});
		expect(error).toBeUndefined();
		const calls = inferenceCalls(emulator);
		expect(calls).toHaveLength(4);
		// Requests may arrive in any order (they run concurrently); each carries one slice of the input, in order.
		const batches = calls.map((call) => (call.body as { inputs: string[] }).inputs).sort((a, b) => texts.indexOf(a[0]) - texts.indexOf(b[0]));
		expect(batches.map((batch) => batch.length)).toEqual([32, 32, 32, 4]);
		expect(batches).toEqual([texts.slice(0, 32), texts.slice(32, 64), texts.slice(64, 96), texts.slice(96)]);
		expect(calls.every((call) => call.status === 200 && call.path === `/hf-inference/models/${MINILM}/pipeline/feature-extraction`)).toBe(true);
		expect(mappingCalls(emulator)).toHaveLength(1);

		expect(outputs[0]).toHaveLength(100);
		outputs[0].forEach((item, index) => {
			expect(item.pairedItem).toEqual({ item: index });
			expect(item.json.embedding).toEqual(sentence(MINILM, texts[index]));
			expect(item.json.dimensions).toBe(384);
		});
	});

	test('the default batch size is 32: 70 items make 3 requests on together', async () => {
		const texts = Array.from({ length: 70 }, (_, index) => `sentence ${index}`);
		const { outputs } = await runHuggingFace(emulator, { parameters: embeddingParameters(BGE, 'together'), items: itemsOf(texts) });
		const sizes = inferenceCalls(emulator).map((call) => (call.body as { input: string[] }).input.length).sort((a, b) => b - a);
		expect(sizes).toEqual([32, 32, 6]);
		outputs[0].forEach((item, index) => expect(item.json.embedding).toEqual(sentence(BGE, texts[index], true)));
	});

	test('items for different models go in different requests, and each vector still lands on its item', async () => {
		const items = [
			{ json: { model: MINILM, text: 'alpha' } },
			{ json: { model: MINILM, text: 'beta' } },
			{ json: { model: BART, text: 'gamma' } },
			{ json: { model: BART, text: 'delta' } },
			{ json: { model: MINILM, text: 'epsilon' } },
		];
		const { outputs } = await runHuggingFace(emulator, { parameters: embeddingParameters('={{ $json.model }}', 'hf-inference'), items });
		const bodies = inferenceCalls(emulator).map((call) => `${call.hubModel}: ${(call.body as { inputs: string[] }).inputs.join(',')}`).sort();
		expect(bodies).toEqual([`${BART}: gamma,delta`, `${MINILM}: alpha,beta`, `${MINILM}: epsilon`].sort());
		// One mapping per model, not per item or per batch.
		expect(mappingCalls(emulator, MINILM)).toHaveLength(1);
		expect(mappingCalls(emulator, BART)).toHaveLength(1);
		expect(outputs[0].map((item) => item.json.model)).toEqual(items.map((item) => item.json.model));
		expect(outputs[0][0].json.embedding).toEqual(sentence(MINILM, 'alpha'));
		expect(outputs[0][4].json.embedding).toEqual(sentence(MINILM, 'epsilon'));
		expectVectorClose(outputs[0][3].json.embedding, meanOfTokens(BART, 'delta'), 12);
	});
});

describe('embedding: provider mapping and auto', () => {
	test.each([
		['object', MINILM, 'hf-inference', MINILM, `/hf-inference/models/${MINILM}/pipeline/feature-extraction`],
		['array', E5, 'deepinfra', 'intfloat/multilingual-e5-large', '/deepinfra/v1/openai/embeddings'],
		['array', QWEN3, 'scaleway', 'qwen3-embedding-8b', '/scaleway/v1/embeddings'],
		['array', BGE, 'hf-inference', BGE, `/hf-inference/models/${BGE}/pipeline/feature-extraction`],
	])('%s-form mapping of %s: auto takes the first live provider, %s', async (_form, model, provider, providerModelId, path) => {
		const { outputs, error } = await runHuggingFace(emulator, { parameters: embeddingParameters(model, 'auto'), items: itemsOf(TEXTS.slice(0, 2)) });
		expect(error).toBeUndefined();
		expect(findModel(model)!.mappingForm).toBe(_form);
		const [call] = inferenceCalls(emulator);
		expect(call.path).toBe(path);
		expect(call.hubModel).toBe(model);
		expect(outputs[0].map((item) => item.json.provider)).toEqual([provider, provider]);
		expect(outputs[0][0].json.providerModelId).toBe(providerModelId);
		const expected = provider === 'hf-inference' ? sentence(model, TEXTS[1]) : sentence(model, TEXTS[1], true);
		expect(outputs[0][1].json.embedding).toEqual(expected);
	});

	test('a pinned provider that does not serve the model: a clear error listing those that do, nothing sent', async () => {
		const { error, outputs } = await runHuggingFace(emulator, { parameters: embeddingParameters(MINILM, 'together', 'hello') });
		expect(error!.message).toBe(`Provider "together" does not serve ${MINILM} for feature-extraction (item 0)`);
		expect((error as unknown as { description: string }).description).toBe('Providers that serve it: hf-inference. Pick one of them in Provider, or use auto.');
		expect(outputs[0]).toHaveLength(0);
		expect(inferenceCalls(emulator)).toHaveLength(0);
	});

	test('a batch the pinned provider does not serve: each item\'s error names that item, not the batch\'s first', async () => {
		const { outputs } = await runHuggingFace(emulator, {
			parameters: embeddingParameters(MINILM, 'together'),
			items: itemsOf(TEXTS),
			settings: { onError: 'continueRegularOutput' },
		});
		expect(outputs[0].map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		outputs[0].forEach((item, index) => {
			expect(errorText(item)).toBe(`Provider "together" does not serve ${MINILM} for feature-extraction (item ${index})`);
			expect(item.json.details).toMatchObject({ itemIndex: index, description: 'Providers that serve it: hf-inference. Pick one of them in Provider, or use auto.' });
		});
		expect(inferenceCalls(emulator)).toHaveLength(0);
	});

	test('a model with several providers lists them all', async () => {
		const { error } = await runHuggingFace(emulator, { parameters: embeddingParameters(E5, 'together', 'hello') });
		expect((error as unknown as { description: string }).description).toBe('Providers that serve it: deepinfra, scaleway, hf-inference. Pick one of them in Provider, or use auto.');
	});

	test('auto on an image model: no provider serves it for feature-extraction', async () => {
		const { error } = await runHuggingFace(emulator, { parameters: embeddingParameters('black-forest-labs/FLUX.1-dev', 'auto', 'hello') });
		expect(error!.message).toBe('No live Inference Provider serves black-forest-labs/FLUX.1-dev for feature-extraction (item 0)');
		expect(inferenceCalls(emulator)).toHaveLength(0);
	});
});
