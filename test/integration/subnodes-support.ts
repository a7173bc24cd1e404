/**
 * What the sub-node test files share: a small root node that stands in for the AI Agent and the
 * vector stores, calling the supplied objects the way they do (bindTools, invoke, stream;
 * embedDocuments, embedQuery), and `probe`, which runs it through n8n's engine with one sub-node.
 */
import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { HuggingFaceInferenceApi } from '../../credentials/HuggingFaceInferenceApi.credentials';
import { EmbeddingsHuggingFaceInference } from '../../nodes/EmbeddingsHuggingFaceInference/EmbeddingsHuggingFaceInference.node';
import { LmChatHuggingFaceInference } from '../../nodes/LmChatHuggingFaceInference/LmChatHuggingFaceInference.node';
import type { Emulator } from '../emulator';
import { NODE_UNDER_TEST, runNode } from '../harness';
import { TOKEN, credentialsFor, useTestEmulator } from './support';

export const LLAMA = 'meta-llama/Llama-3.1-8B-Instruct';
export const MINILM = 'sentence-transformers/all-MiniLM-L6-v2';
export const CALCULATOR = {
	type: 'function',
	function: {
		name: 'calculator',
		description: 'Evaluates a math expression',
		parameters: { type: 'object', properties: { input: { type: 'string' } }, required: ['input'] },
	},
};

/** Calls a supplied model or embeddings object the way n8n's AI Agent and vector stores do. */
class SubNodeProbe implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Sub-node probe',
		name: 'subNodeProbe',
		group: ['transform'],
		version: 1,
		description: 'Test root node',
		defaults: { name: 'Probe' },
		inputs: [
			NodeConnectionTypes.Main,
			{ type: NodeConnectionTypes.AiLanguageModel, maxConnections: 1 },
			{ type: NodeConnectionTypes.AiEmbedding, maxConnections: 1 },
		],
		outputs: [NodeConnectionTypes.Main],
		properties: [{ displayName: 'Scenario', name: 'scenario', type: 'string', default: '' }],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const scenario = this.getNodeParameter('scenario', 0) as string;
		if (scenario.startsWith('embed')) {
			const embeddings = (await this.getInputConnectionData(NodeConnectionTypes.AiEmbedding, 0)) as {
				embedDocuments(texts: string[]): Promise<number[][]>;
				embedQuery(text: string): Promise<number[]>;
			};
			const texts = this.getInputData().map((item) => String(item.json.text));
			const documents = await embeddings.embedDocuments(texts);
			const query = await embeddings.embedQuery(texts[1]);
			return [[{ json: { documents, query } }]];
		}
		const model = (await this.getInputConnectionData(NodeConnectionTypes.AiLanguageModel, 0)) as any;
		const question = String(this.getInputData()[0].json.question);
		if (scenario === 'twice') {
			// As the Agent asks its primary model again on its next turn: the second call's error is the answer.
			const errors: string[] = [];
			for (let turn = 0; turn < 2; turn++) {
				try {
					await model.invoke([{ role: 'user', content: question }]);
				} catch (error) {
					errors.push(`${(error as Error).message} | ${(error as { description?: string }).description ?? ''}`);
				}
			}
			return [[{ json: { errors } }]];
		}
		if (scenario === 'plain-stop') {
			// As a LangChain chain does: its stop sequences in the call options.
			const answer = await model.invoke([{ role: 'user', content: question }], { stop: ['three'] });
			return [[{ json: { text: answer.text } }]];
		}
		if (scenario === 'plain') {
			const answer = await model.invoke([{ role: 'user', content: question }]);
			return [[{ json: { text: answer.text, usage: answer.usage_metadata, metadata: answer.response_metadata } }]];
		}
		if (scenario === 'stream-text') {
			const pieces: string[] = [];
			let usage: unknown;
			for await (const chunk of await model.stream([{ role: 'user', content: question }])) {
				if (chunk.text) pieces.push(chunk.text);
				if (chunk.usage_metadata) usage = chunk.usage_metadata;
			}
			return [[{ json: { pieces, usage: usage as any } }]];
		}
		const bound = model.bindTools([CALCULATOR]);
		const messages: unknown[] = [
			{ role: 'system', content: 'Use the calculator.' },
			{ role: 'user', content: question },
		];
		if (scenario === 'stream') {
			let merged: any;
			for await (const chunk of await bound.stream(messages)) merged = merged ? merged.concat(chunk) : chunk;
			return [[{ json: { toolCalls: merged.tool_calls, usage: merged.usage_metadata } }]];
		}
		const first = await bound.invoke(messages);
		const call = first.tool_calls[0];
		// The Agent replays the assistant turn (text empty) and the tool's answer.
		const second = await bound.invoke([...messages, first, { role: 'tool', content: '4', tool_call_id: call.id }]);
		return [[{ json: { toolCalls: first.tool_calls, answer: second.text } }]];
	}
}

let emulator: Emulator;
/** Starts the emulator for the calling test file (see useTestEmulator); `probe` runs against it. */
export function useSubNodeEmulator(onStarted: (emulator: Emulator) => void): void {
	useTestEmulator((started) => {
		emulator = started;
		onStarted(started);
	});
}

export async function probe(subNode: 'chat' | 'embeddings', scenario: string, parameters: Record<string, unknown>, items: Array<Record<string, unknown>>, token = TOKEN) {
	const subNodeName = subNode === 'chat' ? 'Chat Model' : 'Embeddings';
	const connection = subNode === 'chat' ? NodeConnectionTypes.AiLanguageModel : NodeConnectionTypes.AiEmbedding;
	const result = await runNode({
		nodeType: new SubNodeProbe(),
		typeName: 'test.subNodeProbe',
		parameters: { scenario },
		items: items.map((json) => ({ json: json as any })),
		credentialTypes: [new HuggingFaceInferenceApi()],
		credentials: { huggingFaceInferenceApi: credentialsFor(emulator, token) },
		extraNodeTypes: {
			'n8n-nodes-huggingface-inference.lmChatHuggingFaceInference': new LmChatHuggingFaceInference(),
			'n8n-nodes-huggingface-inference.embeddingsHuggingFaceInference': new EmbeddingsHuggingFaceInference(),
		},
		extraNodes: [
			{
				id: 'sub',
				name: subNodeName,
				type: subNode === 'chat' ? 'n8n-nodes-huggingface-inference.lmChatHuggingFaceInference' : 'n8n-nodes-huggingface-inference.embeddingsHuggingFaceInference',
				typeVersion: 1,
				position: [0, 200],
				parameters: parameters as any,
				credentials: { huggingFaceInferenceApi: { id: '1', name: 'HF' } },
			},
		],
		extraConnections: { [subNodeName]: { [connection]: [[{ node: NODE_UNDER_TEST, type: connection, index: 0 }]] } },
	});
	const subNodeRuns = (result.run.data.resultData.runData[subNodeName] ?? []) as any[];
	return { ...result, subNodeRuns };
}
