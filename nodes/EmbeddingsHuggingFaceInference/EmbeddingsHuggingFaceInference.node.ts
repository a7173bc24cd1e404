import {
	NodeConnectionTypes,
	type INodeType,
	type INodeTypeDescription,
	type ISupplyDataFunctions,
	type SupplyData,
} from 'n8n-workflow';

import { RouterCatalogue } from '../shared/catalogue/RouterCatalogue';
import {
	batchSizeOption,
	embeddingProviderParameter,
	maxRetriesOption,
	modelLocatorProperty,
	normalizeOption,
	optionsCollection,
	timeoutOption,
	truncateOption,
} from '../shared/descriptions';
import { getEmbeddingProviders, searchEmbeddingModels } from '../shared/methods/listSearch';
import { ROUTING_POLICIES, badInput, readModel, readNumber, readOptions, readProvider } from '../shared/parameters';
import { SUB_NODE_SUBTITLE, subNodeDescription } from '../shared/subNodeDescription';
import { subNodeTransport } from '../shared/subNodeTransport';
import { HuggingFaceEmbeddings } from './HuggingFaceEmbeddings';

const DEFAULT_BATCH_SIZE = batchSizeOption.default as number;
/** Batches in flight at once: a vector store inserts its documents in one call, so a fixed, small level bounds the burst. */
const BATCHES_IN_FLIGHT = 4;

export class EmbeddingsHuggingFaceInference implements INodeType {
	description: INodeTypeDescription = {
		...subNodeDescription({
			displayName: 'Hugging Face Inference Embeddings',
			name: 'embeddingsHuggingFaceInference',
			description: 'Embeddings served by Hugging Face Inference Providers, for vector stores',
		}),
		icon: { light: 'file:huggingface.svg', dark: 'file:huggingface.dark.svg' },
		subtitle: SUB_NODE_SUBTITLE,
		inputs: [],
		outputs: [NodeConnectionTypes.AiEmbedding],
		outputNames: ['Embeddings'],
		properties: [
			modelLocatorProperty('searchEmbeddingModels', 'sentence-transformers/all-MiniLM-L6-v2'),
			embeddingProviderParameter,
			optionsCollection([batchSizeOption, maxRetriesOption, normalizeOption, timeoutOption, truncateOption]),
		],
	};

	methods = {
		listSearch: { searchEmbeddingModels },
		loadOptions: { getEmbeddingProviders },
	};

	async supplyData(this: ISupplyDataFunctions, itemIndex: number): Promise<SupplyData> {
		const model = readModel(this, itemIndex);
		const provider = readProvider(this, itemIndex);
		if ((ROUTING_POLICIES as readonly string[]).includes(provider)) {
			throw badInput(
				this,
				itemIndex,
				'Provider',
				`"${provider}" is a chat routing policy and does not apply to embeddings`,
				'Use auto, or pick a provider that serves the model (for example hf-inference, together, deepinfra or scaleway).',
			);
		}
		const options = readOptions(this, itemIndex);
		// Batches go out side by side, up to four at once; once one meets a 402, the others send nothing more.
		const { transport, quota } = await subNodeTransport(this, itemIndex, options, BATCHES_IN_FLIGHT);
		const embeddings = new HuggingFaceEmbeddings(this, transport, new RouterCatalogue(transport), quota, {
			model,
			provider,
			batchSize: readNumber(this, itemIndex, options, 'batchSize', 'Batch Size', { min: 1, max: 2048, integer: true }) ?? DEFAULT_BATCH_SIZE,
			normalize: typeof options.normalize === 'boolean' ? options.normalize : undefined,
			truncate: options.truncate !== false,
			pollIntervalMs: 1000,
		});
		return { response: embeddings };
	}
}
