/**
 * hf-inference's text-task answers in every shape the API gives (huggingface.js task classes in
 * providers/hf-inference.ts; huggingface-inference-toolkit with and without its API reshaping), and
 * how the node turns them into its json.
 */
import { entitiesJson, entityType, rankedJson } from '../../nodes/HuggingFaceInference/operations/textTasks';
import {
	buildTextClassificationRequest,
	buildTokenClassificationRequest,
	buildTranslationRequest,
	readAnswer,
	readSummary,
	readTextClassification,
	readTokenClassification,
	readTranslation,
	readZeroShot,
} from '../../nodes/shared/providers/hf-inference-text';
import { RouterCallError } from '../../nodes/shared/transport/errors';

const A = { label: 'POSITIVE', score: 0.9 };
const B = { label: 'NEGATIVE', score: 0.1 };

describe('text classification answers', () => {
	test('one text: nested [[...]] (the API) and flat [...] (the bare pipeline) read alike', () => {
		expect(readTextClassification([[A, B]], 1)).toEqual([[A, B]]);
		expect(readTextClassification([A, B], 1)).toEqual([[A, B]]);
		expect(readTextClassification([A], 1)).toEqual([[A]]);
	});

	test('several texts: one ranking each, or one top class each', () => {
		expect(readTextClassification([[A, B], [B, A]], 2)).toEqual([[A, B], [B, A]]);
		expect(readTextClassification([A, B], 2)).toEqual([[A], [B]]);
	});

	test('a count that does not match the texts, or no classes, is a final error', () => {
		expect(() => readTextClassification([[A, B]], 2)).toThrow('hf-inference answered 1 results for 2 texts');
		expect(() => readTextClassification([], 1)).toThrow(RouterCallError);
		expect(() => readTextClassification({ error: 'Model is overloaded' }, 1)).toThrow('hf-inference answered with an error instead of a class for every text: Model is overloaded');
		expect(() => readTextClassification([[{ label: 'x' }]], 1)).toThrow('hf-inference answered without a class for every text');
	});

	test('the request: a string alone; a list always with top_k, the length a single text gets', () => {
		const ids = { hubModelId: 'org/m', providerModelId: 'org/m' };
		expect(buildTextClassificationRequest(ids, ['a'], {})).toEqual({ method: 'POST', url: '/hf-inference/models/org/m', body: { inputs: 'a' } });
		expect(buildTextClassificationRequest(ids, ['a', 'b'], {}).body).toEqual({ inputs: ['a', 'b'], parameters: { top_k: 5 } });
		expect(buildTextClassificationRequest(ids, ['a', 'b'], { topK: 1 }).body).toEqual({ inputs: ['a', 'b'], parameters: { top_k: 1 } });
		expect(buildTokenClassificationRequest(ids, ['a'], undefined).body).toEqual({ inputs: 'a' });
		expect(buildTranslationRequest(ids, 'a', { targetLanguage: 'fr' }).body).toEqual({ inputs: 'a', parameters: { tgt_lang: 'fr' } });
	});

	test('the node\'s json: top class, then every class highest first', () => {
		expect(rankedJson([B, A])).toEqual({ label: 'POSITIVE', score: 0.9, labels: [A, B] });
	});
});

describe('zero-shot answers', () => {
	test('the list form, the legacy {sequence, labels, scores}, and a list holding the legacy object', () => {
		const legacy = { sequence: 'text', labels: ['billing', 'shipping'], scores: [0.8, 0.2] };
		const list = [
			{ label: 'billing', score: 0.8 },
			{ label: 'shipping', score: 0.2 },
		];
		expect(readZeroShot(list)).toEqual(list);
		expect(readZeroShot(legacy)).toEqual(list);
		expect(readZeroShot([legacy])).toEqual(list);
	});

	test('labels and scores of different lengths are refused', () => {
		expect(() => readZeroShot({ labels: ['a', 'b'], scores: [1] })).toThrow('hf-inference answered without a score for every label');
	});
});

describe('token classification answers', () => {
	const grouped = { entity_group: 'PER', score: 0.99, word: 'Maria Lopez', start: 0, end: 12 };
	const token = { entity: 'B-LOC', score: 0.9, index: 5, word: 'Lisbon', start: 20, end: 26 };

	test('grouped and ungrouped entities; one text flat or nested; several texts one list each', () => {
		expect(readTokenClassification([grouped, token], 1)).toEqual([[
			{ group: 'PER', score: 0.99, word: 'Maria Lopez', start: 0, end: 12 },
			{ group: 'B-LOC', score: 0.9, word: 'Lisbon', start: 20, end: 26 },
		]]);
		expect(readTokenClassification([[grouped]], 1)).toHaveLength(1);
		expect(readTokenClassification([[], [grouped]], 2)).toEqual([[], [{ group: 'PER', score: 0.99, word: 'Maria Lopez', start: 0, end: 12 }]]);
		expect(readTokenClassification([], 1)).toEqual([[]]);
	});

	test('null offsets (slow tokenizers) leave start and end out', () => {
		expect(readTokenClassification([{ ...grouped, start: null, end: null }], 1)).toEqual([[{ group: 'PER', score: 0.99, word: 'Maria Lopez' }]]);
	});

	test('the node\'s entities: type without B-/I-, the item\'s own text at the offsets, in text order; the word where offsets are missing', () => {
		const text = 'Maria  Lopez went to Lisbon';
		expect(entityType('I-ORG')).toBe('ORG');
		expect(entityType('MISC')).toBe('MISC');
		expect(
			entitiesJson(text, [
				{ group: 'B-LOC', score: 0.9, word: 'Lisbon', start: 21, end: 27 },
				{ group: 'PER', score: 0.99, word: 'Maria Lopez', start: 0, end: 12 },
			]),
		).toEqual([
			{ type: 'PER', text: 'Maria  Lopez', score: 0.99, start: 0, end: 12 },
			{ type: 'LOC', text: 'Lisbon', score: 0.9, start: 21, end: 27 },
		]);
		expect(entitiesJson(text, [{ group: 'PER', score: 0.9, word: 'maria' }, { group: 'LOC', score: 0.8, word: 'Lisbon', start: 21, end: 99 }])).toEqual([
			{ type: 'PER', text: 'maria', score: 0.9, start: null, end: null },
			{ type: 'LOC', text: 'Lisbon', score: 0.8, start: null, end: null },
		]);
	});
});

describe('generated text and answers', () => {
	test('translation and summary: a one-element list or the object alone', () => {
		expect(readTranslation([{ translation_text: 'Bonjour' }])).toBe('Bonjour');
		expect(readTranslation({ translation_text: 'Bonjour' })).toBe('Bonjour');
		expect(readSummary([{ summary_text: 'Short.' }])).toBe('Short.');
		expect(() => readSummary([{ generated_text: 'x' }])).toThrow('hf-inference answered without a summary');
	});

	test('question answering: the object, or a list whose first is the best', () => {
		const found = { answer: 'Lisbon', score: 0.7, start: 15, end: 21 };
		expect(readAnswer(found)).toEqual(found);
		expect(readAnswer([found, { ...found, answer: 'Porto', score: 0.1 }])).toEqual(found);
		expect(() => readAnswer({ answer: 'Lisbon' })).toThrow('hf-inference answered without an answer');
	});
});
