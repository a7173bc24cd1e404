/** Shapes of the emulated catalogue: a Hub model, the providers serving it, their prices and statistics. */
export type Task =
	| 'conversational'
	| 'text-to-image'
	| 'feature-extraction'
	| 'sentence-similarity'
	| 'text-generation'
	| 'text2text-generation'
	| 'automatic-speech-recognition'
	| 'image-to-image'
	| 'text-to-speech'
	| 'text-to-video'
	| 'image-text-to-image'
	| 'image-classification'
	| 'object-detection'
	| 'image-to-text'
	| 'image-to-video'
	| 'image-text-to-video'
	| 'text-classification'
	| 'zero-shot-classification'
	| 'token-classification'
	| 'translation'
	| 'summarization'
	| 'question-answering';
export type ProviderStatus = 'live' | 'staging' | 'error';

export interface Pricing {
	/** USD per million input tokens. */
	input: number;
	/** USD per million output tokens. */
	output: number;
}

export interface ProviderOffer {
	provider: string;
	providerId: string;
	status: ProviderStatus;
	task: Task;
	/* Chat-only statistics; every one may be missing (as on the real /v1/models). */
	contextLength?: number;
	pricing?: Pricing;
	supportsTools?: boolean;
	supportsStructuredOutput?: boolean;
	firstTokenLatencyMs?: number;
	throughput?: number;
	isModelAuthor?: boolean;
	/**
	 * A temporary promo: the call costs nothing (`is_free` on /v1/models, hub-docs
	 * docs/inference-providers/hub-api.md "List OpenAI-compatible models").
	 */
	isFree?: boolean;
	/**
	 * A reasoning model on this provider: the field its thinking comes in (reasoning.ts says which
	 * provider uses which, with sources); absent where the provider returns none.
	 */
	reasoningField?: 'reasoning_content' | 'reasoning';
	/** `lora` for a LoRA repo served on the provider's base-model endpoint (see lora.ts). */
	adapter?: 'lora';
	adapterWeightsPath?: string;
}

export interface EmbeddingSpec {
	dims: number;
	/** 'sentence': one vector per input; 'token': one vector per token (plain transformers). */
	level: 'sentence' | 'token';
	maxTokens: number;
}

export interface CatalogueModel {
	id: string;
	/** Hub object id (24 hex). */
	_id: string;
	task: Task;
	pipelineTag: string;
	/** Shape of `inferenceProviderMapping` on the Hub: legacy object or newer array. */
	mappingForm: 'object' | 'array';
	ownedBy: string;
	created: number;
	likes: number;
	downloads: number;
	tags: string[];
	inputModalities: string[];
	outputModalities: string[];
	providers: ProviderOffer[];
	embedding?: EmbeddingSpec;
	/** text-generation models (hf-inference legacy route). */
	textGeneration?: { maxTotalTokens?: number; unusedKwargs?: string[] };
}
