import type { INodeProperties } from 'n8n-workflow';

import { batchSizeOption, maxTokensOption, normalizeOption, temperatureOption, topPOption, truncateOption } from '../../shared/descriptions';

/**
 * The one Options collection of the node; each option shows only for the operations it applies to.
 * Option names are part of the public contract (saved workflows refer to them): add, never rename.
 */
const chat = { show: { '/operation': ['chat'] } };
const image = { show: { '/operation': ['image'] } };
/** Options image generation, image editing and video generation share. */
const images = { show: { '/operation': ['image', 'imageToImage', 'textToVideo'] } };
const embedding = { show: { '/operation': ['embedding'] } };

export const optionsProperty: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{ ...batchSizeOption, displayOptions: embedding },
		{
			displayName: 'Binary Property',
			name: 'binaryPropertyName',
			type: 'string',
			default: 'data',
			description: 'Name of the binary property the generated file (image, audio or video) is written to',
			displayOptions: { show: { '/operation': ['image', 'imageToImage', 'textToSpeech', 'textToVideo'] } },
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
		{ ...maxTokensOption, displayOptions: chat },
		{
			displayName: 'Negative Prompt',
			name: 'negativePrompt',
			type: 'string',
			default: '',
			description: 'What the image should not show',
			displayOptions: images,
		},
		{ ...normalizeOption, displayOptions: embedding },
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
			displayOptions: { show: { '/operation': ['image', 'imageToImage', 'speechToText', 'textToSpeech', 'textToVideo'] } },
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
			displayOptions: { show: { '/operation': ['chat', 'image', 'imageToImage', 'textToVideo'] } },
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
		{ ...temperatureOption, displayOptions: chat },
		{
			displayName: 'Timeout (Ms)',
			name: 'timeout',
			type: 'number',
			typeOptions: { minValue: 0 },
			// 0, not a number of ms: adding the option unchanged must not shorten an image's or a video's budget.
			default: 0,
			description: "Time allowed for one item (or one batch of embeddings), retries and polling included. 0 (or without this option): the operation's own, 2 minutes for chat and embeddings, 5 minutes for images, image edits, speech and transcriptions, 10 minutes for videos.",
		},
		{ ...topPOption, displayOptions: chat },
		{ ...truncateOption, displayOptions: embedding },
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
