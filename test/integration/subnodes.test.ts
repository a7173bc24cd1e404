/**
 * The chat model and embeddings sub-nodes through n8n's engine (n8n-core's WorkflowExecute and its
 * real SupplyDataContext) and n8n's AI node SDK 0.31.1 (the version n8n 2.41.1 ships), against the
 * emulator. A small root node stands in for the AI Agent and the vector stores here, calling the
 * supplied objects the way they do (bindTools, invoke, stream; embedDocuments, embedQuery); the
 * real Agent, chain and vector store run in test/e2e/subnodes.e2e.test.ts.
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
import { cosine, expectedSentenceVector, type Emulator } from '../emulator';
import { NODE_UNDER_TEST, runNode } from '../harness';
import { POOR_TOKEN, TOKEN, credentialsFor, startTestEmulator } from './support';

const LLAMA = 'meta-llama/Llama-3.1-8B-Instruct';
const MINILM = 'sentence-transformers/all-MiniLM-L6-v2';
const CALCULATOR = {
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
beforeAll(async () => {
	emulator = await startTestEmulator();
});
afterAll(async () => {
	await emulator.close();
});
beforeEach(() => emulator.reset());

async function probe(subNode: 'chat' | 'embeddings', scenario: string, parameters: Record<string, unknown>, items: Array<Record<string, unknown>>, token = TOKEN) {
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

const chatCalls = () => emulator.requests.filter((request) => request.path === '/v1/chat/completions');

describe('chat model sub-node', () => {
	const model = (provider = 'cheapest', options = {}) => ({ model: { __rl: true, mode: 'id', value: LLAMA }, provider, options });

	test('binds tools, gets the tool call, and answers from the tool result (the Agent loop)', async () => {
		const { outputs, error, subNodeRuns } = await probe('chat', 'tools', model('cheapest', { maxTokens: 200, temperature: 0.2 }), [
			{ question: 'What is 2 + 2? Call the tool calculator with {"input":"2 + 2"}' },
		]);
		expect(error).toBeUndefined();
		const [result] = outputs[0];
		expect(result.json.toolCalls).toEqual([{ type: 'tool_call', id: expect.stringMatching(/^call_/), name: 'calculator', args: { input: '2 + 2' } }]);
		expect(result.json.answer).toMatch(/Tool calculator returned: 4$/);

		const [first, second] = chatCalls().map((call) => call.body as any);
		expect(first).toEqual({
			model: `${LLAMA}:cheapest`,
			messages: [
				{ role: 'system', content: 'Use the calculator.' },
				{ role: 'user', content: 'What is 2 + 2? Call the tool calculator with {"input":"2 + 2"}' },
			],
			tools: [CALCULATOR],
			max_tokens: 200,
			temperature: 0.2,
		});
		const toolCalls = result.json.toolCalls as Array<{ id: string }>;
		expect(second.messages.slice(2)).toEqual([
			{ role: 'assistant', content: null, tool_calls: [{ id: toolCalls[0].id, type: 'function', function: { name: 'calculator', arguments: '{"input":"2 + 2"}' } }] },
			{ role: 'tool', tool_call_id: toolCalls[0].id, content: '4' },
		]);

		// n8n logs each call on the sub-node: the messages in, the token usage (and cost) out.
		expect(subNodeRuns).toHaveLength(2);
		for (const run of subNodeRuns) {
			expect(run.inputOverride.ai_languageModel[0][0].json.messages).toEqual(expect.any(Array));
			const logged = run.data.ai_languageModel[0][0].json;
			expect(logged.tokenUsage).toEqual({ promptTokens: expect.any(Number), completionTokens: expect.any(Number), totalTokens: expect.any(Number), cost: expect.any(Number) });
			expect(logged.tokenUsage.cost).toBeGreaterThan(0);
		}
	});

	test('streams a tool call and the usage, as the Agent does behind a streaming Chat Trigger', async () => {
		const { outputs, error } = await probe('chat', 'stream', model('auto'), [{ question: 'Call the tool calculator with {"input":"6 * 7"}' }]);
		expect(error).toBeUndefined();
		const [result] = outputs[0];
		expect(result.json.toolCalls).toEqual([expect.objectContaining({ name: 'calculator', args: { input: '6 * 7' } })]);
		expect(result.json.usage).toEqual(expect.objectContaining({ input_tokens: expect.any(Number), output_tokens: expect.any(Number) }));
	});

	test('streams text piece by piece as the router sends it', async () => {
		const { outputs, error } = await probe('chat', 'stream-text', model('groq'), [{ question: 'Reply with exactly: one two three four five' }]);
		expect(error).toBeUndefined();
		const { pieces, usage } = outputs[0][0].json as { pieces: string[]; usage: Record<string, number> };
		// The emulator streams one word per event; each reaches the Agent on its own.
		expect(pieces).toEqual(['one', ' two', ' three', ' four', ' five']);
		expect(usage).toEqual(expect.objectContaining({ input_tokens: expect.any(Number), output_tokens: 5 }));
		const [call] = chatCalls();
		expect(call.body).toEqual(expect.objectContaining({ stream: true, stream_options: { include_usage: true } }));
	});

	test('a stream is retried until its first piece is out, and never after', async () => {
		emulator.failNext(1, 503);
		const retried = await probe('chat', 'stream-text', model('groq', { maxRetries: 2 }), [{ question: 'Reply with exactly: one two' }]);
		expect(retried.error).toBeUndefined();
		expect((retried.outputs[0][0].json.pieces as string[]).join('')).toBe('one two');
		expect(chatCalls().map((call) => call.status)).toEqual([503, 200]);

		emulator.reset();
		// Two events, then the provider's in-band error: what was shown stays, the call is not repeated.
		emulator.streamErrorNext(1);
		const cut = await probe('chat', 'stream-text', model('groq', { maxRetries: 2 }), [{ question: 'Reply with exactly: one two three four' }]);
		expect(cut.error?.message).toMatch(/interrupted \(groq \/ meta-llama\/Llama-3.1-8B-Instruct\)$/);
		expect(chatCalls()).toHaveLength(1);
	});

	test('a plain answer carries the served provider, the token usage and the cost', async () => {
		const { outputs, error } = await probe('chat', 'plain', model('cheapest'), [{ question: 'Reply with exactly: hello' }]);
		expect(error).toBeUndefined();
		const [result] = outputs[0];
		expect(result.json.text).toBe('hello');
		expect(result.json.metadata).toEqual(expect.objectContaining({ model: LLAMA, provider: 'huggingface', costUsd: expect.any(Number) }));
		expect(result.json.usage).toEqual(expect.objectContaining({ input_tokens: expect.any(Number), output_tokens: 1 }));
	});

	test('a 402 fails at once, without a retry, with a message that says the credits are exhausted and what to do', async () => {
		emulator.setCredits(POOR_TOKEN, 0);
		const { error, subNodeRuns } = await probe('chat', 'plain', model('cheapest', { maxRetries: 5 }), [{ question: 'hello' }], POOR_TOKEN);
		expect(error?.message).toMatch(/Hugging Face credits exhausted \(402 Payment Required\) for cheapest \/ meta-llama\/Llama-3.1-8B-Instruct/);
		expect(chatCalls().map((call) => call.status)).toEqual([402]);
		const logged = JSON.stringify(subNodeRuns);
		expect(logged).toMatch(/PRO/);
		expect(logged).toMatch(/buy pre-paid credits/);
		expect(logged).toMatch(/bill an organization/);
		expect(logged).toMatch(/another Hugging Face credential/);
		expect(logged).not.toContain(POOR_TOKEN);
		emulator.setCredits(POOR_TOKEN, 0.1);
	});

	test('after a 402, the next call of the same execution on that account ends without a request', async () => {
		emulator.setCredits(POOR_TOKEN, 0);
		const { outputs, error } = await probe('chat', 'twice', model('auto'), [{ question: 'hello' }], POOR_TOKEN);
		expect(error).toBeUndefined();
		const errors = outputs[0][0].json.errors as string[];
		expect(errors).toHaveLength(2);
		for (const message of errors) expect(message).toMatch(/^Hugging Face credits exhausted \(402 Payment Required\)/);
		expect(errors[1]).toMatch(/No request was sent: this account answered 402 earlier in this execution/);
		expect(chatCalls().map((call) => call.status)).toEqual([402]);
		emulator.setCredits(POOR_TOKEN, 0.1);

		// Another execution starts afresh: the account may have been topped up meanwhile.
		emulator.reset();
		const later = await probe('chat', 'plain', model('auto'), [{ question: 'Reply with exactly: back' }], POOR_TOKEN);
		expect(later.error).toBeUndefined();
		expect(later.outputs[0][0].json.text).toBe('back');
	});

	test('other failures are retried by the transport, then named with the route', async () => {
		emulator.failNext(1, 503);
		const retried = await probe('chat', 'plain', model('auto', { maxRetries: 2 }), [{ question: 'Reply with exactly: ok' }]);
		expect(retried.error).toBeUndefined();
		expect(chatCalls().map((call) => call.status)).toEqual([503, 200]);

		emulator.reset();
		const unknown = await probe('chat', 'plain', { ...model('not-a-provider'), model: { __rl: true, mode: 'id', value: LLAMA } }, [{ question: 'hi' }]);
		expect(unknown.error?.message).toMatch(/\(not-a-provider \/ meta-llama\/Llama-3.1-8B-Instruct\)$/);
	});

	test('a bad model id is refused before any request, naming the field', async () => {
		const { error } = await probe('chat', 'plain', { model: { __rl: true, mode: 'id', value: `${LLAMA}:groq` }, provider: 'auto', options: {} }, [{ question: 'hi' }]);
		// n8n reports a sub-node's setup error as "Error in sub-node <name>", with its message as the description.
		expect(error?.message).toBe('Error in sub-node Chat Model');
		expect((error as any).description).toMatch(/^Model ".*" is not a Hugging Face model ID/);
		expect(chatCalls()).toHaveLength(0);
	});
});

describe('embeddings sub-node', () => {
	const TEXTS = ['alpha beta', 'gamma delta', 'epsilon', 'zeta eta theta', 'iota', 'kappa lambda', 'mu'];

	test('embeds documents in batches on the provider modules, and logs input and output on its run data', async () => {
		const { outputs, error, subNodeRuns } = await probe(
			'embeddings',
			'embed',
			{ model: { __rl: true, mode: 'id', value: MINILM }, provider: 'auto', options: { batchSize: 3, normalize: true } },
			TEXTS.map((text) => ({ text })),
		);
		expect(error).toBeUndefined();
		const [result] = outputs[0];
		const documents = result.json.documents as number[][];
		expect(documents).toHaveLength(TEXTS.length);
		TEXTS.forEach((text, index) => expect(cosine(documents[index], expectedSentenceVector(MINILM, text))).toBeGreaterThan(0.9999));
		for (const vector of documents) expect(Math.hypot(...vector)).toBeCloseTo(1, 6);
		expect(result.json.query).toEqual(documents[1]);

		const calls = emulator.requests.filter((request) => request.path.endsWith('/pipeline/feature-extraction'));
		const batches = calls.map((call) => (call.body as any).inputs as string[]);
		expect(batches.slice(0, 3).map((batch) => batch.length).sort()).toEqual([1, 3, 3]);
		expect(batches.slice(0, 3).flat().sort()).toEqual([...TEXTS].sort());
		expect(batches[3]).toEqual([TEXTS[1]]);

		expect(subNodeRuns).toHaveLength(2);
		expect(subNodeRuns[0].inputOverride.ai_embedding[0][0].json).toEqual({ documents: TEXTS });
		expect(subNodeRuns[0].data.ai_embedding[0][0].json.response).toEqual(documents);
		expect(subNodeRuns[1].inputOverride.ai_embedding[0][0].json).toEqual({ query: TEXTS[1] });
	});

	test('a routing policy is refused as a provider, and a 402 says the credits are exhausted', async () => {
		const policy = await probe('embeddings', 'embed', { model: { __rl: true, mode: 'id', value: MINILM }, provider: 'cheapest', options: {} }, [{ text: 'a' }, { text: 'b' }]);
		expect((policy.error as any).description).toMatch(/^Provider "cheapest" is a chat routing policy and does not apply to embeddings/);

		emulator.setCredits(POOR_TOKEN, 0);
		const broke = await probe('embeddings', 'embed', { model: { __rl: true, mode: 'id', value: MINILM }, provider: 'hf-inference', options: {} }, [{ text: 'a' }, { text: 'b' }], POOR_TOKEN);
		expect(broke.error?.message).toMatch(/Hugging Face credits exhausted \(402 Payment Required\) for hf-inference \/ sentence-transformers\/all-MiniLM-L6-v2/);
		expect(emulator.requests.filter((request) => request.path.endsWith('/pipeline/feature-extraction')).map((call) => call.status)).toEqual([402]);
		emulator.setCredits(POOR_TOKEN, 0.1);
	});
});
