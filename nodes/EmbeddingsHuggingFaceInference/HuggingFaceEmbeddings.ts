import { NodeConnectionTypes, NodeError, NodeOperationError, type ISupplyDataFunctions } from 'n8n-workflow';

import type { RouterCatalogue } from '../shared/catalogue/RouterCatalogue';
import { resolveServingProvider } from '../shared/providers/resolve';
import { EMBEDDINGS_HINTS, creditsExhaustedError, describeRoute, subNodeError } from '../shared/nodeErrors';
import type { ExecutionQuota } from '../shared/quotaMemory';
import { QuotaExhaustedError } from '../shared/transport/errors';
import type { RouterTransport } from '../shared/transport/RouterTransport';

export interface EmbeddingsSettings {
	/** Hub model id. */
	model: string;
	/** An embedding provider id, or `auto` for the first live one that serves the model. */
	provider: string;
	batchSize: number;
	/** Undefined when the user did not set it: the provider's default applies (hf-inference normalizes). */
	normalize?: boolean;
	/** Cut texts longer than the model takes instead of refusing them. */
	truncate: boolean;
	pollIntervalMs: number;
}

/** Splits texts into batches of at most `size`, in order. */
export function inBatches<T>(values: T[], size: number): T[][] {
	const batches: T[][] = [];
	for (let start = 0; start < values.length; start += size) batches.push(values.slice(start, start + size));
	return batches;
}

/**
 * Embeddings for n8n's vector stores (`embedDocuments`, `embedQuery`), on the same provider
 * modules and transport as the node's Create Embedding: the Hub's provider mapping picks the
 * provider, the texts go out in batches (side by side, bounded by the transport's limiter), and
 * each call is logged on the sub-node's run data as n8n's own embeddings nodes log theirs.
 */
export class HuggingFaceEmbeddings {
	constructor(
		private readonly ctx: ISupplyDataFunctions,
		private readonly transport: RouterTransport,
		private readonly catalogue: RouterCatalogue,
		private readonly quota: ExecutionQuota,
		private readonly settings: EmbeddingsSettings,
	) {}

	async embedDocuments(documents: string[]): Promise<number[][]> {
		return await this.logged({ documents }, async () => await this.embed(documents));
	}

	async embedQuery(query: string): Promise<number[]> {
		return await this.logged({ query }, async () => (await this.embed([query]))[0]);
	}

	private async logged<T extends number[] | number[][]>(input: { documents: string[] } | { query: string }, run: () => Promise<T>): Promise<T> {
		const { index } = this.ctx.addInputData(NodeConnectionTypes.AiEmbedding, [[{ json: input }]]);
		try {
			const response = await run();
			this.ctx.addOutputData(NodeConnectionTypes.AiEmbedding, index, [[{ json: { response } }]]);
			return response;
		} catch (error) {
			if (error instanceof QuotaExhaustedError) this.quota.remember(error.message);
			const failure = subNodeError(this.ctx.getNode(), error, this.settings, EMBEDDINGS_HINTS);
			const logged = failure instanceof NodeError ? failure : new NodeOperationError(this.ctx.getNode(), failure);
			this.ctx.addOutputData(NodeConnectionTypes.AiEmbedding, index, logged);
			throw logged;
		}
	}

	private async embed(texts: string[]): Promise<number[][]> {
		if (!texts.length) return [];
		const empty = texts.findIndex((text) => typeof text !== 'string' || !text.trim());
		if (empty !== -1) {
			throw new NodeOperationError(this.ctx.getNode(), `Text ${empty + 1} of ${texts.length} to embed is empty (${describeRoute(this.settings)})`, {
				description: 'Every document and query needs some text. Check the documents given to the vector store (for example with a Default Data Loader).',
			});
		}
		const exhausted = this.quota.refusal();
		if (exhausted) throw creditsExhaustedError(this.ctx.getNode(), exhausted, this.settings, true);
		const { helper, entry, call } = await resolveServingProvider(
			{ node: this.ctx.getNode(), catalogue: this.catalogue, transport: this.transport, pollIntervalMs: this.settings.pollIntervalMs },
			{ model: this.settings.model, provider: this.settings.provider },
			'feature-extraction',
		);
		const batches = inBatches(texts, this.settings.batchSize);
		const vectors = await Promise.all(
			batches.map(async (batch) =>
				// Each batch gets the whole timeout: they wait for the limiter side by side.
				await helper.embed({ ...call, deadline: this.transport.deadline() }, batch, { normalize: this.settings.normalize, truncate: this.settings.truncate }),
			),
		);
		const all = vectors.flat();
		if (all.length !== texts.length) {
			throw new NodeOperationError(this.ctx.getNode(), `${entry.provider} answered ${all.length} vectors for ${texts.length} texts (${entry.provider} / ${this.settings.model})`);
		}
		return all;
	}
}
