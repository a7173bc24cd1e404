/**
 * The six text operations on hf-inference, through n8n's engine against the emulator: each Success
 * item carries its own answer in the contract's fields and keeps its pairedItem; the router gets
 * what huggingface.js sends (checked in the emulator's log); text and token classification share
 * calls (a list of texts), the others send one item per call.
 */
import {
	classifyText,
	expectedAnswer,
	expectedEntities,
	expectedSummary,
	expectedTextClassification,
	expectedTranslation,
	expectedZeroShot,
	type Emulator,
} from '../emulator';
import { runHuggingFace, useTestEmulator } from './support';
import { CNN, EN_FR, LANGUAGE_ID, MNLI, MUL_EN, NER, SENTIMENT3, SQUAD, SST2, T5, servedJson, textCalls, textParameters } from './text-task-support';

let emulator: Emulator;
useTestEmulator((started) => (emulator = started));

const itemsOf = (entries: Array<Record<string, unknown>>) => entries.map((json, index) => ({ json: { ...json, index } }));

describe('textClassification', () => {
	const TEXTS = ['I love it, great job', 'The app is broken and I want a refund', 'It arrived on Tuesday'];

	test('three items share one call (a list of texts, top_k 5): each gets its own ranking, highest first', async () => {
		const { outputs, error } = await runHuggingFace(emulator, { parameters: textParameters('textClassification', SST2), items: itemsOf(TEXTS.map((text) => ({ text }))) });
		expect(error).toBeUndefined();
		expect(outputs[1]).toHaveLength(0);
		expect(outputs[0].map((item) => item.json.label)).toEqual(['POSITIVE', 'NEGATIVE', 'POSITIVE']);
		outputs[0].forEach((item, index) => {
			expect(item.pairedItem).toEqual({ item: index });
			const labels = expectedTextClassification(SST2, TEXTS[index]);
			expect(item.json).toEqual({ label: labels[0].label, score: labels[0].score, labels, ...servedJson(SST2) });
		});
		const calls = textCalls(emulator);
		expect(calls).toHaveLength(1);
		expect(calls[0].path).toBe(`/hf-inference/models/${SST2}`);
		expect(calls[0].body).toEqual({ inputs: TEXTS, parameters: { top_k: 5 } });
	});

	test('Batch Size 1 sends each text as a string, as the clients do, with Top K when set', async () => {
		const { outputs } = await runHuggingFace(emulator, { parameters: textParameters('textClassification', SENTIMENT3, { batchSize: 1, topK: 2 }), items: itemsOf(TEXTS.map((text) => ({ text }))) });
		expect(textCalls(emulator).map((call) => call.body)).toEqual(TEXTS.map((text) => ({ inputs: text, parameters: { top_k: 2 } })));
		outputs[0].forEach((item, index) => expect(item.json.labels).toEqual(expectedTextClassification(SENTIMENT3, TEXTS[index], 2)));
		expect(outputs[0][2].json.label).toBe('neutral');
	});

	test('auto finds hf-inference; a language detector tells French from German', async () => {
		const texts = ['Bonjour, ma facture est fausse', 'Hallo, meine Rechnung ist falsch'];
		const { outputs } = await runHuggingFace(emulator, { parameters: textParameters('textClassification', LANGUAGE_ID, {}, 'auto'), items: itemsOf(texts.map((text) => ({ text }))) });
		expect(outputs[0].map((item) => [item.json.label, item.json.provider, (item.json.labels as unknown[]).length])).toEqual([
			['fr', 'hf-inference', 5],
			['de', 'hf-inference', 5],
		]);
	});

	test('the pipeline\'s flat answer (one text, no reshaping) is read as that text\'s ranking', async () => {
		emulator.answerLegacyShapes(true);
		const { outputs } = await runHuggingFace(emulator, { parameters: textParameters('textClassification', SST2, { batchSize: 1, topK: 2 }), items: itemsOf([{ text: TEXTS[1] }]) });
		expect(JSON.stringify(textCalls(emulator)[0].status)).toBe('200');
		expect(outputs[0][0].json).toMatchObject({ label: 'NEGATIVE', labels: classifyText(SST2, TEXTS[1]) });
	});
});

describe('zeroShotClassification', () => {
	test('each item is scored against its own labels (a comma-separated string or an array), one call each', async () => {
		const items = [
			{ text: 'My invoice is wrong, I was billed twice', labels: 'shipping, billing, account access' },
			{ text: 'The parcel never arrived', labels: ['billing', 'parcel delivery'] },
		];
		const { outputs, error } = await runHuggingFace(emulator, { parameters: textParameters('zeroShotClassification', MNLI), items: itemsOf(items) });
		expect(error).toBeUndefined();
		const expected = [expectedZeroShot(items[0].text, ['shipping', 'billing', 'account access']), expectedZeroShot(items[1].text, ['billing', 'parcel delivery'])];
		outputs[0].forEach((item, index) => {
			expect(item.pairedItem).toEqual({ item: index });
			expect(item.json).toEqual({ label: expected[index][0].label, score: expected[index][0].score, labels: expected[index], ...servedJson(MNLI) });
		});
		expect(outputs[0].map((item) => item.json.label)).toEqual(['billing', 'parcel delivery']);
		expect(textCalls(emulator).map((call) => call.body)).toEqual([
			{ inputs: items[0].text, parameters: { candidate_labels: ['shipping', 'billing', 'account access'] } },
			{ inputs: items[1].text, parameters: { candidate_labels: ['billing', 'parcel delivery'] } },
		]);
	});

	test('Multi-Label and Hypothesis Template travel as multi_label and hypothesis_template; the legacy answer reads the same', async () => {
		emulator.answerLegacyShapes(true);
		const text = 'I was billed twice and the parcel is late';
		const { outputs } = await runHuggingFace(emulator, {
			parameters: textParameters('zeroShotClassification', MNLI, { multiLabel: true, hypothesisTemplate: 'This message is about {}.' }),
			items: itemsOf([{ text, labels: 'billing, parcel, account' }]),
		});
		expect(textCalls(emulator)[0].body).toEqual({ inputs: text, parameters: { candidate_labels: ['billing', 'parcel', 'account'], multi_label: true, hypothesis_template: 'This message is about {}.' } });
		expect(outputs[0][0].json.labels).toEqual(expectedZeroShot(text, ['billing', 'parcel', 'account'], true));
		expect((outputs[0][0].json.labels as Array<{ score: number }>).map((entry) => entry.score)).toEqual([0.9, 0.9, 0.05]);
	});
});

describe('tokenClassification', () => {
	const TEXTS = ['Maria  Lopez from Acme Corp called.', 'The parcel went to Lisbon, said Peter.'];

	test('two items share one call; entities carry type, their own text (cut at the offsets), score, start and end, in text order', async () => {
		const { outputs, error } = await runHuggingFace(emulator, { parameters: textParameters('tokenClassification', NER), items: itemsOf(TEXTS.map((text) => ({ text }))) });
		expect(error).toBeUndefined();
		expect(textCalls(emulator).map((call) => call.body)).toEqual([{ inputs: TEXTS }]);
		outputs[0].forEach((item, index) => {
			expect(item.pairedItem).toEqual({ item: index });
			const entities = expectedEntities(TEXTS[index]).map((entity) => ({ type: entity.entity_group, text: TEXTS[index].slice(entity.start, entity.end), score: entity.score, start: entity.start, end: entity.end }));
			expect(item.json).toEqual({ entities, ...servedJson(NER) });
		});
		// The model's word is "Maria Lopez"; the item's own text keeps its two spaces.
		expect((outputs[0][0].json.entities as Array<{ text: string; type: string }>).map((entity) => [entity.type, entity.text])).toEqual([
			['PER', 'Maria  Lopez'],
			['ORG', 'Acme Corp'],
		]);
		expect((outputs[0][1].json.entities as Array<{ text: string; type: string }>).map((entity) => [entity.type, entity.text])).toEqual([
			['LOC', 'Lisbon'],
			['PER', 'Peter'],
		]);
	});

	test('Aggregation Strategy none: tokens B-/I- typed, the prefix stripped; without offsets the word stands in', async () => {
		const { outputs } = await runHuggingFace(emulator, { parameters: textParameters('tokenClassification', NER, { aggregationStrategy: 'none', batchSize: 1 }), items: itemsOf([{ text: TEXTS[0] }]) });
		expect(textCalls(emulator)[0].body).toEqual({ inputs: TEXTS[0], parameters: { aggregation_strategy: 'none' } });
		expect((outputs[0][0].json.entities as Array<{ text: string; type: string }>).map((entity) => [entity.type, entity.text])).toEqual([
			['PER', 'Maria'],
			['PER', 'Lopez'],
			['ORG', 'Acme'],
			['ORG', 'Corp'],
		]);
		emulator.reset();
		emulator.answerLegacyShapes(true);
		const legacy = await runHuggingFace(emulator, { parameters: textParameters('tokenClassification', NER, { batchSize: 1 }), items: itemsOf([{ text: TEXTS[0] }]) });
		expect(legacy.outputs[0][0].json.entities).toEqual([
			{ type: 'PER', text: 'Maria Lopez', score: expect.any(Number), start: null, end: null },
			{ type: 'ORG', text: 'Acme Corp', score: expect.any(Number), start: null, end: null },
		]);
	});
});

describe('translation', () => {
	test('one call per item, `{inputs}` alone for a single-pair model; each item gets its own translation', async () => {
		const texts = ['Hello, my invoice is wrong', 'Thanks for the help'];
		const { outputs } = await runHuggingFace(emulator, { parameters: textParameters('translation', EN_FR), items: itemsOf(texts.map((text) => ({ text }))) });
		expect(textCalls(emulator).map((call) => call.body)).toEqual(texts.map((text) => ({ inputs: text })));
		outputs[0].forEach((item, index) => {
			expect(item.pairedItem).toEqual({ item: index });
			expect(item.json).toEqual({ translation: expectedTranslation(EN_FR, texts[index]), ...servedJson(EN_FR) });
		});
		expect(outputs[0][0].json.translation).toBe('Bonjour, mon facture est fausse');
	});

	test('Source and Target Language travel as src_lang and tgt_lang; a many-to-English model needs neither', async () => {
		const { outputs } = await runHuggingFace(emulator, { parameters: textParameters('translation', T5, { sourceLanguage: ' en ', targetLanguage: 'de' }), items: itemsOf([{ text: 'Hello world' }]) });
		expect(textCalls(emulator)[0].body).toEqual({ inputs: 'Hello world', parameters: { src_lang: 'en', tgt_lang: 'de' } });
		expect(outputs[0][0].json.translation).toBe('Hallo welt');
		emulator.reset();
		const mul = await runHuggingFace(emulator, { parameters: textParameters('translation', MUL_EN), items: itemsOf([{ text: 'Hola, mi factura es incorrecta' }]) });
		expect(mul.outputs[0][0].json.translation).toBe('Hello, my invoice is wrong');
	});
});

describe('summarization and questionAnswering', () => {
	test('summarization: one call per item; each item gets the summary of its own text', async () => {
		const texts = ['The storm closed the roads. Crews worked all night.', 'Sales rose by ten percent! Costs fell.'];
		const { outputs } = await runHuggingFace(emulator, { parameters: textParameters('summarization', CNN), items: itemsOf(texts.map((text) => ({ text }))) });
		expect(textCalls(emulator).map((call) => call.body)).toEqual(texts.map((text) => ({ inputs: text })));
		expect(outputs[0].map((item) => item.json)).toEqual(texts.map((text) => ({ summary: expectedSummary(text), ...servedJson(CNN) })));
		expect(outputs[0].map((item) => item.json.summary)).toEqual(['The storm closed the roads.', 'Sales rose by ten percent!']);
		expect(outputs[0].map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	test('questionAnswering: `inputs: {question, context}` per item; answer, score, start, end into the item\'s context', async () => {
		const items = [
			{ question: 'Where does Maria live?', context: 'Maria lives in Lisbon. She works at Acme.' },
			{ question: 'Who fixed the printer?', context: 'The printer broke on Monday. Peter Smith fixed the printer on Tuesday.' },
		];
		const { outputs } = await runHuggingFace(emulator, { parameters: textParameters('questionAnswering', SQUAD), items: itemsOf(items) });
		expect(textCalls(emulator).map((call) => call.body)).toEqual(items.map(({ question, context }) => ({ inputs: { question, context } })));
		outputs[0].forEach((item, index) => {
			expect(item.pairedItem).toEqual({ item: index });
			expect(item.json).toEqual({ ...expectedAnswer(items[index].question, items[index].context), ...servedJson(SQUAD) });
			expect(items[index].context.slice(item.json.start as number, item.json.end as number)).toBe(item.json.answer);
		});
		expect(outputs[0].map((item) => item.json.answer)).toEqual(['Lisbon', 'Peter Smith']);
		emulator.reset();
		emulator.answerLegacyShapes(true);
		const legacy = await runHuggingFace(emulator, { parameters: textParameters('questionAnswering', SQUAD), items: itemsOf(items.slice(0, 1)) });
		expect(legacy.outputs[0][0].json.answer).toBe('Lisbon');
	});
});
