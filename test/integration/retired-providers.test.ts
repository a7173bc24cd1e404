/**
 * Six providers left the router on 2026-07-01: black-forest-labs, clarifai, hyperbolic, nebius,
 * nvidia, sambanova. The emulator serves none of them live, and the node's provider picker never
 * offers one. (A mapping may still name one as staging, as a Hub mapping recorded earlier did: the
 * picker leaves staging out, and the node has no module for them.)
 */
import { HuggingFaceInferenceApi } from '../../credentials/HuggingFaceInferenceApi.credentials';
import { HuggingFaceInference } from '../../nodes/HuggingFaceInference/HuggingFaceInference.node';
import type { Emulator } from '../emulator';
import { ALL_MODELS, CHAT_MODELS, IMAGE_MODELS, KNOWN_PROVIDERS, RETIRED_PROVIDERS } from '../emulator/catalogue';
import { callLoadOptions } from '../harness';
import { TOKEN, credentialsFor, useTestEmulator } from './support';

const RETIRED = ['black-forest-labs', 'clarifai', 'hyperbolic', 'nebius', 'nvidia', 'sambanova'];
const CURRENT = [
	'baseten', 'cerebras', 'cohere', 'deepinfra', 'fal-ai', 'featherless-ai', 'fireworks-ai', 'groq', 'hf-inference', 'novita',
	'nscale', 'openai', 'ovhcloud', 'publicai', 'replicate', 'scaleway', 'together', 'wavespeed', 'zai-org',
];

let emulator: Emulator;
useTestEmulator((started) => (emulator = started));

describe('providers that left the router on 2026-07-01', () => {
	test('the emulated router knows only current providers, and no model maps a retired one as live or error', () => {
		expect([...RETIRED_PROVIDERS].sort()).toEqual(RETIRED);
		expect(KNOWN_PROVIDERS.filter((provider) => !CURRENT.includes(provider))).toEqual([]);
		const mapped = ALL_MODELS.flatMap((model) => model.providers.filter((offer) => RETIRED.includes(offer.provider)).map((offer) => `${model.id} ${offer.provider} ${offer.status}`));
		expect(mapped.filter((entry) => !entry.endsWith(' staging'))).toEqual([]);
	});

	test('/v1/models lists none of them, and their routes are unknown to the router', async () => {
		const headers = { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' };
		const models = (await (await fetch(`${emulator.url}/v1/models`, { headers })).json()) as { data: Array<{ providers: Array<{ provider: string }> }> };
		expect(models.data.flatMap((model) => model.providers.map((offer) => offer.provider)).filter((provider) => RETIRED.includes(provider))).toEqual([]);
		for (const path of ['/nebius/v1/images/generations', '/hyperbolic/v1/chat/completions', '/black-forest-labs/v1/flux-dev']) {
			const res = await fetch(`${emulator.url}${path}`, { method: 'POST', headers, body: JSON.stringify({ model: 'x', prompt: 'p' }) });
			expect(res.status).toBe(404);
		}
		const pinned = await fetch(`${emulator.url}/v1/chat/completions`, {
			method: 'POST',
			headers,
			body: JSON.stringify({ model: 'Qwen/Qwen2.5-VL-7B-Instruct:hyperbolic', messages: [{ role: 'user', content: 'hi' }] }),
		});
		expect(pinned.status).toBe(400);
	});

	test.each([...CHAT_MODELS.map((model) => ['chat', model.id]), ...IMAGE_MODELS.map((model) => ['image', model.id])])('the %s provider picker for %s offers none of them', async (operation, model) => {
		const options = await callLoadOptions(new HuggingFaceInference(), 'getProviders', {
			credentials: { huggingFaceInferenceApi: credentialsFor(emulator) },
			credentialTypes: [new HuggingFaceInferenceApi()],
			parameters: { operation, model: { __rl: true, mode: 'id', value: model } },
		});
		expect(options.length).toBeGreaterThan(1);
		expect(options.map((option) => option.value).filter((value) => RETIRED.includes(String(value)))).toEqual([]);
	});
});
