import { RouterCallError, extractErrorMessage } from '../transport/errors';
import { asRecord, modelPath, sendJson, type ModelIds, type ProviderRequest } from './requests';
import type {
	AggregationStrategy,
	ExtractedAnswer,
	ScoredLabel,
	TaggedEntity,
	TextClassificationParameters,
	TranslationParameters,
	ZeroShotParameters,
} from './text-types';
import type { ProviderModule } from './types';

/**
 * hf-inference's text tasks, as huggingface.js `providers/hf-inference.ts` sends them (its
 * HFInferenceTask: `POST {router}/hf-inference/models/{providerId}` with the arguments as they
 * are, `{"inputs", "parameters"}`) and reads them (the task classes' getResponse), with the
 * parameter names of the task specs (huggingface.js packages/tasks/src/tasks/<task>/spec/input.json,
 * hub-docs docs/inference-providers/tasks/<task>.md).
 *
 * Two tasks take several texts in one call: the pipelines behind hf-inference (huggingface-
 * inference-toolkit's handler passes `inputs` to the transformers pipeline as it is) take a list
 * of strings for text and token classification and answer one list per text. The other four send
 * one item per call, as the clients do.
 */

const ID = 'hf-inference';

/**
 * The ranking length hf-inference gives a single text (the toolkit's DEFAULT_TOP_K). A list of
 * texts always says top_k: without it the pipeline gives each text its top class only, and older
 * toolkits then wrap those into what reads as one ranking, losing which class is whose.
 */
export const LIST_TOP_K = 5;

function route(ids: ModelIds): string {
	return `/hf-inference/models/${modelPath(ids.providerModelId)}`;
}

/** The one text as a string (as the clients send it), several as a list. */
function inputsOf(texts: string[]): string | string[] {
	return texts.length === 1 ? texts[0] : texts;
}

/** A 200 whose body is not the task's answer: final, with the provider's words when it gave some. */
function malformed(what: string, answer: unknown): RouterCallError {
	const said = extractErrorMessage(answer, '');
	return new RouterCallError({
		kind: 'final',
		httpCode: null,
		message: said ? `${ID} answered with an error instead of ${what}: ${said}` : `${ID} answered without ${what}`,
	});
}

export function buildTextClassificationRequest(ids: ModelIds, texts: string[], parameters: TextClassificationParameters): ProviderRequest {
	const topK = parameters.topK ?? (texts.length > 1 ? LIST_TOP_K : undefined);
	return { method: 'POST', url: route(ids), body: { inputs: inputsOf(texts), ...(topK === undefined ? {} : { parameters: { top_k: topK } }) } };
}

export function buildZeroShotRequest(ids: ModelIds, text: string, parameters: ZeroShotParameters): ProviderRequest {
	const hub: Record<string, unknown> = { candidate_labels: parameters.candidateLabels };
	if (parameters.multiLabel !== undefined) hub.multi_label = parameters.multiLabel;
	if (parameters.hypothesisTemplate !== undefined) hub.hypothesis_template = parameters.hypothesisTemplate;
	return { method: 'POST', url: route(ids), body: { inputs: text, parameters: hub } };
}

export function buildTokenClassificationRequest(ids: ModelIds, texts: string[], aggregationStrategy: AggregationStrategy | undefined): ProviderRequest {
	const parameters = aggregationStrategy === undefined ? {} : { parameters: { aggregation_strategy: aggregationStrategy } };
	return { method: 'POST', url: route(ids), body: { inputs: inputsOf(texts), ...parameters } };
}

export function buildTranslationRequest(ids: ModelIds, text: string, parameters: TranslationParameters): ProviderRequest {
	const hub: Record<string, string> = {};
	if (parameters.sourceLanguage) hub.src_lang = parameters.sourceLanguage;
	if (parameters.targetLanguage) hub.tgt_lang = parameters.targetLanguage;
	return { method: 'POST', url: route(ids), body: { inputs: text, ...(Object.keys(hub).length ? { parameters: hub } : {}) } };
}

export function buildSummarizationRequest(ids: ModelIds, text: string): ProviderRequest {
	return { method: 'POST', url: route(ids), body: { inputs: text } };
}

export function buildQuestionAnsweringRequest(ids: ModelIds, question: string, context: string): ProviderRequest {
	return { method: 'POST', url: route(ids), body: { inputs: { question, context } } };
}

const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

function scored(value: unknown): ScoredLabel | undefined {
	const record = asRecord(value);
	return typeof record.label === 'string' && isNumber(record.score) ? { label: record.label, score: record.score } : undefined;
}

/** A list of `{label, score}` (or one such object, a text's top class alone). */
function ranking(entry: unknown): ScoredLabel[] | undefined {
	const list = Array.isArray(entry) ? entry : [entry];
	const labels = list.map(scored);
	return labels.length && labels.every((label) => label !== undefined) ? (labels as ScoredLabel[]) : undefined;
}

/** Exactly one entry per text, else a final error: a short answer would put results on the wrong items. */
function perText<T>(answer: unknown, count: number, read: (entry: unknown) => T | undefined, what: string): T[] {
	if (!Array.isArray(answer)) throw malformed(what, answer);
	if (answer.length !== count) {
		throw new RouterCallError({ kind: 'final', httpCode: null, message: `${ID} answered ${answer.length} results for ${count} texts` });
	}
	const results = answer.map(read);
	if (results.some((entry) => entry === undefined)) throw malformed(what, answer);
	return results as T[];
}

/**
 * `[[{label, score}, ...]]` (what huggingface.js HFInferenceTextClassificationTask reads: the first
 * entry of a list per text) or, for one text, the flat `[{label, score}, ...]` of a pipeline
 * called without the API's reshaping; for several texts one ranking (or one top class) each.
 */
export function readTextClassification(answer: unknown, count: number): ScoredLabel[][] {
	if (count === 1 && Array.isArray(answer)) {
		const only = ranking(answer.length === 1 && Array.isArray(answer[0]) ? answer[0] : answer);
		if (only) return [only];
	}
	return perText(answer, count, ranking, 'a class for every text');
}

/**
 * `[{label, score}, ...]`, or the pipeline's own `{sequence, labels, scores}` the Inference API
 * gave before (both read by huggingface.js HFInferenceZeroShotClassificationTask).
 */
export function readZeroShot(answer: unknown): ScoredLabel[] {
	const legacy = asRecord(Array.isArray(answer) && answer.length === 1 && !scored(answer[0]) ? answer[0] : answer);
	const { labels, scores } = legacy;
	if (Array.isArray(labels) && Array.isArray(scores) && labels.length && labels.length === scores.length) {
		const pairs = labels.map((label, index) => scored({ label, score: scores[index] }));
		if (pairs.every((pair) => pair !== undefined)) return pairs as ScoredLabel[];
	}
	const list = Array.isArray(answer) ? ranking(answer) : undefined;
	if (!list) throw malformed('a score for every label', answer);
	return list;
}

const offset = (value: unknown): number | undefined => (isNumber(value) && value >= 0 ? value : undefined);

/** `{entity_group | entity, score, word, start, end}`; offsets may be null (slow tokenizers). */
function entity(value: unknown): TaggedEntity | undefined {
	const record = asRecord(value);
	const group = typeof record.entity_group === 'string' ? record.entity_group : record.entity;
	if (typeof group !== 'string' || !isNumber(record.score) || typeof record.word !== 'string') return undefined;
	const start = offset(record.start);
	const end = offset(record.end);
	return { group, score: record.score, word: record.word, ...(start !== undefined && end !== undefined ? { start, end } : {}) };
}

function entities(entry: unknown): TaggedEntity[] | undefined {
	if (!Array.isArray(entry)) return undefined;
	const list = entry.map(entity);
	return list.every((item) => item !== undefined) ? (list as TaggedEntity[]) : undefined;
}

/**
 * One text: the flat list of entities (huggingface.js HFInferenceTokenClassificationTask), or a
 * list holding that list; several texts: one list per text. Entities grouped (`entity_group`, the
 * API's default aggregation_strategy simple) or not (`entity`, with `none`).
 */
export function readTokenClassification(answer: unknown, count: number): TaggedEntity[][] {
	if (count === 1 && Array.isArray(answer)) {
		const only = entities(answer.length === 1 && Array.isArray(answer[0]) ? answer[0] : answer);
		if (only) return [only];
	}
	return perText(answer, count, entities, 'the entities of every text');
}

/** `[{<field>: string}]` (one-element list, as the pipelines answer one text) or the object alone. */
function generatedText(answer: unknown, field: string, what: string): string {
	const first = Array.isArray(answer) ? answer[0] : answer;
	const text = asRecord(first)[field];
	if (typeof text !== 'string') throw malformed(what, answer);
	return text;
}

/** huggingface.js HFInferenceTranslationTask: `[{translation_text}]`. */
export const readTranslation = (answer: unknown): string => generatedText(answer, 'translation_text', 'a translation');

/** huggingface.js HFInferenceSummarizationTask: `[{summary_text}]`. */
export const readSummary = (answer: unknown): string => generatedText(answer, 'summary_text', 'a summary');

/** huggingface.js HFInferenceQuestionAnsweringTask: `{answer, score, start, end}`, or a list of them (the best first). */
export function readAnswer(answer: unknown): ExtractedAnswer {
	const record = asRecord(Array.isArray(answer) ? answer[0] : answer);
	const { score, start, end } = record;
	if (typeof record.answer !== 'string' || !isNumber(score) || !isNumber(start) || !isNumber(end)) throw malformed('an answer', answer);
	return { answer: record.answer, score, start, end };
}

export const hfInferenceTextTasks: Pick<
	ProviderModule,
	'textClassification' | 'zeroShotClassification' | 'tokenClassification' | 'translation' | 'summarization' | 'questionAnswering'
> = {
	textClassification: {
		async classify(call, texts, parameters) {
			return readTextClassification(await sendJson(call, buildTextClassificationRequest(call, texts, parameters)), texts.length);
		},
	},
	zeroShotClassification: {
		async classify(call, text, parameters) {
			return readZeroShot(await sendJson(call, buildZeroShotRequest(call, text, parameters)));
		},
	},
	tokenClassification: {
		async tag(call, texts, parameters) {
			return readTokenClassification(await sendJson(call, buildTokenClassificationRequest(call, texts, parameters.aggregationStrategy)), texts.length);
		},
	},
	translation: {
		async translate(call, text, parameters) {
			return readTranslation(await sendJson(call, buildTranslationRequest(call, text, parameters)));
		},
	},
	summarization: {
		async summarize(call, text) {
			return readSummary(await sendJson(call, buildSummarizationRequest(call, text)));
		},
	},
	questionAnswering: {
		async answer(call, question, context) {
			return readAnswer(await sendJson(call, buildQuestionAnsweringRequest(call, question, context)));
		},
	},
};
