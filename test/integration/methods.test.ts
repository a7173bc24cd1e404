import type { NodeApiError } from 'n8n-workflow';

import { HuggingFaceInferenceApi } from '../../credentials/HuggingFaceInferenceApi.credentials';
import { HuggingFaceInference } from '../../nodes/HuggingFaceInference/HuggingFaceInference.node';
import type { Emulator } from '../emulator';
import { CHAT_MODELS } from '../emulator/catalogue';
import { callListSearch, callLoadOptions, testCredential } from '../harness';
import { BAD_TOKEN, POOR_TOKEN, READ_ONLY_FINE_GRAINED, TOKEN, chatParameters, credentialsFor, runHuggingFace, startTestEmulator } from './support';

let emulator: Emulator;
beforeAll(async () => {
	emulator = await startTestEmulator();
});
afterAll(async () => await emulator.close());
beforeEach(() => emulator.reset());

const node = new HuggingFaceInference();
const credentialType = new HuggingFaceInferenceApi();

describe('credential test (a chat completion of a model that cannot exist, on the router; declarative: sent by n8n-core\'s RoutingNode)', () => {
	const probes = () => emulator.requests.filter((request) => request.path === '/v1/chat/completions');

	test('a write token passes: the Bearer token went to the router, which refused the model; nothing billed, no provider called', async () => {
		const result = await testCredential(node, credentialType, credentialsFor(emulator, TOKEN));
		expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
		const [call] = probes();
		expect(call.headers.authorization).toBe(`Bearer ${TOKEN}`);
		expect(call.status).toBe(404);
		expect(call.servedBy).toBeUndefined();
	});

	test('a fine-grained token with "Make calls to Inference Providers" passes, with no credits left too', async () => {
		emulator.setCredits(POOR_TOKEN, 0);
		const result = await testCredential(node, credentialType, credentialsFor(emulator, POOR_TOKEN));
		expect(result.status).toBe('OK');
	});

	test('a token the router rejects fails with what to do', async () => {
		const result = await testCredential(node, credentialType, credentialsFor(emulator, BAD_TOKEN));
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/does not accept this token \(HTTP 401\)/);
		expect(result.message).toContain('https://huggingface.co/settings/tokens');
		expect(result.message).not.toContain(BAD_TOKEN);
	});

	test('a router URL with a trailing slash still reaches /v1/chat/completions', async () => {
		const result = await testCredential(node, credentialType, { ...credentialsFor(emulator, TOKEN), routerUrl: `${emulator.url}/` });
		expect(result.status).toBe('OK');
		expect(probes()).toHaveLength(1);
	});

	test('a fine-grained token without the Inference Providers permission fails, naming it; the first call says it too', async () => {
		const tested = await testCredential(node, credentialType, credentialsFor(emulator, READ_ONLY_FINE_GRAINED));
		expect(tested.status).toBe('Error');
		expect(tested.message).toMatch(/lacks the permission "Make calls to Inference Providers"/);
		expect(tested.message).not.toContain(READ_ONLY_FINE_GRAINED);
		// The safety net: a node's first call with such a token says which permission to tick.
		const result = await runHuggingFace(emulator, { parameters: chatParameters('meta-llama/Llama-3.1-8B-Instruct', 'groq'), token: READ_ONLY_FINE_GRAINED });
		const error = result.error as NodeApiError;
		expect(error.httpCode).toBe('403');
		expect(error.description).toMatch(/tick "Make calls to Inference Providers"/);
		expect(`${error.message} ${error.description}`).not.toContain(READ_ONLY_FINE_GRAINED);
	});

	test('an unreachable router fails', async () => {
		const result = await testCredential(node, credentialType, { accessToken: TOKEN, routerUrl: 'http://127.0.0.1:9' });
		expect(result.status).toBe('Error');
		expect(result.message).not.toContain(TOKEN);
	});
});

describe('model picker and provider list', () => {
	const base = { credentialTypes: [credentialType] };

	test('chat models come from /v1/models with provider counts and the cheapest output price', async () => {
		const result = await callListSearch(node, 'searchModels', {
			...base,
			credentials: { huggingFaceInferenceApi: credentialsFor(emulator) },
			parameters: { operation: 'chat' },
			filter: 'llama-3.1-8b',
		});
		expect(result.results.map((entry) => entry.value)).toEqual(['meta-llama/Llama-3.1-8B-Instruct']);
		const model = CHAT_MODELS.find((entry) => entry.id === 'meta-llama/Llama-3.1-8B-Instruct')!;
		const live = model.providers.filter((entry) => entry.status === 'live');
		const cheapest = Math.min(...live.filter((entry) => entry.pricing).map((entry) => entry.pricing!.output));
		expect(cheapest).toBe(0.05);
		// The price comes right after the id, so a dropdown that cuts long labels still shows it; then
		// what its providers can do and the longest context (131072 tokens).
		expect(result.results[0].name).toBe('meta-llama/Llama-3.1-8B-Instruct · $0.05/M · tools · JSON · 128k');
		expect(result.results[0].description).toBe(`From $0.05 per million output tokens; tools: yes; structured output: yes; context up to 131072 tokens; ${live.length} live providers`);
		expect(emulator.requests.some((request) => request.path === '/v1/models')).toBe(true);
	});

	test('image models come from the Hub search for text-to-image', async () => {
		const result = await callListSearch(node, 'searchModels', {
			...base,
			credentials: { huggingFaceInferenceApi: credentialsFor(emulator) },
			parameters: { operation: 'image' },
			filter: 'flux',
		});
		expect(result.results.map((entry) => entry.value)).toContain('black-forest-labs/FLUX.1-dev');
		const [search] = emulator.requests.filter((request) => request.path === '/api/models');
		expect(search.query).toMatchObject({ inference_provider: 'all', pipeline_tag: 'text-to-image', search: 'flux' });
	});

	test('embedding models come from the Hub search for both feature-extraction and sentence-similarity', async () => {
		const result = await callListSearch(node, 'searchModels', {
			...base,
			credentials: { huggingFaceInferenceApi: credentialsFor(emulator) },
			parameters: { operation: 'embedding' },
		});
		const ids = result.results.map((entry) => entry.value);
		expect(ids).toEqual(expect.arrayContaining(['sentence-transformers/all-MiniLM-L6-v2', 'facebook/bart-base']));
		expect(new Set(ids).size).toBe(ids.length);
		const tags = emulator.requests.filter((request) => request.path === '/api/models').map((request) => request.query.pipeline_tag);
		expect(tags.sort()).toEqual(['feature-extraction', 'sentence-similarity']);
	});

	test('the provider list for a chat model shows the policies, then each provider with its prices', async () => {
		const options = await callLoadOptions(node, 'getProviders', {
			credentials: { huggingFaceInferenceApi: credentialsFor(emulator) },
			credentialTypes: [credentialType],
			parameters: { operation: 'chat', model: { __rl: true, mode: 'id', value: 'meta-llama/Llama-3.1-8B-Instruct' } },
		});
		expect(options.slice(0, 4).map((option) => option.value)).toEqual(['auto', 'fastest', 'cheapest', 'preferred']);
		const groq = options.find((option) => option.value === 'groq')!;
		expect(groq.name).toBe('groq · $0.05 in / $0.08 out per M tokens · 840 tokens/s · tools · JSON');
		// A provider without a published price says so rather than showing nothing.
		expect(options.find((option) => option.value === 'hf-inference')!.name).toBe('hf-inference · price not published');
		// featherless-ai is listed with status "error" for this model: the router would not serve it.
		expect(options.map((option) => option.value)).not.toContain('featherless-ai');
		expect(options.every((option) => !/\berror\b/.test(option.name))).toBe(true);
	});

	test('a provider that is not live stays listed, explained, when the node already names it', async () => {
		const options = await callLoadOptions(node, 'getProviders', {
			credentials: { huggingFaceInferenceApi: credentialsFor(emulator) },
			credentialTypes: [credentialType],
			parameters: { operation: 'chat', provider: 'featherless-ai', model: { __rl: true, mode: 'id', value: 'meta-llama/Llama-3.1-8B-Instruct' } },
		});
		expect(options.find((option) => option.value === 'featherless-ai')!.name).toBe(
			'featherless-ai · price not published · failing for this model now, choose another (router status: error)',
		);
	});

	test('the provider list for an image model lists the providers the mapping names for the task, without chat policies', async () => {
		const options = await callLoadOptions(node, 'getProviders', {
			credentials: { huggingFaceInferenceApi: credentialsFor(emulator) },
			credentialTypes: [credentialType],
			parameters: { operation: 'image', model: { __rl: true, mode: 'id', value: 'black-forest-labs/FLUX.1-dev' } },
		});
		const values = options.map((option) => option.value);
		expect(values[0]).toBe('auto');
		expect(values).toEqual(expect.arrayContaining(['fal-ai', 'replicate', 'together', 'hf-inference']));
		expect(values).not.toContain('cheapest');
		// black-forest-labs is mapped in "staging" for FLUX.1-dev: left out unless already chosen.
		expect(values).not.toContain('black-forest-labs');
	});

	test('the provider list for a sentence-transformers embedding model (mapped sentence-similarity) offers hf-inference', async () => {
		const options = await callLoadOptions(node, 'getProviders', {
			credentials: { huggingFaceInferenceApi: credentialsFor(emulator) },
			credentialTypes: [credentialType],
			parameters: { operation: 'embedding', model: { __rl: true, mode: 'id', value: 'sentence-transformers/all-MiniLM-L6-v2' } },
		});
		expect(options.map((option) => option.value)).toEqual(['auto', 'hf-inference']);
	});
});
