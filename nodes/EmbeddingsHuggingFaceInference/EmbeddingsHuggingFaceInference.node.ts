import {
	NodeConnectionTypes,
	type INodeType,
	type INodeTypeDescription,
	type ISupplyDataFunctions,
	type SupplyData,
} from 'n8n-workflow';

import { RouterCatalogue } from '../shared/catalogue/RouterCatalogue';
import { batchSizeOption, maxRetriesOption, modelLocatorProperty, normalizeOption, timeoutOption, truncateOption } from '../shared/descriptions';
import { getEmbeddingProviders, searchEmbeddingModels } from '../shared/methods/listSearch';
import { ROUTING_POLICIES, badInput, readModel, readNumber, readOptions, readProvider } from '../shared/parameters';
import { subNodeTransport } from '../shared/subNodeTransport';
import { HuggingFaceEmbeddings } from './HuggingFaceEmbeddings';

const DEFAULT_BATCH_SIZE = batchSizeOption.default as number;
/** Batches in flight at once: a vector store inserts its documents in one call, so a fixed, small level bounds the burst. */
const BATCHES_IN_FLIGHT = 4;

export class EmbeddingsHuggingFaceInference implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Hugging Face Inference Embeddings',
		name: 'embeddingsHuggingFaceInference',
		icon: { light: 'file:huggingface.svg', dark: 'file:huggingface.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{($parameter["model"].value || $parameter["model"] || "") + " (" + $parameter["provider"] + ")"}}',
		description: 'Embeddings served by Hugging Face Inference Providers, for vector stores',
		defaults: { name: 'Hugging Face Inference Embeddings' },
		inputs: [],
		outputs: [NodeConnectionTypes.AiEmbedding],
		outputNames: ['Embeddings'],
		credentials: [{ name: 'huggingFaceInferenceApi', required: true }],
		properties: [
			modelLocatorProperty('searchEmbeddingModels', 'sentence-transformers/all-MiniLM-L6-v2'),
			{
				displayName: 'Provider Name or ID',
				name: 'provider',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getEmbeddingProviders', loadOptionsDependsOn: ['model.value'] },
				default: 'auto',
				description:
					'Which Inference Provider computes the embeddings. Auto takes the first live provider that serves the model. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [batchSizeOption, maxRetriesOption, normalizeOption, timeoutOption, truncateOption],
			},
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
