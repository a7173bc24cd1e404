/**
 * Classify Image, Detect Objects and Image to Text through n8n's engine against the emulator: two
 * items, each with its own picture, each Success item with its own answer; the request log shows
 * each item's picture arrived whole, as the raw body (hf-inference without parameters), as base64
 * JSON with parameters, or as a data URL (zai-org); a file that is no picture fails its item before
 * any call; a 402 halfway sends the rest to Quota Exhausted with json and binary intact.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { MSG_CREDITS_DEPLETED, expectedCaption, expectedClasses, expectedObjects, generatePng, shortHash, visionPrice, type Emulator } from '../emulator';
import { POOR_TOKEN, TOKEN, errorDescription, errorText, inferenceCalls, runHuggingFace, useTestEmulator } from './support';

const VIT = 'google/vit-base-patch16-224';
const DETR = 'facebook/detr-resnet-50';
const BLIP = 'Salesforce/blip-image-captioning-large';
const GLM_OCR = 'zai-org/GLM-OCR';

let emulator: Emulator;
useTestEmulator((started) => (emulator = started));

const PHOTOS = [generatePng({ prompt: 'a red barn', width: 64, height: 48 }), generatePng({ prompt: 'a blue boat', width: 32, height: 32 })];

function photoItems(photos: Buffer[] = PHOTOS, mimeType = 'image/png') {
	return photos.map((photo, index) => ({
		json: { index },
		binary: { photo: { data: photo.toString('base64'), mimeType, fileName: `photo${index}.png` } },
	}));
}

function parameters(operation: string, model: string, provider = 'hf-inference', options: IDataObject = {}): INodeParameters {
	return { operation, model: { __rl: true, mode: 'id', value: model }, provider, inputBinaryPropertyName: 'photo', options: { concurrency: 1, ...options } as INodeParameters };
}

const submits = () => inferenceCalls(emulator).filter((call) => call.method === 'POST');

/** Each item's picture reached the route as the raw body, under its type. */
function expectRawPictures(path: string): void {
	const calls = submits();
	expect(calls).toHaveLength(2);
	calls.forEach((call, index) => {
		expect(call.path).toBe(path);
		expect(call.headers['content-type']).toBe('image/png');
		expect(call.headers.authorization).toBe(`Bearer ${TOKEN}`);
		expect(call.body).toEqual({ bytes: PHOTOS[index].length });
		expect(call.media).toEqual([{ mimeType: 'image/png', bytes: PHOTOS[index].length, hash: shortHash(PHOTOS[index]) }]);
	});
}

describe('Classify Image (hf-inference)', () => {
	test('each item gets the classes of its own picture, highest first; the picture goes as the raw body', async () => {
		const { outputs, error } = await runHuggingFace(emulator, { parameters: parameters('imageClassification', VIT), items: photoItems() });
		expect(error).toBeUndefined();
		expect(outputs[1]).toHaveLength(0);
		expect(outputs[0]).toHaveLength(2);
		outputs[0].forEach((item, index) => {
			const labels = expectedClasses(VIT, PHOTOS[index]);
			expect(item.pairedItem).toEqual({ item: index });
			expect(item.json).toMatchObject({ label: labels[0].label, score: labels[0].score, labels, model: VIT, provider: 'hf-inference', providerModelId: VIT });
			expect(labels).toHaveLength(5);
			expect(typeof item.json.latencyMs).toBe('number');
			// A Success item carries the answer, not the picture it came from.
			expect(item.binary).toBeUndefined();
		});
		expect(outputs[0][0].json.labels).not.toEqual(outputs[0][1].json.labels);
		expectRawPictures(`/hf-inference/models/${VIT}`);
	});

	test('Top K goes as parameters.top_k with the picture in base64 (huggingface_hub), and caps Labels', async () => {
		const { outputs } = await runHuggingFace(emulator, { parameters: parameters('imageClassification', VIT, 'hf-inference', { topK: 2 }), items: photoItems() });
		outputs[0].forEach((item, index) => expect(item.json.labels).toEqual(expectedClasses(VIT, PHOTOS[index], 2)));
		submits().forEach((call, index) => {
			expect(call.headers['content-type']).toMatch(/^application\/json/);
			expect(call.body).toEqual({ inputs: PHOTOS[index].toString('base64'), parameters: { top_k: 2 } });
		});
	});

	test('a Top K that is not a whole number fails its item before any call', async () => {
		const { error } = await runHuggingFace(emulator, { parameters: parameters('imageClassification', VIT, 'hf-inference', { topK: 1.5 }), items: photoItems() });
		expect(error!.message).toBe(`Top K must be a whole number at least 1, got 1.5 (item 0, hf-inference / ${VIT})`);
		expect(submits()).toHaveLength(0);
	});
});

describe('Detect Objects (hf-inference)', () => {
	test('each item gets the objects of its own picture, with boxes in its pixels', async () => {
		const { outputs, error } = await runHuggingFace(emulator, { parameters: parameters('objectDetection', DETR), items: photoItems() });
		expect(error).toBeUndefined();
		outputs[0].forEach((item, index) => {
			expect(item.pairedItem).toEqual({ item: index });
			expect(item.json).toMatchObject({ objects: expectedObjects(DETR, PHOTOS[index]), model: DETR, provider: 'hf-inference', providerModelId: DETR });
		});
		expectRawPictures(`/hf-inference/models/${DETR}`);
	});

	test('Threshold goes as parameters.threshold and lower-scoring objects are returned', async () => {
		const { outputs } = await runHuggingFace(emulator, { parameters: parameters('objectDetection', DETR, 'hf-inference', { threshold: 0.25 }), items: photoItems() });
		outputs[0].forEach((item, index) => {
			const objects = expectedObjects(DETR, PHOTOS[index], 0.25);
			expect(item.json.objects).toEqual(objects);
			expect(objects.length).toBeGreaterThanOrEqual(expectedObjects(DETR, PHOTOS[index]).length);
		});
		submits().forEach((call, index) => expect(call.body).toEqual({ inputs: PHOTOS[index].toString('base64'), parameters: { threshold: 0.25 } }));
	});
});

describe('Image to Text', () => {
	test('hf-inference: each item gets the caption of its own picture', async () => {
		const { outputs, error } = await runHuggingFace(emulator, { parameters: parameters('imageToText', BLIP), items: photoItems() });
		expect(error).toBeUndefined();
		outputs[0].forEach((item, index) => {
			expect(item.pairedItem).toEqual({ item: index });
			expect(item.json).toMatchObject({ text: expectedCaption('hf-inference', BLIP, PHOTOS[index]), model: BLIP, provider: 'hf-inference', providerModelId: BLIP });
		});
		expectRawPictures(`/hf-inference/models/${BLIP}`);
	});

	test('zai-org: the picture goes as a data URL to layout_parsing, with Z.ai\'s headers; md_results is the text', async () => {
		const { outputs, error } = await runHuggingFace(emulator, { parameters: parameters('imageToText', GLM_OCR, 'zai-org'), items: photoItems() });
		expect(error).toBeUndefined();
		outputs[0].forEach((item, index) => {
			expect(item.pairedItem).toEqual({ item: index });
			expect(item.json).toMatchObject({ text: expectedCaption('zai-org', 'glm-ocr', PHOTOS[index]), model: GLM_OCR, provider: 'zai-org', providerModelId: 'glm-ocr' });
		});
		const calls = submits();
		expect(calls).toHaveLength(2);
		calls.forEach((call, index) => {
			expect(call.path).toBe('/zai-org/api/paas/v4/layout_parsing');
			expect(call.body).toEqual({ model: 'glm-ocr', file: `data:image/png;base64,${PHOTOS[index].toString('base64')}` });
			expect(call.headers).toMatchObject({ 'x-source-channel': 'hugging_face', 'accept-language': 'en-US,en' });
		});
	});

	test('auto takes the provider the mapping lists', async () => {
		const { outputs } = await runHuggingFace(emulator, { parameters: parameters('imageToText', GLM_OCR, 'auto'), items: photoItems().slice(0, 1) });
		expect(outputs[0][0].json).toMatchObject({ provider: 'zai-org', text: expectedCaption('zai-org', 'glm-ocr', PHOTOS[0]) });
	});
});

describe('vision tasks: bad input and quota', () => {
	const PDF = Buffer.from('%PDF-1.7 not a picture');
	const mixed = () => [photoItems()[0], { json: { index: 1 }, binary: { photo: { data: PDF.toString('base64'), mimeType: 'application/pdf', fileName: 'doc.pdf' } } }];

	test.each(['imageClassification', 'objectDetection', 'imageToText'])('%s: a file that is no picture stops the run by name before any call', async (operation) => {
		const model = operation === 'imageClassification' ? VIT : operation === 'objectDetection' ? DETR : BLIP;
		const { error } = await runHuggingFace(emulator, { parameters: parameters(operation, model), items: mixed() });
		expect(error!.message).toBe(`The file in "photo" is not a picture (item 1, hf-inference / ${model})`);
		expect((error as unknown as { description: string }).description).toBe('Got 22 bytes stored as application/pdf that are not PNG, JPEG, WEBP or GIF. Pass a picture.');
		expect(submits()).toHaveLength(0);
	});

	test('On Error: continue: the picture is classified, the other file fails its own item without a call', async () => {
		const { outputs } = await runHuggingFace(emulator, { parameters: parameters('imageClassification', VIT), items: mixed(), settings: { onError: 'continueRegularOutput' } });
		expect(outputs[0]).toHaveLength(2);
		expect(outputs[0][0].json.labels).toEqual(expectedClasses(VIT, PHOTOS[0]));
		expect(errorText(outputs[0][1])).toBe(`The file in "photo" is not a picture (item 1, hf-inference / ${VIT})`);
		expect(errorDescription(outputs[0][1])).toContain('stored as application/pdf');
		expect(outputs[0][1].pairedItem).toEqual({ item: 1 });
		expect(submits()).toHaveLength(1);
	});

	test('a picture stored under a generic type is judged by its first bytes', async () => {
		const { outputs } = await runHuggingFace(emulator, { parameters: parameters('imageToText', BLIP), items: photoItems(PHOTOS, 'application/octet-stream') });
		outputs[0].forEach((item, index) => expect(item.json.text).toBe(expectedCaption('hf-inference', BLIP, PHOTOS[index])));
		submits().forEach((call) => expect(call.headers['content-type']).toBe('image/png'));
	});

	test('a missing binary property names the ones the item has', async () => {
		const { error } = await runHuggingFace(emulator, { parameters: { ...parameters('objectDetection', DETR), inputBinaryPropertyName: 'image' }, items: photoItems() });
		expect(error!.message).toMatch(/Input Binary Field "image" holds no file \(item 0, hf-inference \/ facebook\/detr-resnet-50\)/);
		expect(submits()).toHaveLength(0);
	});

	test.each([
		['imageClassification', VIT, 'image-classification'],
		['objectDetection', DETR, 'object-detection'],
		['imageToText', BLIP, 'image-to-text'],
	] as const)('%s: credits running out halfway send the rest to Quota Exhausted with json and binary', async (operation, model, task) => {
		// Exactly one call's price: the first call fits, the second meets a 402.
		emulator.setCredits(POOR_TOKEN, visionPrice('hf-inference', task));
		const third = photoItems([generatePng({ prompt: 'a third', width: 16, height: 16 })])[0];
		const three = [...photoItems(), { ...third, json: { index: 2 } }];
		const { outputs, getBinaryBuffer } = await runHuggingFace(emulator, { parameters: parameters(operation, model), items: three, token: POOR_TOKEN });
		expect(outputs[0]).toHaveLength(1);
		expect(outputs[0][0].pairedItem).toEqual({ item: 0 });
		expect(outputs[1]).toHaveLength(2);
		for (const [position, quota] of outputs[1].entries()) {
			const index = position + 1;
			expect(quota.pairedItem).toEqual({ item: index });
			expect(quota.json).toEqual({ index, quotaExhausted: true, error: { httpCode: 402, message: MSG_CREDITS_DEPLETED, provider: 'hf-inference', model } });
			expect((await getBinaryBuffer(quota, 'photo')).equals(Buffer.from(three[index].binary.photo.data, 'base64'))).toBe(true);
		}
	});
});
