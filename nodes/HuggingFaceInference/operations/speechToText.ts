import type { ItemSuccess, Operation, PreparedItem } from './pipeline';
import type { MediaInput } from '../../shared/providers/types';
import { AUDIO_INPUT, openInputMedia, readInputMedia, referenceInputBinary, type MediaReference } from './media';
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
		const task = module.automaticSpeechRecognition!;
		// A provider that takes the raw file gets it as it is read from n8n's store, where n8n keeps it.
		const upload = task.transcribeUpload ? await openInputMedia(scope, item.itemIndex, item.params, AUDIO_INPUT) : undefined;
		const audio = upload ?? (await readInputMedia(scope, item.itemIndex, item.params, AUDIO_INPUT));
		const transcript = upload ? await task.transcribeUpload!(call, upload) : await task.transcribe(call, audio as MediaInput);
		return [
			{
				json: {
					text: transcript.text,
					...(transcript.chunks ? { chunks: transcript.chunks } : {}),
					model: item.model,
					provider: entry.provider,
					providerModelId: entry.providerId,
					audioMimeType: audio.mimeType,
					audioFileSize: 'data' in audio ? audio.data.length : (audio.body.size ?? item.params.bytes),
					latencyMs: Date.now() - started,
				},
				costUsd: null,
			},
		];
	},
};
