import {
	NodeConnectionTypes,
	type INodeType,
	type INodeTypeDescription,
	type ISupplyDataFunctions,
	type SupplyData,
} from 'n8n-workflow';

import { loadAiNodeSdk } from '../shared/aiNodeSdk';
import { RouterCatalogue } from '../shared/catalogue/RouterCatalogue';
import { deadRoutes, parseFallbackModels } from '../shared/chat/fallback';
import { fallbackModelsOption, maxRetriesOption, maxTokensOption, modelLocatorProperty, temperatureOption, timeoutOption, topPOption } from '../shared/descriptions';
import { getChatProviders, searchChatModels } from '../shared/methods/listSearch';
import { badInput, readModel, readNumber, readOptions, readProvider } from '../shared/parameters';
import { subNodeTransport } from '../shared/subNodeTransport';
import { CallCosts, logCostWithTokenUsage } from './costLog';
import { HuggingFaceChatModel, type ChatModelSettings } from './HuggingFaceChatModel';

export class LmChatHuggingFaceInference implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Hugging Face Inference Chat Model',
		name: 'lmChatHuggingFaceInference',
		icon: { light: 'file:huggingface.svg', dark: 'file:huggingface.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{($parameter["model"].value || $parameter["model"] || "") + " (" + $parameter["provider"] + ")"}}',
		description: 'A chat model served by Hugging Face Inference Providers, for the AI Agent (with tools) and AI chains',
		defaults: { name: 'Hugging Face Inference Chat Model' },
		inputs: [],
		outputs: [NodeConnectionTypes.AiLanguageModel],
		outputNames: ['Model'],
		credentials: [{ name: 'huggingFaceInferenceApi', required: true }],
		properties: [
			modelLocatorProperty('searchChatModels', 'meta-llama/Llama-3.1-8B-Instruct'),
			{
				displayName: 'Provider Name or ID',
				name: 'provider',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getChatProviders', loadOptionsDependsOn: ['model.value'] },
				default: 'auto',
				description:
					'Which Inference Provider serves the model. Auto lets Hugging Face choose; Fastest, Cheapest and Preferred are routing policies. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					fallbackModelsOption,
					maxRetriesOption,
					{ ...maxTokensOption, description: 'The maximum number of tokens to generate in one answer' },
					{
						displayName: 'Response Format',
						name: 'responseFormat',
						type: 'options',
						options: [
							{ name: 'Text', value: 'text' },
							{ name: 'JSON Object', value: 'json_object', description: 'Ask for a JSON object (not while the model has tools to call)' },
						],
						default: 'text',
					},
					temperatureOption,
					timeoutOption,
					topPOption,
				],
			},
		],
	};

	methods = {
		listSearch: { searchChatModels },
		loadOptions: { getChatProviders },
	};

	async supplyData(this: ISupplyDataFunctions, itemIndex: number): Promise<SupplyData> {
		const sdk = await loadAiNodeSdk(this.getNode());
		const options = readOptions(this, itemIndex);
		const responseFormat = String(options.responseFormat ?? 'text');
		if (responseFormat !== 'text' && responseFormat !== 'json_object') {
			throw badInput(this, itemIndex, 'Response Format', `"${responseFormat}" is not known`, 'Use text or json_object.');
		}
		const settings: ChatModelSettings = {
			model: readModel(this, itemIndex),
			provider: readProvider(this, itemIndex),
			maxTokens: readNumber(this, itemIndex, options, 'maxTokens', 'Max Tokens', { min: 1, integer: true }),
			temperature: readNumber(this, itemIndex, options, 'temperature', 'Temperature', { min: 0, max: 2 }),
			topP: readNumber(this, itemIndex, options, 'topP', 'Top P', { min: 0, max: 1 }),
			responseFormat,
		};
		const fallbacks = parseFallbackModels(options.fallbackModels, settings);
		if ('invalid' in fallbacks) {
			throw badInput(this, itemIndex, 'Fallback Models', `has "${fallbacks.invalid}", which is not a Hugging Face model ID`, 'Give Hub model IDs separated by commas, such as Qwen/Qwen2.5-72B-Instruct, openai/gpt-oss-120b (an ID may end in :provider, such as :groq).');
		}
		settings.fallbackModels = fallbacks.routes;
		const { transport, quota } = await subNodeTransport(this, itemIndex, options);
		const costs = new CallCosts();
		const chatModel = new HuggingFaceChatModel(
			{
				node: this.getNode(),
				transport,
				catalogue: new RouterCatalogue(transport),
				readToolSchema: (tool) => sdk.getParametersJsonSchema(tool),
				quota,
				// What this execution learnt about models that could not serve: the Agent supplies the model afresh per run.
				deadRoutes: deadRoutes(this.getExecutionId(), `${transport.routerUrl}\u0000${transport.account}`),
				onCost: (completionId, cost) => costs.add(completionId, cost),
				onStreamedCost: (usage, cost) => costs.addStreamed(usage, cost),
			},
			settings,
		);
		const supplied = sdk.supplyModel(this, chatModel);
		logCostWithTokenUsage(supplied.response, costs);
		return supplied;
	}
}
