/**
 * The official client vouches for the emulator: `@huggingface/inference` drives it as it would
 * drive the real router. A call must succeed and return what the client's types promise; where
 * emulator and client disagree, the emulator is wrong (the client is what runs against the real
 * router every day).
 *
 * The matrix is the client's own provider × task table (matrix.ts), restricted to the node's tasks
 * and those planned: every pair is either served by the node, and then called here through the
 * client on every model the emulated Hub maps for it, or listed in DELIBERATELY_NOT_SERVED with
 * its reason. A pair the client gains and the node lacks fails the suite until one or the other.
 */
import { INFERENCE_PROVIDERS, PROVIDERS as CLIENT_PROVIDERS } from '@huggingface/inference';

import { TASK_KEYS } from '../../nodes/shared/providers/types';
import type { ProviderTask } from '../../nodes/shared/providers';
import { ALL_MODELS, CHAT_MODELS, makeWav } from '../emulator';
import type { CatalogueModel, ProviderOffer } from '../emulator/catalogue';
import { generatePng } from '../emulator/images';
import { looksLikeAudio } from '../emulator/media';
import { CHAT_TASK, DELIBERATELY_NOT_SERVED, SERVED_AS, ROUTER_PROVIDERS, buildMatrix, clientPairs, nodePairs, outOfScopePairs, pairName } from './matrix';
import { useClientOnEmulator } from './router-fetch';
import { visionCalls } from './vision-calls';
import { TEXT_TASKS, type TextTask } from './text-task-list';

const TOKEN = 'hf_conformance_client_0001';

const on = useClientOnEmulator(TOKEN, { fastTimers: true });

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
const CALLS: Record<Exclude<ProviderTask, TextTask> | keyof typeof SERVED_AS, (provider: string, model: string) => Promise<void>> = {
	'text-to-video': async (provider, model) => {
		const blob = await on.client.textToVideo({ provider: provider as never, model, inputs: 'A lighthouse at dawn, waves rolling in' });
		expect(blob).toBeInstanceOf(Blob);
		// An MP4 file: its first box is `ftyp`.
		expect(Buffer.from(await blob.arrayBuffer()).toString('latin1', 4, 8)).toBe('ftyp');
	},
	'text-to-image': async (provider, model) => {
		const blob = await on.client.textToImage({ provider: provider as never, model, inputs: 'A lighthouse at dawn', parameters: { width: 512, height: 512 } });
		await expectPicture(blob);
	},
	'feature-extraction': async (provider, model) => {
		const one = await on.client.featureExtraction({ provider: provider as never, model, inputs: 'That is a happy person' });
		expectNumbers(one);
		const many = await on.client.featureExtraction({ provider: provider as never, model, inputs: ['hello', 'That is a happy person'] });
		expectNumbers(many);
		expect(many).toHaveLength(2);
	},
	'automatic-speech-recognition': async (provider, model) => {
		const audio = new Blob([makeWav(`${provider}/${model}`)], { type: 'audio/wav' });
		const output = await on.client.automaticSpeechRecognition({ provider: provider as never, model, data: audio });
		expect(typeof output.text).toBe('string');
		expect(output.text.length).toBeGreaterThan(0);
	},
	'text-to-speech': async (provider, model) => {
		const blob = await on.client.textToSpeech({ provider: provider as never, model, inputs: 'Hello from the conformance suite' });
		expect(blob).toBeInstanceOf(Blob);
		expect(looksLikeAudio(Buffer.from(await blob.arrayBuffer()))).toBe(true);
	},
	'image-to-image': async (provider, model) => {
		const picture = new Blob([generatePng({ prompt: 'input', width: 64, height: 64, seed: 1 })], { type: 'image/png' });
		const blob = await on.client.imageToImage({ provider: provider as never, model, inputs: picture, parameters: { prompt: 'Make it snow' } });
		await expectPicture(blob);
	},
	// Edit Image sends these models a picture, as the client's image-text-to-image task does when given one.
	'image-text-to-image': async (provider, model) => {
		const picture = new Blob([generatePng({ prompt: 'input', width: 64, height: 64, seed: 1 })], { type: 'image/png' });
		const blob = await on.client.imageTextToImage({ provider: provider as never, model, inputs: picture, parameters: { prompt: 'Make it snow' } });
		await expectPicture(blob);
	},
	// Image to Video sends these models a picture, as the client's image-text-to-video task does when given one.
	'image-text-to-video': async (provider, model) => {
		const picture = new Blob([generatePng({ prompt: 'input', width: 48, height: 32, seed: 3 })], { type: 'image/png' });
		const blob = await on.client.imageTextToVideo({ provider: provider as never, model, inputs: picture, parameters: { prompt: 'The waves roll in' } });
		expect(Buffer.from(await blob.arrayBuffer()).toString('latin1', 4, 8)).toBe('ftyp');
	},
	...visionCalls(() => on.client),
};

/** hf-inference serves sentence-similarity models for feature-extraction (EQUIVALENT_SENTENCE_TRANSFORMERS_TASKS). */
function offersTask(offer: ProviderOffer, task: string): boolean {
	if (offer.task === task) return true;
	return offer.provider === 'hf-inference' && task === 'feature-extraction' && offer.task === 'sentence-similarity';
}

const MATRIX = buildMatrix();
const SERVED_TASK_PAIRS = MATRIX.served.filter((pair) => pair.task !== CHAT_TASK && !(TEXT_TASKS as readonly string[]).includes(pair.task));
const CHAT_PROVIDERS = MATRIX.served.filter((pair) => pair.task === CHAT_TASK).map((pair) => pair.provider);

function cases(): Array<[string, keyof typeof CALLS, string]> {
	const rows: Array<[string, keyof typeof CALLS, string]> = [];
	for (const { provider, task: name } of SERVED_TASK_PAIRS) {
		const task = name as keyof typeof CALLS;
		const models = (ALL_MODELS as CatalogueModel[]).filter((model) => model.providers.some((offer) => offer.provider === provider && offer.status === 'live' && offersTask(offer, task)));
		// Every model the emulated Hub maps for it: each mapping shape, LoRA and token-level model is judged.
		for (const model of models) rows.push([provider, task, model.id]);
		if (!models.length) rows.push([provider, task, '']);
	}
	return rows;
}

describe(`the client's provider × task table: ${MATRIX.served.length} pairs served, ${MATRIX.notServed.length} deliberately not served, ${MATRIX.unexplained.length} unexplained`, () => {
	beforeAll(() => {
		const lines = [
			`Served by the node and run through the client (${MATRIX.served.length}):`,
			...MATRIX.served.map((pair) => `  ${pairName(pair)}`),
			`Deliberately not served (${MATRIX.notServed.length}):`,
			...MATRIX.notServed.map((pair) => `  ${pairName(pair)}: ${pair.reason}`),
			`Outside the node's tasks (${outOfScopePairs().length}): ${[...new Set(outOfScopePairs().map((pair) => pair.task))].sort().join(', ')}`,
		];
		// The lists the issue asks to see, printed with the run.
		// eslint-disable-next-line no-console
		console.log(lines.join('\n'));
	});

	test('the client serves exactly the router\'s providers since 2026-07-01', () => {
		expect(Object.keys(CLIENT_PROVIDERS).sort()).toEqual([...ROUTER_PROVIDERS].sort());
	});

	test('every pair is served or deliberately not served, never both, never neither', () => {
		expect(MATRIX.unexplained).toEqual([]);
		expect(MATRIX.served.length + MATRIX.notServed.length).toBe(clientPairs().length);
	});

	test('every deliberately-not-served pair is one of the client\'s, with a reason', () => {
		const names = clientPairs().map(pairName);
		for (const [name, reason] of Object.entries(DELIBERATELY_NOT_SERVED)) {
			expect({ name, known: names.includes(name) }).toEqual({ name, known: true });
			expect(reason.length).toBeGreaterThan(20);
		}
	});

	test('the node serves no per-provider pair the client does not vouch for', () => {
		const names = clientPairs().map(pairName);
		expect(nodePairs().map(pairName).filter((name) => !names.includes(name))).toEqual([]);
	});

	test('every task the node supports has a client call here', () => {
		expect([...Object.keys(CALLS), ...TEXT_TASKS].sort()).toEqual([...Object.keys(TASK_KEYS), ...Object.keys(SERVED_AS)].sort());
	});

	test.each(cases())('%s / %s / %s', async (provider, task, model) => {
		expect(model).not.toBe(''); // the emulated Hub must map a model for every (provider, task) the node serves
		await CALLS[task](provider, model);
	});
});

describe('chat: the router\'s /v1 (what the node sends) and each provider\'s own route, for every chat pair of the client\'s table', () => {
	const modelOf = (provider: string) => CHAT_MODELS.find((entry) => entry.providers.some((offer) => offer.provider === provider && offer.status === 'live'))?.id;
	const ask = { messages: [{ role: 'user' as const, content: 'Reply with exactly: pong' }], max_tokens: 20 };

	test.each(CHAT_PROVIDERS)('%s through /v1 as model:provider', async (provider) => {
		const model = modelOf(provider);
		expect({ provider, model }).toEqual({ provider, model: expect.any(String) }); // the emulated Hub must map a chat model to it
		const answer = await on.client.chatCompletion({ model: `${model}:${provider}`, ...ask });
		expect(answer.choices[0].message.content).toBe('pong');
		expect(answer.usage?.total_tokens).toBeGreaterThan(0);
	});

	test.each(CHAT_PROVIDERS.filter((provider) => (INFERENCE_PROVIDERS as readonly string[]).includes(provider)))('%s on its own route', async (provider) => {
		const answer = await on.client.chatCompletion({ provider: provider as never, model: modelOf(provider)!, ...ask });
		expect(answer.choices[0].message.content).toBe('pong');
	});

	test.each(['', ':fastest', ':cheapest', ':preferred'])('auto through /v1/chat/completions, model suffix "%s", streamed and not', async (suffix) => {
		const model = `meta-llama/Llama-3.1-8B-Instruct${suffix}`;
		const answer = await on.client.chatCompletion({ model, messages: [{ role: 'user', content: 'Reply with exactly: pong' }] });
		expect(answer.choices[0].message.content).toBe('pong');
		let streamed = '';
		for await (const chunk of on.client.chatCompletionStream({ model, messages: [{ role: 'user', content: 'Reply with exactly: ping pong' }] })) {
			streamed += chunk.choices[0]?.delta?.content ?? '';
		}
		expect(streamed).toBe('ping pong');
	});
});

test('the client only ever asked the router and the Hub (rewritten to the emulator) and the emulator CDN', () => {
	// data: URLs are the client decoding a base64 answer (together, nscale) with fetch.
	const hosts = new Set(on.routed.urls.filter((url) => !url.startsWith('data:')).map((url) => new URL(url).origin));
	expect(hosts.has('https://router.huggingface.co')).toBe(true);
	expect([...hosts].filter((host) => !['https://router.huggingface.co', 'https://huggingface.co', on.emulator.cdnUrl].includes(host))).toEqual([]);
});
