/**
 * The emulated Hub's models for the media tasks (speech to text, image to image, text to speech,
 * text to video), kept apart from catalogue.ts, which includes them in ALL_MODELS. Provider ids
 * are the ones the real Hub maps (https://huggingface.co/api/partners/{provider}/models).
 */
import type { CatalogueModel, ProviderOffer, ProviderStatus, Task } from './catalogue';
import { hubModel } from './catalogue-models';

function offer(task: Task, provider: string, providerId: string, status: ProviderStatus = 'live'): ProviderOffer {
	return { provider, providerId, status, task };
}

function mediaModel(id: string, _id: string, task: Task, io: [string[], string[]], providers: ProviderOffer[], extra: Partial<CatalogueModel> = {}): CatalogueModel {
	return hubModel(id, _id, task, task, 'array', providers, { inputModalities: io[0], outputModalities: io[1], ...extra });
}

const asr = (provider: string, providerId: string, status?: ProviderStatus) => offer('automatic-speech-recognition', provider, providerId, status);

export const SPEECH_TO_TEXT_MODELS: CatalogueModel[] = [
	mediaModel('openai/whisper-large-v3', '65411c7c3c41e1c3d2e4f5a1', 'automatic-speech-recognition', [['audio'], ['text']], [
		asr('hf-inference', 'openai/whisper-large-v3'),
		asr('fal-ai', 'fal-ai/whisper'),
		// Replicate's whisper is version-pinned: the node must take /v1/predictions with the version in the body.
		asr('replicate', 'openai/whisper:8099696689d249cf8b122d833c36ac3f75505c666a395ca40ef26f68e7d3d16e'),
		// A multipart upload to /v1/openai/audio/transcriptions (transcription-routes.ts).
		asr('deepinfra', 'openai/whisper-large-v3'),
	], { likes: 4800, downloads: 4_500_000, tags: ['transformers', 'automatic-speech-recognition', 'whisper'] }),
	// together takes a multipart upload (transcription-routes.ts). groq serves it on the Hub, but neither
	// official client (nor the node) has a groq speech-to-text helper: the picker must not offer it.
	mediaModel('openai/whisper-large-v3-turbo', '66ec3b7b1d3b0e9a0c4f2f11', 'automatic-speech-recognition', [['audio'], ['text']], [
		asr('together', 'openai/whisper-large-v3'),
		asr('hf-inference', 'openai/whisper-large-v3-turbo'),
		asr('fal-ai', 'fal-ai/wizper'),
		asr('groq', 'whisper-large-v3-turbo'),
	], { likes: 2300, downloads: 3_000_000, tags: ['transformers', 'automatic-speech-recognition', 'whisper'] }),
];

const edit = (provider: string, providerId: string, status?: ProviderStatus) => offer('image-to-image', provider, providerId, status);

export const IMAGE_TO_IMAGE_MODELS: CatalogueModel[] = [
	// FLUX.1 Kontext: together takes its picture as image_url (not reference_images).
	mediaModel('black-forest-labs/FLUX.1-Kontext-dev', '683d6a1b2e4f5a6b7c8d9e01', 'image-to-image', [['image', 'text'], ['image']], [
		edit('fal-ai', 'fal-ai/flux-kontext/dev'),
		edit('replicate', 'black-forest-labs/flux-kontext-dev'),
		edit('together', 'black-forest-labs/FLUX.1-kontext-dev'),
	], { likes: 2600, downloads: 400_000, tags: ['diffusers', 'image-to-image', 'flux'] }),
	// Qwen-Image-Edit: together takes reference_images; wavespeed edit models read `images`.
	mediaModel('Qwen/Qwen-Image-Edit', '68a1b2c3d4e5f6a7b8c9d0e1', 'image-to-image', [['image', 'text'], ['image']], [
		edit('wavespeed', 'wavespeed-ai/qwen-image/edit'),
		edit('together', 'Qwen/Qwen-Image-Edit'),
		edit('fal-ai', 'fal-ai/qwen-image-edit'),
		edit('replicate', 'qwen/qwen-image-edit'),
	], { likes: 1800, downloads: 150_000, tags: ['diffusers', 'image-to-image', 'qwen'] }),
	// Mapped under image-text-to-image (the picture is optional for these); provider ids unverified live.
	mediaModel('Qwen/Qwen-Image-Edit-2509', '68d1b2c3d4e5f6a7b8c9d0e2', 'image-text-to-image', [['image', 'text'], ['image']], [
		offer('image-text-to-image', 'fal-ai', 'fal-ai/qwen-image-edit-plus'),
		offer('image-text-to-image', 'wavespeed', 'wavespeed-ai/qwen-image/edit-plus'),
	], { likes: 900, downloads: 120_000, tags: ['diffusers', 'image-text-to-image', 'qwen'] }),
	mediaModel('stabilityai/stable-diffusion-xl-refiner-1.0', '64c1a2b3d4e5f6a7b8c9d0f2', 'image-to-image', [['image', 'text'], ['image']], [
		edit('hf-inference', 'stabilityai/stable-diffusion-xl-refiner-1.0'),
	], { likes: 1900, downloads: 900_000, tags: ['diffusers', 'image-to-image', 'stable-diffusion'] }),
];

const tts = (provider: string, providerId: string, status?: ProviderStatus) => offer('text-to-speech', provider, providerId, status);

export const TEXT_TO_SPEECH_MODELS: CatalogueModel[] = [
	mediaModel('hexgrad/Kokoro-82M', '676ca1388118866906abbd7c', 'text-to-speech', [['text'], ['audio']], [
		tts('fal-ai', 'fal-ai/kokoro/american-english'),
		tts('replicate', 'jaaari/kokoro-82m'),
		// Together needs a voice: for Kokoro the node sends af_alloy, as huggingface.js does.
		tts('together', 'hexgrad/Kokoro-82M'),
		// The mapping huggingface.js test/InferenceClient.spec.ts uses for DeepInfra text-to-speech.
		tts('deepinfra', 'hexgrad/Kokoro-82M'),
	], { likes: 4700, downloads: 2_000_000, tags: ['text-to-speech', 'kokoro'] }),
	mediaModel('facebook/mms-tts-eng', '648b3c1a2e4f5a6b7c8d9e03', 'text-to-speech', [['text'], ['audio']], [
		tts('hf-inference', 'facebook/mms-tts-eng'),
	], { likes: 220, downloads: 300_000, tags: ['transformers', 'text-to-speech', 'vits'] }),
];

const t2v = (provider: string, providerId: string, status?: ProviderStatus) => offer('text-to-video', provider, providerId, status);

export const TEXT_TO_VIDEO_MODELS: CatalogueModel[] = [
	mediaModel('Wan-AI/Wan2.1-T2V-14B', '67b1a2c3d4e5f6a7b8c9d0f4', 'text-to-video', [['text'], ['video']], [
		t2v('fal-ai', 'fal-ai/wan-t2v'),
		t2v('replicate', 'wavespeedai/wan-2.1-t2v-480p'),
		t2v('wavespeed', 'wavespeed-ai/wan-2.1/t2v-480p'),
		// Novita's async API names the model in the route: /v3/async/wan-t2v (huggingface.js#1263 added it for this model).
		t2v('novita', 'wan-t2v'),
	], { likes: 1500, downloads: 120_000, tags: ['diffusers', 'text-to-video', 'wan'] }),
	// Together's video jobs (/v2/videos) take the model in the body under Together's own id.
	mediaModel('Wan-AI/Wan2.2-T2V-A14B', '688a1b2c3d4e5f6a7b8c9d06', 'text-to-video', [['text'], ['video']], [
		t2v('together', 'Wan-AI/Wan2.2-T2V-A14B'),
	], { likes: 600, downloads: 40_000, tags: ['diffusers', 'text-to-video', 'wan'] }),
	// Replicate's LTX-Video is version-pinned: /v1/predictions with the version in the body.
	mediaModel('Lightricks/LTX-Video', '6734a1b2c3d4e5f6a7b8c9d5', 'text-to-video', [['text'], ['video']], [
		t2v('fal-ai', 'fal-ai/ltx-video'),
		t2v('replicate', 'lightricks/ltx-video:8c47da666861d081eeb4d1261853087de23923a268a69b63febdf5dc1dee08e4'),
	], { likes: 1900, downloads: 300_000, tags: ['diffusers', 'text-to-video', 'ltx-video'] }),
];

export const MEDIA_MODELS: CatalogueModel[] = [...SPEECH_TO_TEXT_MODELS, ...IMAGE_TO_IMAGE_MODELS, ...TEXT_TO_SPEECH_MODELS, ...TEXT_TO_VIDEO_MODELS];

/** USD per call of a media task, per provider (a transcription, an edited picture, a clip). */
export const MEDIA_PRICES: Record<string, Partial<Record<Task, number>>> = {
	'hf-inference': { 'automatic-speech-recognition': 0.001, 'image-to-image': 0.004, 'text-to-speech': 0.001 },
	'fal-ai': { 'automatic-speech-recognition': 0.002, 'image-to-image': 0.025, 'text-to-speech': 0.002, 'text-to-video': 0.4 },
	replicate: { 'automatic-speech-recognition': 0.003, 'image-to-image': 0.03, 'text-to-speech': 0.003, 'text-to-video': 0.5 },
	together: { 'automatic-speech-recognition': 0.0015, 'image-to-image': 0.025, 'text-to-speech': 0.0015, 'text-to-video': 0.35 },
	wavespeed: { 'image-to-image': 0.02, 'text-to-video': 0.3 },
	deepinfra: { 'automatic-speech-recognition': 0.0005, 'text-to-speech': 0.001 },
	novita: { 'text-to-video': 0.3 },
};

export function mediaPrice(provider: string, task: Task): number {
	return MEDIA_PRICES[provider]?.[task] ?? 0.005;
}
