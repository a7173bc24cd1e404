/**
 * The official client (`@huggingface/inference` 4.13.30) drives the emulator's picture-reading
 * routes for every vision model of the emulated Hub and every provider it maps: image
 * classification, object detection and image to text on hf-inference (and image to text on
 * zai-org), image to video on fal-ai, wavespeed and together, and image-text-to-video models
 * through the client's imageTextToVideo. Each answer is checked against the client's output type
 * and against what the emulator derives from the picture the client sent, so the emulator answers
 * in the shape the client reads and from the bytes the client sends.
 */
import { VISION_MODELS, expectedAnimation, expectedCaption, expectedClasses, expectedObjects, shortHash } from '../emulator';
import { useClientOnEmulator } from './router-fetch';
import { pictureFor, visionCalls } from './vision-calls';

const TOKEN = 'hf_conformance_vision_0001';

const on = useClientOnEmulator(TOKEN, { fastTimers: true });

const CALLS = visionCalls(() => on.client);
const blobOf = (bytes: Buffer) => new Blob([bytes], { type: 'image/png' });

/** Every (provider, task, model, providerModelId) the emulated Hub maps for the vision tasks. */
const PAIRS = VISION_MODELS.flatMap((model) => model.providers.map((offer) => [offer.provider, offer.task, model.id, offer.providerId] as const));

/** The one inference submit of the call (not the Hub look-up, not the polls). */
function submitOf(provider: string) {
	const submits = on.emulator.requests.filter((call) => call.listener === 'router' && call.method === 'POST' && call.path.startsWith(`/${provider}/`));
	expect(submits).toHaveLength(1);
	return submits[0];
}

describe('every vision model and provider of the emulated Hub, through the official client', () => {
	test.each(PAIRS)('%s / %s / %s', async (provider, task, model, providerModelId) => {
		const picture = pictureFor(provider, model);
		if (task === 'image-classification') {
			const output = await on.client.imageClassification({ provider: provider as never, model, data: blobOf(picture) });
			expect(output).toEqual(expectedClasses(model, picture));
		} else if (task === 'object-detection') {
			const output = await on.client.objectDetection({ provider: provider as never, model, data: blobOf(picture) });
			expect(output).toEqual(expectedObjects(model, picture));
		} else if (task === 'image-to-text') {
			const output = await on.client.imageToText({ provider: provider as never, model, data: blobOf(picture) });
			expect(output.generated_text).toBe(expectedCaption(provider, providerModelId, picture));
		} else if (task === 'image-to-video') {
			const blob = await on.client.imageToVideo({ provider: provider as never, model, inputs: blobOf(picture), parameters: { prompt: 'The waves roll in' } });
			expect(Buffer.from(await blob.arrayBuffer()).equals(expectedAnimation(provider, providerModelId, picture, 'The waves roll in'))).toBe(true);
		} else {
			// Mapped image-text-to-video: the client's imageTextToVideo with a picture sends what image-to-video sends.
			expect(task).toBe('image-text-to-video');
			const blob = await on.client.imageTextToVideo({ provider: provider as never, model, inputs: blobOf(picture), parameters: { prompt: 'The waves roll in' } });
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
		await on.client.imageClassification({ provider: 'hf-inference', model: 'google/vit-base-patch16-224', data: blobOf(picture) });
		const submit = submitOf('hf-inference');
		expect(submit.path).toBe('/hf-inference/models/google/vit-base-patch16-224');
		expect(submit.headers['content-type']).toBe('image/png');
		expect(submit.body).toEqual({ bytes: picture.length });
	});

	test('every vision task the node serves has a client call', () => {
		expect(Object.keys(CALLS).sort()).toEqual(['image-classification', 'image-to-text', 'image-to-video', 'object-detection']);
	});
});
