import { readRequiredText } from './readers';
import { classifyTextProperty, candidateLabelsProperty, hypothesisTemplateOption, multiLabelOption } from '../descriptions/textTasks';
import { badInput } from '../../shared/parameters';
import type { ZeroShotParameters } from '../../shared/providers/text-types';
import { prepareRouted, resolveTask, servedBy } from './routing';
import { TEXT_TASK_TIMEOUT_MS, rankedJson, readCandidateLabels, readTextOption } from './textTasks';
import type { OperationDescriptor } from './types';

export interface ZeroShotParams {
	text: string;
	hub: ZeroShotParameters;
}

export const zeroShotClassification: OperationDescriptor<ZeroShotParams> = {
	displayName: 'Classify Text Into Your Labels',
	description: 'Score a text against labels you choose, with no model training (zero-shot)',
	action: 'Classify text into your labels',
	hubTasks: ['zero-shot-classification'],
	parameters: [classifyTextProperty, candidateLabelsProperty],
	options: [hypothesisTemplateOption, multiLabelOption],
	timeoutMs: TEXT_TASK_TIMEOUT_MS,
	tooLarge: 'The text is longer than the model accepts. Split it into shorter pieces.',
	outputFields: ['label', 'score', 'labels', 'model', 'provider', 'providerModelId', 'latencyMs'],
	execute: {
		// One item per call: each item may have its own labels, and the clients send one text.
		prepareAllFirst: true,
		prepare: (scope, itemIndex) =>
			prepareRouted(scope, itemIndex, 'zero-shot classification', (options): ZeroShotParams => {
				const text = readRequiredText(scope, itemIndex, 'text', 'Text', 'Give the text to classify, or map it from the input with an expression such as {{ $json.text }}.');
				const hub: ZeroShotParameters = { candidateLabels: readCandidateLabels(scope, itemIndex) };
				if (options.multiLabel !== undefined) hub.multiLabel = options.multiLabel === true;
				const template = readTextOption(options, 'hypothesisTemplate');
				if (template !== undefined) {
					// The pipeline formats the template with each label: without {} it refuses the call.
					if (!template.includes('{}')) {
						throw badInput(scope.ctx, itemIndex, 'Hypothesis Template', `"${template}" has no {} for the label`, 'Write the sentence with {} where the label goes, for example: This message is about {}.');
					}
					hub.hypothesisTemplate = template;
				}
				return { text, hub };
			}),

		async run(scope, [item]) {
			const started = Date.now();
			const resolved = await resolveTask(scope, item, 'zero-shot-classification');
			const labels = await resolved.helper.classify(resolved.call, item.params.text, item.params.hub);
			return [{ json: { ...rankedJson(labels), ...servedBy(item, resolved), latencyMs: Date.now() - started }, costUsd: null }];
		},
	},
};
