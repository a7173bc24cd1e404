/** The embedding operation refusing what it cannot send (routing policies, empty texts), bad answers and a 402. */
import type { IDataObject } from 'n8n-workflow';

import type { Emulator } from '../emulator';
import { BGE, E5, MINILM, embeddingParameters, itemsOf, sentence } from './embedding-support';
import { errorDescription, errorText, inferenceCalls, runHuggingFace, useTestEmulator } from './support';

let emulator: Emulator;
useTestEmulator((started) => (emulator = started));

describe('embedding: chat routing policies are refused', () => {
	test.each(['fastest', 'cheapest', 'preferred'])('provider %s: a clear error before anything is sent', async (policy) => {
		const { error, outputs } = await runHuggingFace(emulator, { parameters: embeddingParameters(MINILM, policy, 'hello') });
		expect(error!.message).toBe(`Provider "${policy}" is a chat routing policy and does not apply to embeddings (item 0, ${policy} / ${MINILM})`);
		expect((error as unknown as { description: string }).description).toMatch(/^Use auto, or pick a provider/);
		expect(outputs[0]).toHaveLength(0);
		expect(inferenceCalls(emulator)).toHaveLength(0);
	});

	test('a policy arriving through an expression fails that item only (On Error: continue)', async () => {
		const items = [
			{ json: { p: 'hf-inference', text: 'first' } },
			{ json: { p: 'cheapest', text: 'second' } },
			{ json: { p: 'hf-inference', text: 'third' } },
		];
		const { outputs } = await runHuggingFace(emulator, {
			parameters: embeddingParameters(MINILM, '={{ $json.p }}'),
			items,
			settings: { onError: 'continueErrorOutput' },
		});
		expect(outputs[0].map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 2 }]);
		expect(outputs[0][0].json.embedding).toEqual(sentence(MINILM, 'first'));
		expect(outputs[0][1].json.embedding).toEqual(sentence(MINILM, 'third'));
		expect(outputs[2]).toHaveLength(1);
		expect(outputs[2][0].pairedItem).toEqual({ item: 1 });
		expect(errorText(outputs[2][0])).toBe(`Provider "cheapest" is a chat routing policy and does not apply to embeddings (item 1, cheapest / ${MINILM})`);
		// The two good items still shared one request.
		expect(inferenceCalls(emulator).map((call) => (call.body as { inputs: string[] }).inputs)).toEqual([['first', 'third']]);
	});
});

describe('embedding: bad input and bad answers', () => {
	test('an invalid Batch Size (read from the first item) fails every item under On Error: continue, none passes on unanswered', async () => {
		const { outputs } = await runHuggingFace(emulator, {
			parameters: embeddingParameters(MINILM, 'hf-inference', '={{ $json.text }}', { batchSize: '={{ $json.size }}' }),
			items: [{ json: { text: 'one', size: 0 } }, { json: { text: 'two', size: 8 } }],
			settings: { onError: 'continueRegularOutput' },
		});
		expect(outputs[0].map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		for (const item of outputs[0]) {
			expect(errorText(item)).toBe('Batch Size must be a whole number between 1 and 2048, got 0 (item 0)');
			expect(item.json.embedding).toBeUndefined();
		}
		expect(inferenceCalls(emulator)).toHaveLength(0);
	});

	test('an empty text is refused before any call, naming item, provider and model', async () => {
		const { error, outputs } = await runHuggingFace(emulator, { parameters: embeddingParameters(BGE, 'together'), items: [{ json: { text: '   ' } }] });
		expect(error!.message).toBe(`Text is empty (item 0, together / ${BGE})`);
		expect((error as unknown as { description: string }).description).toMatch(/Give the text to embed/);
		expect(outputs[0]).toHaveLength(0);
		expect(inferenceCalls(emulator)).toHaveLength(0);
	});

	test('with On Error: continue, an empty text is an error item and the others are embedded together', async () => {
		const items = [{ json: { text: 'one' } }, { json: {} }, { json: { text: 'three' } }, { json: { text: '' } }, { json: { text: 'five' } }];
		const { outputs } = await runHuggingFace(emulator, {
			parameters: embeddingParameters(E5, 'scaleway'),
			items,
			settings: { onError: 'continueRegularOutput' },
		});
		expect(outputs[0].map((item) => item.pairedItem)).toEqual(items.map((_, item) => ({ item })));
		expect(errorText(outputs[0][1])).toBe(`Text is empty (item 1, scaleway / ${E5})`);
		expect(errorText(outputs[0][3])).toBe(`Text is empty (item 3, scaleway / ${E5})`);
		expect(errorDescription(outputs[0][1])).toMatch(/^Give the text to embed/);
		expect(outputs[0][1].json.embedding).toBeUndefined();
		expect(outputs[0][0].json.embedding).toEqual(sentence(E5, 'one', true));
		expect(outputs[0][2].json.embedding).toEqual(sentence(E5, 'three', true));
		expect(outputs[0][4].json.embedding).toEqual(sentence(E5, 'five', true));
		expect(inferenceCalls(emulator).map((call) => (call.body as { input: string[] }).input)).toEqual([['one', 'three', 'five']]);
	});

	test.each([
		['together', BGE, { object: 'list', data: [] }],
		['together', BGE, { object: 'list', data: [{ object: 'embedding', embedding: [0.1, 0.2], index: 0 }] }],
		['deepinfra', E5, { data: [{ embedding: null, index: 0 }, { embedding: null, index: 1 }] }],
		['scaleway', E5, { error: 'something odd' }],
		['hf-inference', MINILM, []],
		['hf-inference', MINILM, [[0.1, 'x'], [0.2, 0.3]]],
	])('%s: an answer without a vector for every text fails that batch only (%#)', async (provider, model, body) => {
		emulator.failNext(1, 200, { body });
		const items = itemsOf(['first', 'second', 'third']);
		const { outputs } = await runHuggingFace(emulator, {
			parameters: embeddingParameters(model, provider, '={{ $json.text }}', { batchSize: 2, concurrency: 1 }),
			items,
			settings: { onError: 'continueErrorOutput' },
		});
		expect(outputs[2].map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		for (const item of outputs[2]) expect(errorText(item)).toBe(`${provider} answered without a vector for every text (${provider} / ${model})`);
		expect(outputs[0]).toHaveLength(1);
		expect(outputs[0][0].pairedItem).toEqual({ item: 2 });
		expect(outputs[0][0].json.embedding).toEqual(provider === 'hf-inference' ? sentence(model, 'third') : sentence(model, 'third', true));
		expect(inferenceCalls(emulator)).toHaveLength(2);
	});

	test('without On Error: continue, a bad answer stops the run with the provider and model named', async () => {
		emulator.failNext(1, 200, { body: { data: [] } });
		const { error } = await runHuggingFace(emulator, { parameters: embeddingParameters(BGE, 'together', 'hello') });
		expect(error!.message).toBe(`together answered without a vector for every text (together / ${BGE})`);
	});

	test('an error answer from the provider names provider, model and HTTP status', async () => {
		emulator.failNext(1, 400, { body: { error: 'Model not supported by provider together' } });
		const { error } = await runHuggingFace(emulator, { parameters: embeddingParameters(BGE, 'together', 'hello') });
		expect(error!.message).toBe(`Model not supported by provider together (HTTP 400, together / ${BGE})`);
		expect((error as unknown as { description: string }).description).toBe(`${BGE} is served for feature-extraction by: hf-inference, together.`);
	});
});

describe('embedding: credits exhausted', () => {
	test('a 402 sends the batch to Quota Exhausted with the input json, and nothing more is sent to that provider', async () => {
		emulator.failNext(1, 402);
		const items = [{ json: { text: 'first', id: 1 } }, { json: { text: 'second', id: 2 } }, { json: { text: 'third', id: 3 } }];
		const { outputs, error } = await runHuggingFace(emulator, {
			parameters: embeddingParameters(BGE, 'together', '={{ $json.text }}', { batchSize: 2, concurrency: 1 }),
			items,
		});
		expect(error).toBeUndefined();
		expect(outputs[0]).toHaveLength(0);
		expect(outputs[1].map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		outputs[1].forEach((item, index) => {
			expect(item.json).toMatchObject({ ...items[index].json, quotaExhausted: true, error: { httpCode: 402, provider: 'together', model: BGE } });
			expect(String((item.json.error as IDataObject).message)).toMatch(/credits/);
		});
		expect(inferenceCalls(emulator)).toHaveLength(1);
	});
});
