/**
 * Image to Video through n8n's engine against the emulator, on fal-ai, wavespeed and together and
 * for a model mapped image-text-to-video: two items, each with its own picture and prompt, each
 * Success item holding the clip made from its own picture; the request log shows each picture
 * arrived whole, the job polled, the clip fetched from the CDN without the token.
 */
import type { IBinaryData, IDataObject, INodeParameters } from 'n8n-workflow';

import { MSG_CREDITS_DEPLETED, expectedAnimation, generatePng, visionPrice, type Emulator, type RecordedRequest } from '../emulator';
import { dataUrlOf, expectCdnWithoutToken, expectSubmitsCarryPictures, pictureItems, pictureParameters, type PictureRoute } from './image-support';
import { POOR_TOKEN, TOKEN, errorText, inferenceCalls, runHuggingFace, useTestEmulator } from './support';

const WAN_480 = 'Wan-AI/Wan2.1-I2V-14B-480P';
const WAN_22 = 'Wan-AI/Wan2.2-I2V-A14B';
const TI2V = 'Wan-AI/Wan2.2-TI2V-5B';
const SEED = 3;
const PROMPTS = ['The barn doors swing open', 'The boat sails away'];
const PHOTOS = [generatePng({ prompt: 'a red barn', width: 64, height: 48 }), generatePng({ prompt: 'a blue boat', width: 32, height: 32 })];

let emulator: Emulator;
useTestEmulator((started) => (emulator = started));

function parameters(model: string, provider: string, options: IDataObject = { seed: SEED }): INodeParameters {
	return pictureParameters('imageToVideo', model, provider, '={{ $json.scene }}', options);
}

const photoItems = () => pictureItems(PHOTOS, PROMPTS, 'scene');

interface Case extends PictureRoute {
	providerModelId: string;
	/** Method and path of every call for one item, job ids as ID. */
	calls: string[];
}

const CASES: Case[] = [
	{
		provider: 'fal-ai',
		model: WAN_480,
		providerModelId: 'fal-ai/wan-i2v',
		path: '/fal-ai/fal-ai/wan-i2v',
		body: (photo, prompt) => ({ prompt, seed: SEED, image_url: dataUrlOf(photo) }),
		sentAs: 'image/png',
		calls: ['POST /fal-ai/fal-ai/wan-i2v', 'GET /fal-ai/fal-ai/wan-i2v/requests/ID/status', 'GET /fal-ai/fal-ai/wan-i2v/requests/ID/status', 'GET /fal-ai/fal-ai/wan-i2v/requests/ID'],
	},
	{
		provider: 'wavespeed',
		model: WAN_480,
		providerModelId: 'wavespeed-ai/wan-2.1/i2v-480p',
		path: '/wavespeed/api/v3/wavespeed-ai/wan-2.1/i2v-480p',
		body: (photo, prompt) => ({ image: photo.toString('base64'), images: [photo.toString('base64')], prompt, seed: SEED }),
		sentAs: 'base64',
		calls: ['POST /wavespeed/api/v3/wavespeed-ai/wan-2.1/i2v-480p', 'GET /wavespeed/api/v3/predictions/ID/result', 'GET /wavespeed/api/v3/predictions/ID/result'],
	},
	{
		provider: 'together',
		model: WAN_22,
		providerModelId: WAN_22,
		path: '/together/v2/videos',
		body: (photo, prompt) => ({ seed: SEED, frame_images: [{ input_image: dataUrlOf(photo), frame: 'first' }], model: WAN_22, prompt }),
		sentAs: 'image/png',
		calls: ['POST /together/v2/videos', 'GET /together/v2/videos/ID', 'GET /together/v2/videos/ID'],
	},
	{
		// Mapped image-text-to-video: called as image to video, the picture under image_url.
		provider: 'fal-ai',
		model: TI2V,
		providerModelId: 'fal-ai/wan/v2.2-5b/image-to-video',
		path: '/fal-ai/fal-ai/wan/v2.2-5b/image-to-video',
		body: (photo, prompt) => ({ prompt, seed: SEED, image_url: dataUrlOf(photo) }),
		sentAs: 'image/png',
		calls: ['POST /fal-ai/fal-ai/wan/v2.2-5b/image-to-video', 'GET /fal-ai/fal-ai/wan/requests/ID/status', 'GET /fal-ai/fal-ai/wan/requests/ID/status', 'GET /fal-ai/fal-ai/wan/requests/ID'],
	},
	{
		provider: 'wavespeed',
		model: TI2V,
		providerModelId: 'wavespeed-ai/wan-2.2/ti2v-5b',
		path: '/wavespeed/api/v3/wavespeed-ai/wan-2.2/ti2v-5b',
		body: (photo, prompt) => ({ image: photo.toString('base64'), images: [photo.toString('base64')], prompt, seed: SEED }),
		sentAs: 'base64',
		calls: ['POST /wavespeed/api/v3/wavespeed-ai/wan-2.2/ti2v-5b', 'GET /wavespeed/api/v3/predictions/ID/result', 'GET /wavespeed/api/v3/predictions/ID/result'],
	},
];

const shape = (call: RecordedRequest) => `${call.method} ${call.path.replace(/requests\/[^/]+/, 'requests/ID').replace(/predictions\/[^/]+\/result/, 'predictions/ID/result').replace(/videos\/[^/]+$/, 'videos/ID')}`;

describe('Image to Video: every provider, two items each', () => {
	test.each(CASES.map((c) => [`${c.provider} / ${c.model}`, c] as const))('%s: each output is the clip of its own item\'s picture', async (_name, c) => {
		const { outputs, error, getBinaryBuffer } = await runHuggingFace(emulator, { parameters: parameters(c.model, c.provider), items: photoItems() });
		expect(error).toBeUndefined();
		expect(outputs[1]).toHaveLength(0);
		expect(outputs[0]).toHaveLength(2);
		for (const [index, item] of outputs[0].entries()) {
			const expected = expectedAnimation(c.provider, c.providerModelId, PHOTOS[index], PROMPTS[index]);
			expect(item.pairedItem).toEqual({ item: index });
			expect(item.binary!.data as IBinaryData).toMatchObject({ mimeType: 'video/mp4', fileExtension: 'mp4', fileName: `photo${index}-video.mp4` });
			expect((await getBinaryBuffer(item, 'data')).equals(expected)).toBe(true);
			expect(item.json).toMatchObject({ model: c.model, provider: c.provider, providerModelId: c.providerModelId, prompt: PROMPTS[index], mimeType: 'video/mp4', fileSize: expected.length });
			expect(typeof item.json.latencyMs).toBe('number');
		}
		const calls = inferenceCalls(emulator);
		expect(calls.map(shape)).toEqual([...c.calls, ...c.calls]);
		const submits = calls.filter((call) => call.method === 'POST');
		expectSubmitsCarryPictures(submits, c, TOKEN, PHOTOS, PROMPTS);
		// Both clips fetched from the provider's storage, never with the Hugging Face token.
		expectCdnWithoutToken(emulator, 2);
	});

	test('the Binary Property option names where the clip goes; steps and guidance go under together\'s names', async () => {
		const { outputs } = await runHuggingFace(emulator, {
			parameters: parameters(WAN_22, 'together', { binaryPropertyName: 'clip', numInferenceSteps: 20, guidanceScale: 5, negativePrompt: 'blur' }),
			items: photoItems().slice(0, 1),
		});
		expect(Object.keys(outputs[0][0].binary!)).toEqual(['clip']);
		const [submit] = inferenceCalls(emulator);
		expect(submit.body).toEqual({ steps: 20, guidance_scale: 5, negative_prompt: 'blur', frame_images: [{ input_image: dataUrlOf(PHOTOS[0]), frame: 'first' }], model: WAN_22, prompt: PROMPTS[0] });
	});

	test('together without a prompt sends none: the picture alone is animated', async () => {
		const { outputs, getBinaryBuffer } = await runHuggingFace(emulator, { parameters: { ...parameters(WAN_22, 'together', {}), prompt: '' }, items: photoItems().slice(0, 1) });
		expect((await getBinaryBuffer(outputs[0][0], 'data')).equals(expectedAnimation('together', WAN_22, PHOTOS[0], undefined))).toBe(true);
		expect(outputs[0][0].json).not.toHaveProperty('prompt');
		expect(inferenceCalls(emulator)[0].body).not.toHaveProperty('prompt');
	});

	test('auto picks the first live provider the mapping lists for image-to-video', async () => {
		const { outputs } = await runHuggingFace(emulator, { parameters: parameters(WAN_480, 'auto'), items: photoItems().slice(0, 1) });
		expect(outputs[0][0].json).toMatchObject({ provider: 'fal-ai', providerModelId: 'fal-ai/wan-i2v' });
	});

	test('a provider that does not serve the model is refused, naming those that do', async () => {
		const { error } = await runHuggingFace(emulator, { parameters: parameters(WAN_480, 'together'), items: photoItems().slice(0, 1) });
		expect(error!.message).toBe(`Provider "together" does not serve ${WAN_480} for image-to-video (item 0)`);
		expect((error as unknown as { description: string }).description).toBe('Providers that serve it: fal-ai, wavespeed. Pick one of them in Provider, or use auto.');
		expect(inferenceCalls(emulator)).toHaveLength(0);
	});
});

describe('Image to Video: bad input and quota', () => {
	test('a file that is no picture fails its item by name, without a request', async () => {
		const items = [photoItems()[0], { json: { scene: 'x', index: 1 }, binary: { photo: { data: Buffer.from('just some text').toString('base64'), mimeType: 'text/plain', fileName: 'a.txt' } } }];
		const { outputs } = await runHuggingFace(emulator, { parameters: parameters(WAN_480, 'fal-ai'), items, settings: { onError: 'continueRegularOutput' } });
		expect(errorText(outputs[0][1])).toBe(`The file in "photo" is not a picture (item 1, fal-ai / ${WAN_480})`);
		expect(outputs[0][0].binary!.data).toMatchObject({ mimeType: 'video/mp4' });
		expect(inferenceCalls(emulator).filter((call) => call.method === 'POST')).toHaveLength(1);
	});

	test.each([
		['fal-ai', WAN_480],
		['together', WAN_22],
	])('%s: credits running out halfway send the rest to Quota Exhausted with json and binary', async (provider, model) => {
		emulator.setCredits(POOR_TOKEN, visionPrice(provider, 'image-to-video'));
		const { outputs, getBinaryBuffer } = await runHuggingFace(emulator, { parameters: parameters(model, provider), items: photoItems(), token: POOR_TOKEN });
		expect(outputs[0]).toHaveLength(1);
		expect((await getBinaryBuffer(outputs[0][0], 'data')).equals(expectedAnimation(provider, provider === 'fal-ai' ? 'fal-ai/wan-i2v' : WAN_22, PHOTOS[0], PROMPTS[0]))).toBe(true);
		expect(outputs[1]).toHaveLength(1);
		const [quota] = outputs[1];
		expect(quota.pairedItem).toEqual({ item: 1 });
		expect(quota.json).toEqual({ scene: PROMPTS[1], index: 1, quotaExhausted: true, error: { httpCode: 402, message: MSG_CREDITS_DEPLETED, provider, model } });
		expect((await getBinaryBuffer(quota, 'photo')).equals(PHOTOS[1])).toBe(true);
	});
});
