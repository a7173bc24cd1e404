import type { INodeProperties } from 'n8n-workflow';

import { modelLocatorProperty } from '../../shared/descriptions';

/**
 * The node's parameters, one definition each. Each operation's descriptor lists the ones it shows;
 * the node adds their `operation` display rule (../description.ts), so a definition listed by
 * several operations is one field shown for all of them.
 * Parameter names are part of the public contract (saved workflows refer to them): add, never rename.
 */
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
};

export const embeddingTextProperty: INodeProperties = {
	displayName: 'Text',
	name: 'text',
	type: 'string',
	typeOptions: { rows: 2 },
	default: '',
	required: true,
	description: 'The text to embed: one text per item',
};

export const editPromptProperty: INodeProperties = {
	displayName: 'Prompt',
	name: 'prompt',
	type: 'string',
	typeOptions: { rows: 3 },
	default: '',
	placeholder: 'e.g. Make the sky a golden sunset',
	description: 'What to change in the picture. Some models (upscalers, restorers) need none.',
};

export const speechTextProperty: INodeProperties = {
	displayName: 'Text',
	name: 'text',
	type: 'string',
	typeOptions: { rows: 3 },
	default: '',
	required: true,
	placeholder: 'e.g. Your order has shipped and will arrive on Friday.',
	description: 'The text to read aloud: one text per item',
};

export const inputBinaryProperty: INodeProperties = {
	displayName: 'Input Binary Field',
	name: 'inputBinaryPropertyName',
	type: 'string',
	default: 'data',
	required: true,
	placeholder: 'e.g. data',
	hint: 'The name of the input binary field that holds the file: the audio to transcribe, or the picture to edit',
};
