import { NodeOperationError } from 'n8n-workflow';

import { batchSizeOption, normalizeOption, truncateOption } from '../../shared/descriptions';
import { TEXT_TOO_LONG } from '../../shared/failureHints';
import { readNumber, readOptions } from '../../shared/parameters';
import { embeddingTextProperty } from '../descriptions/parameters';
import { readRequiredText } from './readers';
import { prepareRouted, resolveTask, servedBy } from './routing';
import type { OperationDescriptor } from './types';

export interface EmbeddingParams {
	text: string;
	/** Unset: sent as the official clients send it, not at all (the server's own default applies). */
	normalize: boolean | undefined;
	/** On unless turned off: one long chunk must not fail a batch job. */
	truncate: boolean;
}

export const DEFAULT_BATCH_SIZE = 32;

export const embedding: OperationDescriptor<EmbeddingParams> = {
	displayName: 'Create Embedding',
	description: 'Turn text into a vector',
	action: 'Create an embedding',
	hubTasks: ['feature-extraction'],
	// Sentence-embedding models are tagged sentence-similarity on the Hub, though providers serve
	// them for feature-extraction.
	pickerTags: ['feature-extraction', 'sentence-similarity'],
	parameters: [embeddingTextProperty],
	options: [batchSizeOption, normalizeOption, truncateOption],
	timeoutMs: 120_000,
	tooLarge: TEXT_TOO_LONG,
	outputFields: ['dimensions', 'embedding', 'model', 'provider', 'providerModelId', 'latencyMs'],
	execute: {
		prepareAllFirst: false,

		batchSize(scope) {
			if (!scope.ctx.getInputData().length) return DEFAULT_BATCH_SIZE;
			const options = readOptions(scope.ctx, 0);
			return readNumber(scope.ctx, 0, options, 'batchSize', 'Batch Size', { min: 1, max: 2048, integer: true }) ?? DEFAULT_BATCH_SIZE;
		},

		batchKey: (item) => `${item.model}\u0000${item.provider}\u0000${String(item.params.normalize)}\u0000${item.params.truncate}\u0000${JSON.stringify(item.extra ?? {})}`,

		prepare: (scope, itemIndex) =>
			prepareRouted(scope, itemIndex, 'embeddings', (options): EmbeddingParams => ({
				text: readRequiredText(scope, itemIndex, 'text', 'Text', 'Give the text to embed, or map it from the input with an expression such as {{ $json.text }}.'),
				normalize: options.normalize === undefined ? undefined : options.normalize === true,
				truncate: options.truncate !== false,
			})),

		async run(scope, unit) {
			const [first] = unit;
			const started = Date.now();
			const resolved = await resolveTask(scope, first, 'feature-extraction');
			const { normalize, truncate } = first.params;
			const vectors = await resolved.helper.embed(
				resolved.call,
				unit.map((item) => item.params.text),
				{ ...(normalize === undefined ? {} : { normalize }), truncate },
			);
			const latencyMs = Date.now() - started;
			if (vectors.length !== unit.length) {
				throw new NodeOperationError(
					scope.ctx.getNode(),
					`${resolved.entry.provider} answered ${vectors.length} vectors for ${unit.length} texts (${resolved.entry.provider} / ${first.model})`,
					{ itemIndex: first.itemIndex },
				);
			}
			// dimensions first: n8n's table and JSON views show it before the long vector.
			return vectors.map((vector) => ({ json: { dimensions: vector.length, embedding: vector, ...servedBy(first, resolved), latencyMs }, costUsd: null }));
		},
	},
};
