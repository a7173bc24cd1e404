/**
 * Reasoning models, structured output and the judge inside a real n8n 2.41.1 (packed tarball as a
 * community package), against the router + Hub emulator: Reasoning Effort on the node and on the
 * chat model sub-node, json.reasoning plain and streamed, n8n's Basic LLM Chain with a reasoning
 * model, n8n's Information Extractor getting its fields through the sub-node's JSON Schema, and the
 * template workflows/model-evaluation-metrics.json, where n8n's Evaluation node (Correctness and
 * Helpfulness) uses the sub-node as its judge.
 *
 * `n8n execute` runs from the Manual Trigger, outside n8n's evaluation mode: there the Evaluation
 * node's setMetrics still calls its judge and outputs each metric (n8n-nodes-base
 * nodes/Evaluation/utils/evaluationUtils.ts `setMetrics` runs the metric handlers in any mode; only
 * setInputs/setOutputs pass through), which is what is checked here; recording the metrics in
 * n8n's Evaluations tab needs an Evaluation Trigger over a dataset, not run here.
 */
import { expectedReasoning, metricScore, type RecordedRequest } from '../emulator';
import { fillSchema } from '../emulator/schema-fill';
import { CREDENTIAL_TYPE, PACKAGE_NAME, type WorkflowInput } from './n8n';
import { templateSuite } from './template-suite';
import { DEFAULT_CREDENTIAL_ID, loadTemplate } from './templates';

const TOKEN = 'hf_reasoning_e2e_token_01';
const R1 = 'deepseek-ai/DeepSeek-R1';
const GPT_OSS = 'openai/gpt-oss-120b';
const LLAMA = 'meta-llama/Llama-3.1-8B-Instruct';
const NODE_TYPE = `${PACKAGE_NAME}.huggingFaceInference`;
const CHAT_MODEL_TYPE = `${PACKAGE_NAME}.lmChatHuggingFaceInference`;
const credentials = { [CREDENTIAL_TYPE]: { id: DEFAULT_CREDENTIAL_ID, name: 'HF' } };
const rl = (value: string) => ({ __rl: true, mode: 'id', value });
const link = (node: string, type = 'main') => ({ [type]: [[{ node, type, index: 0 }]] });
const trigger = { id: 'n0', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} };
const QUESTIONS = ['Reply with exactly: 42', 'Reply with exactly: seven'];
const EXTRACT_SCHEMA = { type: 'object', properties: { city: { type: 'string' }, population: { type: 'number' } }, required: ['city', 'population'] };

const nodeChat: WorkflowInput = {
	id: 'hfE2eReasonNode1',
	name: 'Chat with a reasoning model, plain and streamed',
	nodes: [
		trigger,
		{ id: 'n1', name: 'Questions', type: 'n8n-nodes-base.code', typeVersion: 2, position: [200, 0], parameters: { jsCode: `return ${JSON.stringify(QUESTIONS)}.map((question) => ({ json: { question } }));` } },
		{
			id: 'n2',
			name: 'Plain',
			type: NODE_TYPE,
			typeVersion: 1,
			position: [400, 0],
			parameters: { operation: 'chat', model: rl(R1), provider: 'novita', messages: { values: [{ role: 'user', content: '={{ $json.question }}' }] }, options: { reasoningEffort: 'high' } },
			credentials,
		},
		{
			id: 'n3',
			name: 'Streamed',
			type: NODE_TYPE,
			typeVersion: 1,
			position: [600, 0],
			parameters: {
				operation: 'chat',
				model: rl(GPT_OSS),
				provider: 'cerebras',
				messages: { values: [{ role: 'user', content: "={{ $('Questions').item.json.question }}" }] },
				options: { stream: true, reasoningEffort: 'low' },
			},
			credentials,
		},
	],
	connections: { Start: link('Questions'), Questions: link('Plain'), Plain: link('Streamed') },
};

const chainAndExtractor: WorkflowInput = {
	id: 'hfE2eReasonSubNd1',
	name: 'Basic LLM Chain with a reasoning model; Information Extractor with a JSON Schema',
	nodes: [
		trigger,
		{ id: 'n1', name: 'Basic LLM Chain', type: '@n8n/n8n-nodes-langchain.chainLlm', typeVersion: 1.9, position: [200, 0], parameters: { promptType: 'define', text: 'Reply with exactly: hello there' } },
		{
			id: 'n2',
			name: 'Reasoning Model',
			type: CHAT_MODEL_TYPE,
			typeVersion: 1,
			position: [200, 200],
			parameters: { model: rl(R1), provider: 'together', options: { reasoningEffort: 'minimal' } },
			credentials,
		},
		{
			id: 'n3',
			name: 'Information Extractor',
			type: '@n8n/n8n-nodes-langchain.informationExtractor',
			typeVersion: 1.2,
			position: [400, 0],
			parameters: { text: 'Paris has about 2.1 million inhabitants.', schemaType: 'manual', inputSchema: JSON.stringify(EXTRACT_SCHEMA, null, 2), options: {} },
		},
		{
			id: 'n4',
			name: 'Extraction Model',
			type: CHAT_MODEL_TYPE,
			typeVersion: 1,
			position: [400, 200],
			parameters: { model: rl(LLAMA), provider: 'groq', options: { responseFormat: 'json_schema', jsonSchema: JSON.stringify(EXTRACT_SCHEMA), jsonSchemaName: 'city' } },
			credentials,
		},
	],
	connections: {
		Start: link('Basic LLM Chain'),
		'Basic LLM Chain': link('Information Extractor'),
		'Reasoning Model': link('Basic LLM Chain', 'ai_languageModel'),
		'Extraction Model': link('Information Extractor', 'ai_languageModel'),
	},
};

describe('reasoning, structured output and the judge in a real n8n', () => {
	const metricsTemplate = loadTemplate('evaluationMetrics');
	const suite = templateSuite({ token: TOKEN, credits: 5, workflows: () => [nodeChat, chainAndExtractor, metricsTemplate] });
	const chats = (): RecordedRequest[] => suite.emulator.requests.filter((r) => r.path === '/v1/chat/completions');
	const body = (request: RecordedRequest) => request.body as Record<string, any>;

	it('the node: Reasoning Effort reaches every call; json.reasoning holds the thinking, plain (novita) and streamed (cerebras)', async () => {
		const result = await suite.run(nodeChat);
		const calls = chats();
		expect(calls.map((call) => [body(call).model, body(call).reasoning_effort, body(call).stream ?? false])).toEqual([
			[`${R1}:novita`, 'high', false],
			[`${R1}:novita`, 'high', false],
			[`${GPT_OSS}:cerebras`, 'low', true],
			[`${GPT_OSS}:cerebras`, 'low', true],
		]);
		const plain = result.items('Plain');
		const streamed = result.items('Streamed');
		expect(plain.map((item) => item.json.content)).toEqual(['42', 'seven']);
		expect(streamed.map((item) => item.json.content)).toEqual(['42', 'seven']);
		plain.forEach((item, index) => expect(item.json.reasoning).toBe(expectedReasoning(body(calls[index]) as never)));
		streamed.forEach((item, index) => expect(item.json.reasoning).toBe(expectedReasoning(body(calls[index + 2]) as never)));
		expect(String(plain[0].json.reasoning)).toContain('effort high');
		expect(String(streamed[0].json.reasoning)).toContain('effort low');
		for (const item of [...plain, ...streamed]) expect((item.json.usage as any).reasoningTokens).toBeGreaterThan(0);
	});

	it('the sub-node: Reasoning Effort on its call, the chain gets the answer alone; the Information Extractor gets its fields through JSON Schema', async () => {
		const result = await suite.run(chainAndExtractor);
		const [chainCall, extractCall] = chats();
		expect(body(chainCall)).toMatchObject({ model: `${R1}:together`, reasoning_effort: 'minimal' });
		expect(result.items('Basic LLM Chain')[0].json.text).toBe('hello there');
		// The thinking shows on the model's own run data (n8n keeps each generation's text and generationInfo).
		const logged = (result.runData['Reasoning Model'][0] as any).data.ai_languageModel[0][0].json.response.generations[0][0];
		expect(logged).toMatchObject({ text: 'hello there', generationInfo: { reasoning: expectedReasoning(body(chainCall) as never) } });

		expect(body(extractCall)).not.toHaveProperty('reasoning_effort');
		expect(body(extractCall).response_format).toEqual({ type: 'json_schema', json_schema: { name: 'city', schema: EXTRACT_SCHEMA, strict: true } });
		expect(body(extractCall).messages[1].content).toBe('Paris has about 2.1 million inhabitants.');
		expect(result.items('Information Extractor')[0].json.output).toEqual(fillSchema(EXTRACT_SCHEMA, 'city'));
		expect(chats()).toHaveLength(2);
	});

	it("the metrics template: n8n's Evaluation node asks our sub-node, with the metric's own prompt, and its metrics are the judge's", async () => {
		const result = await suite.run(metricsTemplate);
		const answers = result.items('Answers').map((item) => item.json as Record<string, any>);
		expect(answers).toHaveLength(6);
		const judged = chats().filter((call) => body(call).model === `${GPT_OSS}:cheapest`);
		expect(judged).toHaveLength(12);
		const correctnessCalls = judged.filter((call) => /^Output: /.test(body(call).messages[1].content));
		const helpfulnessCalls = judged.filter((call) => /^Query: /.test(body(call).messages[1].content));
		expect([correctnessCalls.length, helpfulnessCalls.length]).toEqual([6, 6]);
		for (const call of judged) {
			expect(body(call)).toMatchObject({ reasoning_effort: 'low', temperature: 0, response_format: { type: 'json_schema', json_schema: { name: 'extract' } } });
			expect(body(call).response_format.json_schema.schema.required).toEqual(['extended_reasoning', 'reasoning_summary', 'score']);
		}
		expect(body(correctnessCalls[0]).messages[0].content).toMatch(/^You are an expert factual evaluator/);
		expect(body(helpfulnessCalls[0]).messages[0].content).toMatch(/^You are an expert evaluator assessing the helpfulness/);
		answers.forEach((answer, index) => {
			expect(body(correctnessCalls[index]).messages[1].content).toBe(`Output: ${answer.answer}\n\nGround truth: ${answer.expected}`);
			expect(body(helpfulnessCalls[index]).messages[1].content).toBe(`Query: ${answer.question}\n\nResponse: ${answer.answer}`);
		});

		const scores = result.items('Scores').map((item) => item.json as Record<string, any>);
		expect(scores.map((s) => [s.caseId, s.correctness, s.helpfulness])).toEqual(
			answers.map((a) => [a.caseId, metricScore('correctness', a.answer, a.expected), metricScore('helpfulness', a.question, a.answer)]),
		);
		// The exact answers score 5; the red planet, answered by an echo offline, scores 1.
		expect(scores.filter((s) => s.caseId !== 'red-planet').map((s) => s.correctness)).toEqual([5, 5, 5, 5]);
		expect(scores.filter((s) => s.caseId === 'red-planet').map((s) => s.correctness)).toEqual([1, 1]);
		const summary = result.items('Summary per model and provider').map((item) => item.json as Record<string, any>);
		expect(summary.map((row) => [row.model, row.cases, row.correctness])).toEqual([
			[LLAMA, 3, 3.67],
			[R1, 3, 3.67],
		]);
		expect(summary.find((row) => row.model === R1)!.costUsd).toBeGreaterThan(0);
		// The reasoning model's thinking is kept beside its answers.
		expect(answers.filter((a) => a.model === R1).every((a) => typeof a.reasoning === 'string' && a.reasoning.length > 0)).toBe(true);
	});
});
