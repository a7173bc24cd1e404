import {
	NodeConnectionTypes,
	type INodeType,
	type INodeTypeDescription,
	type ISupplyDataFunctions,
	type SupplyData,
} from 'n8n-workflow';

import { jsonSchemaNameOption, jsonSchemaOption } from '../HuggingFaceInference/descriptions/options';
import { readResponseFormat } from '../HuggingFaceInference/operations/chatRequest';
import { loadAiNodeSdk } from '../shared/aiNodeSdk';
import { readReasoningEffort, reasoningEffortOption } from '../shared/chat/reasoning';
import { RouterCatalogue } from '../shared/catalogue/RouterCatalogue';
import { deadRoutes, parseFallbackModels } from '../shared/chat/fallback';
import { chatProviderParameter, fallbackModelsOption, maxRetriesOption, maxTokensOption, modelLocatorProperty, temperatureOption, timeoutOption, topPOption } from '../shared/descriptions';
import { getChatProviders, searchChatModels } from '../shared/methods/listSearch';
import { badInput, readModel, readNumber, readOptions, readProvider } from '../shared/parameters';
import { SUB_NODE_SUBTITLE, subNodeDescription } from '../shared/subNodeDescription';
import { subNodeTransport } from '../shared/subNodeTransport';
import { decorateAdapters, reportReasoning } from './adapterHooks';
import { CallCosts, logCostWithTokenUsage } from './costLog';
import { HuggingFaceChatModel, type ChatModelSettings } from './HuggingFaceChatModel';
import { supportStructuredOutput } from './structuredOutput';

export class LmChatHuggingFaceInference implements INodeType {
	description: INodeTypeDescription = {
		...subNodeDescription({
			displayName: 'Hugging Face Inference Chat Model',
			name: 'lmChatHuggingFaceInference',
			description: 'A chat model served by Hugging Face Inference Providers, for the AI Agent (with tools) and AI chains',
		}),
		icon: { light: 'file:huggingface.svg', dark: 'file:huggingface.dark.svg' },
		subtitle: SUB_NODE_SUBTITLE,
		inputs: [],
		outputs: [NodeConnectionTypes.AiLanguageModel],
		outputNames: ['Model'],
		properties: [
			modelLocatorProperty('searchChatModels', 'meta-llama/Llama-3.1-8B-Instruct'),
			chatProviderParameter,
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					fallbackModelsOption,
					{
						...jsonSchemaOption,
						description:
							'The JSON Schema every plain answer follows (sent as response_format json_schema), for example the fields an Information Extractor asks for. A chain that asks for its own structure (Structured Output Parser, Evaluation metrics) sends its own schema instead.',
					},
					jsonSchemaNameOption,
					maxRetriesOption,
					{ ...maxTokensOption, description: 'The maximum number of tokens to generate in one answer' },
					reasoningEffortOption,
					{
						displayName: 'Response Format',
						name: 'responseFormat',
						type: 'options',
						options: [
							{ name: 'Text', value: 'text' },
							{ name: 'JSON Object', value: 'json_object', description: 'Ask for a JSON object (not while the model has tools to call)' },
							{ name: 'JSON Schema', value: 'json_schema', description: 'Ask for a JSON object that follows the JSON Schema below (not while the model has tools to call)' },
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
		const { kind: responseFormat, response_format } = readResponseFormat(this, itemIndex, options);
		const jsonSchema = response_format?.type === 'json_schema' ? { name: response_format.json_schema.name, schema: response_format.json_schema.schema ?? {} } : undefined;
		const reasoningEffort = readReasoningEffort(options.reasoningEffort, (value) => {
			throw badInput(this, itemIndex, 'Reasoning Effort', `"${value}" is not known`, 'Use none, minimal, low, medium, high or xhigh.');
		});
		const settings: ChatModelSettings = {
			model: readModel(this, itemIndex),
			provider: readProvider(this, itemIndex),
			maxTokens: readNumber(this, itemIndex, options, 'maxTokens', 'Max Tokens', { min: 1, integer: true }),
			temperature: readNumber(this, itemIndex, options, 'temperature', 'Temperature', { min: 0, max: 2 }),
			topP: readNumber(this, itemIndex, options, 'topP', 'Top P', { min: 0, max: 1 }),
			responseFormat,
			jsonSchema,
			reasoningEffort,
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
		decorateAdapters(supplied.response, (adapter) => {
			reportReasoning(adapter);
			supportStructuredOutput(adapter, this.getNode());
		});
		return supplied;
	}
}
