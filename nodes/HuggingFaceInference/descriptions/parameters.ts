import type { INodeProperties } from 'n8n-workflow';

import { modelLocatorProperty } from '../../shared/descriptions';

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
			name: 'Text to Speech',
			value: 'textToSpeech',
			description: 'Read a text aloud into an audio file',
			action: 'Convert text to speech',
		},
		{
			name: 'Text to Video',
			value: 'textToVideo',
			description: 'Generate a short video clip from a text prompt',
			action: 'Generate a video',
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

export const modelProperty: INodeProperties = modelLocatorProperty('searchModels', 'meta-llama/Llama-3.1-8B-Instruct');

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
	displayOptions: { show: { operation: ['image', 'textToVideo'] } },
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
