/**
 * hf-inference's text tasks: POST /hf-inference/models/{hubId} with `{"inputs", "parameters"}`, as
 * huggingface.js `providers/hf-inference.ts` sends them (HFInferenceTask: the arguments as they
 * are) and as huggingface-inference-toolkit serves them (handler.py: `inputs` handed to the
 * transformers pipeline as it is, `parameters` as its keyword arguments, API_INFERENCE_COMPAT
 * reshaping; a pipeline's ValueError answered 400 `{"error"}`):
 * - text-classification: a string -> `[[{label, score} x top_k (5)]]` (the toolkit batches it and
 *   sets top_k); a list -> one ranking per text (`top_k` long, or the top class alone without it);
 * - zero-shot-classification: `parameters.candidate_labels` (+ multi_label, hypothesis_template
 *   with `{}`) -> `[{label, score}]` highest first;
 * - token-classification: a string -> `[{entity_group, score, word, start, end}]`, a list -> one
 *   such list per text; aggregation_strategy simple by default, `none` -> `{entity: B-/I-, index}`;
 * - translation / summarization: `[{translation_text}]` / `[{summary_text}]` (one per text);
 * - question-answering: `inputs: {question, context}` -> `{answer, score, start, end}`.
 * `answerLegacyShapes(true)` gives the shapes of the pipelines without the API's reshaping (and of
 * the older API), which huggingface.js still reads: text classification flat `[{label, score}]`,
 * zero-shot `{sequence, labels, scores}`, entities without offsets (slow tokenizers: null),
 * question answering as a one-element list.
 */
import type { CatalogueModel, Task } from './catalogue-types';
import { sendJson, type Exchange } from './exchange';
import { nonEmpty, obj, type Obj } from './fields';
import type { CallContext, EmulatorState } from './state';
import {
	TEXT_CLASSIFIERS,
	TRANSLATORS,
	classifyText,
	expectedAnswer,
	expectedEntities,
	expectedSummary,
	expectedTokens,
	expectedTranslation,
	expectedZeroShot,
} from './text-task-answers';
import { TEXT_TASK_PRICE_PER_TEXT } from './text-task-catalogue';

type Answer = { status: number; body: unknown; texts?: number };
type Handler = (model: CatalogueModel, inputs: unknown, params: Obj, legacy: boolean) => Answer;

const refuse = (error: string): Answer => ({ status: 400, body: { error } });

/** A string, or a non-empty list of strings (what the pipelines take as a batch). */
function textsOf(inputs: unknown): string[] | undefined {
	if (typeof inputs === 'string') return [inputs];
	if (Array.isArray(inputs) && inputs.length && inputs.every((input) => typeof input === 'string')) return inputs as string[];
	return undefined;
}

const NOT_TEXT = '`inputs` must be a string or a list of strings';

/** One answer per text: the value alone for a string input, the list for a list input. */
const perInput = <T>(inputs: unknown, answers: T[]): unknown => (typeof inputs === 'string' ? answers[0] : answers);

const classify: Handler = (model, inputs, params, legacy) => {
	const texts = textsOf(inputs);
	if (!texts) return refuse(NOT_TEXT);
	const topK = params.top_k;
	if (topK !== undefined && (typeof topK !== 'number' || !Number.isInteger(topK) || topK < 1)) return refuse('top_k must be a positive integer');
	const rankings = texts.map((text) => classifyText(TEXT_CLASSIFIERS[model.id] ? model.id : 'distilbert/distilbert-base-uncased-finetuned-sst-2-english', text));
	const cut = (ranking: unknown[], fallback: number) => ranking.slice(0, (topK as number | undefined) ?? fallback);
	if (typeof inputs === 'string') return { status: 200, body: legacy ? cut(rankings[0], 1) : [cut(rankings[0], 5)], texts: 1 };
	if (topK !== undefined) return { status: 200, body: rankings.map((ranking) => cut(ranking, 0)), texts: texts.length };
	// Without top_k each text gets its top class; older toolkits wrapped those as one list.
	const tops = rankings.map((ranking) => ranking[0]);
	return { status: 200, body: legacy ? [tops] : tops.map((top) => [top]), texts: texts.length };
};

const zeroShot: Handler = (_model, inputs, params, legacy) => {
	const texts = textsOf(inputs);
	if (!texts) return refuse(NOT_TEXT);
	const raw = params.candidate_labels;
	const labels = typeof raw === 'string' ? raw.split(',').map((label) => label.trim()).filter(Boolean) : raw;
	if (!Array.isArray(labels) || !labels.length || !labels.every((label) => typeof label === 'string')) {
		return refuse(
			'zero-shot-classification expects `inputs` to be either a string or a dict containing the key `text` or `sequences`, and `parameters` to be a dict containing either `candidate_labels` or `candidateLabels`.',
		);
	}
	const template = params.hypothesis_template;
	if (template !== undefined && (typeof template !== 'string' || !template.includes('{}'))) {
		return refuse(`The provided hypothesis_template "${String(template)}" was not able to be formatted with the target labels. Make sure the passed template includes formatting syntax such as {} where the label should go.`);
	}
	const multiLabel = params.multi_label === true;
	const answers = texts.map((text) => {
		const scored = expectedZeroShot(text, labels as string[], multiLabel);
		return legacy || typeof inputs !== 'string' ? { sequence: text, labels: scored.map((entry) => entry.label), scores: scored.map((entry) => entry.score) } : scored;
	});
	return { status: 200, body: perInput(inputs, answers), texts: texts.length };
};

const STRATEGIES = ['none', 'simple', 'first', 'average', 'max'];

const tag: Handler = (_model, inputs, params, legacy) => {
	const texts = textsOf(inputs);
	if (!texts) return refuse(NOT_TEXT);
	const strategy = params.aggregation_strategy ?? 'simple';
	if (typeof strategy !== 'string' || !STRATEGIES.includes(strategy.toLowerCase())) return refuse(`'${String(strategy)}' is not a valid AggregationStrategy`);
	const answers = texts.map((text) => {
		const found: object[] = strategy.toLowerCase() === 'none' ? expectedTokens(text) : expectedEntities(text);
		return legacy ? found.map((entity) => ({ ...entity, start: null, end: null })) : found;
	});
	return { status: 200, body: perInput(inputs, answers), texts: texts.length };
};

const translate: Handler = (model, inputs, params) => {
	const texts = textsOf(inputs);
	if (!texts) return refuse(NOT_TEXT);
	const languages = { src_lang: params.src_lang as string | undefined, tgt_lang: params.tgt_lang as string | undefined };
	const translator = TRANSLATORS[model.id] ? model.id : 'Helsinki-NLP/opus-mt-en-fr';
	// A text answers a one-element list; a list of texts one entry each.
	return { status: 200, body: texts.map((text) => ({ translation_text: expectedTranslation(translator, text, languages) })), texts: texts.length };
};

const summarize: Handler = (_model, inputs) => {
	const texts = textsOf(inputs);
	if (!texts) return refuse(NOT_TEXT);
	return { status: 200, body: texts.map((text) => ({ summary_text: expectedSummary(text) })), texts: texts.length };
};

const answerQuestion: Handler = (_model, inputs, _params, legacy) => {
	const pair = obj(inputs);
	if (!pair || !nonEmpty(pair.question) || !nonEmpty(pair.context)) {
		return refuse(
			'question-answering expects `inputs` to be a dict containing both `question` and `context` as the keys, both of them being either a `str` or a `List[str]`.',
		);
	}
	const found = expectedAnswer(pair.question, pair.context);
	return { status: 200, body: legacy ? [found] : found, texts: 1 };
};

/** Each task's pipeline and the parameters it takes (huggingface.js packages/tasks/src/tasks/<task>/spec/input.json). */
const TASKS: Partial<Record<Task, { handle: Handler; parameters: string[] }>> = {
	'text-classification': { handle: classify, parameters: ['top_k', 'function_to_apply'] },
	'zero-shot-classification': { handle: zeroShot, parameters: ['candidate_labels', 'multi_label', 'hypothesis_template'] },
	'token-classification': { handle: tag, parameters: ['aggregation_strategy', 'ignore_labels', 'stride'] },
	translation: { handle: translate, parameters: ['src_lang', 'tgt_lang', 'clean_up_tokenization_spaces', 'truncation', 'generate_parameters'] },
	summarization: { handle: summarize, parameters: ['clean_up_tokenization_spaces', 'truncation', 'generate_parameters'] },
	'question-answering': {
		handle: answerQuestion,
		parameters: ['top_k', 'doc_stride', 'max_answer_len', 'max_seq_len', 'max_question_len', 'handle_impossible_answer', 'align_to_words'],
	},
};

/** Serves the call when the model is a text-task model; false for any other model. */
export function handleHfInferenceTextTask(ex: Exchange, st: EmulatorState, ctx: CallContext, model: CatalogueModel): boolean {
	const task = TASKS[model.task];
	if (!task) return false;
	const body = obj(ex.json);
	const params = body?.parameters === undefined ? {} : obj(body.parameters);
	let answer: Answer;
	if (!body || body.inputs === undefined) answer = refuse('Body needs an `inputs` field');
	else if (!params) answer = refuse('`parameters` must be an object');
	else {
		// The pipeline refuses a keyword it does not know (transformers `_sanitize_parameters`).
		const unknown = Object.keys(params).find((key) => !task.parameters.includes(key));
		answer = unknown ? refuse(`_sanitize_parameters() got an unexpected keyword argument '${unknown}'`) : task.handle(model, body.inputs, params, st.legacyTextShapes);
	}
	if (answer.status === 200) {
		ex.record.servedBy = 'hf-inference';
		st.charge(ctx, ex.record, TEXT_TASK_PRICE_PER_TEXT * (answer.texts ?? 1));
	}
	sendJson(ex, answer.status, answer.body, { 'x-compute-type': 'cpu', 'x-compute-time': '0.021' });
	return true;
}
