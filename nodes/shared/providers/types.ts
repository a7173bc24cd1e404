import type { BodyStream } from '../transport/peek';
import type { RouterTransport, UploadBody } from '../transport/RouterTransport';
import type { LoraAdapter } from './lora';
import type { QuestionAnsweringTask, SummarizationTask, TextClassificationTask, TokenClassificationTask, TranslationTask, ZeroShotClassificationTask } from './text-types';

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
	/** Set when the mapping says the model is a LoRA adapter on the provider's base model. */
	lora?: LoraAdapter;
	/** Request parameters beyond the task's typed ones (requests.ts withRequestParameters). */
	extra?: RequestParameters;
	/** Where this provider takes them (its module's parametersAt). */
	parametersAt?: 'parameters' | 'input';
}

/**
 * What an operation adds to a provider's submit request, where that provider takes its task
 * parameters (ProviderModule.parametersAt): `named` are the node's own options under the names the
 * providers read (a voice, a clip's duration) and replace the builder's defaults; `user` is the
 * Extra Parameters option and only adds keys the request does not already have.
 */
export interface RequestParameters {
	named?: Record<string, unknown>;
	user?: Record<string, unknown>;
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

/** Image-to-image: what to make of the input picture. The prompt may be empty (an upscaler needs none). */
export type ImageEditParameters = Omit<ImageParameters, 'prompt' | 'width' | 'height'> & { prompt?: string };

/** A file a provider made (a picture, audio, a video). */
export interface GeneratedFile {
	/** The file; only its first bytes when `stream` is set. */
	data: Buffer;
	/** What the provider claims; the operation checks the bytes themselves. */
	mimeType?: string;
	/** The whole file, still arriving: stored as it comes, never held whole in memory. */
	stream?: BodyStream;
}

export type GeneratedImage = GeneratedFile;

export interface EmbeddingParameters {
	/** Unit vectors; undefined = the provider's own default (hf-inference normalizes). */
	normalize?: boolean;
	/** Cut texts longer than the model takes instead of refusing them (hf-inference: `truncate`). */
	truncate?: boolean;
}

/** A media file read from the input item: its bytes and the type it is known by. */
export interface MediaInput {
	data: Buffer;
	/** A base type such as `audio/x-wav`, from the binary's metadata or its first bytes. */
	mimeType: string;
}

export interface Transcript {
	text: string;
	/** Timestamped pieces, where the provider gives them. */
	chunks?: Array<{ text: string; timestamp: number[] }>;
}

/** A file n8n keeps out of memory (filesystem, database or S3 mode), read anew for each attempt. */
export interface MediaUpload {
	/** Its `size` is the file's length where the store gives it. */
	body: UploadBody;
	mimeType: string;
}

export interface SpeechToTextTask {
	transcribe(call: ProviderCall, audio: MediaInput): Promise<Transcript>;
	/** Where the provider takes the file as the raw body: sent as it is read, never whole in memory. */
	transcribeUpload?(call: ProviderCall, audio: MediaUpload): Promise<Transcript>;
}

export interface TextToImageTask {
	generate(call: ProviderCall, parameters: ImageParameters): Promise<GeneratedImage>;
}

export interface ImageToImageTask {
	edit(call: ProviderCall, image: MediaInput, parameters: ImageEditParameters): Promise<GeneratedImage>;
}

/** Text-to-video: the prompt and the diffusion options the task spec shares with images. */
export type VideoParameters = ImageEditParameters & { prompt: string };

export interface TextToVideoTask {
	generate(call: ProviderCall, parameters: VideoParameters): Promise<GeneratedFile>;
}

export interface TextToSpeechTask {
	speak(call: ProviderCall, text: string): Promise<GeneratedFile>;
}

export interface FeatureExtractionTask {
	/** One vector per text, in order. Token-level answers are pooled by the provider module. */
	embed(call: ProviderCall, texts: string[], parameters: EmbeddingParameters): Promise<number[][]>;
}

/** One class of a picture and the model's confidence in it (the image-classification task spec's output). */
export interface ClassLabel {
	label: string;
	score: number;
}

export interface ImageClassificationTask {
	/** The classes as the provider ranks them; `topK` asks for that many (task spec `top_k`). */
	classify(call: ProviderCall, image: MediaInput, parameters: { topK?: number }): Promise<ClassLabel[]>;
}

/** An object found in a picture: its class, confidence and box in pixels (object-detection task spec). */
export interface DetectedObject extends ClassLabel {
	box: { xmin: number; ymin: number; xmax: number; ymax: number };
}

export interface ObjectDetectionTask {
	/** `threshold`: the lowest score kept (task spec `threshold`). */
	detect(call: ProviderCall, image: MediaInput, parameters: { threshold?: number }): Promise<DetectedObject[]>;
}

export interface ImageToTextTask {
	/** The text the model reads in or says of the picture (a caption, OCR). */
	describe(call: ProviderCall, image: MediaInput): Promise<string>;
}

export interface ImageToVideoTask {
	/** A clip made from the picture; the prompt may be empty where the model needs none. */
	animate(call: ProviderCall, image: MediaInput, parameters: ImageEditParameters): Promise<GeneratedFile>;
}

/** One provider, one file: the tasks it serves off the router's per-provider routes. */
export interface ProviderModule {
	id: string;
	/**
	 * Where the submit request's body takes task parameters, as the clients put a call's
	 * `parameters`: at the top of the body (unset), under `parameters` (hf-inference) or under
	 * `input` (replicate).
	 */
	parametersAt?: 'parameters' | 'input';
	textToImage?: TextToImageTask;
	featureExtraction?: FeatureExtractionTask;
	automaticSpeechRecognition?: SpeechToTextTask;
	imageToImage?: ImageToImageTask;
	textToSpeech?: TextToSpeechTask;
	textToVideo?: TextToVideoTask;
	imageClassification?: ImageClassificationTask;
	objectDetection?: ObjectDetectionTask;
	imageToText?: ImageToTextTask;
	imageToVideo?: ImageToVideoTask;
	textClassification?: TextClassificationTask;
	zeroShotClassification?: ZeroShotClassificationTask;
	tokenClassification?: TokenClassificationTask;
	translation?: TranslationTask;
	summarization?: SummarizationTask;
	questionAnswering?: QuestionAnsweringTask;
}

/** Tasks as the Hub names them in `inferenceProviderMapping`. */
export type HubTask =
	| 'conversational'
	| 'text-to-image'
	| 'feature-extraction'
	| 'automatic-speech-recognition'
	| 'image-to-image'
	| 'text-to-speech'
	| 'text-to-video'
	// Models mapped under these take an optional picture; with one, the clients send what the
	// picture task sends (huggingface.js FalAIImageTextToImageTask, WavespeedAIImageTextToImageTask).
	| 'image-text-to-image'
	| 'image-text-to-video'
	| 'image-classification'
	| 'object-detection'
	| 'image-to-text'
	| 'image-to-video'
	| 'text-classification'
	| 'zero-shot-classification'
	| 'token-classification'
	| 'translation'
	| 'summarization'
	| 'question-answering';

/** The module's helper for each per-provider task, by the Hub's task name. */
export const TASK_KEYS = {
	'text-to-image': 'textToImage',
	'feature-extraction': 'featureExtraction',
	'automatic-speech-recognition': 'automaticSpeechRecognition',
	'image-to-image': 'imageToImage',
	'text-to-speech': 'textToSpeech',
	'text-to-video': 'textToVideo',
	'image-classification': 'imageClassification',
	'object-detection': 'objectDetection',
	'image-to-text': 'imageToText',
	'image-to-video': 'imageToVideo',
	'text-classification': 'textClassification',
	'zero-shot-classification': 'zeroShotClassification',
	'token-classification': 'tokenClassification',
	translation: 'translation',
	summarization: 'summarization',
	'question-answering': 'questionAnswering',
} as const satisfies Partial<Record<HubTask, keyof ProviderModule>>;

export type ProviderTask = keyof typeof TASK_KEYS;
