import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { generatePng, shortHash, type Emulator, type RecordedRequest } from '../emulator';
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

/** Image to Image and Image to Video: the node reads the item's picture from `photo` and takes the prompt. */
export function pictureParameters(operation: string, model: string, provider: string, prompt: string, options: IDataObject): INodeParameters {
	return {
		operation,
		model: { __rl: true, mode: 'id', value: model },
		provider,
		prompt,
		inputBinaryPropertyName: 'photo',
		options: { ...FAST, ...options } as INodeParameters,
	};
}

/** One item per picture: its prompt under `promptKey`, its index, the PNG inline in `photo`. */
export const pictureItems = (photos: Buffer[], prompts: string[], promptKey: string) =>
	photos.map((photo, index) => ({
		json: { [promptKey]: prompts[index], index },
		binary: { photo: { data: photo.toString('base64'), mimeType: 'image/png', fileName: `photo${index}.png` } },
	}));

export const dataUrlOf = (photo: Buffer) => `data:image/png;base64,${photo.toString('base64')}`;

/** A provider route for pictures: where the submit goes, what it must carry, how the picture arrived (as the emulator decoded it). */
export interface PictureRoute {
	provider: string;
	model: string;
	path: string;
	body: (photo: Buffer, prompt: string) => unknown;
	sentAs: string;
}

/** Submit `index` went to the route with item `index`'s picture (whole) and prompt, with `token`. */
export function expectSubmitsCarryPictures(submits: RecordedRequest[], route: PictureRoute, token: string, photos: Buffer[], prompts: string[]): void {
	submits.forEach((call, index) => {
		expect(call.path).toBe(route.path);
		expect(call.body).toEqual(route.body(photos[index], prompts[index]));
		expect(call.headers.authorization).toBe(`Bearer ${token}`);
		expect(call.servedBy).toBe(route.provider);
		expect(call.hubModel).toBe(route.model);
		expect(call.media?.[0]).toEqual({ mimeType: route.sentAs, bytes: photos[index].length, hash: shortHash(photos[index]) });
	});
}

/** `count` downloads from the providers' storage, none with the Hugging Face token. */
export function expectCdnWithoutToken(emulator: Emulator, count: number): void {
	const cdn = cdnCalls(emulator);
	expect(cdn).toHaveLength(count);
	expect(cdn.every((call) => call.headers.authorization === undefined)).toBe(true);
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
