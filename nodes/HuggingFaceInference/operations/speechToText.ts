import { pollIntervalOption } from '../descriptions/options';
import { inputBinaryProperty } from '../descriptions/parameters';
import type { MediaInput } from '../../shared/providers/types';
import { AUDIO_INPUT, openInputMedia, readInputMedia, referenceInputBinary, type MediaReference } from './media';
import { prepareRouted, resolveTask, servedBy } from './routing';
import type { OperationDescriptor } from './types';

export const speechToText: OperationDescriptor<MediaReference> = {
	displayName: 'Transcribe Audio',
	description: 'Turn speech in an audio file into text',
	action: 'Transcribe audio',
	hubTasks: ['automatic-speech-recognition'],
	parameters: [inputBinaryProperty],
	options: [pollIntervalOption],
	timeoutMs: 300_000,
	tooLarge: 'The recording is larger than the provider accepts. Send a shorter or more compressed recording (MP3 or OGG rather than WAV).',
	outputFields: ['text', 'model', 'provider', 'providerModelId', 'audioMimeType', 'audioFileSize', 'latencyMs'],
	execute: {
		prepareAllFirst: true,
		prepare: (scope, itemIndex) => prepareRouted(scope, itemIndex, 'speech to text', () => referenceInputBinary(scope, itemIndex, 'audio')),

		async run(scope, [item]) {
			const started = Date.now();
			const resolved = await resolveTask(scope, item, 'automatic-speech-recognition');
			const { helper, call } = resolved;
			// A provider that takes the raw file gets it as it is read from n8n's store, where n8n keeps it.
			const upload = helper.transcribeUpload ? await openInputMedia(scope, item.itemIndex, item.params, AUDIO_INPUT) : undefined;
			const audio = upload ?? (await readInputMedia(scope, item.itemIndex, item.params, AUDIO_INPUT));
			const transcript = upload && helper.transcribeUpload ? await helper.transcribeUpload(call, upload) : await helper.transcribe(call, audio as MediaInput);
			return [
				{
					json: {
						text: transcript.text,
						...(transcript.chunks ? { chunks: transcript.chunks } : {}),
						...servedBy(item, resolved),
						audioMimeType: audio.mimeType,
						audioFileSize: 'data' in audio ? audio.data.length : (audio.body.size ?? item.params.bytes),
						latencyMs: Date.now() - started,
					},
					costUsd: null,
				},
			];
		},
	},
};
