/**
 * The official client (`@huggingface/inference` 4.13.30) drives the emulator's picture-reading
 * routes for every vision model of the emulated Hub and every provider it maps: image
 * classification, object detection and image to text on hf-inference (and image to text on
 * zai-org), image to video on fal-ai, wavespeed and together, and image-text-to-video models
 * through the client's imageTextToVideo. Each answer is checked against the client's output type
 * and against what the emulator derives from the picture the client sent, so the emulator answers
 * in the shape the client reads and from the bytes the client sends.
 */
import { InferenceClient } from '@huggingface/inference';

import { VISION_MODELS, expectedAnimation, expectedCaption, expectedClasses, expectedObjects, shortHash, startEmulator, type Emulator } from '../emulator';
import { installRouterFetch, type RouterFetch } from './router-fetch';
import { pictureFor, visionCalls } from './vision-calls';

const TOKEN = 'hf_conformance_vision_0001';

let emulator: Emulator;
let routed: RouterFetch;
let client: InferenceClient;

/** The client waits between polls with real timers (fal-ai 0.5 s, together 2 s): shortened here; it still polls as often. */
const realSetTimeout = globalThis.setTimeout;
beforeAll(async () => {
	const shortened = ((handler: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) =>
		realSetTimeout(handler, ms && ms >= 100 ? Math.ceil(ms / 50) : ms, ...args)) as unknown as typeof setTimeout;
	globalThis.setTimeout = Object.assign(shortened, realSetTimeout);
	emulator = await startEmulator({ tokens: { [TOKEN]: { credits: 100, role: 'write' } } });
	routed = installRouterFetch(emulator.url);
	client = new InferenceClient(TOKEN, { fetch: routed.fetch });
});
afterAll(async () => {
	globalThis.setTimeout = realSetTimeout;
	routed.restore();
	await emulator.close();
});
beforeEach(() => emulator.reset());

const CALLS = visionCalls(() => client);
const blobOf = (bytes: Buffer) => new Blob([bytes], { type: 'image/png' });

/** Every (provider, task, model, providerModelId) the emulated Hub maps for the vision tasks. */
const PAIRS = VISION_MODELS.flatMap((model) => model.providers.map((offer) => [offer.provider, offer.task, model.id, offer.providerId] as const));

/** The one inference submit of the call (not the Hub look-up, not the polls). */
function submitOf(provider: string) {
	const submits = emulator.requests.filter((call) => call.listener === 'router' && call.method === 'POST' && call.path.startsWith(`/${provider}/`));
	expect(submits).toHaveLength(1);
	return submits[0];
}

describe('every vision model and provider of the emulated Hub, through the official client', () => {
	test.each(PAIRS)('%s / %s / %s', async (provider, task, model, providerModelId) => {
		const picture = pictureFor(provider, model);
		if (task === 'image-classification') {
			const output = await client.imageClassification({ provider: provider as never, model, data: blobOf(picture) });
			expect(output).toEqual(expectedClasses(model, picture));
		} else if (task === 'object-detection') {
			const output = await client.objectDetection({ provider: provider as never, model, data: blobOf(picture) });
			expect(output).toEqual(expectedObjects(model, picture));
		} else if (task === 'image-to-text') {
			const output = await client.imageToText({ provider: provider as never, model, data: blobOf(picture) });
			expect(output.generated_text).toBe(expectedCaption(provider, providerModelId, picture));
		} else if (task === 'image-to-video') {
			const blob = await client.imageToVideo({ provider: provider as never, model, inputs: blobOf(picture), parameters: { prompt: 'The waves roll in' } });
			expect(Buffer.from(await blob.arrayBuffer()).equals(expectedAnimation(provider, providerModelId, picture, 'The waves roll in'))).toBe(true);
		} else {
			// Mapped image-text-to-video: the client's imageTextToVideo with a picture sends what image-to-video sends.
			expect(task).toBe('image-text-to-video');
			const blob = await client.imageTextToVideo({ provider: provider as never, model, inputs: blobOf(picture), parameters: { prompt: 'The waves roll in' } });
			expect(Buffer.from(await blob.arrayBuffer()).equals(expectedAnimation(provider, providerModelId, picture, 'The waves roll in'))).toBe(true);
		}
		// The picture the client sent reached the provider's route whole.
		const submit = submitOf(provider);
		expect(submit.status).toBeLessThan(300);
		expect(submit.media?.[0]).toMatchObject({ bytes: picture.length, hash: shortHash(picture) });
		expect(submit.servedBy).toBe(provider);
	});

	test('hf-inference: the client sends the picture as the raw body under its type', async () => {
		const picture = pictureFor('hf-inference', 'google/vit-base-patch16-224');
		await client.imageClassification({ provider: 'hf-inference', model: 'google/vit-base-patch16-224', data: blobOf(picture) });
		const submit = submitOf('hf-inference');
		expect(submit.path).toBe('/hf-inference/models/google/vit-base-patch16-224');
		expect(submit.headers['content-type']).toBe('image/png');
		expect(submit.body).toEqual({ bytes: picture.length });
	});

	test('every vision task the node serves has a client call', () => {
		expect(Object.keys(CALLS).sort()).toEqual(['image-classification', 'image-to-text', 'image-to-video', 'object-detection']);
	});
});
