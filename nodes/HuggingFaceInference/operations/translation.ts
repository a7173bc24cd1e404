import type { TranslationParameters } from '../../shared/providers/text-types';
import { sourceLanguageOption, targetLanguageOption, translateTextProperty } from '../descriptions/textTasks';
import { readRequiredText } from './readers';
import { prepareRouted, resolveTask, servedBy } from './routing';
import { TEXT_TASK_TIMEOUT_MS, readTextOption } from './textTasks';
import type { OperationDescriptor } from './types';

export interface TranslationParams {
	text: string;
	languages: TranslationParameters;
}

export const translation: OperationDescriptor<TranslationParams> = {
	displayName: 'Translate Text',
	description: 'Translate a text into another language',
	action: 'Translate text',
	hubTasks: ['translation'],
	parameters: [translateTextProperty],
	options: [sourceLanguageOption, targetLanguageOption],
	timeoutMs: TEXT_TASK_TIMEOUT_MS,
	tooLarge: 'The text is longer than the model accepts. Split it into shorter pieces (paragraphs or sentences).',
	outputFields: ['translation', 'model', 'provider', 'providerModelId', 'latencyMs'],
	execute: {
		// One text per call, as the clients send it (the task spec takes a string).
		prepareAllFirst: true,
		prepare: (scope, itemIndex) =>
			prepareRouted(scope, itemIndex, 'translation', (options): TranslationParams => {
				const languages: TranslationParameters = {};
				const sourceLanguage = readTextOption(options, 'sourceLanguage');
				const targetLanguage = readTextOption(options, 'targetLanguage');
				if (sourceLanguage) languages.sourceLanguage = sourceLanguage;
				if (targetLanguage) languages.targetLanguage = targetLanguage;
				return {
					text: readRequiredText(scope, itemIndex, 'text', 'Text', 'Give the text to translate, or map it from the input with an expression such as {{ $json.text }}.'),
					languages,
				};
			}),

		async run(scope, [item]) {
			const started = Date.now();
			const resolved = await resolveTask(scope, item, 'translation');
			const translated = await resolved.helper.translate(resolved.call, item.params.text, item.params.languages);
			return [{ json: { translation: translated, ...servedBy(item, resolved), latencyMs: Date.now() - started }, costUsd: null }];
		},
	},
};
