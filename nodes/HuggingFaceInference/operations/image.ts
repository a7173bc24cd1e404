import { NodeOperationError, type IDataObject } from 'n8n-workflow';

import type { ImageParameters } from '../../shared/providers/types';
import type { ItemSuccess, Operation, PreparedItem } from './pipeline';
import { badInput, readModel, readNumber, readOptions, readProvider } from './parameters';
import { checkNamingProviderAndModel, rejectRoutingPolicy, resolveProvider } from './routing';
import type { ExecutionScope } from './scope';

export interface ImageParams {
	image: ImageParameters;
	binaryPropertyName: string;
}

const SIGNATURES: Array<{ mimeType: string; extension: string; test: (bytes: Buffer) => boolean }> = [
	{ mimeType: 'image/png', extension: 'png', test: (b) => b.length > 8 && b.readUInt32BE(0) === 0x89504e47 },
	{ mimeType: 'image/jpeg', extension: 'jpg', test: (b) => b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
	{ mimeType: 'image/webp', extension: 'webp', test: (b) => b.length > 12 && b.toString('ascii', 0, 4) === 'RIFF' && b.toString('ascii', 8, 12) === 'WEBP' },
	{ mimeType: 'image/gif', extension: 'gif', test: (b) => b.length > 6 && b.toString('ascii', 0, 4) === 'GIF8' },
];

/** The real type of an image, from its first bytes: providers' content-type headers are not always right. */
export function sniffImage(bytes: Buffer): { mimeType: string; extension: string } | undefined {
	const match = SIGNATURES.find((signature) => signature.test(bytes));
	return match && { mimeType: match.mimeType, extension: match.extension };
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
	const prompt = String(ctx.getNodeParameter('prompt', itemIndex, '') ?? '').trim();
	if (!prompt) throw badInput(ctx, itemIndex, 'Prompt', 'is empty', 'Describe the image to generate, or map it from the input with an expression.');
	const options = readOptions(ctx, itemIndex);
	const image: ImageParameters = { prompt };
	const width = readDimension(scope, itemIndex, options, 'width', 'Width');
	const height = readDimension(scope, itemIndex, options, 'height', 'Height');
	if (width !== undefined) image.width = width;
	if (height !== undefined) image.height = height;
	const steps = readNumber(ctx, itemIndex, options, 'numInferenceSteps', 'Number of Inference Steps', { min: 1, max: 500, integer: true });
	if (steps !== undefined) image.numInferenceSteps = steps;
	const guidance = readNumber(ctx, itemIndex, options, 'guidanceScale', 'Guidance Scale', { min: 0 });
	if (guidance !== undefined) image.guidanceScale = guidance;
	const seed = readNumber(ctx, itemIndex, options, 'seed', 'Seed', { integer: true });
	if (seed !== undefined) image.seed = seed;
	const negativePrompt = String(options.negativePrompt ?? '').trim();
	if (negativePrompt) image.negativePrompt = negativePrompt;
	const binaryPropertyName = String(options.binaryPropertyName ?? 'data').trim();
	if (!binaryPropertyName) throw badInput(ctx, itemIndex, 'Binary Property', 'is empty', 'Name the binary property to write the image to, for example data.');
	return { itemIndex, model, provider, params: { image, binaryPropertyName } };
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
		const kind = sniffImage(generated.data);
		if (!kind) {
			throw new NodeOperationError(
				scope.ctx.getNode(),
				`${entry.provider} returned a file that is not an image (item ${item.itemIndex}, ${entry.provider} / ${item.model})`,
				{
					itemIndex: item.itemIndex,
					description: `Got ${generated.data.length} bytes${generated.mimeType ? ` announced as ${generated.mimeType}` : ''} that are not PNG, JPEG, WEBP or GIF. Try again, or pick another provider.`,
				},
			);
		}
		const binary = await scope.ctx.helpers.prepareBinaryData(generated.data, `image.${kind.extension}`, kind.mimeType);
		return [
			{
				json: {
					model: item.model,
					provider: entry.provider,
					providerModelId: entry.providerId,
					prompt: item.params.image.prompt,
					mimeType: kind.mimeType,
					fileSize: generated.data.length,
					latencyMs,
				},
				binary: { [item.params.binaryPropertyName]: binary },
				costUsd: null,
			},
		];
	},
};
