import type { INodeProperties } from 'n8n-workflow';

/**
 * Parameters and options of the text tasks (classification, zero-shot classification, entities,
 * translation, summarization, question answering). Names are part of the public contract
 * (/work/shared/CONTRACT.md): add, never rename.
 */

const text = (description: string, placeholder: string, rows = 3): INodeProperties => ({
	displayName: 'Text',
	name: 'text',
	type: 'string',
	typeOptions: { rows },
	default: '',
	required: true,
	placeholder: `e.g. ${placeholder}`,
	description,
});

export const classifyTextProperty = text('The text to classify: one text per item', 'I love the new design, but the app crashes when I log in.');

export const entityTextProperty = text(
	'The text to find names, organizations and places in: one text per item',
	'Maria Lopez from Acme Corp called about the order shipped to Lisbon.',
);

export const translateTextProperty = text('The text to translate: one text per item', 'Bonjour, ma facture est fausse.');

export const summarizeTextProperty = text('The text to summarize: one text per item', 'A long article or support thread...', 6);

export const candidateLabelsProperty: INodeProperties = {
	displayName: 'Candidate Labels',
	name: 'candidateLabels',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. billing, technical problem, shipping, account',
	description: 'The classes to choose from, comma-separated. An expression may give an array.',
};

export const questionProperty: INodeProperties = {
	displayName: 'Question',
	name: 'question',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. Where does Maria live?',
	description: 'The question to answer from the context: one per item',
};

export const contextProperty: INodeProperties = {
	displayName: 'Context',
	name: 'context',
	type: 'string',
	typeOptions: { rows: 4 },
	default: '',
	required: true,
	placeholder: 'e.g. Maria lives in Lisbon and works at Acme.',
	description: 'The text that holds the answer: the answer is a span of it',
};

export const topKOption: INodeProperties = {
	displayName: 'Top K',
	name: 'topK',
	type: 'number',
	typeOptions: { minValue: 1 },
	default: 5,
	description: 'How many classes to return in Labels, highest score first. Without this option the API returns its own number (5).',
};

export const multiLabelOption: INodeProperties = {
	displayName: 'Multi-Label',
	name: 'multiLabel',
	type: 'boolean',
	default: false,
	description: 'Whether several labels may apply at once: each label is scored on its own, from 0 to 1, instead of the scores summing to 1',
};

export const hypothesisTemplateOption: INodeProperties = {
	displayName: 'Hypothesis Template',
	name: 'hypothesisTemplate',
	type: 'string',
	default: 'This example is {}.',
	description: 'The sentence each label is tested with, {} standing for the label. Write it in the language of the texts.',
};

export const aggregationStrategyOption: INodeProperties = {
	displayName: 'Aggregation Strategy',
	name: 'aggregationStrategy',
	type: 'options',
	options: [
		{ name: 'Average', value: 'average', description: 'Whole words, each taking the type its tokens score highest on average' },
		{ name: 'First', value: 'first', description: 'Whole words, each taking the type of its first token' },
		{ name: 'Max', value: 'max', description: 'Whole words, each taking the type of its best-scored token' },
		{ name: 'None', value: 'none', description: 'Every token on its own, typed B-/I- as the model tags it' },
		{ name: 'Simple', value: 'simple', description: 'Adjacent tokens of one entity make one entity (the usual choice)' },
	],
	default: 'simple',
	description: 'How the tokens the model tags are grouped into entities',
};

export const sourceLanguageOption: INodeProperties = {
	displayName: 'Source Language',
	name: 'sourceLanguage',
	type: 'string',
	default: '',
	placeholder: 'e.g. fr',
	description:
		'The language of the text, in the code the model uses (fr for M2M100, fr_XX for mBART, fra_Latn for NLLB). Models made for one language pair (such as Helsinki-NLP/opus-mt-fr-en) need none.',
};

export const targetLanguageOption: INodeProperties = {
	displayName: 'Target Language',
	name: 'targetLanguage',
	type: 'string',
	default: '',
	placeholder: 'e.g. en',
	description: 'The language to translate into, in the code the model uses (see Source Language)',
};
