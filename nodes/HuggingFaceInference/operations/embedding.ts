import { NodeOperationError } from 'n8n-workflow';

import type { ItemSuccess, Operation, PreparedItem } from './pipeline';
import { badInput, readModel, readNumber, readOptions, readProvider } from './parameters';
import { checkNamingProviderAndModel, rejectRoutingPolicy, resolveProvider } from './routing';
import { itemParameter } from '../../shared/nodeParameter';
import type { ExecutionScope } from './scope';

export interface EmbeddingParams {
	text: string;
	normalize: boolean;
	/** On unless turned off: one long chunk must not fail a batch job. */
	truncate: boolean;
}

export const DEFAULT_BATCH_SIZE = 32;

export const embeddingOperation: Operation<EmbeddingParams> = {
	prepareAllFirst: false,

	batchSize(scope: ExecutionScope): number {
		if (!scope.ctx.getInputData().length) return DEFAULT_BATCH_SIZE;
		const options = readOptions(scope.ctx, 0);
		return readNumber(scope.ctx, 0, options, 'batchSize', 'Batch Size', { min: 1, max: 2048, integer: true }) ?? DEFAULT_BATCH_SIZE;
	},

	batchKey(item: PreparedItem<EmbeddingParams>): string {
		return `${item.model}\u0000${item.provider}\u0000${item.params.normalize}\u0000${item.params.truncate}`;
	},

	prepare(scope: ExecutionScope, itemIndex: number): PreparedItem<EmbeddingParams> {
		const { ctx } = scope;
		const model = readModel(ctx, itemIndex);
		const provider = readProvider(ctx, itemIndex);
		return checkNamingProviderAndModel(scope, itemIndex, provider, model, () => {
			rejectRoutingPolicy(scope, itemIndex, provider, 'embeddings');
			const raw = itemParameter(ctx, 'text', itemIndex, '') as unknown;
			const text = raw === null || raw === undefined ? '' : typeof raw === 'string' ? raw : JSON.stringify(raw);
			if (!text.trim()) throw badInput(ctx, itemIndex, 'Text', 'is empty', 'Give the text to embed, or map it from the input with an expression such as {{ $json.text }}.');
			const options = readOptions(ctx, itemIndex);
			return { itemIndex, model, provider, params: { text, normalize: options.normalize === true, truncate: options.truncate !== false } };
		});
	},

	async run(scope: ExecutionScope, unit: Array<PreparedItem<EmbeddingParams>>): Promise<ItemSuccess[]> {
		const [first] = unit;
		const started = Date.now();
		const { module, entry, call } = await resolveProvider(scope, first, 'feature-extraction', (module) => !!module.featureExtraction);
		const vectors = await module.featureExtraction!.embed(
			call,
			unit.map((item) => item.params.text),
			{ normalize: first.params.normalize, truncate: first.params.truncate },
		);
		const latencyMs = Date.now() - started;
		if (vectors.length !== unit.length) {
			throw new NodeOperationError(
				scope.ctx.getNode(),
				`${entry.provider} answered ${vectors.length} vectors for ${unit.length} texts (${entry.provider} / ${first.model})`,
				{ itemIndex: first.itemIndex },
			);
		}
		return vectors.map((embedding) => ({
			json: {
				// dimensions first: n8n's table and JSON views show it before the long vector.
				dimensions: embedding.length,
				embedding,
				model: first.model,
				provider: entry.provider,
				providerModelId: entry.providerId,
				latencyMs,
			},
			costUsd: null,
		}));
	},
};
