/**
 * The text operations when something is wrong: a bad input fails its item by name before any call,
 * a 402 halfway sends the rest to Quota Exhausted with their json intact, an answer that does not
 * fit the batch fails every item of it rather than put results on the wrong items; and the model
 * and provider pickers offer the text-task models.
 */
import type { IDataObject } from 'n8n-workflow';

import { HuggingFaceInferenceApi } from '../../credentials/HuggingFaceInferenceApi.credentials';
import { HuggingFaceInference } from '../../nodes/HuggingFaceInference/HuggingFaceInference.node';
import { MSG_CREDITS_DEPLETED, TEXT_TASK_PRICE_PER_TEXT, type Emulator } from '../emulator';
import { callListSearch, callLoadOptions } from '../harness';
import { POOR_TOKEN, credentialsFor, errorDescription, errorText, runHuggingFace, useTestEmulator } from './support';
import { ITEMS, MNLI, NER, SST2, textCalls, textParameters, type TextOperation } from './text-task-support';

let emulator: Emulator;
useTestEmulator((started) => (emulator = started));

const OPERATIONS = Object.keys(ITEMS) as TextOperation[];
const BATCHED: TextOperation[] = ['textClassification', 'tokenClassification'];
const itemsOf = (entries: IDataObject[]) => entries.map((json) => ({ json }));

describe('a bad input fails its item by name, before any call', () => {
	test.each(OPERATIONS)('%s: Stop Workflow stops before the first request', async (operation) => {
		const { model, items, empty, field } = ITEMS[operation];
		const { error } = await runHuggingFace(emulator, { parameters: textParameters(operation, model), items: itemsOf([items[0], empty]) });
		expect(error?.message).toBe(`${field} is empty (item 1, hf-inference / ${model})`);
		expect(textCalls(emulator)).toHaveLength(0);
	});

	test.each(OPERATIONS)('%s: with On Error Continue, the bad item fails alone and the good one is answered', async (operation) => {
		const { model, items, empty, field } = ITEMS[operation];
		const { outputs } = await runHuggingFace(emulator, {
			parameters: textParameters(operation, model),
			items: itemsOf([empty, items[1]]),
			settings: { onError: 'continueRegularOutput' },
		});
		expect(outputs[0].map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(errorText(outputs[0][0])).toBe(`${field} is empty (item 0, hf-inference / ${model})`);
		expect(outputs[0][1].json).toMatchObject({ model, provider: 'hf-inference' });
		expect(textCalls(emulator)).toHaveLength(1);
	});

	test('a Hypothesis Template without {} and an unknown Aggregation Strategy are refused before any call', async () => {
		const zeroShot = await runHuggingFace(emulator, {
			parameters: textParameters('zeroShotClassification', MNLI, { hypothesisTemplate: 'This is about the label.' }),
			items: itemsOf([ITEMS.zeroShotClassification.items[0]]),
		});
		expect(zeroShot.error?.message).toBe('Hypothesis Template "This is about the label." has no {} for the label (item 0, hf-inference / facebook/bart-large-mnli)');
		const tokens = await runHuggingFace(emulator, {
			parameters: textParameters('tokenClassification', NER, { aggregationStrategy: '={{ "longest" }}' }),
			items: itemsOf([{ text: 'Maria' }]),
		});
		expect(tokens.error?.message).toBe('Aggregation Strategy "longest" is not one of none, simple, first, average, max (item 0, hf-inference / dslim/bert-base-NER)');
		expect(textCalls(emulator)).toHaveLength(0);
	});

	test('a chat routing policy is no provider for a text task', async () => {
		const { error } = await runHuggingFace(emulator, { parameters: textParameters('summarization', ITEMS.summarization.model, {}, 'cheapest'), items: itemsOf([ITEMS.summarization.items[0]]) });
		expect(error?.message).toBe('Provider "cheapest" is a chat routing policy and does not apply to summarization (item 0, cheapest / facebook/bart-large-cnn)');
	});
});

describe('credits running out halfway', () => {
	test.each(OPERATIONS)('%s: the items after the 402 go to Quota Exhausted with their json as it came in', async (operation) => {
		const { model, items } = ITEMS[operation];
		// Two texts fit: the first call leaves half a text's price, the next takes the balance below zero.
		emulator.setCredits(POOR_TOKEN, TEXT_TASK_PRICE_PER_TEXT * 1.5);
		const batched = BATCHED.includes(operation);
		const { outputs, error } = await runHuggingFace(emulator, {
			parameters: textParameters(operation, model, batched ? { batchSize: 2 } : {}),
			items: itemsOf(items),
			token: POOR_TOKEN,
		});
		expect(error).toBeUndefined();
		expect(outputs[0].map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		outputs[0].forEach((item) => expect(item.json).toMatchObject({ model, provider: 'hf-inference' }));
		expect(outputs[1].map((item) => item.pairedItem)).toEqual([{ item: 2 }, { item: 3 }]);
		expect(outputs[1].map((item) => item.json)).toEqual(
			items.slice(2).map((json) => ({ ...json, quotaExhausted: true, error: { httpCode: 402, message: MSG_CREDITS_DEPLETED, provider: 'hf-inference', model } })),
		);
		// Batched: two texts per call; else one per call, and the fourth item is never sent.
		expect(textCalls(emulator).map((call) => call.status)).toEqual(batched ? [200, 402] : [200, 200, 402]);
	});
});

describe('answers that do not fit', () => {
	test('a batch answered with fewer rankings than texts fails each of its items, none gets another\'s result', async () => {
		emulator.failNext(1, 200, { body: [[{ label: 'POSITIVE', score: 0.9 }]], contentType: 'application/json' });
		const { outputs } = await runHuggingFace(emulator, {
			parameters: textParameters('textClassification', SST2),
			items: itemsOf(ITEMS.textClassification.items.slice(0, 2)),
			settings: { onError: 'continueRegularOutput' },
		});
		expect(outputs[0].map((item) => [item.pairedItem, errorText(item)])).toEqual([
			[{ item: 0 }, `hf-inference answered 1 results for 2 texts (hf-inference / ${SST2})`],
			[{ item: 1 }, `hf-inference answered 1 results for 2 texts (hf-inference / ${SST2})`],
		]);
	});

	test('a 200 carrying an error instead of entities fails the item with the provider\'s words', async () => {
		emulator.failNext(1, 200, { body: { error: 'CUDA out of memory' }, contentType: 'application/json' });
		const { outputs } = await runHuggingFace(emulator, {
			parameters: textParameters('tokenClassification', NER),
			items: itemsOf([{ text: 'Maria' }]),
			settings: { onError: 'continueRegularOutput' },
		});
		expect(errorText(outputs[0][0])).toBe(`hf-inference answered with an error instead of the entities of every text: CUDA out of memory (hf-inference / ${NER})`);
	});

	test('a 413 says to split the texts or lower Batch Size', async () => {
		emulator.failNext(1, 413, { body: { error: 'Input is too long' }, contentType: 'application/json' });
		const { outputs } = await runHuggingFace(emulator, {
			parameters: textParameters('textClassification', SST2, { maxRetries: 0 }),
			items: itemsOf([{ text: 'long' }]),
			settings: { onError: 'continueRegularOutput' },
		});
		expect(errorDescription(outputs[0][0])).toMatch(/Batch Size/);
	});
});

describe('model and provider pickers', () => {
	const node = new HuggingFaceInference();
	const credentialTypes = [new HuggingFaceInferenceApi()];

	test.each(OPERATIONS)('%s: the picker lists the Hub\'s models for the task, and hf-inference serves the chosen one', async (operation) => {
		const { model } = ITEMS[operation];
		const credentials = { huggingFaceInferenceApi: credentialsFor(emulator) };
		const result = await callListSearch(node, 'searchModels', { credentialTypes, credentials, parameters: { operation } });
		expect(result.results.map((entry) => entry.value)).toContain(model);
		const options = await callLoadOptions(node, 'getProviders', { credentialTypes, credentials, parameters: { operation, model: { __rl: true, mode: 'id', value: model } } });
		expect(options.map((option) => option.value)).toEqual(['auto', 'hf-inference']);
	});
});
