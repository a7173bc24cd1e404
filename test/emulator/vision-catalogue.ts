/**
 * The emulated Hub's models for the picture-reading tasks (image classification, object
 * detection, image to text, image to video), kept apart like media-catalogue.ts; catalogue.ts
 * includes them in ALL_MODELS. The hf-inference models are the ones the task pages recommend
 * (huggingface.js packages/tasks/src/tasks/<task>/about.md); the Wan I2V ids on wavespeed and fal-ai
 * are those huggingface.js's own tests map (InferenceClient.spec.ts); the rest are illustrative.
 */
import type { CatalogueModel, ProviderOffer, ProviderStatus, Task } from './catalogue-types';
import { hubModel } from './catalogue-models';

function offer(task: Task, provider: string, providerId: string, status: ProviderStatus = 'live'): ProviderOffer {
	return { provider, providerId, status, task };
}

function visionModel(id: string, _id: string, task: Task, output: string, providers: ProviderOffer[], extra: Partial<CatalogueModel> = {}): CatalogueModel {
	return hubModel(id, _id, task, task, 'array', providers, { inputModalities: ['image'], outputModalities: [output], ...extra });
}

export const IMAGE_CLASSIFICATION_MODELS: CatalogueModel[] = [
	visionModel('google/vit-base-patch16-224', '621ffdc136468d709f17e709', 'image-classification', 'text', [
		offer('image-classification', 'hf-inference', 'google/vit-base-patch16-224'),
	], { likes: 900, downloads: 3_000_000, tags: ['transformers', 'image-classification', 'vit'] }),
	visionModel('microsoft/resnet-50', '621ffdc136468d709f17e4e4', 'image-classification', 'text', [
		offer('image-classification', 'hf-inference', 'microsoft/resnet-50'),
	], { likes: 400, downloads: 2_000_000, tags: ['transformers', 'image-classification', 'resnet'] }),
];

export const OBJECT_DETECTION_MODELS: CatalogueModel[] = [
	visionModel('facebook/detr-resnet-50', '621ffdc136468d709f17d8b2', 'object-detection', 'text', [
		offer('object-detection', 'hf-inference', 'facebook/detr-resnet-50'),
	], { likes: 800, downloads: 1_500_000, tags: ['transformers', 'object-detection', 'detr'] }),
];

export const IMAGE_TO_TEXT_MODELS: CatalogueModel[] = [
	visionModel('Salesforce/blip-image-captioning-large', '639b1f1c5b1d4e9a0c4f2a11', 'image-to-text', 'text', [
		offer('image-to-text', 'hf-inference', 'Salesforce/blip-image-captioning-large'),
	], { likes: 1300, downloads: 1_200_000, tags: ['transformers', 'image-to-text', 'blip'] }),
	// GLM-OCR on Z.ai's layout parsing API (huggingface.js ZaiImageToTextTask); the provider id is illustrative.
	visionModel('zai-org/GLM-OCR', '697a1b2c3d4e5f6a7b8c9d01', 'image-to-text', 'text', [offer('image-to-text', 'zai-org', 'glm-ocr')], {
		pipelineTag: 'image-text-to-text',
		likes: 1900,
		downloads: 3_700_000,
		tags: ['transformers', 'image-text-to-text', 'ocr'],
	}),
];

const i2v = (provider: string, providerId: string, status?: ProviderStatus) => offer('image-to-video', provider, providerId, status);
const ti2v = (provider: string, providerId: string, status?: ProviderStatus) => offer('image-text-to-video', provider, providerId, status);

export const IMAGE_TO_VIDEO_MODELS: CatalogueModel[] = [
	visionModel('Wan-AI/Wan2.1-I2V-14B-480P', '67b2a3c4d5e6f7a8b9c0d1e2', 'image-to-video', 'video', [
		i2v('fal-ai', 'fal-ai/wan-i2v'),
		i2v('wavespeed', 'wavespeed-ai/wan-2.1/i2v-480p'),
	], { likes: 700, downloads: 90_000, tags: ['diffusers', 'image-to-video', 'wan'] }),
	visionModel('Wan-AI/Wan2.2-I2V-A14B', '6880a1b2c3d4e5f6a7b8c9d3', 'image-to-video', 'video', [i2v('together', 'Wan-AI/Wan2.2-I2V-A14B'), i2v('fal-ai', 'fal-ai/wan/v2.2-a14b/image-to-video')], {
		likes: 500,
		downloads: 60_000,
		tags: ['diffusers', 'image-to-video', 'wan'],
	}),
	// Mapped image-text-to-video: with a picture, both clients send what image-to-video sends.
	visionModel('Wan-AI/Wan2.2-TI2V-5B', '6880a1b2c3d4e5f6a7b8c9d4', 'image-text-to-video', 'video', [
		ti2v('fal-ai', 'fal-ai/wan/v2.2-5b/image-to-video'),
		ti2v('wavespeed', 'wavespeed-ai/wan-2.2/ti2v-5b'),
	], { pipelineTag: 'image-to-video', likes: 450, downloads: 80_000, tags: ['diffusers', 'image-to-video', 'wan'] }),
];

export const VISION_MODELS: CatalogueModel[] = [...IMAGE_CLASSIFICATION_MODELS, ...OBJECT_DETECTION_MODELS, ...IMAGE_TO_TEXT_MODELS, ...IMAGE_TO_VIDEO_MODELS];

/** USD per call, per provider and task (a classification, a caption, a clip). */
export const VISION_PRICES: Record<string, Partial<Record<Task, number>>> = {
	'hf-inference': { 'image-classification': 0.0005, 'object-detection': 0.001, 'image-to-text': 0.001 },
	'zai-org': { 'image-to-text': 0.003 },
	'fal-ai': { 'image-to-video': 0.4 },
	wavespeed: { 'image-to-video': 0.3 },
	together: { 'image-to-video': 0.35 },
};

export function visionPrice(provider: string, task: Task): number {
	return VISION_PRICES[provider]?.[task] ?? 0.005;
}
