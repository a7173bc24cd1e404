import type { IBinaryData, IDataObject, INodeParameters } from 'n8n-workflow';

import { MSG_CREDITS_DEPLETED, expectedEdit, generatePng, type Emulator, type RecordedRequest } from '../emulator';
import { dataUrlOf, expectCdnWithoutToken, expectSubmitsCarryPictures, pictureItems, pictureParameters, type PictureRoute } from './image-support';
import { POOR_TOKEN, TOKEN, errorDescription, errorText, inferenceCalls, runHuggingFace, startTestEmulator } from './support';

const KONTEXT = 'black-forest-labs/FLUX.1-Kontext-dev';
const QWEN_EDIT = 'Qwen/Qwen-Image-Edit';
const REFINER = 'stabilityai/stable-diffusion-xl-refiner-1.0';
const SEED = 7;

let emulator: Emulator;
beforeAll(async () => {
	emulator = await startTestEmulator();
});
afterAll(async () => await emulator.close());
beforeEach(() => emulator.reset());

function editParameters(model: string, provider: string, options: IDataObject = { seed: SEED, numInferenceSteps: 20 }, prompt = '={{ $json.prompt }}'): INodeParameters {
	return pictureParameters('imageToImage', model, provider, prompt, options);
}

const PHOTOS = [generatePng({ prompt: 'a red barn', width: 64, height: 48 }), generatePng({ prompt: 'a blue boat', width: 32, height: 32 })];
const PROMPTS = ['Make it winter', 'Add a rainbow'];

const photoItems = () => pictureItems(PHOTOS, PROMPTS, 'prompt');

interface EditCase extends PictureRoute {
	providerModelId: string;
	viaCdn: boolean;
}

const CASES: EditCase[] = [
	{
		provider: 'hf-inference',
		model: REFINER,
		providerModelId: REFINER,
		path: `/hf-inference/models/${REFINER}`,
		body: (photo, prompt) => ({ inputs: photo.toString('base64'), parameters: { prompt, num_inference_steps: 20, seed: SEED } }),
		sentAs: 'base64',
		viaCdn: false,
	},
	{
		provider: 'fal-ai',
		model: KONTEXT,
		providerModelId: 'fal-ai/flux-kontext/dev',
		path: '/fal-ai/fal-ai/flux-kontext/dev',
		body: (photo, prompt) => ({ prompt, num_inference_steps: 20, seed: SEED, image_url: dataUrlOf(photo), image_urls: [dataUrlOf(photo)] }),
		sentAs: 'image/png',
		viaCdn: true,
	},
	{
		provider: 'replicate',
		model: KONTEXT,
		providerModelId: 'black-forest-labs/flux-kontext-dev',
		path: '/replicate/v1/models/black-forest-labs/flux-kontext-dev/predictions',
		body: (photo, prompt) => {
			const url = dataUrlOf(photo);
			return { input: { prompt, num_inference_steps: 20, seed: SEED, image: url, images: [url], input_image: url, input_images: [url] } };
		},
		sentAs: 'image/png',
		viaCdn: true,
	},
	{
		provider: 'together',
		model: KONTEXT,
		providerModelId: 'black-forest-labs/FLUX.1-kontext-dev',
		path: '/together/v1/images/generations',
		// FLUX.1 Kontext takes image_url; steps is Together's name for num_inference_steps.
		body: (photo, prompt) => ({ prompt, image_url: dataUrlOf(photo), seed: SEED, steps: 20, response_format: 'base64', model: 'black-forest-labs/FLUX.1-kontext-dev' }),
		sentAs: 'image/png',
		viaCdn: false,
	},
	{
		provider: 'wavespeed',
		model: QWEN_EDIT,
		providerModelId: 'wavespeed-ai/qwen-image/edit',
		path: '/wavespeed/api/v3/wavespeed-ai/qwen-image/edit',
		body: (photo, prompt) => ({ image: photo.toString('base64'), images: [photo.toString('base64')], prompt, num_inference_steps: 20, seed: SEED }),
		sentAs: 'base64',
		viaCdn: true,
	},
];

const submitsOf = (calls: RecordedRequest[]) => calls.filter((call) => call.method === 'POST');

describe('image to image: every provider, two items each, through the engine and the emulator', () => {
	test.each(CASES.map((c) => [c.provider, c] as const))('%s: each output is the edit of its own item\'s picture', async (_name, c) => {
		const { outputs, error, getBinaryBuffer } = await runHuggingFace(emulator, { parameters: editParameters(c.model, c.provider), items: photoItems() });
		expect(error).toBeUndefined();
		expect(outputs[1]).toHaveLength(0);
		expect(outputs[0]).toHaveLength(2);
		for (const [index, item] of outputs[0].entries()) {
			expect(item.pairedItem).toEqual({ item: index });
			const binary = item.binary!.data as IBinaryData;
			expect(binary).toMatchObject({ mimeType: 'image/png', fileExtension: 'png', fileName: `photo${index}-edited.png` });
			const expected = expectedEdit(PHOTOS[index], PROMPTS[index], SEED);
			expect((await getBinaryBuffer(item, 'data')).equals(expected)).toBe(true);
			expect(item.json).toMatchObject({ model: c.model, provider: c.provider, providerModelId: c.providerModelId, prompt: PROMPTS[index], mimeType: 'image/png', fileSize: expected.length });
		}
		const submits = submitsOf(inferenceCalls(emulator));
		expect(submits).toHaveLength(2);
		expectSubmitsCarryPictures(submits, c, TOKEN, PHOTOS, PROMPTS);
		expectCdnWithoutToken(emulator, c.viaCdn ? 2 : 0);
	});

	test('together: a model other than FLUX.1 Kontext gets the picture as reference_images', async () => {
		const { outputs, getBinaryBuffer } = await runHuggingFace(emulator, { parameters: editParameters(QWEN_EDIT, 'together'), items: photoItems().slice(0, 1) });
		expect((await getBinaryBuffer(outputs[0][0], 'data')).equals(expectedEdit(PHOTOS[0], PROMPTS[0], SEED))).toBe(true);
		const [submit] = inferenceCalls(emulator);
		expect(submit.body).toMatchObject({ reference_images: [dataUrlOf(PHOTOS[0])], model: 'Qwen/Qwen-Image-Edit' });
		expect(submit.body).not.toHaveProperty('image_url');
	});

	test('hf-inference without prompt or options sends the picture\'s raw bytes under its type', async () => {
		const jpegLabelled = photoItems().slice(0, 1);
		const { outputs, getBinaryBuffer } = await runHuggingFace(emulator, { parameters: editParameters(REFINER, 'hf-inference', {}, ''), items: jpegLabelled });
		expect((await getBinaryBuffer(outputs[0][0], 'data')).equals(expectedEdit(PHOTOS[0], undefined))).toBe(true);
		const [submit] = inferenceCalls(emulator);
		expect(submit.headers['content-type']).toBe('image/png');
		expect(submit.body).toEqual({ bytes: PHOTOS[0].length });
		expect(outputs[0][0].json).not.toHaveProperty('prompt');
	});

	test('filesystem binary mode, and a fal-ai job polled on its queue', async () => {
		const { outputs, error, getBinaryBuffer } = await runHuggingFace(emulator, { parameters: editParameters(KONTEXT, 'fal-ai'), items: photoItems(), binaryMode: 'filesystem' });
		expect(error).toBeUndefined();
		expect(outputs[0]).toHaveLength(2);
		for (const [index, item] of outputs[0].entries()) {
			// Stored in n8n's filesystem store, not inline.
			expect(item.binary!.data.id).toMatch(/^filesystem-v2:/);
			expect((await getBinaryBuffer(item, 'data')).equals(expectedEdit(PHOTOS[index], PROMPTS[index], SEED))).toBe(true);
		}
		const first = inferenceCalls(emulator).slice(0, 4).map((call) => `${call.method} ${call.path.replace(/requests\/[^/]+/, 'requests/ID')}`);
		expect(first).toEqual([
			'POST /fal-ai/fal-ai/flux-kontext/dev',
			'GET /fal-ai/fal-ai/flux-kontext/requests/ID/status',
			'GET /fal-ai/fal-ai/flux-kontext/requests/ID/status',
			'GET /fal-ai/fal-ai/flux-kontext/requests/ID',
		]);
	});
});

describe('image to image: bad input and quota', () => {
	test('a file that is not a picture fails its item by name, without a request', async () => {
		const items = [{ json: { prompt: 'x' }, binary: { photo: { data: Buffer.from('%PDF-1.7 not a picture').toString('base64'), mimeType: 'application/pdf', fileName: 'doc.pdf' } } }];
		const { outputs } = await runHuggingFace(emulator, { parameters: editParameters(KONTEXT, 'fal-ai'), items, settings: { onError: 'continueRegularOutput' } });
		expect(errorText(outputs[0][0])).toMatch(/The file in "photo" is not a picture \(item 0\)/);
		expect(errorDescription(outputs[0][0])).toContain('stored as application/pdf');
		expect(submitsOf(inferenceCalls(emulator))).toHaveLength(0);
	});

	test('credits running out: the item goes to Quota Exhausted with its picture', async () => {
		// One edit on fal-ai costs $0.025: the first one fits, the second meets a 402.
		emulator.setCredits(POOR_TOKEN, 0.02);
		const { outputs, getBinaryBuffer } = await runHuggingFace(emulator, { parameters: editParameters(KONTEXT, 'fal-ai'), items: photoItems(), token: POOR_TOKEN });
		expect(outputs[0]).toHaveLength(1);
		expect(outputs[1]).toHaveLength(1);
		const [quota] = outputs[1];
		expect(quota.pairedItem).toEqual({ item: 1 });
		expect(quota.json).toEqual({ prompt: PROMPTS[1], index: 1, quotaExhausted: true, error: { httpCode: 402, message: MSG_CREDITS_DEPLETED, provider: 'fal-ai', model: KONTEXT } });
		expect((await getBinaryBuffer(quota, 'photo')).equals(PHOTOS[1])).toBe(true);
	});
});
