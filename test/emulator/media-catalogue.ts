/**
 * The emulated Hub's models for the media tasks (speech to text, image to image, text to speech,
 * text to video), kept apart from catalogue.ts, which includes them in ALL_MODELS. Provider ids
 * are the ones the real Hub maps (https://huggingface.co/api/partners/{provider}/models).
 */
import type { CatalogueModel, ProviderOffer, ProviderStatus, Task } from './catalogue';

const T0 = 1_720_000_000;

function offer(task: Task, provider: string, providerId: string, status: ProviderStatus = 'live'): ProviderOffer {
	return { provider, providerId, status, task };
}

function mediaModel(id: string, _id: string, task: Task, io: [string[], string[]], providers: ProviderOffer[], extra: Partial<CatalogueModel> = {}): CatalogueModel {
	return {
		id,
		_id,
		task,
		pipelineTag: task,
		mappingForm: 'array',
		ownedBy: id.split('/')[0],
		created: T0,
		likes: 500,
		downloads: 50_000,
		tags: [task],
		inputModalities: io[0],
		outputModalities: io[1],
		providers,
		...extra,
	};
}

const asr = (provider: string, providerId: string, status?: ProviderStatus) => offer('automatic-speech-recognition', provider, providerId, status);

export const SPEECH_TO_TEXT_MODELS: CatalogueModel[] = [
	mediaModel('openai/whisper-large-v3', '65411c7c3c41e1c3d2e4f5a1', 'automatic-speech-recognition', [['audio'], ['text']], [
		asr('hf-inference', 'openai/whisper-large-v3'),
		asr('fal-ai', 'fal-ai/whisper'),
		// Replicate's whisper is version-pinned: the node must take /v1/predictions with the version in the body.
		asr('replicate', 'openai/whisper:8099696689d249cf8b122d833c36ac3f75505c666a395ca40ef26f68e7d3d16e'),
	], { likes: 4800, downloads: 4_500_000, tags: ['transformers', 'automatic-speech-recognition', 'whisper'] }),
	// together serves it on the Hub, but the node has no together speech helper: the picker must not offer it.
	mediaModel('openai/whisper-large-v3-turbo', '66ec3b7b1d3b0e9a0c4f2f11', 'automatic-speech-recognition', [['audio'], ['text']], [
		asr('together', 'openai/whisper-large-v3'),
		asr('hf-inference', 'openai/whisper-large-v3-turbo'),
		asr('fal-ai', 'fal-ai/wizper'),
	], { likes: 2300, downloads: 3_000_000, tags: ['transformers', 'automatic-speech-recognition', 'whisper'] }),
];

export const MEDIA_MODELS: CatalogueModel[] = [...SPEECH_TO_TEXT_MODELS];

/** USD per call of a media task, per provider (a transcription, an edited picture, a clip). */
export const MEDIA_PRICES: Record<string, Partial<Record<Task, number>>> = {
	'hf-inference': { 'automatic-speech-recognition': 0.001 },
	'fal-ai': { 'automatic-speech-recognition': 0.002 },
	replicate: { 'automatic-speech-recognition': 0.003 },
};

export function mediaPrice(provider: string, task: Task): number {
	return MEDIA_PRICES[provider]?.[task] ?? 0.005;
}
