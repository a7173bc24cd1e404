import { binaryPropertyNameOption, pollIntervalOption, voiceOption } from '../descriptions/options';
import { speechTextProperty } from '../descriptions/parameters';
import { fileSuccess } from './fileOutput';
import { AUDIO_OUTPUT } from './media';
import { readOutputProperty, readRequiredText } from './readers';
import { prepareRouted, resolveTask } from './routing';
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
	outputFields: ['model', 'provider', 'providerModelId', 'mimeType', 'fileSize', 'latencyMs'],
	outputsBinary: true,
	execute: {
		prepareAllFirst: true,
		prepare: (scope, itemIndex) =>
			prepareRouted(scope, itemIndex, 'text to speech', (options): TextToSpeechParams => ({
				text: readRequiredText(scope, itemIndex, 'text', 'Text', 'Give the text to read aloud, or map it from the input with an expression such as {{ $json.text }}.'),
				binaryPropertyName: readOutputProperty(scope, itemIndex, options, 'audio'),
			}), (options) => ({ voice: String(options.voice ?? '').trim() || undefined })),

		async run(scope, [item]) {
			const started = Date.now();
			const resolved = await resolveTask(scope, item, 'text-to-speech');
			const file = await resolved.helper.speak(resolved.call, item.params.text);
			return await fileSuccess(scope, item, resolved, { file, started, fileBase: 'speech', kind: AUDIO_OUTPUT, property: item.params.binaryPropertyName });
		},
	},
};
