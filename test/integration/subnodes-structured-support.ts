/**
 * A root node that calls the chat model sub-node the way n8n's AI nodes do where they want
 * reasoning or structure: a plain invoke and a stream (run data, reasoning), n8n's Evaluation
 * metrics (`prompt.pipe(llm.withStructuredOutput(zodSchema))`, n8n-nodes-base
 * nodes/Evaluation/utils/metricHandlers.ts) and the Information Extractor
 * (`prompt.pipe(llm).pipe(toText).pipe(StructuredOutputParser.fromZodSchema(...))`,
 * @n8n/n8n-nodes-langchain nodes/chains/InformationExtractor/processItem.ts).
 */
import { ChatPromptTemplate, HumanMessagePromptTemplate, SystemMessagePromptTemplate } from '@langchain/core/prompts';
import { StructuredOutputParser } from '@langchain/core/output_parsers';
import { NodeConnectionTypes, type IExecuteFunctions, type INodeExecutionData, type INodeType, type INodeTypeDescription } from 'n8n-workflow';
import { z } from 'zod';

import { HuggingFaceInferenceApi } from '../../credentials/HuggingFaceInferenceApi.credentials';
import { LmChatHuggingFaceInference } from '../../nodes/LmChatHuggingFaceInference/LmChatHuggingFaceInference.node';
import type { Emulator } from '../emulator';
import { NODE_UNDER_TEST, runNode } from '../harness';
import { credentialsFor } from './support';

/** The Evaluation node's Correctness schema (metricHandlers.ts). */
export const CORRECTNESS_SCHEMA = z.object({
	extended_reasoning: z.string().describe('detailed step-by-step analysis of factual accuracy and similarity'),
	reasoning_summary: z.string().describe('one sentence summary focusing on key differences'),
	score: z.number().int().min(1).max(5).describe('integer from 1 to 5 representing the similarity score'),
});

/** What an Information Extractor asks for with the attributes city (string) and population (number). */
export const EXTRACTOR_SCHEMA = z.object({ city: z.string().describe('The city named'), population: z.number().describe('How many live there') });

class StructuredProbe implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Structured probe',
		name: 'structuredProbe',
		group: ['transform'],
		version: 1,
		description: 'Test root node',
		defaults: { name: 'Probe' },
		inputs: [NodeConnectionTypes.Main, { type: NodeConnectionTypes.AiLanguageModel, maxConnections: 1 }],
		outputs: [NodeConnectionTypes.Main],
		properties: [
			{ displayName: 'Scenario', name: 'scenario', type: 'string', default: '' },
			{ displayName: 'Method', name: 'method', type: 'string', default: '' },
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const scenario = this.getNodeParameter('scenario', 0) as string;
		const method = (this.getNodeParameter('method', 0) as string) || undefined;
		const model = (await this.getInputConnectionData(NodeConnectionTypes.AiLanguageModel, 0)) as any;
		const results: INodeExecutionData[] = [];
		for (const [index, item] of this.getInputData().entries()) {
			const question = String(item.json.question ?? '');
			if (scenario === 'invoke') {
				const answer = await model.invoke([{ role: 'user', content: question }]);
				results.push({ json: { text: answer.text, content: answer.content, reasoning: answer.additional_kwargs?.reasoning_content ?? null, usage: answer.usage_metadata }, pairedItem: { item: index } });
			} else if (scenario === 'stream') {
				let merged: any;
				for await (const chunk of await model.stream([{ role: 'user', content: question }])) merged = merged ? merged.concat(chunk) : chunk;
				results.push({ json: { text: merged.text, reasoning: merged.additional_kwargs?.reasoning_content ?? null }, pairedItem: { item: index } });
			} else if (scenario === 'correctness') {
				// As the Evaluation node's Correctness metric does.
				const prompt = ChatPromptTemplate.fromMessages([
					SystemMessagePromptTemplate.fromTemplate('{systemPrompt}'),
					HumanMessagePromptTemplate.fromTemplate('Output: {actual_answer}\n\nGround truth: {expected_answer}'),
				]);
				const structured = method === 'raw' ? model.withStructuredOutput(CORRECTNESS_SCHEMA, { includeRaw: true }) : model.withStructuredOutput(CORRECTNESS_SCHEMA, method ? { method } : undefined);
				const response = await prompt.pipe(structured).invoke({ systemPrompt: 'You are an expert factual evaluator.', actual_answer: item.json.actual, expected_answer: item.json.expected });
				results.push({ json: { response: response as any }, pairedItem: { item: index } });
			} else if (scenario === 'extractor') {
				// As the Information Extractor does: format instructions in the system prompt, the answer's text parsed.
				const parser = StructuredOutputParser.fromZodSchema(EXTRACTOR_SCHEMA as any);
				const system = `You are an expert extraction algorithm.\n${parser.getFormatInstructions()}`.replace(/[{}]/g, (match) => match + match);
				const prompt = ChatPromptTemplate.fromMessages([SystemMessagePromptTemplate.fromTemplate(system), HumanMessagePromptTemplate.fromTemplate('{text}')]);
				const extracted = await prompt
					.pipe(model)
					.pipe((output: any) => (typeof output === 'string' ? output : output.text))
					.pipe(parser)
					.invoke({ text: question });
				results.push({ json: { extracted: extracted as any }, pairedItem: { item: index } });
			}
		}
		return [results];
	}
}

export async function probeStructured(emulator: Emulator, scenario: string, parameters: Record<string, unknown>, items: Array<Record<string, unknown>>, method = '') {
	const result = await runNode({
		nodeType: new StructuredProbe(),
		typeName: 'test.structuredProbe',
		parameters: { scenario, method },
		items: items.map((json) => ({ json: json as any })),
		credentialTypes: [new HuggingFaceInferenceApi()],
		credentials: { huggingFaceInferenceApi: credentialsFor(emulator) },
		extraNodeTypes: { 'n8n-nodes-huggingface-inference.lmChatHuggingFaceInference': new LmChatHuggingFaceInference() },
		extraNodes: [
			{
				id: 'sub',
				name: 'Chat Model',
				type: 'n8n-nodes-huggingface-inference.lmChatHuggingFaceInference',
				typeVersion: 1,
				position: [0, 200],
				parameters: parameters as any,
				credentials: { huggingFaceInferenceApi: { id: '1', name: 'HF' } },
			},
		],
		extraConnections: { 'Chat Model': { [NodeConnectionTypes.AiLanguageModel]: [[{ node: NODE_UNDER_TEST, type: NodeConnectionTypes.AiLanguageModel, index: 0 }]] } },
	});
	const subNodeRuns = (result.run.data.resultData.runData['Chat Model'] ?? []) as any[];
	return { ...result, subNodeRuns };
}
