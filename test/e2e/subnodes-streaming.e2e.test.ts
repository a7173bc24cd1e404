/**
 * The chat model sub-node behind n8n's Chat Trigger in streaming mode, in a real `n8n start`
 * (the packed package installed as a community package): the AI Agent streams its answer to the
 * chat webhook piece by piece, as the router's event stream brings it.
 */
import { startEmulator, type Emulator } from '../emulator';
import { PACKAGE_NAME, createN8nHome, freePort, importCredentials, startN8n, type N8nHome, type RunningN8n } from './n8n';
import { publishWorkflow } from './n8n-server';
import { DEFAULT_CREDENTIAL_ID, importWorkflows, templateCredentials } from './templates';

const TOKEN = 'hf_streaming_primary_token_01';
const WEBHOOK_ID = '5f0c1d2e-3a4b-4c5d-8e6f-7a8b9c0d1e2f';
const LLAMA = 'meta-llama/Llama-3.1-8B-Instruct';

describe('the chat model sub-node streaming to a Chat Trigger in a real n8n', () => {
	let emulator: Emulator;
	let home: N8nHome;
	let n8n: RunningN8n;

	beforeAll(async () => {
		emulator = await startEmulator({ tokens: { [TOKEN]: { credits: 1 } } });
		home = await createN8nHome();
		await importCredentials(home, templateCredentials({ routerUrl: emulator.url, hubUrl: emulator.url, token: TOKEN, fallbackToken: TOKEN }));
		const [id] = await importWorkflows(home, [
			{
				id: 'hfE2eChatStream1',
				name: 'Chat Trigger, streaming Agent',
				nodes: [
					{
						id: 'trigger',
						name: 'When chat message received',
						type: '@n8n/n8n-nodes-langchain.chatTrigger',
						typeVersion: 1.2,
						position: [0, 0],
						webhookId: WEBHOOK_ID,
						parameters: { public: true, mode: 'webhook', options: { responseMode: 'streaming' } },
					},
					{
						id: 'agent',
						name: 'AI Agent',
						type: '@n8n/n8n-nodes-langchain.agent',
						typeVersion: 3.1,
						position: [240, 0],
						parameters: { options: { enableStreaming: true } },
					},
					{
						id: 'model',
						name: 'Chat Model',
						type: `${PACKAGE_NAME}.lmChatHuggingFaceInference`,
						typeVersion: 1,
						position: [240, 200],
						parameters: { model: { __rl: true, mode: 'id', value: LLAMA }, provider: 'groq', options: {} },
						credentials: { huggingFaceInferenceApi: { id: DEFAULT_CREDENTIAL_ID, name: 'HF' } },
					},
				],
				connections: {
					'When chat message received': { main: [[{ node: 'AI Agent', type: 'main', index: 0 }]] },
					'Chat Model': { ai_languageModel: [[{ node: 'AI Agent', type: 'ai_languageModel', index: 0 }]] },
				},
			},
		]);
		await publishWorkflow(home, id);
		n8n = await startN8n(home, await freePort());
		// Published workflows are activated after n8n answers /healthz: wait for the chat's GET route.
		for (const deadline = Date.now() + 90_000; Date.now() < deadline; ) {
			const status = await fetch(`${n8n.url}/webhook/${WEBHOOK_ID}/chat`).then((r) => r.status, () => 0);
			if (status !== 404 && status !== 0) break;
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
	});

	afterAll(async () => {
		await n8n?.stop();
		home?.cleanup();
		await emulator?.close();
	});

	it('the answer reaches the chat webhook in pieces, as the router streamed it', async () => {
		const response = await fetch(`${n8n.url}/webhook/${WEBHOOK_ID}/chat`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ action: 'sendMessage', sessionId: 'e2e-session', chatInput: 'Reply with exactly: one two three four five six' }),
		});
		const text = await response.text();
		expect({ status: response.status, text: text.slice(0, 300) }).toEqual({ status: 200, text: expect.any(String) });
		// n8n streams one JSON object per line: begin, the items (pieces of the answer), end.
		const events = text
			.split('\n')
			.filter((line) => line.trim())
			.map((line) => {
				try {
					return JSON.parse(line) as { type: string; content?: string };
				} catch {
					throw new Error(`not JSON: ${JSON.stringify(line).slice(0, 400)} in ${JSON.stringify(text).slice(0, 1500)}`);
				}
			});
		const pieces = events.filter((event) => event.type === 'item').map((event) => event.content ?? '');
		expect(pieces.join('')).toBe('one two three four five six');
		expect(pieces.length).toBeGreaterThan(1);

		const calls = emulator.requests.filter((request) => request.path === '/v1/chat/completions');
		expect(calls).toHaveLength(1);
		expect(calls[0].body).toEqual(expect.objectContaining({ model: `${LLAMA}:groq`, stream: true }));
	});
});
