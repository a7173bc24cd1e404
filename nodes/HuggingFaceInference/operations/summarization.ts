import { summarizeTextProperty } from '../descriptions/textTasks';
import { readRequiredText } from './readers';
import { prepareRouted, resolveTask, servedBy } from './routing';
import { TEXT_TASK_TIMEOUT_MS } from './textTasks';
import type { OperationDescriptor } from './types';

export interface SummarizationParams {
	text: string;
}

export const summarization: OperationDescriptor<SummarizationParams> = {
	displayName: 'Summarize Text',
	description: 'Write a short summary of a longer text',
	action: 'Summarize text',
	hubTasks: ['summarization'],
	parameters: [summarizeTextProperty],
	options: [],
	timeoutMs: TEXT_TASK_TIMEOUT_MS,
	tooLarge: 'The text is longer than the model accepts. Summarize it in parts (for example one per section), then summarize the summaries.',
	outputFields: ['summary', 'model', 'provider', 'providerModelId', 'latencyMs'],
	execute: {
		// One text per call, as the clients send it (the task spec takes a string).
		prepareAllFirst: true,
		prepare: (scope, itemIndex) =>
			prepareRouted(scope, itemIndex, 'summarization', (): SummarizationParams => ({
				text: readRequiredText(scope, itemIndex, 'text', 'Text', 'Give the text to summarize, or map it from the input with an expression such as {{ $json.text }}.'),
			})),

		async run(scope, [item]) {
			const started = Date.now();
			const resolved = await resolveTask(scope, item, 'summarization');
			const summary = await resolved.helper.summarize(resolved.call, item.params.text);
			return [{ json: { summary, ...servedBy(item, resolved), latencyMs: Date.now() - started }, costUsd: null }];
		},
	},
};
