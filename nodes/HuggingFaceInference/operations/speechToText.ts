import type { ItemSuccess, Operation, PreparedItem } from './pipeline';
import { AUDIO_INPUT, readInputMedia, referenceInputBinary, type MediaReference } from './media';
import { readModel, readProvider } from './parameters';
import { checkNamingProviderAndModel, rejectRoutingPolicy, resolveProvider } from './routing';
import type { ExecutionScope } from './scope';

export const speechToTextOperation: Operation<MediaReference> = {
	prepareAllFirst: true,

	prepare(scope: ExecutionScope, itemIndex: number): PreparedItem<MediaReference> {
		const model = readModel(scope.ctx, itemIndex);
		const provider = readProvider(scope.ctx, itemIndex);
		return checkNamingProviderAndModel(scope, itemIndex, provider, model, () => {
			rejectRoutingPolicy(scope, itemIndex, provider, 'speech to text');
			return { itemIndex, model, provider, params: referenceInputBinary(scope, itemIndex, 'audio') };
		});
	},

	async run(scope: ExecutionScope, unit: Array<PreparedItem<MediaReference>>): Promise<ItemSuccess[]> {
		const [item] = unit;
		const started = Date.now();
		const { module, entry, call } = await resolveProvider(scope, item, 'automatic-speech-recognition', (module) => !!module.automaticSpeechRecognition);
		const audio = await readInputMedia(scope, item.itemIndex, item.params, AUDIO_INPUT);
		const transcript = await module.automaticSpeechRecognition!.transcribe(call, audio);
		return [
			{
				json: {
					text: transcript.text,
					...(transcript.chunks ? { chunks: transcript.chunks } : {}),
					model: item.model,
					provider: entry.provider,
					providerModelId: entry.providerId,
					audioMimeType: audio.mimeType,
					audioFileSize: audio.data.length,
					latencyMs: Date.now() - started,
				},
				costUsd: null,
			},
		];
	},
};
