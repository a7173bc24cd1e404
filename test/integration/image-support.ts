import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { generatePng, type Emulator, type RecordedRequest } from '../emulator';
import { useTestEmulator } from './support';

/** What the image tests share: the prompt, the model, the size options and how to read what reached the emulator. */
export const PROMPT = 'A lighthouse at dawn';
export const FLUX_DEV = 'black-forest-labs/FLUX.1-dev';
/** Every image test polls fast: the pause between two status checks is the node's option. */
export const FAST = { pollInterval: 10, concurrency: 1 };

export function imageParameters(model: string, provider: string, prompt = PROMPT, options: IDataObject = {}): INodeParameters {
	return {
		operation: 'image',
		model: { __rl: true, mode: 'id', value: model },
		provider,
		prompt,
		options: { ...FAST, ...options },
	};
}

export function cdnCalls(emulator: Emulator): RecordedRequest[] {
	return emulator.requests.filter((request) => request.listener === 'cdn');
}

/** What the emulator generated for a picture: a PNG of these parameters (its pixel grid is scaled down to 64). */
export function expectedPng(prompt: string, width: number, height: number, seed: number): Buffer {
	return generatePng({ prompt, width, height, seed });
}

export const W = 512;
export const H = 384;
export const OPTIONS = { width: W, height: H, numInferenceSteps: 4, seed: 7 };

/** The image test files start their emulator like every integration test file. */
export { useTestEmulator as useImageEmulator };
