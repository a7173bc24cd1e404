/**
 * Edit Image takes a model the Hub maps under image-text-to-image (the picture optional there):
 * with the item's picture the clients send what their image-to-image tasks send (huggingface.js
 * FalAIImageTextToImageTask, WavespeedAIImageTextToImageTask), so the node's image-to-image helper
 * serves it. Each item gets the edit of its own picture and prompt.
 */
import type { INodeParameters } from 'n8n-workflow';

import { expectedEdit, generatePng, shortHash, type Emulator } from '../emulator';
import { errorText, inferenceCalls, mappingCalls, runHuggingFace, startTestEmulator } from './support';

const QWEN_EDIT_PLUS = 'Qwen/Qwen-Image-Edit-2509';
const SEED = 11;
const PHOTOS = [generatePng({ prompt: 'a red barn', width: 64, height: 48 }), generatePng({ prompt: 'a blue boat', width: 32, height: 32 })];
const PROMPTS = ['Make it winter', 'Add a rainbow'];

let emulator: Emulator;
beforeAll(async () => {
	emulator = await startTestEmulator();
});
afterAll(async () => await emulator.close());
beforeEach(() => emulator.reset());

const parameters = (provider: string): INodeParameters => ({
	operation: 'imageToImage',
	model: { __rl: true, mode: 'id', value: QWEN_EDIT_PLUS },
	provider,
	prompt: '={{ $json.prompt }}',
	options: { pollInterval: 10, concurrency: 1, seed: SEED } as INodeParameters,
});

const items = () =>
	PHOTOS.map((photo, index) => ({ json: { prompt: PROMPTS[index] }, binary: { data: { data: photo.toString('base64'), mimeType: 'image/png', fileName: `photo${index}.png` } } }));

test.each([
	['fal-ai', '/fal-ai/fal-ai/qwen-image-edit-plus'],
	['wavespeed', '/wavespeed/api/v3/wavespeed-ai/qwen-image/edit-plus'],
	['auto', '/fal-ai/fal-ai/qwen-image-edit-plus'],
])('%s: a model mapped image-text-to-image is edited with each item\'s own picture and prompt', async (provider, path) => {
	const { outputs, error, getBinaryBuffer } = await runHuggingFace(emulator, { parameters: parameters(provider), items: items() });
	expect(error).toBeUndefined();
	expect(outputs[0]).toHaveLength(2);
	const served = provider === 'auto' ? 'fal-ai' : provider;
	for (const [index, item] of outputs[0].entries()) {
		expect(item.pairedItem).toEqual({ item: index });
		expect(item.json).toMatchObject({ model: QWEN_EDIT_PLUS, provider: served, prompt: PROMPTS[index] });
		expect((await getBinaryBuffer(item, 'data')).equals(expectedEdit(PHOTOS[index], PROMPTS[index], SEED))).toBe(true);
	}
	const submits = inferenceCalls(emulator).filter((call) => call.method === 'POST');
	expect(submits.map((call) => call.path)).toEqual([path, path]);
	submits.forEach((call, index) => expect(call.media?.[0]).toMatchObject({ bytes: PHOTOS[index].length, hash: shortHash(PHOTOS[index]) }));
	expect(mappingCalls(emulator, QWEN_EDIT_PLUS)).toHaveLength(1);
});

test('Generate Image does not take it: the item fails saying no provider serves it for text-to-image', async () => {
	const { outputs } = await runHuggingFace(emulator, {
		parameters: { operation: 'image', model: { __rl: true, mode: 'id', value: QWEN_EDIT_PLUS }, provider: 'auto', prompt: 'A barn', options: {} },
		items: [{ json: {} }],
		settings: { onError: 'continueRegularOutput' },
	});
	expect(errorText(outputs[0][0])).toMatch(/^No live Inference Provider serves Qwen\/Qwen-Image-Edit-2509 for text-to-image \(item 0/);
	expect(inferenceCalls(emulator)).toHaveLength(0);
});
