/**
 * The six text operations in a real n8n 2.41.1 with the packed package installed, against the
 * router emulator, in ONE workflow run: a Code node makes two items (each with a text, its labels,
 * a question and a context), and one Hugging Face Inference node per operation hangs off it in
 * parallel. Per node: two Success items, each paired with its own input item and carrying what the
 * emulated model derives from that item; and the emulator's log shows the route got each item's
 * own input (text and token classification in one call, a list of both texts).
 */
import {
	expectedAnswer,
	expectedEntities,
	expectedSummary,
	expectedTextClassification,
	expectedTranslation,
	expectedZeroShot,
} from '../emulator';
import { expectEveryNodeRan, expectServedBy, modelById, parallelRun, returnItems, routerPosts, successItems } from './parallel-nodes';

const TOKEN = 'hf_e2e_text_tasks_token_01';

/** The two input items. */
const ITEMS = [
	{
		text: 'I love the app, great work, but my invoice is wrong and I was billed twice. Maria  Lopez from Acme Corp called.',
		labels: 'billing, shipping, account',
		question: 'Where does Maria live?',
		context: 'Maria lives in Lisbon. She works at Acme Corp.',
	},
	{
		text: 'The parcel never arrived in Porto. Peter is angry and wants a refund.',
		labels: ['billing', 'parcel delivery'],
		question: 'Who fixed the printer?',
		context: 'The printer broke on Monday. Peter Smith fixed the printer on Tuesday.',
	},
];

const labelsOf = (index: number) => (Array.isArray(ITEMS[index].labels) ? (ITEMS[index].labels as string[]) : (ITEMS[index].labels as string).split(',').map((label) => label.trim()));

interface Case {
	operation: string;
	model: string;
	fields: Record<string, unknown>;
	/** Each item's json beyond model, provider, providerModelId and latencyMs. */
	expected: (index: number) => Record<string, unknown>;
	/** The bodies the route got, in order. */
	bodies: unknown[];
}

const SST2 = 'distilbert/distilbert-base-uncased-finetuned-sst-2-english';
const MNLI = 'facebook/bart-large-mnli';
const NER = 'dslim/bert-base-NER';
const T5 = 'google-t5/t5-small';
const CNN = 'facebook/bart-large-cnn';
const SQUAD = 'deepset/roberta-base-squad2';
const texts = ITEMS.map((item) => item.text);

const CASES: Case[] = [
	{
		operation: 'textClassification',
		model: SST2,
		fields: { text: '={{ $json.text }}' },
		expected: (index) => {
			const labels = expectedTextClassification(SST2, texts[index]);
			return { label: labels[0].label, score: labels[0].score, labels };
		},
		bodies: [{ inputs: texts, parameters: { top_k: 5 } }],
	},
	{
		operation: 'zeroShotClassification',
		model: MNLI,
		fields: { text: '={{ $json.text }}', candidateLabels: '={{ $json.labels }}', options: { multiLabel: true } },
		expected: (index) => {
			const labels = expectedZeroShot(texts[index], labelsOf(index), true);
			return { label: labels[0].label, score: labels[0].score, labels };
		},
		bodies: [0, 1].map((index) => ({ inputs: texts[index], parameters: { candidate_labels: labelsOf(index), multi_label: true } })),
	},
	{
		operation: 'tokenClassification',
		model: NER,
		fields: { text: '={{ $json.text }}' },
		expected: (index) => ({
			entities: expectedEntities(texts[index]).map((entity) => ({ type: entity.entity_group, text: texts[index].slice(entity.start, entity.end), score: entity.score, start: entity.start, end: entity.end })),
		}),
		bodies: [{ inputs: texts }],
	},
	{
		operation: 'translation',
		model: T5,
		fields: { text: '={{ $json.text }}', options: { sourceLanguage: 'en', targetLanguage: 'fr' } },
		expected: (index) => ({ translation: expectedTranslation(T5, texts[index], { src_lang: 'en', tgt_lang: 'fr' }) }),
		bodies: texts.map((text) => ({ inputs: text, parameters: { src_lang: 'en', tgt_lang: 'fr' } })),
	},
	{
		operation: 'summarization',
		model: CNN,
		fields: { text: '={{ $json.text }}' },
		expected: (index) => ({ summary: expectedSummary(texts[index]) }),
		bodies: texts.map((text) => ({ inputs: text })),
	},
	{
		operation: 'questionAnswering',
		model: SQUAD,
		fields: { question: '={{ $json.question }}', context: '={{ $json.context }}' },
		expected: (index) => expectedAnswer(ITEMS[index].question, ITEMS[index].context),
		bodies: ITEMS.map(({ question, context }) => ({ inputs: { question, context } })),
	},
];

describe('the six text operations, in a real n8n (one run)', () => {
	const suite = parallelRun({
		accounts: [{ name: 'HF emulator', token: TOKEN, credits: 10 }],
		inputs: { name: 'Two messages', jsCode: returnItems(ITEMS.map((json) => ({ json }))) },
		nodes: CASES.map((c) => ({
			name: c.operation,
			parameters: { operation: c.operation, model: modelById(c.model), provider: 'hf-inference', options: {}, ...c.fields },
		})),
	});

	it('the run succeeds and every operation ran', () => expectEveryNodeRan(suite));

	test.each(CASES.map((c) => [c.operation, c] as const))('%s: each Success item is its own item\'s answer, and the route got each item\'s input', (_name, c) => {
		successItems(suite.run, c.operation, 2).forEach((item, index) => {
			expect(item.json).toEqual({ ...c.expected(index), model: c.model, provider: 'hf-inference', providerModelId: c.model, latencyMs: expect.any(Number) });
		});
		const calls = routerPosts(suite.emulator, (call) => call.path === `/hf-inference/models/${c.model}`);
		// Parallel branches may interleave; each node sends its own calls in item order.
		expect(calls.map((call) => call.body)).toEqual(c.bodies);
		calls.forEach((call) => {
			expect(call.status).toBe(200);
			expectServedBy(call, 'hf-inference', TOKEN);
		});
	});

	it('the answers are the ones a reader expects from these messages', () => {
		const { run } = suite;
		expect(run.outputs('textClassification')[0].map((item) => item.json.label)).toEqual(['POSITIVE', 'NEGATIVE']);
		expect(run.outputs('zeroShotClassification')[0].map((item) => item.json.label)).toEqual(['billing', 'parcel delivery']);
		expect((run.outputs('tokenClassification')[0][0].json.entities as Array<{ type: string; text: string }>).map((entity) => `${entity.type}:${entity.text}`)).toEqual([
			'PER:Maria  Lopez',
			'ORG:Acme Corp',
		]);
		expect(run.outputs('questionAnswering')[0].map((item) => item.json.answer)).toEqual(['Lisbon', 'Peter Smith']);
	});
});
