import type { IDataObject } from 'n8n-workflow';

import type { ImageEditParameters, ImageParameters } from '../../shared/providers/types';
import { storeImage } from './media';
import type { ItemSuccess, Operation, PreparedItem } from './pipeline';
import { badInput, readModel, readNumber, readOptions, readProvider } from './parameters';
import { checkNamingProviderAndModel, rejectRoutingPolicy, resolveProvider } from './routing';
import { itemParameter } from '../../shared/nodeParameter';
import type { ExecutionScope } from './scope';

export interface ImageParams {
	image: ImageParameters;
	binaryPropertyName: string;
}

function readDimension(scope: ExecutionScope, itemIndex: number, options: IDataObject, key: 'width' | 'height', label: string): number | undefined {
	const value = readNumber(scope.ctx, itemIndex, options, key, label, { integer: true });
	if (value !== undefined && (value <= 0 || value % 8 !== 0)) {
		throw badInput(scope.ctx, itemIndex, label, `must be a positive multiple of 8, got ${value}`, `Use for example ${Math.max(8, Math.round(value / 8) * 8)}.`);
	}
	return value;
}

function prepareImage(scope: ExecutionScope, itemIndex: number, model: string, provider: string): PreparedItem<ImageParams> {
	const { ctx } = scope;
	rejectRoutingPolicy(scope, itemIndex, provider, 'image generation');
	const prompt = String(itemParameter(ctx, 'prompt', itemIndex, '') ?? '').trim();
	if (!prompt) throw badInput(ctx, itemIndex, 'Prompt', 'is empty', 'Describe the image to generate, or map it from the input with an expression.');
	const options = readOptions(ctx, itemIndex);
	const image: ImageParameters = { prompt };
	const width = readDimension(scope, itemIndex, options, 'width', 'Width');
	const height = readDimension(scope, itemIndex, options, 'height', 'Height');
	if (width !== undefined) image.width = width;
	if (height !== undefined) image.height = height;
	Object.assign(image, readDiffusionOptions(scope, itemIndex, options));
	return { itemIndex, model, provider, params: { image, binaryPropertyName: readOutputProperty(scope, itemIndex, options, 'image') } };
}

/** The options image generation and image editing share: steps, guidance, seed, negative prompt. */
export function readDiffusionOptions(scope: ExecutionScope, itemIndex: number, options: IDataObject): ImageEditParameters {
	const { ctx } = scope;
	const parameters: ImageEditParameters = {};
	const steps = readNumber(ctx, itemIndex, options, 'numInferenceSteps', 'Number of Inference Steps', { min: 1, max: 500, integer: true });
	if (steps !== undefined) parameters.numInferenceSteps = steps;
	const guidance = readNumber(ctx, itemIndex, options, 'guidanceScale', 'Guidance Scale', { min: 0 });
	if (guidance !== undefined) parameters.guidanceScale = guidance;
	const seed = readNumber(ctx, itemIndex, options, 'seed', 'Seed', { integer: true });
	if (seed !== undefined) parameters.seed = seed;
	const negativePrompt = String(options.negativePrompt ?? '').trim();
	if (negativePrompt) parameters.negativePrompt = negativePrompt;
	return parameters;
}

/** The binary property a generated file is written to (option Binary Property, default data). */
export function readOutputProperty(scope: ExecutionScope, itemIndex: number, options: IDataObject, what: string): string {
	const binaryPropertyName = String(options.binaryPropertyName ?? 'data').trim();
	if (!binaryPropertyName) {
		throw badInput(scope.ctx, itemIndex, 'Binary Property', 'is empty', `Name the binary property to write the ${what} to, for example data.`);
	}
	return binaryPropertyName;
}

export const imageOperation: Operation<ImageParams> = {
	prepareAllFirst: true,

	prepare(scope: ExecutionScope, itemIndex: number): PreparedItem<ImageParams> {
		const { ctx } = scope;
		const model = readModel(ctx, itemIndex);
		const provider = readProvider(ctx, itemIndex);
		return checkNamingProviderAndModel(scope, itemIndex, provider, model, () => prepareImage(scope, itemIndex, model, provider));
	},

	async run(scope: ExecutionScope, unit: Array<PreparedItem<ImageParams>>): Promise<ItemSuccess[]> {
		const [item] = unit;
		const started = Date.now();
		const { module, entry, call } = await resolveProvider(scope, item, 'text-to-image', (module) => !!module.textToImage);
		const generated = await module.textToImage!.generate(
			call,
			item.params.image,
		);
		const latencyMs = Date.now() - started;
		const { binary, mimeType, size } = await storeImage(scope, item.itemIndex, { provider: entry.provider, model: item.model }, generated, 'image');
		return [
			{
				json: {
					model: item.model,
					provider: entry.provider,
					providerModelId: entry.providerId,
					prompt: item.params.image.prompt,
					mimeType,
					fileSize: size,
					latencyMs,
				},
				binary: { [item.params.binaryPropertyName]: binary },
				costUsd: null,
			},
		];
	},
};
