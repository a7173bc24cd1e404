import type { VideoParameters } from '../../shared/providers/types';
import { readDiffusionOptions, readOutputProperty } from './image';
import { VIDEO_OUTPUT, storeMedia } from './media';
import type { ItemSuccess, Operation, PreparedItem } from './pipeline';
import { badInput, readModel, readOptions, readProvider } from './parameters';
import { checkNamingProviderAndModel, rejectRoutingPolicy, resolveProvider } from './routing';
import { itemParameter } from '../../shared/nodeParameter';
import type { ExecutionScope } from './scope';

export interface TextToVideoParams {
	video: VideoParameters;
	binaryPropertyName: string;
}

/** Text to video: the prompt and the options it shares with images; a clip takes minutes (its own default timeout). */
export const textToVideoOperation: Operation<TextToVideoParams> = {
	prepareAllFirst: true,

	prepare(scope: ExecutionScope, itemIndex: number): PreparedItem<TextToVideoParams> {
		const { ctx } = scope;
		const model = readModel(ctx, itemIndex);
		const provider = readProvider(ctx, itemIndex);
		return checkNamingProviderAndModel(scope, itemIndex, provider, model, () => {
			rejectRoutingPolicy(scope, itemIndex, provider, 'text to video');
			const prompt = String(itemParameter(ctx, 'prompt', itemIndex, '') ?? '').trim();
			if (!prompt) throw badInput(ctx, itemIndex, 'Prompt', 'is empty', 'Describe the clip to generate, or map it from the input with an expression.');
			const options = readOptions(ctx, itemIndex);
			const video: VideoParameters = { prompt, ...readDiffusionOptions(scope, itemIndex, options) };
			return { itemIndex, model, provider, params: { video, binaryPropertyName: readOutputProperty(scope, itemIndex, options, 'video') } };
		});
	},

	async run(scope: ExecutionScope, unit: Array<PreparedItem<TextToVideoParams>>): Promise<ItemSuccess[]> {
		const [item] = unit;
		const started = Date.now();
		const { module, entry, call } = await resolveProvider(scope, item, 'text-to-video', (module) => !!module.textToVideo);
		const video = await module.textToVideo!.generate(call, item.params.video);
		const latencyMs = Date.now() - started;
		const { binary, mimeType } = await storeMedia(scope, item.itemIndex, { provider: entry.provider, model: item.model }, video, 'video', VIDEO_OUTPUT);
		return [
			{
				json: {
					model: item.model,
					provider: entry.provider,
					providerModelId: entry.providerId,
					prompt: item.params.video.prompt,
					mimeType,
					fileSize: video.data.length,
					latencyMs,
				},
				binary: { [item.params.binaryPropertyName]: binary },
				costUsd: null,
			},
		];
	},
};
