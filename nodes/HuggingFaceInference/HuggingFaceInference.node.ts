import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type ILoadOptionsFunctions,
	type INodeExecutionData,
	type INodeListSearchResult,
	type INodePropertyOptions,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { providersFor, searchModelsFor, type PickerTarget } from '../shared/methods/listSearch';
import { isProviderTask } from '../shared/providers';
import { operationParameters, operationProperty, optionsProperty } from './description';
import { modelProperty, providerProperty } from './descriptions/parameters';
import { OPERATIONS, executeOperation, isOperationName } from './operations';

/** What the model and provider pickers list for the operation the node is set to. */
function pickerTarget(ctx: ILoadOptionsFunctions): PickerTarget {
	const name = String(ctx.getCurrentNodeParameter('operation') ?? 'chat');
	if (!isOperationName(name)) return 'chat';
	const { hubTasks, pickerTags } = OPERATIONS[name];
	const [task] = hubTasks;
	return isProviderTask(task) ? { task, mappedAs: hubTasks, tags: pickerTags ?? hubTasks } : 'chat';
}

export class HuggingFaceInference implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Hugging Face Inference',
		name: 'huggingFaceInference',
		icon: { light: 'file:huggingface.svg', dark: 'file:huggingface.dark.svg' },
		group: ['transform'],
		// n8n appends a "Custom API Call" operation to every node whose credential has `authenticate`,
		// but only to the node's latest version, which it recognizes as `defaultVersion === version`
		// (n8n/dist/load-nodes-and-credentials.js, injectCustomApiCallOptions). Our execute() cannot
		// serve such a call (it would fail "Model is required" with the Model field hidden), so the
		// version is a list, as in n8n's own multi-version nodes: typeVersion stays 1.
		version: [1],
		defaultVersion: 1,
		subtitle: '={{$parameter["operation"] + ": " + ($parameter["model"].value || $parameter["model"] || "")}}',
		description: 'Chat, generate and edit images, make videos, create embeddings, transcribe and synthesize speech, classify, tag, translate and summarize text and answer questions with the models Hugging Face Inference Providers serve',
		defaults: { name: 'Hugging Face Inference' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		// Output 1 takes the items that hit 402 Payment Required (or the node's own spend limit),
		// so a workflow can take another path when the credits run out (two regular outputs, as
		// n8n's own If and Switch nodes have).
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Success', 'Quota Exhausted'],
		credentials: [{ name: 'huggingFaceInferenceApi', required: true }],
		properties: [operationProperty, modelProperty, providerProperty, ...operationParameters, optionsProperty],
	};

	methods = {
		listSearch: {
			async searchModels(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
				return await searchModelsFor(this, pickerTarget(this), filter);
			},
		},
		loadOptions: {
			async getProviders(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
				return await providersFor(this, pickerTarget(this));
			},
		},
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await executeOperation(this);
	}
}
