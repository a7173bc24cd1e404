import type { INodeProperties } from 'n8n-workflow';

import type { ImageEditParameters } from '../../shared/providers/types';
import { readDiffusionOptions, readOutputProperty } from './image';
import { IMAGE_INPUT, readInputMedia, referenceInputBinary, storeImage, type MediaReference } from './media';
import type { ItemSuccess, Operation, PreparedItem } from './pipeline';
import { readModel, readOptions, readProvider } from './parameters';
import { checkNamingProviderAndModel, rejectRoutingPolicy, resolveProvider } from './routing';
import { itemParameter } from '../../shared/nodeParameter';
import type { ExecutionScope } from './scope';

/** Parameter names are part of the public contract (saved workflows refer to them): add, never rename. */
export const imageToImagePromptProperty: INodeProperties = {
	displayName: 'Prompt',
	name: 'prompt',
	type: 'string',
	typeOptions: { rows: 3 },
	default: '',
	placeholder: 'e.g. Make the sky a golden sunset',
	description: 'What to change in the picture. Some models (upscalers, restorers) need none.',
	displayOptions: { show: { operation: ['imageToImage'] } },
};

export interface ImageToImageParams {
	input: MediaReference;
	edit: ImageEditParameters;
	binaryPropertyName: string;
}

/** `photo.jpg` -> `photo-edited`, so that the output file says what it came from. */
function editedName(fileName: string | undefined): string {
	const base = (fileName ?? '').replace(/\.[^.]*$/, '').trim();
	return base ? `${base}-edited` : 'image';
}

export const imageToImageOperation: Operation<ImageToImageParams> = {
	prepareAllFirst: true,

	prepare(scope: ExecutionScope, itemIndex: number): PreparedItem<ImageToImageParams> {
		const { ctx } = scope;
		const model = readModel(ctx, itemIndex);
		const provider = readProvider(ctx, itemIndex);
		return checkNamingProviderAndModel(scope, itemIndex, provider, model, () => {
			rejectRoutingPolicy(scope, itemIndex, provider, 'image to image');
			const input = referenceInputBinary(scope, itemIndex, 'picture');
			const options = readOptions(ctx, itemIndex);
			const prompt = String(itemParameter(ctx, 'prompt', itemIndex, '') ?? '').trim();
			const edit: ImageEditParameters = { ...(prompt ? { prompt } : {}), ...readDiffusionOptions(scope, itemIndex, options) };
			return { itemIndex, model, provider, params: { input, edit, binaryPropertyName: readOutputProperty(scope, itemIndex, options, 'image') } };
		});
	},

	async run(scope: ExecutionScope, unit: Array<PreparedItem<ImageToImageParams>>): Promise<ItemSuccess[]> {
		const [item] = unit;
		const started = Date.now();
		const { module, entry, call } = await resolveProvider(scope, item, 'image-to-image', (module) => !!module.imageToImage);
		const input = await readInputMedia(scope, item.itemIndex, item.params.input, IMAGE_INPUT);
		const generated = await module.imageToImage!.edit(call, input, item.params.edit);
		const latencyMs = Date.now() - started;
		const where = { provider: entry.provider, model: item.model };
		const { binary, mimeType, size } = await storeImage(scope, item.itemIndex, where, generated, editedName(item.params.input.fileName));
		return [
			{
				json: {
					model: item.model,
					provider: entry.provider,
					providerModelId: entry.providerId,
					...(item.params.edit.prompt ? { prompt: item.params.edit.prompt } : {}),
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
