/**
 * The emulated Hub's models for the text tasks hf-inference serves on its CPU fleet (text and
 * zero-shot classification, token classification, translation, summarization, question
 * answering): real Hub ids, mapped to hf-inference under their task, as the Hub maps them
 * (https://huggingface.co/api/partners/hf-inference/models). What each answers: text-task-answers.ts.
 */
import type { CatalogueModel, Task } from './catalogue-types';
import { hubModel } from './catalogue-models';

/** USD per text, per call (hf-inference bills CPU time; one short text is a fraction of a cent). */
export const TEXT_TASK_PRICE_PER_TEXT = 0.0001;

function textModel(id: string, _id: string, task: Task, extra: Partial<CatalogueModel> = {}): CatalogueModel {
	return hubModel(id, _id, task, task, 'array', [{ provider: 'hf-inference', providerId: id, status: 'live', task }], {
		tags: ['transformers', 'pytorch', task],
		...extra,
	});
}

export const TEXT_TASK_MODELS: CatalogueModel[] = [
	textModel('distilbert/distilbert-base-uncased-finetuned-sst-2-english', '621ffdc036468d709f174364', 'text-classification', { likes: 800, downloads: 5_000_000 }),
	textModel('cardiffnlp/twitter-roberta-base-sentiment-latest', '628b6a1d1d3b0e9a0c4f2a10', 'text-classification', { likes: 700, downloads: 2_000_000 }),
	textModel('papluca/xlm-roberta-base-language-detection', '61e7a1b2c3d4e5f6a7b8c911', 'text-classification', { likes: 300, downloads: 1_000_000 }),
	textModel('facebook/bart-large-mnli', '621ffdc036468d709f17434a', 'zero-shot-classification', { likes: 1400, downloads: 3_000_000 }),
	textModel('dslim/bert-base-NER', '621ffdc136468d709f17bd52', 'token-classification', { likes: 600, downloads: 2_500_000 }),
	textModel('Helsinki-NLP/opus-mt-en-fr', '621ffdc136468d709f17a1a2', 'translation', { likes: 90, downloads: 600_000 }),
	textModel('Helsinki-NLP/opus-mt-mul-en', '621ffdc136468d709f17a2b3', 'translation', { likes: 80, downloads: 200_000 }),
	textModel('google-t5/t5-small', '621ffdc136468d709f17c5d6', 'translation', { likes: 450, downloads: 3_000_000 }),
	textModel('facebook/bart-large-cnn', '621ffdc036468d709f17433a', 'summarization', { likes: 1300, downloads: 2_000_000 }),
	textModel('deepset/roberta-base-squad2', '621ffdc136468d709f17e8f9', 'question-answering', { likes: 900, downloads: 1_000_000 }),
];
