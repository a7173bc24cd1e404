/**
 * Proxies: a user behind a proxy configures n8n with HTTP_PROXY / HTTPS_PROXY (and NO_PROXY for
 * local addresses), and n8n's HTTP helpers send through it. Every call of ours goes through those
 * helpers, chat (answered whole and streamed) as much as images and embeddings, so a recording
 * proxy sees each of them. The router and Hub URLs use a made-up host name that only the proxy
 * serves: a call that did not go through it could not have been answered at all.
 */
import { startEmulator, type Emulator } from '../emulator';
import { chatStep, embeddingStep, imageStep } from './hf-steps';
import { CREDENTIAL_TYPE, createN8nHome, executeWorkflow, importCredentials, importWorkflow, type N8nHome } from './n8n';
import { PROXIED_DOMAIN, startRecordingProxy, type RecordingProxy } from './proxy';
import { chain, manualTrigger } from './workflows';

const TOKEN = 'hf_e2e_proxy_token_01';

describe('n8n configured with a proxy (HTTP_PROXY / HTTPS_PROXY)', () => {
	let emulator: Emulator;
	let proxy: RecordingProxy;
	let home: N8nHome;

	beforeAll(async () => {
		emulator = await startEmulator({ tokens: { [TOKEN]: { credits: 5 } } });
		proxy = await startRecordingProxy();
		home = await createN8nHome({
			env: { HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url, NO_PROXY: 'localhost,127.0.0.1' },
		});
	});

	afterAll(async () => {
		home?.cleanup();
		await proxy?.close();
		await emulator?.close();
	});

	test('chat (whole and streamed), image and embedding calls all go through the proxy', async () => {
		const port = new URL(emulator.url).port;
		const [credential] = await importCredentials(home, [
			{
				name: 'HF behind a proxy',
				type: CREDENTIAL_TYPE,
				data: {
					accessToken: TOKEN,
					routerUrl: `http://router.${PROXIED_DOMAIN}:${port}`,
					hubUrl: `http://hub.${PROXIED_DOMAIN}:${port}`,
					billTo: '',
				},
			},
		]);
		const id = await importWorkflow(
			home,
			chain([
				manualTrigger('Start'),
				chatStep('Chat', credential, 'Say hello through the proxy'),
				chatStep('Chat Streamed', credential, 'Stream through the proxy', { stream: true }),
				imageStep('Image', credential, 'a lighthouse behind a proxy'),
				embeddingStep('Embedding', credential, 'proxied words'),
			]),
		);

		const run = await executeWorkflow(home, id, { timeoutMs: 150_000 });

		for (const name of ['Chat', 'Chat Streamed']) {
			const [item] = run.items(name);
			expect(typeof item.json.content).toBe('string');
			expect((item.json.content as string).length).toBeGreaterThan(0);
		}
		const [image] = run.items('Image');
		const picture = run.binary(Object.values(image.binary ?? {})[0]);
		expect(picture.subarray(1, 4).toString('latin1')).toBe('PNG');
		const [embedding] = run.items('Embedding');
		expect((embedding.json.embedding as number[]).length).toBeGreaterThan(0);

		const through = proxy.requests.map((request) => `${request.method} ${request.target}`);
		const router = `http://router.${PROXIED_DOMAIN}:${port}`;
		expect(through.filter((line) => line === `POST ${router}/v1/chat/completions`)).toHaveLength(2);
		expect(through).toContain(`POST ${router}/hf-inference/models/black-forest-labs/FLUX.1-dev`);
		expect(through.some((line) => line.startsWith(`POST ${router}/hf-inference/models/sentence-transformers/all-MiniLM-L6-v2`))).toBe(true);
		// The emulator saw every inference call, each one carried by the proxy (same count both sides).
		const inference = emulator.requests.filter((request) => request.listener === 'router' && request.method === 'POST');
		expect(inference.length).toBe(through.filter((line) => line.startsWith('POST ')).length);
		expect(inference.every((request) => request.headers.host?.endsWith(`${PROXIED_DOMAIN}:${port}`))).toBe(true);
		expect(proxy.requests.filter((request) => request.error || request.status !== 200)).toEqual([]);
	}, 240_000);
});
