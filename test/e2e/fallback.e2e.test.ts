/**
 * Fallback models and capability checks in a real n8n 2.41.1 (the packed package installed as a
 * community package), against the router + Hub emulator in this process:
 *  - the node's Chat with Fallback Models: the primary down (503), the first fallback unserved
 *    (400 model_not_supported), the second answers every item; the emulator's own log counts the
 *    calls to the dead primary; with no credits (402) no fallback is asked and every item goes to
 *    Quota Exhausted;
 *  - n8n's AI Agent with its Calculator tool on a model none of whose providers calls tools: a
 *    clear error naming tool-capable models, and no chat call at all.
 */
import type { RecordedRequest } from '../emulator';
import { CREDENTIAL_TYPE, NODE_TYPE, PACKAGE_NAME, type WorkflowInput } from './n8n';
import { templateSuite } from './template-suite';
import { DEFAULT_CREDENTIAL_ID } from './templates';
import { chain, code, manualTrigger } from './workflows';

const TOKEN = 'hf_e2e_fallback_token_01';
const LLAMA = 'meta-llama/Llama-3.1-8B-Instruct';
const QWEN = 'Qwen/Qwen2.5-72B-Instruct';
const GPT_OSS = 'openai/gpt-oss-120b';
const GEMMA = 'google/gemma-2-2b-it';
const ITEMS = 4;
const MAX_RETRIES = 1;
const credential = { [CREDENTIAL_TYPE]: { id: DEFAULT_CREDENTIAL_ID, name: DEFAULT_CREDENTIAL_ID } };

const chatWorkflow: WorkflowInput = {
	id: 'hfE2eFallbackChat1',
	name: 'Chat with fallback models',
	...chain([
		manualTrigger(),
		code('Questions', `return Array.from({ length: ${ITEMS} }, (_, index) => ({ json: { q: 'question ' + index } }));`),
		{
			name: 'Hugging Face Inference',
			type: NODE_TYPE,
			typeVersion: 1,
			parameters: {
				operation: 'chat',
				model: { __rl: true, mode: 'id', value: LLAMA },
				provider: 'auto',
				messages: { values: [{ role: 'user', content: '={{ $json.q }}' }] },
				// One call at a time, so that "not asked first again" is exact.
				options: { fallbackModels: `${QWEN}, ${GPT_OSS}`, maxRetries: MAX_RETRIES, concurrency: 1 },
			},
			credentials: credential,
		},
	]),
};

const agentWorkflow: WorkflowInput = {
	id: 'hfE2eFallbackAgent1',
	name: 'AI Agent with a tool on a model without tools',
	nodes: [
		{ id: 'a1', position: [0, 0], ...manualTrigger() },
		{
			id: 'a2',
			position: [220, 0],
			name: 'AI Agent',
			type: '@n8n/n8n-nodes-langchain.agent',
			typeVersion: 3.1,
			onError: 'continueErrorOutput',
			parameters: { promptType: 'define', text: 'What is (12 * 7) + 3? Call the tool Calculator.', options: {} },
		},
		{
			id: 'a3',
			position: [220, 200],
			name: 'Gemma',
			type: `${PACKAGE_NAME}.lmChatHuggingFaceInference`,
			typeVersion: 1,
			parameters: { model: { __rl: true, mode: 'id', value: GEMMA }, provider: 'auto', options: {} },
			credentials: credential,
		},
		{ id: 'a4', position: [420, 200], name: 'Calculator', type: '@n8n/n8n-nodes-langchain.toolCalculator', typeVersion: 1, parameters: {} },
	],
	connections: {
		[manualTrigger().name]: { main: [[{ node: 'AI Agent', type: 'main', index: 0 }]] },
		Gemma: { ai_languageModel: [[{ node: 'AI Agent', type: 'ai_languageModel', index: 0 }]] },
		Calculator: { ai_tool: [[{ node: 'AI Agent', type: 'ai_tool', index: 0 }]] },
	},
};

describe('fallback models and capability checks in a real n8n', () => {
	const suite = templateSuite({ token: TOKEN, credits: 1, workflows: () => [chatWorkflow, agentWorkflow] });
	const chatCalls = () => suite.emulator.requests.filter((r) => r.path === '/v1/chat/completions');
	const modelOf = (call: RecordedRequest) => (call.body as { model: string }).model;
	const questionOf = (call: RecordedRequest) => (call.body as { messages: Array<{ content: string }> }).messages[0].content;

	it('primary down (503), first fallback unserved (400 model_not_supported), second answers: every item on Success from it', async () => {
		suite.emulator.failModel(LLAMA, 503, { body: { error: 'Service Unavailable' } });
		suite.emulator.failModel(QWEN, 400);
		const result = await suite.run(chatWorkflow);
		const success = result.items('Hugging Face Inference', 0);
		expect(result.items('Hugging Face Inference', 1)).toHaveLength(0);
		expect(success).toHaveLength(ITEMS);
		success.forEach((item, index) => {
			expect(item.json.content).toMatch(new RegExp(`You said: question ${index}$`));
			expect(item.json.model).toBe(GPT_OSS);
			expect(item.json.costUsd).toBeGreaterThan(0);
			expect(item.json.fallbacksTried.map((entry: { model: string; httpCode: number }) => [entry.model, entry.httpCode])).toEqual([
				[LLAMA, 503],
				[QWEN, 400],
			]);
		});
		expect(success[0].json.fallbacksTried).toEqual([
			{ model: LLAMA, httpCode: 503, message: 'Service Unavailable' },
			{ model: QWEN, httpCode: 400, message: `The requested model '${QWEN}' is not supported by any provider you have enabled.` },
		]);

		// The dead primary: 1 + Max Retries calls, for the first item only; never asked first again.
		const primary = chatCalls().filter((call) => modelOf(call) === LLAMA);
		expect(primary.map((call) => [questionOf(call), call.status])).toEqual(Array(1 + MAX_RETRIES).fill(['question 0', 503]));
		expect(chatCalls().filter((call) => modelOf(call) === QWEN).map((call) => [questionOf(call), call.status])).toEqual([['question 0', 400]]);
		expect(chatCalls().filter((call) => modelOf(call) === GPT_OSS).map((call) => [questionOf(call), call.status])).toEqual(
			Array.from({ length: ITEMS }, (_, index) => [`question ${index}`, 200]),
		);
	});

	it('with no credits (402), no fallback is asked and every item goes to Quota Exhausted', async () => {
		suite.emulator.setCredits(TOKEN, 0);
		const result = await suite.run(chatWorkflow);
		expect(result.items('Hugging Face Inference', 0)).toHaveLength(0);
		const quota = result.items('Hugging Face Inference', 1);
		expect(quota).toHaveLength(ITEMS);
		for (const item of quota) expect(item.json).toMatchObject({ quotaExhausted: true, error: { httpCode: 402, model: LLAMA } });
		expect(chatCalls().map((call) => [modelOf(call), call.status])).toEqual([[LLAMA, 402]]);
	});

	it('an AI Agent with a tool on a model without tool support fails before any chat call, naming models that call tools', async () => {
		const result = await suite.run(agentWorkflow);
		expect(result.items('AI Agent', 0)).toHaveLength(0);
		const [failed] = result.items('AI Agent', 1);
		expect(failed.json.error).toMatch(new RegExp(`${GEMMA} cannot be used with tools: none of the live providers of ${GEMMA} can call tools`));
		expect(failed.json.error).toMatch(/Models whose providers do: meta-llama\/Llama-3\.1-8B-Instruct, /);
		expect(chatCalls()).toHaveLength(0);
		expect(JSON.stringify(result.runData)).not.toContain(TOKEN);
	});
});
