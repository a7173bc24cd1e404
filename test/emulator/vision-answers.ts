/**
 * The emulator's deterministic answers for the picture-reading tasks, derived from the bytes
 * received (and the model), so that a test can predict each item's answer from its own picture.
 */
import { createHash } from 'crypto';

import { makeMp4, shortHash } from './media';
import { PNG_SIGNATURE } from './png';

const digest = (seed: string): Buffer => createHash('sha256').update(seed).digest();

/** A PNG's size from its IHDR; other formats are given 640 x 480. */
export function pictureSize(picture: Buffer): { width: number; height: number } {
	if (picture.length >= 24 && picture.subarray(0, 8).equals(PNG_SIGNATURE)) return { width: picture.readUInt32BE(16), height: picture.readUInt32BE(20) };
	return { width: 640, height: 480 };
}

const IMAGENET_LABELS = [
	'tabby, tabby cat',
	'Egyptian cat',
	'golden retriever',
	'beacon, lighthouse, beacon light, pharos',
	'sports car, sport car',
	'barn',
	'daisy',
	'espresso',
	'seashore, coast, seacoast, sea-coast',
	'red fox, Vulpes vulpes',
];

/** transformers' ImageClassificationPipeline returns 5 classes unless `top_k` says otherwise. */
export const DEFAULT_TOP_K = 5;

/**
 * What image classification answers for a picture: every class scored from the picture's hash (the
 * scores sum to 1, as a softmax does), highest first, the first `topK`.
 */
export function expectedClasses(hubId: string, picture: Buffer, topK = DEFAULT_TOP_K): Array<{ label: string; score: number }> {
	const bytes = digest(`${hubId}\u0000${shortHash(picture)}`);
	const weights = IMAGENET_LABELS.map((_, i) => (bytes[i] + 1) ** 2);
	const total = weights.reduce((sum, weight) => sum + weight, 0);
	return IMAGENET_LABELS.map((label, i) => ({ label, score: Math.round((weights[i] / total) * 1e6) / 1e6, i }))
		.sort((a, b) => b.score - a.score || a.i - b.i)
		.slice(0, topK)
		.map(({ label, score }) => ({ label, score }));
}

const COCO_LABELS = ['person', 'dog', 'cat', 'car', 'bicycle', 'chair'];

/** transformers' ObjectDetectionPipeline keeps objects scoring at least 0.5 unless `threshold` says otherwise. */
export const DEFAULT_THRESHOLD = 0.5;

/**
 * What object detection answers for a picture: six candidate objects drawn from its hash, each
 * with a box inside the picture (in its pixels), those scoring at least `threshold`.
 */
export function expectedObjects(hubId: string, picture: Buffer, threshold = DEFAULT_THRESHOLD) {
	const bytes = digest(`${hubId}\u0000${shortHash(picture)}`);
	const { width, height } = pictureSize(picture);
	return COCO_LABELS.map((label, i) => {
		const xmin = Math.floor((bytes[i + 6] / 256) * (width / 2));
		const ymin = Math.floor((bytes[i + 12] / 256) * (height / 2));
		const xmax = Math.min(width, xmin + 1 + Math.floor((bytes[i + 18] / 256) * (width / 2)));
		const ymax = Math.min(height, ymin + 1 + Math.floor((bytes[i + 24] / 256) * (height / 2)));
		return { score: Math.round((0.2 + (bytes[i] / 255) * 0.79) * 1e4) / 1e4, label, box: { xmin, ymin, xmax, ymax } };
	}).filter((object) => object.score >= threshold);
}

/** What image to text answers: it names the provider, the model and the exact picture received. */
export function expectedCaption(provider: string, providerModelId: string, picture: Buffer): string {
	const { width, height } = pictureSize(picture);
	return `[${provider}/${providerModelId}] a ${width}x${height} picture ${shortHash(picture)}`;
}

/** The clip the emulator makes from a picture and a prompt: tests compare outputs to it byte for byte. */
export function expectedAnimation(provider: string, providerModelId: string, picture: Buffer, prompt: string | undefined): Buffer {
	return makeMp4(`${provider}/${providerModelId}: animate ${shortHash(picture)} ${prompt ?? ''}`);
}
