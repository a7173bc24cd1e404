import type { INodeProperties } from 'n8n-workflow';

/**
 * Parameter descriptions the node and its sub-nodes share. Names are part of the public contract
 * (saved workflows refer to them): add, never rename.
 */

/** The Hub model as a resource locator: searched in a list, or typed as an id. */
export function modelLocatorProperty(searchListMethod: string, example: string): INodeProperties {
	return {
		displayName: 'Model',
		name: 'model',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: 'The model on the Hugging Face Hub',
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: 'Search models served by Inference Providers...',
				typeOptions: { searchListMethod, searchable: true },
			},
			{
				displayName: 'ID',
				name: 'id',
				type: 'string',
				placeholder: `e.g. ${example}`,
				validation: [
					{
						type: 'regex',
						properties: { regex: '^[^\\s:]+$', errorMessage: 'Enter a Hub model ID such as owner/name, without a provider suffix' },
					},
				],
			},
		],
	};
}

/** The chat model's provider picker: a provider, or a routing policy, for the chosen model. */
export const chatProviderParameter: INodeProperties = {
	displayName: 'Provider Name or ID',
	name: 'provider',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getChatProviders', loadOptionsDependsOn: ['model.value'] },
	default: 'auto',
	description:
		'Which Inference Provider serves the model. Auto lets Hugging Face choose; Fastest, Cheapest and Preferred are routing policies. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};

/** The embeddings' provider picker: the same field, listing the providers that embed with the model. */
export const embeddingProviderParameter: INodeProperties = {
	...chatProviderParameter,
	typeOptions: { loadOptionsMethod: 'getEmbeddingProviders', loadOptionsDependsOn: ['model.value'] },
	description:
		'Which Inference Provider computes the embeddings. Auto takes the first live provider that serves the model. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};

/** A node's Options collection, holding `options`. */
export function optionsCollection(options: INodeProperties[]): INodeProperties {
	return { displayName: 'Options', name: 'options', type: 'collection', placeholder: 'Add Option', default: {}, options };
}

export const timeoutOption: INodeProperties = {
	displayName: 'Timeout (Ms)',
	name: 'timeout',
	type: 'number',
	typeOptions: { minValue: 1 },
	default: 120000,
	description: 'Time allowed for one call, retries included',
};

export const maxRetriesOption: INodeProperties = {
	displayName: 'Max Retries',
	name: 'maxRetries',
	type: 'number',
	typeOptions: { minValue: 0, maxValue: 10 },
	default: 2,
	description:
		'Retries per request for server errors, loading models, dropped connections and cut answers. "Too Many Requests" (429) slows the calls down instead and is tried again until the Timeout; Payment Required (402) is never retried.',
};

export const batchSizeOption: INodeProperties = {
	displayName: 'Batch Size',
	name: 'batchSize',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 2048 },
	default: 32,
	description: 'How many texts go in one request',
};

export const normalizeOption: INodeProperties = {
	displayName: 'Normalize',
	name: 'normalize',
	type: 'boolean',
	// On when added, as the server's own default: adding the option changes nothing until it is turned off.
	default: true,
	description:
		'Whether to scale each vector to unit length. Not set, nothing is sent and hf-inference normalizes by default (as with the Hugging Face clients); turn off for the raw vector the model computes. Other providers answer their own vectors; on, they are scaled here.',
};

export const truncateOption: INodeProperties = {
	displayName: 'Truncate',
	name: 'truncate',
	type: 'boolean',
	default: true,
	description:
		'Whether to cut a text longer than the model accepts (hf-inference) instead of failing the item. On unless turned off here; off, hf-inference refuses such a text (413 Payload Too Large), as it does by default for the Hugging Face clients.',
};

export const maxTokensOption: INodeProperties = {
	displayName: 'Max Tokens',
	name: 'maxTokens',
	type: 'number',
	typeOptions: { minValue: 1 },
	default: 1024,
	description: 'The maximum number of tokens to generate',
};

export const temperatureOption: INodeProperties = {
	displayName: 'Temperature',
	name: 'temperature',
	type: 'number',
	typeOptions: { minValue: 0, maxValue: 2, numberPrecision: 2 },
	default: 0.7,
};

export const topPOption: INodeProperties = {
	displayName: 'Top P',
	name: 'topP',
	type: 'number',
	typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
	default: 1,
};

/** Chat (node and chat model sub-node): other models to ask when the model cannot serve (nodes/shared/chat/fallback.ts). */
export const fallbackModelsOption: INodeProperties = {
	displayName: 'Fallback Models',
	name: 'fallbackModels',
	type: 'string',
	default: '',
	placeholder: 'e.g. Qwen/Qwen2.5-72B-Instruct, openai/gpt-oss-120b',
	description:
		'Hub model IDs, comma-separated, asked in order when the model cannot serve: a server error or timeout after its retries, "model not supported", no live provider. Never after 402 (credits exhausted), 401/403 or a bad request. Each is routed as Provider says, or add a suffix such as :groq. A model that failed is not asked first again in the same execution.',
};
