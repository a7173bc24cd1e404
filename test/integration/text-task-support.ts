import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { Emulator, RecordedRequest } from '../emulator';
import { inferenceCalls } from './support';

/** The emulated Hub's text-task models (test/emulator/text-task-catalogue.ts). */
export const SST2 = 'distilbert/distilbert-base-uncased-finetuned-sst-2-english';
export const SENTIMENT3 = 'cardiffnlp/twitter-roberta-base-sentiment-latest';
export const LANGUAGE_ID = 'papluca/xlm-roberta-base-language-detection';
export const MNLI = 'facebook/bart-large-mnli';
export const NER = 'dslim/bert-base-NER';
export const EN_FR = 'Helsinki-NLP/opus-mt-en-fr';
export const MUL_EN = 'Helsinki-NLP/opus-mt-mul-en';
export const T5 = 'google-t5/t5-small';
export const CNN = 'facebook/bart-large-cnn';
export const SQUAD = 'deepset/roberta-base-squad2';

export type TextOperation = 'textClassification' | 'zeroShotClassification' | 'tokenClassification' | 'translation' | 'summarization' | 'questionAnswering';

/** The node's parameters for a text operation: model by id, the item's fields by expression. */
export function textParameters(operation: TextOperation, model: string, options: IDataObject = {}, provider = 'hf-inference', fields: IDataObject = {}): INodeParameters {
	const mapped: Record<TextOperation, IDataObject> = {
		textClassification: { text: '={{ $json.text }}' },
		zeroShotClassification: { text: '={{ $json.text }}', candidateLabels: '={{ $json.labels }}' },
		tokenClassification: { text: '={{ $json.text }}' },
		translation: { text: '={{ $json.text }}' },
		summarization: { text: '={{ $json.text }}' },
		questionAnswering: { question: '={{ $json.question }}', context: '={{ $json.context }}' },
	};
	return {
		operation,
		model: { __rl: true, mode: 'id', value: model },
		provider,
		...mapped[operation],
		...fields,
		options: { concurrency: 1, ...options } as INodeParameters,
	} as INodeParameters;
}

/** The POSTs the router got for the text tasks (in arrival order). */
export function textCalls(emulator: Emulator): RecordedRequest[] {
	return inferenceCalls(emulator).filter((call) => call.method === 'POST');
}

/** The json fields every Success item of a text operation has. */
export function servedJson(model: string): IDataObject {
	return { model, provider: 'hf-inference', providerModelId: model, latencyMs: expect.any(Number) };
}

/** The two to four input items each operation gets in the cross-cutting tests, and the field a bad one leaves empty. */
export const ITEMS: Record<TextOperation, { model: string; items: IDataObject[]; empty: IDataObject; field: string }> = {
	textClassification: {
		model: SST2,
		items: [{ text: 'I love it, great job' }, { text: 'The app is broken' }, { text: 'Thanks, works now' }, { text: 'Terrible, never again' }],
		empty: { text: '  ' },
		field: 'Text',
	},
	zeroShotClassification: {
		model: MNLI,
		items: [
			{ text: 'My invoice is wrong', labels: 'billing, shipping' },
			{ text: 'The parcel never arrived', labels: ['billing', 'parcel delivery'] },
			{ text: 'I was billed twice', labels: 'billing, account' },
			{ text: 'Cannot log in to my account', labels: 'billing, account' },
		],
		empty: { text: 'My invoice is wrong', labels: ' , ' },
		field: 'Candidate Labels',
	},
	tokenClassification: {
		model: NER,
		items: [{ text: 'Maria works at Acme Corp' }, { text: 'Send it to Lisbon' }, { text: 'Ask Peter Smith' }, { text: 'Nothing here' }],
		empty: { text: '' },
		field: 'Text',
	},
	translation: {
		model: EN_FR,
		items: [{ text: 'Hello, my invoice is wrong' }, { text: 'Thanks for the help' }, { text: 'My order' }, { text: 'Hello world' }],
		empty: { text: null },
		field: 'Text',
	},
	summarization: {
		model: CNN,
		items: [{ text: 'First point. Second point.' }, { text: 'One line only' }, { text: 'Alpha! Beta.' }, { text: 'Why? Because.' }],
		empty: { text: ' ' },
		field: 'Text',
	},
	questionAnswering: {
		model: SQUAD,
		items: [
			{ question: 'Where does Maria live?', context: 'Maria lives in Lisbon.' },
			{ question: 'Who called?', context: 'Peter called yesterday.' },
			{ question: 'What broke?', context: 'The printer broke.' },
			{ question: 'When?', context: 'On Monday.' },
		],
		empty: { question: 'Where?', context: '' },
		field: 'Context',
	},
};
