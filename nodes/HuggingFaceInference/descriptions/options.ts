import type { INodeProperties } from 'n8n-workflow';

import { maxRetriesOption } from '../../shared/descriptions';

/**
 * The node's options, one definition each; every operation's descriptor lists the ones it takes
 * and the node's Options collection is derived from those lists (../description.ts).
 * Option names are part of the public contract (saved workflows refer to them): add, never rename.
 */

export const binaryPropertyNameOption: INodeProperties = {
	displayName: 'Binary Property',
	name: 'binaryPropertyName',
	type: 'string',
	default: 'data',
	description: 'Name of the binary property the generated file (image, audio or video) is written to',
};

export const concurrencyOption: INodeProperties = {
	displayName: 'Concurrency',
	name: 'concurrency',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 64 },
	default: 8,
	description:
		'Set it only if you know your rate limit: how many requests this run of the node may have in flight at once. Without it the node follows what n8n has learnt about the account: a fresh (or quiet) account starts with one request and, once it is answered, opens up to 32, and "Too Many Requests" halves it for every execution on the account.',
};

export const frequencyPenaltyOption: INodeProperties = {
	displayName: 'Frequency Penalty',
	name: 'frequencyPenalty',
	type: 'number',
	typeOptions: { minValue: -2, maxValue: 2, numberPrecision: 2 },
	default: 0,
};

export const guidanceScaleOption: INodeProperties = {
	displayName: 'Guidance Scale',
	name: 'guidanceScale',
	type: 'number',
	typeOptions: { minValue: 0, numberPrecision: 1 },
	default: 7.5,
	description: 'How closely the image follows the prompt',
};

export const heightOption: INodeProperties = {
	displayName: 'Height',
	name: 'height',
	type: 'number',
	typeOptions: { minValue: 8 },
	default: 1024,
	description: 'Height in pixels, a multiple of 8',
};

export const imageBinaryPropertyOption: INodeProperties = {
	displayName: 'Image Binary Property',
	name: 'imageBinaryProperty',
	type: 'string',
	default: '',
	placeholder: 'e.g. data',
	description: 'Binary properties of the input item to send as images with the last user message (comma-separated), for vision models',
};

export const imageDetailOption: INodeProperties = {
	displayName: 'Image Detail',
	name: 'imageDetail',
	type: 'options',
	options: [
		{ name: 'Auto', value: 'auto' },
		{ name: 'Low', value: 'low' },
		{ name: 'High', value: 'high' },
	],
	default: 'auto',
};

export const imageUrlsOption: INodeProperties = {
	displayName: 'Image URLs',
	name: 'imageUrls',
	type: 'string',
	default: '',
	description: 'Image URLs to send with the last user message, one per line, for vision models',
};

export const jsonSchemaOption: INodeProperties = {
	displayName: 'JSON Schema',
	name: 'jsonSchema',
	type: 'json',
	default: '{\n  "type": "object",\n  "properties": {\n    "answer": { "type": "string" }\n  },\n  "required": ["answer"]\n}',
	description: 'The JSON Schema the reply must follow',
	displayOptions: { show: { responseFormat: ['json_schema'] } },
};

export const jsonSchemaNameOption: INodeProperties = {
	displayName: 'JSON Schema Name',
	name: 'jsonSchemaName',
	type: 'string',
	default: 'response',
	displayOptions: { show: { responseFormat: ['json_schema'] } },
};

export const maxCostUsdOption: INodeProperties = {
	displayName: 'Max Cost per Execution (USD)',
	name: 'maxCostUsd',
	type: 'number',
	typeOptions: { minValue: 0, numberPrecision: 4 },
	default: 0.1,
	description:
		"Stop sending once this run of the node has spent this much, by the prices Hugging Face publishes (a call whose provider is unknown counts at the model's highest price). Items past the limit go to Quota Exhausted without a request. 0 means no limit.",
};

export const negativePromptOption: INodeProperties = {
	displayName: 'Negative Prompt',
	name: 'negativePrompt',
	type: 'string',
	default: '',
	description: 'What the image should not show',
};

export const numInferenceStepsOption: INodeProperties = {
	displayName: 'Number of Inference Steps',
	name: 'numInferenceSteps',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 500 },
	default: 28,
};

export const pollIntervalOption: INodeProperties = {
	displayName: 'Poll Interval (Ms)',
	name: 'pollInterval',
	type: 'number',
	typeOptions: { minValue: 10 },
	default: 1000,
	description: 'For providers that run a task as a job: how long to wait between two status checks',
};

export const presencePenaltyOption: INodeProperties = {
	displayName: 'Presence Penalty',
	name: 'presencePenalty',
	type: 'number',
	typeOptions: { minValue: -2, maxValue: 2, numberPrecision: 2 },
	default: 0,
};

export const responseFormatOption: INodeProperties = {
	displayName: 'Response Format',
	name: 'responseFormat',
	type: 'options',
	options: [
		{ name: 'Text', value: 'text' },
		{ name: 'JSON Object', value: 'json_object', description: 'The reply is parsed into the JSON field' },
		{ name: 'JSON Schema', value: 'json_schema', description: 'The reply follows a JSON Schema and is parsed into the JSON field' },
	],
	default: 'text',
};

export const seedOption: INodeProperties = {
	displayName: 'Seed',
	name: 'seed',
	type: 'number',
	default: 0,
	description: 'For repeatable answers and images, where the provider supports it',
};

export const skipAfterQuotaOption: INodeProperties = {
	displayName: 'Skip After Quota Exhausted',
	name: 'skipAfterQuota',
	type: 'boolean',
	default: true,
	description:
		'Whether, after a 402 Payment Required, the remaining items of this run for the same account and provider go straight to Quota Exhausted without a request',
};

export const stopOption: INodeProperties = {
	displayName: 'Stop Sequences',
	name: 'stop',
	type: 'string',
	default: '',
	description: 'Sequences where the model stops generating, comma-separated',
};

export const streamOption: INodeProperties = {
	displayName: 'Stream',
	name: 'stream',
	type: 'boolean',
	default: false,
	description: 'Whether to receive the reply as a stream (server-sent events) and assemble it; helps with long replies behind proxies',
};

export const timeoutOption: INodeProperties = {
	displayName: 'Timeout (Ms)',
	name: 'timeout',
	type: 'number',
	typeOptions: { minValue: 0 },
	// 0, not a number of ms: adding the option unchanged must not shorten an image's or a video's budget.
	default: 0,
	description: "Time allowed for one item (or one batch of embeddings), retries and polling included. 0 (or without this option): the operation's own: 2 minutes for chat, embeddings and the text and picture tasks, 5 minutes for images, image edits, speech and transcriptions, 10 minutes for videos.",
};

export const widthOption: INodeProperties = {
	displayName: 'Width',
	name: 'width',
	type: 'number',
	typeOptions: { minValue: 8 },
	default: 1024,
	description: 'Width in pixels, a multiple of 8',
};

export const extraParametersOption: INodeProperties = {
	displayName: 'Extra Parameters (JSON)',
	name: 'extraParameters',
	type: 'json',
	default: '{}',
	description:
		"A JSON object added to the provider's request for what the node does not name, e.g. {\"output_format\": \"mp3\"}. It goes where the provider takes the task's parameters (beside the prompt, under parameters for hf-inference, under input for Replicate). It only adds: what the node already sends, and the model, keep the node's value.",
};

export const voiceOption: INodeProperties = {
	displayName: 'Voice',
	name: 'voice',
	type: 'string',
	default: '',
	placeholder: 'e.g. af_heart',
	description: "The voice to speak with, by the model's own name for it (sent as voice; Kokoro on Together otherwise gets af_alloy). Models that have one voice ignore it or refuse it.",
};

export const numFramesOption: INodeProperties = {
	displayName: 'Number of Frames',
	name: 'numFrames',
	type: 'number',
	typeOptions: { minValue: 1 },
	default: 81,
	description: 'How many frames to generate (sent as num_frames, the Hub task\'s name)',
};

export const durationOption: INodeProperties = {
	displayName: 'Duration (Seconds)',
	name: 'duration',
	type: 'number',
	typeOptions: { minValue: 1 },
	default: 5,
	description: 'Length of the clip, for models that take it (sent as duration)',
};

export const aspectRatioOption: INodeProperties = {
	displayName: 'Aspect Ratio',
	name: 'aspectRatio',
	type: 'string',
	default: '16:9',
	placeholder: 'e.g. 16:9',
	description: 'Shape of the clip as width:height, for models that take it (sent as aspect_ratio)',
};

export const outputWidthOption: INodeProperties = {
	displayName: 'Output Width',
	name: 'outputWidth',
	type: 'number',
	typeOptions: { minValue: 8 },
	default: 1024,
	description: 'Width of the edited picture in pixels, a multiple of 8 (sent as target_size, the Hub task\'s name, with Output Height)',
};

export const outputHeightOption: INodeProperties = {
	displayName: 'Output Height',
	name: 'outputHeight',
	type: 'number',
	typeOptions: { minValue: 8 },
	default: 1024,
	description: 'Height of the edited picture in pixels, a multiple of 8 (sent as target_size, with Output Width)',
};

/** Options every operation has: they show whatever the operation. */
export const COMMON_OPTIONS: INodeProperties[] = [concurrencyOption, extraParametersOption, maxRetriesOption, skipAfterQuotaOption, timeoutOption];
