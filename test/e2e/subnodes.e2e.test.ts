/**
 * The chat model and embeddings sub-nodes inside a real n8n 2.41.1 (packed tarball installed as a
 * community package), with n8n's own AI Agent, Calculator tool, Basic LLM Chain, Default Data
 * Loader and Simple Vector Store, against the router + Hub emulator. The two sub-node templates
 * (workflows/ai-agent-fallback.json, workflows/rag-simple-vector-store.json) run here too.
 */
import type { RecordedRequest } from '../emulator';
import { CREDENTIAL_TYPE, PACKAGE_NAME, nodeTypeVersions, type ExecutionResult, type TaskData, type WorkflowInput } from './n8n';
import { templateSuite } from './template-suite';
import { DEFAULT_CREDENTIAL_ID, FALLBACK_CREDENTIAL_ID, loadTemplate } from './templates';

const PRIMARY = 'hf_subnodes_primary_token_01';
const FALLBACK = 'hf_subnodes_fallback_token_01';
const LLAMA = 'meta-llama/Llama-3.1-8B-Instruct';
const MINILM = 'sentence-transformers/all-MiniLM-L6-v2';
const CHAT_MODEL_TYPE = `${PACKAGE_NAME}.lmChatHuggingFaceInference`;
const EMBEDDINGS_TYPE = `${PACKAGE_NAME}.embeddingsHuggingFaceInference`;
const CREDITS_MESSAGE = /Hugging Face credits exhausted \(402 Payment Required\)/;

type Node = { name: string; type: string; typeVersion: number; parameters: Record<string, any>; credentials?: any; [key: string]: unknown };

const credential = (id: string) => ({ [CREDENTIAL_TYPE]: { id, name: id } });
const trigger: Node = { name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {} };
let position = 0;
const at = (node: Node): Node => ({ id: `n${++position}`, position: [position * 200, 0], ...node });

function chatModel(name: string, credentialId: string, provider: string): Node {
	return {
		name,
		type: CHAT_MODEL_TYPE,
		typeVersion: 1,
		parameters: { model: { __rl: true, mode: 'id', value: LLAMA }, provider, options: {} },
		credentials: credential(credentialId),
	};
}

/** The sub-node's own run data on its AI connection (n8n logs a sub-node's input and output there). */
function subNodeRuns(result: ExecutionResult, node: string, connection: string): Array<{ json: Record<string, any> } | undefined> {
	const runs = (result.runData[node] ?? []) as Array<TaskData & { data?: Record<string, Array<Array<{ json: Record<string, any> }> | null>> }>;
	return runs.map((run) => run.data?.[connection]?.[0]?.[0]);
}

describe('the sub-nodes in a real n8n', () => {
	const agentTemplate = loadTemplate('agentFallback');
	const ragTemplate = loadTemplate('rag');

	const chainWorkflow: WorkflowInput = {
		id: 'hfE2eChainError1',
		name: 'Basic LLM Chain, error output',
		nodes: [
			at(trigger),
			at({
				name: 'Basic LLM Chain',
				type: '@n8n/n8n-nodes-langchain.chainLlm',
				typeVersion: 1.9,
				onError: 'continueErrorOutput',
				parameters: { promptType: 'define', text: 'Say hello.' },
			}),
			at(chatModel('Chat Model', DEFAULT_CREDENTIAL_ID, 'auto')),
		],
		connections: {
			Start: { main: [[{ node: 'Basic LLM Chain', type: 'main', index: 0 }]] },
			'Chat Model': { ai_languageModel: [[{ node: 'Basic LLM Chain', type: 'ai_languageModel', index: 0 }]] },
		},
	};

	const DOCUMENTS = [
		'Saturn has the most known moons of any planet.',
		'The Amazon is the largest rainforest on Earth.',
		'Mount Everest is the highest mountain above sea level.',
		'The Pacific is the largest and deepest ocean on Earth.',
		'Honey never spoils when it is stored in a sealed container.',
	];
	const QUERY = DOCUMENTS[2];
	const vectorWorkflow: WorkflowInput = {
		id: 'hfE2eVectorStore1',
		name: 'Five documents in the Simple Vector Store',
		nodes: [
			at(trigger),
			at({
				name: 'Documents',
				type: 'n8n-nodes-base.code',
				typeVersion: 2,
				parameters: { jsCode: `return ${JSON.stringify(DOCUMENTS)}.map((text) => ({ json: { text } }));` },
			}),
			at({
				name: 'Insert',
				type: '@n8n/n8n-nodes-langchain.vectorStoreInMemory',
				typeVersion: 1.3,
				parameters: { mode: 'insert', memoryKey: { __rl: true, mode: 'id', value: 'hf_e2e_five' }, clearStore: true },
			}),
			at({
				name: 'Loader',
				type: '@n8n/n8n-nodes-langchain.documentDefaultDataLoader',
				typeVersion: 1.1,
				parameters: { jsonMode: 'expressionData', jsonData: '={{ $json.text }}', textSplittingMode: 'simple', options: {} },
			}),
			at({
				name: 'Embeddings',
				type: EMBEDDINGS_TYPE,
				typeVersion: 1,
				parameters: { model: { __rl: true, mode: 'id', value: MINILM }, provider: 'auto', options: { batchSize: 2 } },
				credentials: credential(DEFAULT_CREDENTIAL_ID),
			}),
			at({
				name: 'Query',
				type: '@n8n/n8n-nodes-langchain.vectorStoreInMemory',
				typeVersion: 1.3,
				executeOnce: true,
				parameters: { mode: 'load', memoryKey: { __rl: true, mode: 'id', value: 'hf_e2e_five' }, prompt: QUERY, topK: 5 },
			}),
		],
		connections: {
			Start: { main: [[{ node: 'Documents', type: 'main', index: 0 }]] },
			Documents: { main: [[{ node: 'Insert', type: 'main', index: 0 }]] },
			Insert: { main: [[{ node: 'Query', type: 'main', index: 0 }]] },
			Loader: { ai_document: [[{ node: 'Insert', type: 'ai_document', index: 0 }]] },
			Embeddings: {
				ai_embedding: [[{ node: 'Insert', type: 'ai_embedding', index: 0 }, { node: 'Query', type: 'ai_embedding', index: 0 }]],
			},
		},
	};

	const suite = templateSuite({
		token: PRIMARY,
		fallbackToken: FALLBACK,
		credits: 1,
		workflows: () => [agentTemplate, ragTemplate, chainWorkflow, vectorWorkflow],
	});
	const chatCalls = () => suite.emulator.requests.filter((r) => r.path === '/v1/chat/completions');
	const byToken = (requests: RecordedRequest[], token: string) => requests.filter((r) => r.headers.authorization === `Bearer ${token}`);

	it('n8n knows both sub-nodes, and the templates use only real node types', async () => {
		const versions = await nodeTypeVersions(suite.home);
		expect(versions.get(CHAT_MODEL_TYPE)).toEqual([1]);
		expect(versions.get(EMBEDDINGS_TYPE)).toEqual([1]);
		for (const template of [agentTemplate, ragTemplate]) {
			for (const node of template.nodes as Node[]) {
				expect({ node: node.name, versions: versions.get(node.type) }).toEqual({ node: node.name, versions: expect.arrayContaining([node.typeVersion]) });
				if (node.type === CHAT_MODEL_TYPE || node.type === EMBEDDINGS_TYPE) {
					expect([DEFAULT_CREDENTIAL_ID, FALLBACK_CREDENTIAL_ID]).toContain(node.credentials[CREDENTIAL_TYPE].id);
				}
			}
			const manual = (template.nodes as Node[]).filter((n) => n.type === 'n8n-nodes-base.manualTrigger');
			expect(manual).toHaveLength(1);
			const notes = (template.nodes as Node[]).filter((n) => n.type === 'n8n-nodes-base.stickyNote');
			expect(notes.some((n) => /credential/i.test(n.parameters.content) && n.parameters.content.length > 300)).toBe(true);
		}
	});

	it('AI Agent template: our chat model (cheapest) calls the Calculator tool and answers with its result', async () => {
		const result = await suite.run(agentTemplate);
		const [answer] = result.items('AI Agent');
		// n8n names the tool after its node and hands the model the tool node's items as JSON; the
		// emulator's model repeats what the tool returned: (12 * 7) + 3 = 87, computed by n8n's Calculator.
		expect(answer.json.output).toMatch(/Tool Calculator returned: \[\{"response":"87"\}\]$/);

		const calls = chatCalls();
		expect(calls).toHaveLength(2);
		for (const call of calls) {
			const body = call.body as any;
			expect(body.model).toBe(`${LLAMA}:cheapest`);
			expect(body.tools.map((tool: any) => tool.function.name)).toEqual(['Calculator']);
			expect(body.tools[0].function.parameters).toEqual(expect.objectContaining({ type: 'object' }));
			expect(call.status).toBe(200);
		}
		// The second call replays the tool call and carries the tool's answer.
		const [, second] = calls.map((call) => (call.body as any).messages);
		const assistant = second.find((m: any) => m.role === 'assistant');
		const tool = second.find((m: any) => m.role === 'tool');
		expect(assistant.tool_calls[0].function.name).toBe('Calculator');
		// n8n's Agent replays the call's arguments with the call id added to them.
		expect(JSON.parse(assistant.tool_calls[0].function.arguments)).toEqual(expect.objectContaining({ input: '(12 * 7) + 3' }));
		expect(tool).toEqual({ role: 'tool', tool_call_id: assistant.tool_calls[0].id, content: '[{"response":"87"}]' });
		expect(byToken(calls, FALLBACK)).toHaveLength(0);

		// Token usage (and the cost, at the catalogue's price) on the chat model's own run data.
		const logged = subNodeRuns(result, 'Hugging Face Chat Model', 'ai_languageModel');
		expect(logged).toHaveLength(2);
		for (const entry of logged) {
			expect(entry!.json.tokenUsage).toEqual({
				promptTokens: expect.any(Number),
				completionTokens: expect.any(Number),
				totalTokens: expect.any(Number),
				cost: expect.any(Number),
			});
			expect(entry!.json.tokenUsage.cost).toBeGreaterThan(0);
		}
		expect(result.runData['Fallback Chat Model']).toBeUndefined();
	});

	it('AI Agent template: with the primary account out of credits, the fallback model answers after exactly one 402', async () => {
		suite.emulator.setCredits(PRIMARY, 0);
		const result = await suite.run(agentTemplate);
		const [answer] = result.items('AI Agent');
		expect(answer.json.output).toMatch(/Tool Calculator returned: \[\{"response":"87"\}\]$/);

		// The Agent asks its primary model first on each of its two turns: the second is refused
		// without a request, since the account answered 402 earlier in this execution.
		const primary = byToken(chatCalls(), PRIMARY);
		expect(primary.map((call) => call.status)).toEqual([402]);
		const fallback = byToken(chatCalls(), FALLBACK);
		expect(fallback.map((call) => call.status)).toEqual([200, 200]);
		expect((fallback[0].body as any).tools.map((tool: any) => tool.function.name)).toEqual(['Calculator']);

		// The primary model's run data holds the credits error, in words.
		const primaryRuns = result.runData['Hugging Face Chat Model'] as Array<TaskData & { data?: any }>;
		expect(JSON.stringify(primaryRuns)).toMatch(CREDITS_MESSAGE);
		expect(JSON.stringify(primaryRuns)).not.toContain(PRIMARY);
	});

	it('Basic LLM Chain on an exhausted account: the item goes to the error output with the credits message', async () => {
		suite.emulator.setCredits(PRIMARY, 0);
		const result = await suite.run(chainWorkflow);
		expect(result.items('Basic LLM Chain', 0)).toHaveLength(0);
		const [failed] = result.items('Basic LLM Chain', 1);
		expect(failed.json.error).toMatch(CREDITS_MESSAGE);
		expect(JSON.stringify(failed.json)).not.toContain(PRIMARY);
		expect(chatCalls().map((call) => call.status)).toEqual([402]);
	});

	it('five documents in the Simple Vector Store: a query equal to one ranks it first; the texts went out in batches', async () => {
		const result = await suite.run(vectorWorkflow);
		expect(result.items('Insert')).toHaveLength(5);
		const found = result.items('Query');
		expect(found).toHaveLength(5);
		expect(found[0].json.document.pageContent).toBe(QUERY);
		expect(found[0].json.score).toBeGreaterThan(0.999);
		expect(found[1].json.score).toBeLessThan(found[0].json.score);

		const embeddingCalls = suite.emulator.requests.filter((r) => r.listener === 'router' && r.path.includes('feature-extraction'));
		const inputs = embeddingCalls.map((call) => (call.body as any).inputs);
		// The five documents in batches of two (Batch Size 2), then the query alone.
		expect(inputs.slice(0, 3).map((batch) => batch.length).sort()).toEqual([1, 2, 2]);
		expect(inputs.slice(0, 3).flat().sort()).toEqual([...DOCUMENTS].sort());
		expect(inputs.slice(3)).toEqual([[QUERY]]);

		// Input and output on the embeddings sub-node's run data, as n8n's own embeddings nodes log them.
		const logged = (result.runData.Embeddings as Array<TaskData & { inputOverride?: any; data?: any }>) ?? [];
		expect(logged).toHaveLength(2);
		expect(logged[0].inputOverride.ai_embedding[0][0].json.documents).toEqual(DOCUMENTS);
		expect(logged[0].data.ai_embedding[0][0].json.response).toHaveLength(5);
		expect(logged[1].inputOverride.ai_embedding[0][0].json.query).toBe(QUERY);
		expect(logged[1].data.ai_embedding[0][0].json.response).toHaveLength(384);
	});

	it('RAG template: inserts the notes with our embeddings, finds the closest ones and answers from them with our chat model', async () => {
		const result = await suite.run(ragTemplate);
		expect(result.items('Insert into Simple Vector Store')).toHaveLength(5);
		expect(result.items('Find relevant notes')).toHaveLength(2);
		const [prompt] = result.items('Build prompt');
		expect(prompt.json.notes).toHaveLength(2);
		const [answer] = result.items('Answer');
		expect(answer.json.text).toContain('Question: Which planet has the most moons?');
		for (const note of prompt.json.notes) expect(answer.json.text).toContain(note);
		const embeddingCalls = suite.emulator.requests.filter((r) => r.listener === 'router' && r.path.includes('feature-extraction'));
		expect(embeddingCalls.map((call) => [(call.body as any).inputs].flat().length).sort()).toEqual([1, 1, 2, 2]);
		expect(chatCalls()).toHaveLength(1);
	});
});
