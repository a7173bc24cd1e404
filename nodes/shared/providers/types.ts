import type { RouterTransport } from '../transport/RouterTransport';

/** What every provider call gets: the one transport, the item's deadline, and both model ids. */
export interface ProviderCall {
	transport: RouterTransport;
	/** Absolute time (ms) after which no attempt or poll starts. */
	deadline: number;
	/** The model as the user named it on the Hub. */
	hubModelId: string;
	/** The provider's own id for it, from the Hub's provider mapping. */
	providerModelId: string;
	/** Pause between two polls of an asynchronous job. */
	pollIntervalMs: number;
}

export interface ImageParameters {
	prompt: string;
	negativePrompt?: string;
	width?: number;
	height?: number;
	numInferenceSteps?: number;
	guidanceScale?: number;
	seed?: number;
}

export interface GeneratedImage {
	data: Buffer;
	/** What the provider claims; the operation checks the bytes themselves. */
	mimeType?: string;
}

export interface EmbeddingParameters {
	normalize?: boolean;
}

export interface TextToImageTask {
	generate(call: ProviderCall, parameters: ImageParameters): Promise<GeneratedImage>;
}

export interface FeatureExtractionTask {
	/** One vector per text, in order. Token-level answers are pooled by the provider module. */
	embed(call: ProviderCall, texts: string[], parameters: EmbeddingParameters): Promise<number[][]>;
}

/** One provider, one file: the tasks it serves off the router's per-provider routes. */
export interface ProviderModule {
	id: string;
	textToImage?: TextToImageTask;
	featureExtraction?: FeatureExtractionTask;
}

/** Tasks as the Hub names them in `inferenceProviderMapping`. */
export type HubTask = 'conversational' | 'text-to-image' | 'feature-extraction';
