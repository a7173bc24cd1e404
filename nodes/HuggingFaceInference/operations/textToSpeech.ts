import { binaryPropertyNameOption, pollIntervalOption, voiceOption } from '../descriptions/options';
import { speechTextProperty } from '../descriptions/parameters';
import { AUDIO_OUTPUT, storeMedia } from './media';
import { readOutputProperty, readRequiredText } from './readers';
import { mappingProvidersHint, prepareRouted, resolveTask, servedBy } from './routing';
import type { OperationDescriptor } from './types';

export interface TextToSpeechParams {
	text: string;
	binaryPropertyName: string;
}

export const textToSpeech: OperationDescriptor<TextToSpeechParams> = {
	displayName: 'Text to Speech',
	description: 'Read a text aloud into an audio file',
	action: 'Convert text to speech',
	hubTasks: ['text-to-speech'],
	parameters: [speechTextProperty],
	options: [binaryPropertyNameOption, pollIntervalOption, voiceOption],
	timeoutMs: 300_000,
	tooLarge: 'The text is longer than the model accepts. Split it into shorter pieces.',
	providersHint: mappingProvidersHint('text-to-speech'),
	outputFields: ['model', 'provider', 'providerModelId', 'mimeType', 'fileSize', 'latencyMs'],
	outputsBinary: true,
	execute: {
		prepareAllFirst: true,
		prepare: (scope, itemIndex) =>
			prepareRouted(
				scope,
				itemIndex,
				'text to speech',
				(options): TextToSpeechParams => ({
					text: readRequiredText(scope, itemIndex, 'text', 'Text', 'Give the text to read aloud, or map it from the input with an expression such as {{ $json.text }}.'),
					binaryPropertyName: readOutputProperty(scope, itemIndex, options, 'audio'),
				}),
				(options) => ({ voice: String(options.voice ?? '').trim() || undefined }),
			),

		async run(scope, [item]) {
			const started = Date.now();
			const resolved = await resolveTask(scope, item, 'text-to-speech');
			const audio = await resolved.helper.speak(resolved.call, item.params.text);
			const latencyMs = Date.now() - started;
			const { binary, mimeType } = await storeMedia(scope, item.itemIndex, { provider: resolved.entry.provider, model: item.model }, audio, 'speech', AUDIO_OUTPUT);
			return [
				{
					json: { ...servedBy(item, resolved), mimeType, fileSize: audio.data.length, latencyMs },
					binary: { [item.params.binaryPropertyName]: binary },
					costUsd: null,
				},
			];
		},
	},
};
