import type { ProviderCall } from './types';

/**
 * The text tasks a provider module may serve (text classification, zero-shot classification,
 * token classification, translation, summarization, question answering): what each one takes and
 * gives, whatever shape the provider answered in. The operations turn these into the node's json.
 */

/** One class and its score, as the task specs name them (`{label, score}`). */
export interface ScoredLabel {
	label: string;
	score: number;
}

export interface TextClassificationParameters {
	/** `top_k`: how many classes to give, highest first. */
	topK?: number;
}

export interface TextClassificationTask {
	/** Several texts may share one request; one ranking per text, in order. */
	classify(call: ProviderCall, texts: string[], parameters: TextClassificationParameters): Promise<ScoredLabel[][]>;
}

export interface ZeroShotParameters {
	candidateLabels: string[];
	/** `multi_label`: each label scored on its own rather than the scores summing to one. */
	multiLabel?: boolean;
	/** `hypothesis_template`, with `{}` where the label goes. */
	hypothesisTemplate?: string;
}

export interface ZeroShotClassificationTask {
	classify(call: ProviderCall, text: string, parameters: ZeroShotParameters): Promise<ScoredLabel[]>;
}

export type AggregationStrategy = 'none' | 'simple' | 'first' | 'average' | 'max';

/** One entity as a token-classification model gives it; offsets are into the text sent, when given. */
export interface TaggedEntity {
	/** `entity_group`, or `entity` (`B-PER`, `I-ORG`...) when the tokens are not grouped. */
	group: string;
	score: number;
	word: string;
	start?: number;
	end?: number;
}

export interface TokenClassificationTask {
	/** Several texts may share one request; one list of entities per text, in order. */
	tag(call: ProviderCall, texts: string[], parameters: { aggregationStrategy?: AggregationStrategy }): Promise<TaggedEntity[][]>;
}

export interface TranslationParameters {
	/** `src_lang` and `tgt_lang`, for the models that translate between many languages. */
	sourceLanguage?: string;
	targetLanguage?: string;
}

export interface TranslationTask {
	translate(call: ProviderCall, text: string, parameters: TranslationParameters): Promise<string>;
}

export interface SummarizationTask {
	summarize(call: ProviderCall, text: string): Promise<string>;
}

export interface ExtractedAnswer {
	answer: string;
	score: number;
	/** Character offsets of the answer in the context. */
	start: number;
	end: number;
}

export interface QuestionAnsweringTask {
	answer(call: ProviderCall, question: string, context: string): Promise<ExtractedAnswer>;
}
