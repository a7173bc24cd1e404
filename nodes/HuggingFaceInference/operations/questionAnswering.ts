import { contextProperty, questionProperty } from '../descriptions/textTasks';
import { readRequiredText } from './readers';
import { prepareRouted, resolveTask, servedBy } from './routing';
import { TEXT_TASK_TIMEOUT_MS } from './textTasks';
import type { OperationDescriptor } from './types';

export interface QuestionAnsweringParams {
	question: string;
	context: string;
}

export const questionAnswering: OperationDescriptor<QuestionAnsweringParams> = {
	displayName: 'Answer Question From Text',
	description: 'Find the answer to a question in a text you give (extractive question answering)',
	action: 'Answer a question from a text',
	hubTasks: ['question-answering'],
	parameters: [questionProperty, contextProperty],
	options: [],
	timeoutMs: TEXT_TASK_TIMEOUT_MS,
	tooLarge: 'The context is longer than the model accepts. Give only the part of the text that holds the answer.',
	outputFields: ['answer', 'score', 'start', 'end', 'model', 'provider', 'providerModelId', 'latencyMs'],
	execute: {
		// One question per call, as the clients send it (`inputs: {question, context}`).
		prepareAllFirst: true,
		prepare: (scope, itemIndex) =>
			prepareRouted(scope, itemIndex, 'question answering', (): QuestionAnsweringParams => ({
				question: readRequiredText(scope, itemIndex, 'question', 'Question', 'Give the question to answer, or map it from the input with an expression such as {{ $json.question }}.'),
				context: readRequiredText(scope, itemIndex, 'context', 'Context', 'Give the text that holds the answer, or map it from the input with an expression such as {{ $json.context }}.'),
			})),

		async run(scope, [item]) {
			const started = Date.now();
			const resolved = await resolveTask(scope, item, 'question-answering');
			const found = await resolved.helper.answer(resolved.call, item.params.question, item.params.context);
			return [{ json: { answer: found.answer, score: found.score, start: found.start, end: found.end, ...servedBy(item, resolved), latencyMs: Date.now() - started }, costUsd: null }];
		},
	},
};
