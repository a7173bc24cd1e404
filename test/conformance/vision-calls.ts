/**
 * The official client's calls for the picture-reading tasks, each checked against the client's
 * own output type: shared by conformance.test.ts (its provider × task matrix) and vision.test.ts
 * (every vision model of the emulated Hub, with the emulator's answer for the exact picture).
 */
import type { InferenceClient } from '@huggingface/inference';

import { generatePng } from '../emulator/images';

export type VisionTask = 'image-classification' | 'object-detection' | 'image-to-text' | 'image-to-video';

/** A picture made for a (provider, model) pair: its bytes are what the emulator derives its answer from. */
export const pictureFor = (provider: string, model: string): Buffer => generatePng({ prompt: `${provider}/${model}`, width: 48, height: 32, seed: 3 });

const blobOf = (bytes: Buffer) => new Blob([bytes], { type: 'image/png' });

export function visionCalls(client: () => InferenceClient): Record<VisionTask, (provider: string, model: string) => Promise<void>> {
	return {
		'image-classification': async (provider, model) => {
			const output = await client().imageClassification({ provider: provider as never, model, data: blobOf(pictureFor(provider, model)) });
			expect(output.length).toBeGreaterThan(0);
			for (const entry of output) expect(typeof entry.label === 'string' && typeof entry.score === 'number').toBe(true);
		},
		'object-detection': async (provider, model) => {
			const output = await client().objectDetection({ provider: provider as never, model, data: blobOf(pictureFor(provider, model)) });
			expect(Array.isArray(output)).toBe(true);
			for (const entry of output) expect(Object.values(entry.box).every((value) => typeof value === 'number')).toBe(true);
		},
		'image-to-text': async (provider, model) => {
			const output = await client().imageToText({ provider: provider as never, model, data: blobOf(pictureFor(provider, model)) });
			expect(typeof output.generated_text).toBe('string');
		},
		'image-to-video': async (provider, model) => {
			const blob = await client().imageToVideo({ provider: provider as never, model, inputs: blobOf(pictureFor(provider, model)), parameters: { prompt: 'The waves roll in' } });
			expect(blob).toBeInstanceOf(Blob);
			// An MP4 file: its first box is `ftyp`.
			expect(Buffer.from(await blob.arrayBuffer()).toString('latin1', 4, 8)).toBe('ftyp');
		},
	};
}
