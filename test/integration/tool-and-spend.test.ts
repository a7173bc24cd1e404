import type { IDataObject } from 'n8n-workflow';

import { HuggingFaceInferenceApi } from '../../credentials/HuggingFaceInferenceApi.credentials';
import { HuggingFaceInference } from '../../nodes/HuggingFaceInference/HuggingFaceInference.node';
import type { Emulator } from '../emulator';
import { runNode } from '../harness';
import { TOKEN, chatParameters, credentialsFor, routerCalls, runHuggingFace, startTestEmulator } from './support';

const MODEL = 'meta-llama/Llama-3.1-8B-Instruct';

let emulator: Emulator;
beforeAll(async () => {
	emulator = await startTestEmulator();
});
afterAll(async () => await emulator.close());
beforeEach(() => emulator.reset());

test('used as an AI tool, a quota item reaches the agent on the first output (an agent reads no other)', async () => {
	emulator.setCredits(TOKEN, 0);
	const { outputs } = await runNode({
		nodeType: new HuggingFaceInference(),
		typeName: 'n8n-nodes-huggingface-inference.huggingFaceInferenceTool',
		parameters: chatParameters(MODEL, 'groq'),
		items: [{ json: { q: 1 } }, { json: { q: 2 } }],
		credentialTypes: [new HuggingFaceInferenceApi()],
		credentials: { huggingFaceInferenceApi: credentialsFor(emulator) },
	});
	expect(outputs[1]).toHaveLength(0);
	expect(outputs[0].map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	for (const item of outputs[0]) {
		expect(item.json.quotaExhausted).toBe(true);
		expect((item.json.error as IDataObject).httpCode).toBe(402);
	}
	emulator.setCredits(TOKEN, 1000);
});

test('as a regular node the same items go to Quota Exhausted (output 1)', async () => {
	emulator.setCredits(TOKEN, 0);
	const { outputs } = await runHuggingFace(emulator, { parameters: chatParameters(MODEL, 'groq'), items: [{ json: { q: 1 } }] });
	expect(outputs[0]).toHaveLength(0);
	expect(outputs[1]).toHaveLength(1);
	emulator.setCredits(TOKEN, 1000);
});

test('the spend guard counts a call whose provider is unknown at the model\'s highest price, while costUsd stays null', async () => {
	// A routed answer without x-inference-provider: the node cannot know the price it was billed at.
	const answer = {
		id: 'x',
		object: 'chat.completion',
		created: 1,
		model: 'some-provider-model',
		choices: [{ index: 0, message: { role: 'assistant', content: 'hello' }, finish_reason: 'stop' }],
		usage: { prompt_tokens: 1000, completion_tokens: 1000, total_tokens: 2000 },
	};
	emulator.failNext(1, 200, { body: answer });
	// The dearest provider of the model prices 1,000 + 1,000 tokens at 0.18 + 0.18 USD per million.
	const { outputs } = await runHuggingFace(emulator, {
		parameters: chatParameters(MODEL, 'auto', 'Hi', { maxCostUsd: 0.0003, concurrency: 1 }),
		items: [{ json: { n: 0 } }, { json: { n: 1 } }],
	});
	expect(outputs[0]).toHaveLength(1);
	expect(outputs[0][0].json.costUsd).toBeNull();
	expect(outputs[0][0].json.provider).toBe('auto');
	expect(outputs[1]).toHaveLength(1);
	expect((outputs[1][0].json.error as IDataObject).message).toMatch(/Local spend limit reached: this execution has spent \$0\.00036 of its Max Cost per Execution of \$0\.0003/);
	expect(routerCalls(emulator)).toHaveLength(1);
});

test('Max Cost 0 means no limit', async () => {
	const { outputs } = await runHuggingFace(emulator, {
		parameters: chatParameters(MODEL, 'groq', 'Hi', { maxCostUsd: 0 }),
		items: [{ json: {} }, { json: {} }],
	});
	expect(outputs[0]).toHaveLength(2);
	expect(outputs[1]).toHaveLength(0);
});

test('images with no user message to go with are refused before any call', async () => {
	const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';
	const { error } = await runHuggingFace(emulator, {
		parameters: {
			...chatParameters('Qwen/Qwen2.5-VL-7B-Instruct', 'novita', 'x', { imageBinaryProperty: 'photo' }),
			messages: { values: [{ role: 'system', content: 'Describe images.' }] },
		},
		items: [{ json: {}, binary: { photo: { data: png, mimeType: 'image/png' } } }],
	});
	expect(error?.message).toBe('Messages have no user message to attach the images to (item 0)');
	expect(routerCalls(emulator)).toHaveLength(0);
});
