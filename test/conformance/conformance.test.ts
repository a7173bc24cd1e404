/**
 * The official client vouches for the emulator: `@huggingface/inference` drives it as it would
 * drive the real router, for every provider and task the node supports. A call must succeed and
 * return what the client's types promise; where emulator and client disagree, the emulator is
 * wrong (the client is what runs against the real router every day).
 *
 * The matrix is computed: every (provider, task) of the node's provider table, with the emulated
 * Hub's models that the provider serves for that task. A task the node gains without a client
 * call here fails the suite until one is added.
 */
import { INFERENCE_PROVIDERS, InferenceClient } from '@huggingface/inference';

import { PROVIDERS, taskHelper, type ProviderTask } from '../../nodes/shared/providers';
import { TASK_KEYS } from '../../nodes/shared/providers/types';
import { ALL_MODELS, CHAT_MODELS, makeWav, startEmulator, type Emulator } from '../emulator';
import type { CatalogueModel, ProviderOffer } from '../emulator/catalogue';
import { generatePng } from '../emulator/images';
import { looksLikeAudio } from '../emulator/media';
import { installRouterFetch, type RouterFetch } from './router-fetch';
import { TEXT_TASKS, type TextTask } from './text-task-list';

const TOKEN = 'hf_conformance_client_0001';

let emulator: Emulator;
let routed: RouterFetch;
let client: InferenceClient;

/**
 * The client waits between polls with real timers (fal-ai 0.5 s, zai-org 5 s: src/providers/*.ts);
 * the waits are shortened here so the suite takes seconds. It still polls as often as it would.
 */
const realSetTimeout = globalThis.setTimeout;
function fastTimers(): void {
	const shortened = ((handler: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) =>
		realSetTimeout(handler, ms && ms >= 100 ? Math.ceil(ms / 50) : ms, ...args)) as unknown as typeof setTimeout;
	globalThis.setTimeout = Object.assign(shortened, realSetTimeout);
}

beforeAll(async () => {
	fastTimers();
	emulator = await startEmulator({ tokens: { [TOKEN]: { credits: 100, role: 'write' } } });
	routed = installRouterFetch(emulator.url);
	client = new InferenceClient(TOKEN, { fetch: routed.fetch });
});
afterAll(async () => {
	globalThis.setTimeout = realSetTimeout;
	routed.restore();
	await emulator.close();
});

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47]);

async function expectPicture(blob: unknown): Promise<void> {
	expect(blob).toBeInstanceOf(Blob);
	const bytes = Buffer.from(await (blob as Blob).arrayBuffer());
	expect(bytes.subarray(0, 4).equals(PNG_SIGNATURE)).toBe(true);
}

/** FeatureExtractionOutput: `(number | number[] | number[][])[]`, nested at most four deep, finite numbers at the bottom. */
function isNumberArray(value: unknown, depth = 0): boolean {
	if (!Array.isArray(value)) return depth > 0 && typeof value === 'number' && Number.isFinite(value);
	return depth < 4 && value.length > 0 && value.every((entry) => isNumberArray(entry, depth + 1));
}

function expectNumbers(value: unknown): void {
	expect(isNumberArray(value)).toBe(true);
}

/** One client call per task, checked against the client's own output type. */
// The text tasks have their own suite, with calls that check the answers: text-tasks.test.ts.
const CALLS: Record<Exclude<ProviderTask, TextTask>, (provider: string, model: string) => Promise<void>> = {
	'text-to-video': async (provider, model) => {
		const blob = await client.textToVideo({ provider: provider as never, model, inputs: 'A lighthouse at dawn, waves rolling in' });
		expect(blob).toBeInstanceOf(Blob);
		// An MP4 file: its first box is `ftyp`.
		expect(Buffer.from(await blob.arrayBuffer()).toString('latin1', 4, 8)).toBe('ftyp');
	},
	'text-to-image': async (provider, model) => {
		const blob = await client.textToImage({ provider: provider as never, model, inputs: 'A lighthouse at dawn', parameters: { width: 512, height: 512 } });
		await expectPicture(blob);
	},
	'feature-extraction': async (provider, model) => {
		const one = await client.featureExtraction({ provider: provider as never, model, inputs: 'That is a happy person' });
		expectNumbers(one);
		const many = await client.featureExtraction({ provider: provider as never, model, inputs: ['hello', 'That is a happy person'] });
		expectNumbers(many);
		expect(many).toHaveLength(2);
	},
	'automatic-speech-recognition': async (provider, model) => {
		const audio = new Blob([makeWav(`${provider}/${model}`)], { type: 'audio/wav' });
		const output = await client.automaticSpeechRecognition({ provider: provider as never, model, data: audio });
		expect(typeof output.text).toBe('string');
		expect(output.text.length).toBeGreaterThan(0);
	},
	'text-to-speech': async (provider, model) => {
		const blob = await client.textToSpeech({ provider: provider as never, model, inputs: 'Hello from the conformance suite' });
		expect(blob).toBeInstanceOf(Blob);
		expect(looksLikeAudio(Buffer.from(await blob.arrayBuffer()))).toBe(true);
	},
	'image-to-image': async (provider, model) => {
		const picture = new Blob([generatePng({ prompt: 'input', width: 64, height: 64, seed: 1 })], { type: 'image/png' });
		const blob = await client.imageToImage({ provider: provider as never, model, inputs: picture, parameters: { prompt: 'Make it snow' } });
		await expectPicture(blob);
	},
};

/** hf-inference serves sentence-similarity models for feature-extraction (EQUIVALENT_SENTENCE_TRANSFORMERS_TASKS). */
function offersTask(offer: ProviderOffer, task: ProviderTask): boolean {
	if (offer.task === task) return true;
	return offer.provider === 'hf-inference' && task === 'feature-extraction' && offer.task === 'sentence-similarity';
}

function cases(): Array<[string, keyof typeof CALLS, string]> {
	const rows: Array<[string, keyof typeof CALLS, string]> = [];
	for (const provider of Object.keys(PROVIDERS)) {
		for (const task of Object.keys(CALLS) as Array<keyof typeof CALLS>) {
			if (!taskHelper(provider, task)) continue;
			const models = (ALL_MODELS as CatalogueModel[]).filter((model) => model.providers.some((offer) => offer.provider === provider && offer.status === 'live' && offersTask(offer, task)));
			// Every model the emulated Hub maps for it: each mapping shape, LoRA and token-level model is judged.
			for (const model of models) rows.push([provider, task, model.id]);
			if (!models.length) rows.push([provider, task, '']);
		}
	}
	return rows;
}

describe('@huggingface/inference against the emulator: every provider and task the node supports', () => {
	test('every task the node supports has a client call here', () => {
		expect([...Object.keys(CALLS), ...TEXT_TASKS].sort()).toEqual(Object.keys(TASK_KEYS).sort());
	});

	test.each(cases())('%s / %s / %s', async (provider, task, model) => {
		expect(model).not.toBe(''); // the emulated Hub must map a model for every (provider, task) the node serves
		await CALLS[task](provider, model);
	});
});

describe('chat: the router\'s /v1 (what the node sends) and each provider\'s own route', () => {
	const chatProviders = [...new Set(CHAT_MODELS.flatMap((model) => model.providers.filter((offer) => offer.status === 'live').map((offer) => offer.provider)))];
	const modelOf = (provider: string) => CHAT_MODELS.find((entry) => entry.providers.some((offer) => offer.provider === provider && offer.status === 'live'))!.id;
	const ask = { messages: [{ role: 'user' as const, content: 'Reply with exactly: pong' }], max_tokens: 20 };

	test.each(chatProviders)('%s through /v1 as model:provider', async (provider) => {
		const answer = await client.chatCompletion({ model: `${modelOf(provider)}:${provider}`, ...ask });
		expect(answer.choices[0].message.content).toBe('pong');
		expect(answer.usage?.total_tokens).toBeGreaterThan(0);
	});

	// The client dropped some providers (hyperbolic, nebius, sambanova in 4.13.30); the node reaches them through /v1 only.
	test.each(chatProviders.filter((provider) => (INFERENCE_PROVIDERS as readonly string[]).includes(provider)))('%s on its own route', async (provider) => {
		const answer = await client.chatCompletion({ provider: provider as never, model: modelOf(provider), ...ask });
		expect(answer.choices[0].message.content).toBe('pong');
	});

	test.each(['', ':fastest', ':cheapest', ':preferred'])('auto through /v1/chat/completions, model suffix "%s", streamed and not', async (suffix) => {
		const model = `meta-llama/Llama-3.1-8B-Instruct${suffix}`;
		const answer = await client.chatCompletion({ model, messages: [{ role: 'user', content: 'Reply with exactly: pong' }] });
		expect(answer.choices[0].message.content).toBe('pong');
		let streamed = '';
		for await (const chunk of client.chatCompletionStream({ model, messages: [{ role: 'user', content: 'Reply with exactly: ping pong' }] })) {
			streamed += chunk.choices[0]?.delta?.content ?? '';
		}
		expect(streamed).toBe('ping pong');
	});
});

test('the client only ever asked the router and the Hub (rewritten to the emulator) and the emulator CDN', () => {
	// data: URLs are the client decoding a base64 answer (together, nscale) with fetch.
	const hosts = new Set(routed.urls.filter((url) => !url.startsWith('data:')).map((url) => new URL(url).origin));
	expect(hosts.has('https://router.huggingface.co')).toBe(true);
	expect([...hosts].filter((host) => !['https://router.huggingface.co', 'https://huggingface.co', emulator.cdnUrl].includes(host))).toEqual([]);
});
