import type { INodeProperties } from 'n8n-workflow';

import { readOutputProperty } from './image';
import { AUDIO_OUTPUT, storeMedia } from './media';
import type { ItemSuccess, Operation, PreparedItem } from './pipeline';
import { badInput, readModel, readOptions, readProvider } from './parameters';
import { checkNamingProviderAndModel, rejectRoutingPolicy, resolveProvider } from './routing';
import { itemParameter } from '../../shared/nodeParameter';
import type { ExecutionScope } from './scope';

/** Parameter names are part of the public contract (saved workflows refer to them): add, never rename. */
export const textToSpeechTextProperty: INodeProperties = {
	displayName: 'Text',
	name: 'text',
	type: 'string',
	typeOptions: { rows: 3 },
	default: '',
	required: true,
	placeholder: 'e.g. Your order has shipped and will arrive on Friday.',
	description: 'The text to read aloud: one text per item',
	displayOptions: { show: { operation: ['textToSpeech'] } },
};

export interface TextToSpeechParams {
	text: string;
	binaryPropertyName: string;
}

export const textToSpeechOperation: Operation<TextToSpeechParams> = {
	prepareAllFirst: true,

	prepare(scope: ExecutionScope, itemIndex: number): PreparedItem<TextToSpeechParams> {
		const { ctx } = scope;
		const model = readModel(ctx, itemIndex);
		const provider = readProvider(ctx, itemIndex);
		return checkNamingProviderAndModel(scope, itemIndex, provider, model, () => {
			rejectRoutingPolicy(scope, itemIndex, provider, 'text to speech');
			const raw = itemParameter(ctx, 'text', itemIndex, '') as unknown;
			const text = raw === null || raw === undefined ? '' : typeof raw === 'string' ? raw : JSON.stringify(raw);
			if (!text.trim()) throw badInput(ctx, itemIndex, 'Text', 'is empty', 'Give the text to read aloud, or map it from the input with an expression such as {{ $json.text }}.');
			const options = readOptions(ctx, itemIndex);
			return { itemIndex, model, provider, params: { text, binaryPropertyName: readOutputProperty(scope, itemIndex, options, 'audio') } };
		});
	},

	async run(scope: ExecutionScope, unit: Array<PreparedItem<TextToSpeechParams>>): Promise<ItemSuccess[]> {
		const [item] = unit;
		const started = Date.now();
		const { module, entry, call } = await resolveProvider(scope, item, 'text-to-speech', (module) => !!module.textToSpeech);
		const audio = await module.textToSpeech!.speak(call, item.params.text);
		const latencyMs = Date.now() - started;
		const { binary, mimeType } = await storeMedia(scope, item.itemIndex, { provider: entry.provider, model: item.model }, audio, 'speech', AUDIO_OUTPUT);
		return [
			{
				json: { model: item.model, provider: entry.provider, providerModelId: entry.providerId, mimeType, fileSize: audio.data.length, latencyMs },
				binary: { [item.params.binaryPropertyName]: binary },
				costUsd: null,
			},
		];
	},
};
