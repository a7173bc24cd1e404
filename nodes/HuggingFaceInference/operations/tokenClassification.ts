import { batchSizeOption } from '../../shared/descriptions';
import { badInput } from '../../shared/parameters';
import type { AggregationStrategy } from '../../shared/providers/text-types';
import { aggregationStrategyOption, entityTextProperty } from '../descriptions/textTasks';
import { readRequiredText } from './readers';
import { prepareRouted, resolveTask, servedBy } from './routing';
import { TEXT_TASK_TIMEOUT_MS, checkCount, entitiesJson, readBatchSize } from './textTasks';
import type { OperationDescriptor } from './types';

export interface TokenClassificationParams {
	text: string;
	/** Unset: not sent (the API's default is simple, the option's default). */
	aggregationStrategy: AggregationStrategy | undefined;
}

const STRATEGIES: readonly AggregationStrategy[] = ['none', 'simple', 'first', 'average', 'max'];

export const tokenClassification: OperationDescriptor<TokenClassificationParams> = {
	displayName: 'Find Entities in Text',
	description: 'Find the names of people, organizations and places in a text (token classification)',
	action: 'Find entities in text',
	hubTasks: ['token-classification'],
	parameters: [entityTextProperty],
	options: [aggregationStrategyOption, batchSizeOption],
	timeoutMs: TEXT_TASK_TIMEOUT_MS,
	tooLarge: 'The texts are longer than the model accepts. Split long texts into shorter pieces, or send fewer texts per request with Batch Size.',
	outputFields: ['entities', 'model', 'provider', 'providerModelId', 'latencyMs'],
	execute: {
		prepareAllFirst: true,
		// hf-inference's pipeline takes a list of texts and answers one list of entities per text.
		batchSize: readBatchSize,
		batchKey: (item) => `${item.model}\u0000${item.provider}\u0000${item.params.aggregationStrategy ?? ''}`,

		prepare: (scope, itemIndex) =>
			prepareRouted(scope, itemIndex, 'token classification', (options): TokenClassificationParams => {
				const text = readRequiredText(scope, itemIndex, 'text', 'Text', 'Give the text to find entities in, or map it from the input with an expression such as {{ $json.text }}.');
				const raw = options.aggregationStrategy;
				if (raw === undefined || raw === null || raw === '') return { text, aggregationStrategy: undefined };
				const strategy = String(raw).trim().toLowerCase() as AggregationStrategy;
				if (!STRATEGIES.includes(strategy)) {
					throw badInput(scope.ctx, itemIndex, 'Aggregation Strategy', `"${String(raw)}" is not one of ${STRATEGIES.join(', ')}`, 'Pick a strategy from the list; simple suits most models.');
				}
				return { text, aggregationStrategy: strategy };
			}),

		async run(scope, unit) {
			const [first] = unit;
			const started = Date.now();
			const resolved = await resolveTask(scope, first, 'token-classification');
			const perText = await resolved.helper.tag(resolved.call, unit.map((item) => item.params.text), { aggregationStrategy: first.params.aggregationStrategy });
			const latencyMs = Date.now() - started;
			checkCount(scope, unit, resolved.entry.provider, perText, 'lists of entities');
			return perText.map((tagged, index) => ({
				json: { entities: entitiesJson(unit[index].params.text, tagged), ...servedBy(first, resolved), latencyMs },
				costUsd: null,
			}));
		},
	},
};
