/**
 * The official client vouches for the emulator's text tasks: `@huggingface/inference` calls each
 * one on hf-inference (textClassification, zeroShotClassification, tokenClassification,
 * translation, summarization, questionAnswering) for every model the emulated Hub maps for it; the
 * call must succeed, read into the client's own output type (its getResponse checks the shape),
 * and give what the emulator's models answer. The node's own request builders must send what the
 * client sent for the same arguments, byte for byte in the body.
 */
import {
	buildQuestionAnsweringRequest,
	buildSummarizationRequest,
	buildTextClassificationRequest,
	buildTokenClassificationRequest,
	buildTranslationRequest,
	buildZeroShotRequest,
} from '../../nodes/shared/providers/hf-inference-text';
import type { ProviderRequest } from '../../nodes/shared/providers/requests';
import { PROVIDERS, taskHelper } from '../../nodes/shared/providers';
import {
	ALL_MODELS,
	expectedAnswer,
	expectedEntities,
	expectedSummary,
	expectedTextClassification,
	expectedTranslation,
	expectedZeroShot,
} from '../emulator';
import { useClientOnEmulator } from './router-fetch';
import { TEXT_TASKS, type TextTask } from './text-task-list';

const TOKEN = 'hf_conformance_text_tasks_0001';

const on = useClientOnEmulator(TOKEN);

/** The one inference call the client just made, checked against what the node's builder sends. */
function expectSameRequest(built: ProviderRequest): void {
	const calls = on.emulator.requests.filter((request) => request.listener === 'router' && request.method === 'POST');
	expect(calls).toHaveLength(1);
	const [call] = calls;
	expect(call.status).toBe(200);
	expect(call.path).toBe(built.url);
	expect(call.body).toEqual(built.body);
	expect(call.servedBy).toBe('hf-inference');
}

const ids = (model: string) => ({ hubModelId: model, providerModelId: model });
const provider = 'hf-inference' as const;

const REVIEW = 'I love the new app, great work. But the login is broken.';
const MESSAGE = 'Hello, my invoice is wrong and I was billed twice for the order.';
const LABELS = ['billing', 'shipping', 'technical problem'];
const PEOPLE = 'Maria  Lopez from Acme Corp called about the parcel sent to Lisbon.';
const ARTICLE = 'The storm closed every road in the valley. Crews worked all night. Power came back by noon.';
const QUESTION = 'Where does Maria live?';
const CONTEXT = 'Maria lives in Lisbon. She works at Acme Corp in Porto.';

/** One client call (or a few) per task, each checked against the client's type and the emulator's model. */
const CALLS: Record<TextTask, (model: string) => Promise<void>> = {
	'text-classification': async (model) => {
		const ranking = await on.client.textClassification({ provider, model, inputs: REVIEW });
		expect(ranking).toEqual(expectedTextClassification(model, REVIEW));
		expectSameRequest(buildTextClassificationRequest(ids(model), [REVIEW], {}));
		on.emulator.reset();
		const two = await on.client.textClassification({ provider, model, inputs: REVIEW, parameters: { top_k: 2 } });
		expect(two).toEqual(expectedTextClassification(model, REVIEW, 2));
		expectSameRequest(buildTextClassificationRequest(ids(model), [REVIEW], { topK: 2 }));
	},
	'zero-shot-classification': async (model) => {
		const parameters = { candidate_labels: LABELS, multi_label: true, hypothesis_template: 'This message is about {}.' };
		const scores = await on.client.zeroShotClassification({ provider, model, inputs: MESSAGE, parameters });
		expect(scores).toEqual(expectedZeroShot(MESSAGE, LABELS, true));
		expect(scores[0].label).toBe('billing');
		expectSameRequest(buildZeroShotRequest(ids(model), MESSAGE, { candidateLabels: LABELS, multiLabel: true, hypothesisTemplate: 'This message is about {}.' }));
		// The older `{sequence, labels, scores}` answer reads the same through the client.
		on.emulator.reset();
		on.emulator.answerLegacyShapes(true);
		expect(await on.client.zeroShotClassification({ provider, model, inputs: MESSAGE, parameters: { candidate_labels: LABELS } })).toEqual(expectedZeroShot(MESSAGE, LABELS));
		expectSameRequest(buildZeroShotRequest(ids(model), MESSAGE, { candidateLabels: LABELS }));
	},
	'token-classification': async (model) => {
		const entities = await on.client.tokenClassification({ provider, model, inputs: PEOPLE });
		expect(entities).toEqual(expectedEntities(PEOPLE));
		expect(entities.map((entity) => [entity.entity_group, entity.word])).toEqual([
			['PER', 'Maria Lopez'],
			['ORG', 'Acme Corp'],
			['LOC', 'Lisbon'],
		]);
		expectSameRequest(buildTokenClassificationRequest(ids(model), [PEOPLE], undefined));
		on.emulator.reset();
		expect(await on.client.tokenClassification({ provider, model, inputs: PEOPLE, parameters: { aggregation_strategy: 'first' } })).toEqual(expectedEntities(PEOPLE));
		expectSameRequest(buildTokenClassificationRequest(ids(model), [PEOPLE], 'first'));
	},
	translation: async (model) => {
		const output = await on.client.translation({ provider, model, inputs: MESSAGE });
		expect(output).toEqual({ translation_text: expectedTranslation(model, MESSAGE) });
		expectSameRequest(buildTranslationRequest(ids(model), MESSAGE, {}));
		on.emulator.reset();
		const parameters = { src_lang: 'en', tgt_lang: 'fr' };
		expect(await on.client.translation({ provider, model, inputs: MESSAGE, parameters })).toEqual({ translation_text: expectedTranslation(model, MESSAGE, parameters) });
		expectSameRequest(buildTranslationRequest(ids(model), MESSAGE, { sourceLanguage: 'en', targetLanguage: 'fr' }));
	},
	summarization: async (model) => {
		expect(await on.client.summarization({ provider, model, inputs: ARTICLE })).toEqual({ summary_text: expectedSummary(ARTICLE) });
		expect(expectedSummary(ARTICLE)).toBe('The storm closed every road in the valley.');
		expectSameRequest(buildSummarizationRequest(ids(model), ARTICLE));
	},
	'question-answering': async (model) => {
		const found = await on.client.questionAnswering({ provider, model, inputs: { question: QUESTION, context: CONTEXT } });
		expect(found).toEqual(expectedAnswer(QUESTION, CONTEXT));
		expect(found.answer).toBe('Lisbon');
		expect(CONTEXT.slice(found.start, found.end)).toBe('Lisbon');
		expectSameRequest(buildQuestionAnsweringRequest(ids(model), QUESTION, CONTEXT));
		// A one-element list (the spec's output type) reads the same through the client.
		on.emulator.reset();
		on.emulator.answerLegacyShapes(true);
		expect(await on.client.questionAnswering({ provider, model, inputs: { question: QUESTION, context: CONTEXT } })).toEqual(found);
	},
};

/** Every (provider, task, model) the node serves among the text tasks, from its provider table and the emulated Hub. */
function cases(): Array<[string, TextTask, string]> {
	const rows: Array<[string, TextTask, string]> = [];
	for (const id of Object.keys(PROVIDERS)) {
		for (const task of TEXT_TASKS) {
			if (!taskHelper(id, task)) continue;
			const models = ALL_MODELS.filter((model) => model.providers.some((offer) => offer.provider === id && offer.status === 'live' && offer.task === task));
			for (const model of models) rows.push([id, task, model.id]);
			if (!models.length) rows.push([id, task, '']);
		}
	}
	return rows;
}

describe('@huggingface/inference text tasks against the emulator', () => {
	test('every text task has a client call here, and hf-inference serves each one', () => {
		expect(Object.keys(CALLS).sort()).toEqual([...TEXT_TASKS].sort());
		expect(cases().filter(([id]) => id === 'hf-inference').map(([, task]) => task)).toEqual(expect.arrayContaining([...TEXT_TASKS]));
	});

	test.each(cases())('%s / %s / %s', async (id, task, model) => {
		expect(id).toBe('hf-inference');
		expect(model).not.toBe(''); // the emulated Hub must map a model for every text task the node serves
		await CALLS[task](model);
	});

	test('a text-classification answer in the pipeline\'s flat shape is what the client cannot read (the node reads both)', async () => {
		on.emulator.answerLegacyShapes(true);
		const model = 'distilbert/distilbert-base-uncased-finetuned-sst-2-english';
		await expect(on.client.textClassification({ provider, model, inputs: REVIEW })).rejects.toThrow(/malformed response/);
	});
});
