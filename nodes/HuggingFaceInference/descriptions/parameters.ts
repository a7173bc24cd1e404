import type { INodeProperties } from 'n8n-workflow';

/** Parameter names are part of the public contract (saved workflows refer to them): add, never rename. */
export const operationProperty: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	options: [
		{
			name: 'Chat',
			value: 'chat',
			description: 'Send messages to a chat model and get its reply',
			action: 'Chat with a model',
		},
		{
			name: 'Create Embedding',
			value: 'embedding',
			description: 'Turn text into a vector',
			action: 'Create an embedding',
		},
		{
			name: 'Edit Image',
			value: 'imageToImage',
			description: 'Turn an input picture into a new one, following a prompt',
			action: 'Edit an image',
		},
		{
			name: 'Generate Image',
			value: 'image',
			description: 'Generate an image from a text prompt',
			action: 'Generate an image',
		},
		{
			name: 'Transcribe Audio',
			value: 'speechToText',
			description: 'Turn speech in an audio file into text',
			action: 'Transcribe audio',
		},
	],
	default: 'chat',
};

export const modelProperty: INodeProperties = {
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
			typeOptions: { searchListMethod: 'searchModels', searchable: true },
		},
		{
			displayName: 'ID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. meta-llama/Llama-3.1-8B-Instruct',
			validation: [
				{
					type: 'regex',
					properties: { regex: '^[^\\s:]+$', errorMessage: 'Enter a Hub model ID such as owner/name, without a provider suffix' },
				},
			],
		},
	],
};

export const providerProperty: INodeProperties = {
	displayName: 'Provider Name or ID',
	name: 'provider',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getProviders', loadOptionsDependsOn: ['model.value', 'operation'] },
	default: 'auto',
	description:
		'Which Inference Provider serves the call. Auto lets Hugging Face choose; Fastest, Cheapest and Preferred are routing policies for chat. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};

export const messagesProperty: INodeProperties = {
	displayName: 'Messages',
	name: 'messages',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true, sortable: true },
	placeholder: 'Add Message',
	default: { values: [{ role: 'user', content: '' }] },
	displayOptions: { show: { operation: ['chat'] } },
	options: [
		{
			displayName: 'Message',
			name: 'values',
			values: [
				{
					displayName: 'Role',
					name: 'role',
					type: 'options',
					options: [
						{ name: 'System', value: 'system' },
						{ name: 'User', value: 'user' },
						{ name: 'Assistant', value: 'assistant' },
					],
					default: 'user',
				},
				{
					displayName: 'Content',
					name: 'content',
					type: 'string',
					typeOptions: { rows: 3 },
					default: '',
				},
			],
		},
	],
};

export const promptProperty: INodeProperties = {
	displayName: 'Prompt',
	name: 'prompt',
	type: 'string',
	typeOptions: { rows: 3 },
	default: '',
	required: true,
	placeholder: 'e.g. An astronaut riding a horse on the moon',
	displayOptions: { show: { operation: ['image'] } },
};

export const textProperty: INodeProperties = {
	displayName: 'Text',
	name: 'text',
	type: 'string',
	typeOptions: { rows: 2 },
	default: '',
	required: true,
	description: 'The text to embed: one text per item',
	displayOptions: { show: { operation: ['embedding'] } },
};

const chat = { show: { '/operation': ['chat'] } };
const image = { show: { '/operation': ['image'] } };
/** Options image generation and image editing share. */
const images = { show: { '/operation': ['image', 'imageToImage'] } };
const embedding = { show: { '/operation': ['embedding'] } };

export const optionsProperty: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Batch Size',
			name: 'batchSize',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 2048 },
			default: 32,
			description: 'How many texts go in one request',
			displayOptions: embedding,
		},
		{
			displayName: 'Binary Property',
			name: 'binaryPropertyName',
			type: 'string',
			default: 'data',
			description: 'Name of the binary property the generated image is written to',
			displayOptions: images,
		},
		{
			displayName: 'Concurrency',
			name: 'concurrency',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 64 },
			default: 8,
			description:
				'Set it only if you know your rate limit: how many requests may be in flight at once, for the whole run of this node. Without it the node starts with one request and doubles while answers come back clean (up to 32), and halves on "Too Many Requests".',
		},
		{
			displayName: 'Frequency Penalty',
			name: 'frequencyPenalty',
			type: 'number',
			typeOptions: { minValue: -2, maxValue: 2, numberPrecision: 2 },
			default: 0,
			displayOptions: chat,
		},
		{
			displayName: 'Guidance Scale',
			name: 'guidanceScale',
			type: 'number',
			typeOptions: { minValue: 0, numberPrecision: 1 },
			default: 7.5,
			description: 'How closely the image follows the prompt',
			displayOptions: images,
		},
		{
			displayName: 'Height',
			name: 'height',
			type: 'number',
			typeOptions: { minValue: 8 },
			default: 1024,
			description: 'Height in pixels, a multiple of 8',
			displayOptions: image,
		},
		{
			displayName: 'Image Binary Property',
			name: 'imageBinaryProperty',
			type: 'string',
			default: '',
			placeholder: 'e.g. data',
			description: 'Binary properties of the input item to send as images with the last user message (comma-separated), for vision models',
			displayOptions: chat,
		},
		{
			displayName: 'Image Detail',
			name: 'imageDetail',
			type: 'options',
			options: [
				{ name: 'Auto', value: 'auto' },
				{ name: 'Low', value: 'low' },
				{ name: 'High', value: 'high' },
			],
			default: 'auto',
			displayOptions: chat,
		},
		{
			displayName: 'Image URLs',
			name: 'imageUrls',
			type: 'string',
			default: '',
			description: 'Image URLs to send with the last user message, one per line, for vision models',
			displayOptions: chat,
		},
		{
			displayName: 'JSON Schema',
			name: 'jsonSchema',
			type: 'json',
			default: '{\n  "type": "object",\n  "properties": {\n    "answer": { "type": "string" }\n  },\n  "required": ["answer"]\n}',
			description: 'The JSON Schema the reply must follow',
			displayOptions: { show: { '/operation': ['chat'], responseFormat: ['json_schema'] } },
		},
		{
			displayName: 'JSON Schema Name',
			name: 'jsonSchemaName',
			type: 'string',
			default: 'response',
			displayOptions: { show: { '/operation': ['chat'], responseFormat: ['json_schema'] } },
		},
		{
			displayName: 'Max Cost per Execution (USD)',
			name: 'maxCostUsd',
			type: 'number',
			typeOptions: { minValue: 0, numberPrecision: 4 },
			default: 0.1,
			description:
				"Stop sending once this run of the node has spent this much, by the prices Hugging Face publishes (a call whose provider is unknown counts at the model's highest price). Items past the limit go to Quota Exhausted without a request. 0 means no limit.",
			displayOptions: chat,
		},
		{
			displayName: 'Max Retries',
			name: 'maxRetries',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 10 },
			default: 2,
			description: 'Retries per request for server errors, loading models, dropped connections and cut answers. "Too Many Requests" (429) slows the whole run down instead and is tried again until the Timeout; Payment Required (402) is never retried.',
		},
		{
			displayName: 'Max Tokens',
			name: 'maxTokens',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 1024,
			description: 'The maximum number of tokens to generate',
			displayOptions: chat,
		},
		{
			displayName: 'Negative Prompt',
			name: 'negativePrompt',
			type: 'string',
			default: '',
			description: 'What the image should not show',
			displayOptions: images,
		},
		{
			displayName: 'Normalize',
			name: 'normalize',
			type: 'boolean',
			default: false,
			description: 'Whether to scale each vector to unit length. Off gives the raw vector the model computes.',
			displayOptions: embedding,
		},
		{
			displayName: 'Number of Inference Steps',
			name: 'numInferenceSteps',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 500 },
			default: 28,
			displayOptions: images,
		},
		{
			displayName: 'Poll Interval (Ms)',
			name: 'pollInterval',
			type: 'number',
			typeOptions: { minValue: 10 },
			default: 1000,
			description: 'For providers that run a task as a job: how long to wait between two status checks',
			displayOptions: { show: { '/operation': ['image', 'imageToImage', 'speechToText'] } },
		},
		{
			displayName: 'Presence Penalty',
			name: 'presencePenalty',
			type: 'number',
			typeOptions: { minValue: -2, maxValue: 2, numberPrecision: 2 },
			default: 0,
			displayOptions: chat,
		},
		{
			displayName: 'Response Format',
			name: 'responseFormat',
			type: 'options',
			options: [
				{ name: 'Text', value: 'text' },
				{ name: 'JSON Object', value: 'json_object', description: 'The reply is parsed into the JSON field' },
				{ name: 'JSON Schema', value: 'json_schema', description: 'The reply follows a JSON Schema and is parsed into the JSON field' },
			],
			default: 'text',
			displayOptions: chat,
		},
		{
			displayName: 'Seed',
			name: 'seed',
			type: 'number',
			default: 0,
			description: 'For repeatable answers and images, where the provider supports it',
			displayOptions: { show: { '/operation': ['chat', 'image', 'imageToImage'] } },
		},
		{
			displayName: 'Skip After Quota Exhausted',
			name: 'skipAfterQuota',
			type: 'boolean',
			default: true,
			description:
				'Whether, after a 402 Payment Required, the remaining items of this run for the same account and provider go straight to Quota Exhausted without a request',
		},
		{
			displayName: 'Stop Sequences',
			name: 'stop',
			type: 'string',
			default: '',
			description: 'Sequences where the model stops generating, comma-separated',
			displayOptions: chat,
		},
		{
			displayName: 'Stream',
			name: 'stream',
			type: 'boolean',
			default: false,
			description: 'Whether to receive the reply as a stream (server-sent events) and assemble it; helps with long replies behind proxies',
			displayOptions: chat,
		},
		{
			displayName: 'Temperature',
			name: 'temperature',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 2, numberPrecision: 2 },
			default: 0.7,
			displayOptions: chat,
		},
		{
			displayName: 'Timeout (Ms)',
			name: 'timeout',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 120000,
			description: 'Time allowed for one item (or one batch of embeddings), retries and polling included. Without this option: 2 minutes for chat and embeddings, 5 minutes for images and transcriptions.',
		},
		{
			displayName: 'Top P',
			name: 'topP',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
			default: 1,
			displayOptions: chat,
		},
		{
			displayName: 'Truncate',
			name: 'truncate',
			type: 'boolean',
			default: true,
			description:
				'Whether to cut a text longer than the model accepts (hf-inference) instead of failing the item. Turn off to get an error for such texts.',
			displayOptions: embedding,
		},
		{
			displayName: 'Width',
			name: 'width',
			type: 'number',
			typeOptions: { minValue: 8 },
			default: 1024,
			description: 'Width in pixels, a multiple of 8',
			displayOptions: image,
		},
	],
};
