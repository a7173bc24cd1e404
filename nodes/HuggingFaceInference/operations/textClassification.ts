import { batchSizeOption } from '../../shared/descriptions';
import { readNumber } from '../../shared/parameters';
import { classifyTextProperty, topKOption } from '../descriptions/textTasks';
import { readRequiredText } from './readers';
import { prepareRouted, resolveTask, servedBy } from './routing';
import { TEXT_TASK_TIMEOUT_MS, checkCount, rankedJson, readBatchSize } from './textTasks';
import type { OperationDescriptor } from './types';

export interface TextClassificationParams {
	text: string;
	/** Unset: not sent for one text (the API's own ranking length). */
	topK: number | undefined;
}

export const textClassification: OperationDescriptor<TextClassificationParams> = {
	displayName: 'Classify Text',
	description: 'Sort a text into the classes the model was trained on, such as sentiment or language',
	action: 'Classify text',
	hubTasks: ['text-classification'],
	parameters: [classifyTextProperty],
	options: [batchSizeOption, topKOption],
	timeoutMs: TEXT_TASK_TIMEOUT_MS,
	tooLarge: 'The texts are longer than the model accepts. Split long texts into shorter pieces, or send fewer texts per request with Batch Size.',
	outputFields: ['label', 'score', 'labels', 'model', 'provider', 'providerModelId', 'latencyMs'],
	execute: {
		prepareAllFirst: true,
		// hf-inference's pipeline takes a list of texts and answers one ranking per text.
		batchSize: readBatchSize,
		batchKey: (item) => `${item.model}\u0000${item.provider}\u0000${item.params.topK ?? ''}`,

		prepare: (scope, itemIndex) =>
			prepareRouted(scope, itemIndex, 'text classification', (options): TextClassificationParams => ({
				text: readRequiredText(scope, itemIndex, 'text', 'Text', 'Give the text to classify, or map it from the input with an expression such as {{ $json.text }}.'),
				topK: readNumber(scope.ctx, itemIndex, options, 'topK', 'Top K', { min: 1, integer: true }),
			})),

		async run(scope, unit) {
			const [first] = unit;
			const started = Date.now();
			const resolved = await resolveTask(scope, first, 'text-classification');
			const { topK } = first.params;
			const rankings = await resolved.helper.classify(resolved.call, unit.map((item) => item.params.text), { topK });
			const latencyMs = Date.now() - started;
			checkCount(scope, unit, resolved.entry.provider, rankings, 'rankings');
			return rankings.map((labels) => {
				const json = rankedJson(labels);
				// A pipeline called without the API's reshaping may give every class: Top K still holds.
				if (topK !== undefined) json.labels = (json.labels as unknown[]).slice(0, topK);
				return { json: { ...json, ...servedBy(first, resolved), latencyMs }, costUsd: null };
			});
		},
	},
};
