/**
 * The four picture-reading operations (Classify Image, Detect Objects, Image to Text, Image to
 * Video) on every provider they are built for, in a real n8n 2.41.1 with the packed package
 * installed, against the router emulator, in ONE workflow run: a Code node makes two items, each
 * with its own PNG and prompt, and one Hugging Face Inference node per operation and provider
 * hangs off it. Per node: two Success items, each paired with its own input item and holding the
 * answer the emulator derives from that item's picture; the emulator's log shows each route got
 * each item's own picture.
 */
import {
	expectedAnimation,
	expectedCaption,
	expectedClasses,
	expectedObjects,
	generatePng,
	shortHash,
} from '../emulator';
import { expectEveryNodeRan, expectSubmitsInItemOrder, inlineBinary, modelById, parallelRun, returnItems, successItems } from './parallel-nodes';

const TOKEN = 'hf_e2e_vision_tasks_token_01';
const SEED = 5;
const VIT = 'google/vit-base-patch16-224';
const DETR = 'facebook/detr-resnet-50';
const BLIP = 'Salesforce/blip-image-captioning-large';
const GLM_OCR = 'zai-org/GLM-OCR';
const WAN_480 = 'Wan-AI/Wan2.1-I2V-14B-480P';
const WAN_22 = 'Wan-AI/Wan2.2-I2V-A14B';

const PROMPTS = ['The barn doors swing open', 'The boat sails away'];
const PHOTOS = [generatePng({ prompt: 'e2e a red barn', width: 64, height: 48 }), generatePng({ prompt: 'e2e a blue boat', width: 40, height: 32 })];

type Operation = 'imageClassification' | 'objectDetection' | 'imageToText' | 'imageToVideo';

interface Case {
	operation: Operation;
	provider: string;
	model: string;
	providerModelId: string;
	/** The route that must receive each item's submit. */
	path: string;
	/** How the picture reached the route, as the emulator decoded it. */
	sentAs: string;
	/** What each Success item must hold for its own picture (json fields, or the clip for Image to Video). */
	json?: (index: number) => Record<string, unknown>;
	clip?: (index: number) => Buffer;
}

const CASES: Case[] = [
	{ operation: 'imageClassification', provider: 'hf-inference', model: VIT, providerModelId: VIT, path: `/hf-inference/models/${VIT}`, sentAs: 'image/png', json: (i) => {
		const labels = expectedClasses(VIT, PHOTOS[i]);
		return { label: labels[0].label, score: labels[0].score, labels };
	} },
	{ operation: 'objectDetection', provider: 'hf-inference', model: DETR, providerModelId: DETR, path: `/hf-inference/models/${DETR}`, sentAs: 'image/png', json: (i) => ({ objects: expectedObjects(DETR, PHOTOS[i]) }) },
	{ operation: 'imageToText', provider: 'hf-inference', model: BLIP, providerModelId: BLIP, path: `/hf-inference/models/${BLIP}`, sentAs: 'image/png', json: (i) => ({ text: expectedCaption('hf-inference', BLIP, PHOTOS[i]) }) },
	{ operation: 'imageToText', provider: 'zai-org', model: GLM_OCR, providerModelId: 'glm-ocr', path: '/zai-org/api/paas/v4/layout_parsing', sentAs: 'image/png', json: (i) => ({ text: expectedCaption('zai-org', 'glm-ocr', PHOTOS[i]) }) },
	{ operation: 'imageToVideo', provider: 'fal-ai', model: WAN_480, providerModelId: 'fal-ai/wan-i2v', path: '/fal-ai/fal-ai/wan-i2v', sentAs: 'image/png', clip: (i) => expectedAnimation('fal-ai', 'fal-ai/wan-i2v', PHOTOS[i], PROMPTS[i]) },
	{ operation: 'imageToVideo', provider: 'wavespeed', model: WAN_480, providerModelId: 'wavespeed-ai/wan-2.1/i2v-480p', path: '/wavespeed/api/v3/wavespeed-ai/wan-2.1/i2v-480p', sentAs: 'base64', clip: (i) => expectedAnimation('wavespeed', 'wavespeed-ai/wan-2.1/i2v-480p', PHOTOS[i], PROMPTS[i]) },
	{ operation: 'imageToVideo', provider: 'together', model: WAN_22, providerModelId: WAN_22, path: '/together/v2/videos', sentAs: 'image/png', clip: (i) => expectedAnimation('together', WAN_22, PHOTOS[i], PROMPTS[i]) },
];

const nodeName = (c: Case) => `${c.operation} ${c.provider}`;

/** The node's parameters; fast polling, one item at a time (so submits come in item order). */
function parameters(c: Case): Record<string, unknown> {
	const base = { operation: c.operation, model: modelById(c.model), provider: c.provider, inputBinaryPropertyName: 'photo' };
	const fast = { pollInterval: 10, concurrency: 1 };
	return c.operation === 'imageToVideo' ? { ...base, prompt: '={{ $json.prompt }}', options: { ...fast, seed: SEED } } : { ...base, options: fast };
}

/** The Code node's source: two items, each with its own prompt and PNG (bytes made in the test, written in as base64). */
function inputsCode(): string {
	const items = PROMPTS.map((prompt, index) => ({ json: { prompt, index }, binary: { photo: inlineBinary(PHOTOS[index], 'image/png', `photo${index}.png`) } }));
	return returnItems(items);
}

describe('the vision operations on every provider, in a real n8n (one run)', () => {
	const suite = parallelRun({
		accounts: [{ name: 'HF emulator', token: TOKEN, credits: 10 }],
		inputs: { name: 'Two pictures', jsCode: inputsCode() },
		nodes: CASES.map((c) => ({ name: nodeName(c), parameters: parameters(c) })),
	});

	it('the run succeeds and every node ran', () => expectEveryNodeRan(suite));

	test.each(CASES.map((c) => [nodeName(c), c] as const))('%s: each Success item answers its own picture', (_name, c) => {
		const { run, emulator } = suite;
		successItems(run, nodeName(c), 2).forEach((item, index) => {
			expect(item.json).toMatchObject({ model: c.model, provider: c.provider, providerModelId: c.providerModelId });
			expect(typeof item.json.latencyMs).toBe('number');
			if (c.json) expect(item.json).toMatchObject(c.json(index));
			if (c.clip) {
				const binary = item.binary!.data;
				expect(binary).toMatchObject({ mimeType: 'video/mp4', fileExtension: 'mp4', fileName: `photo${index}-video.mp4` });
				expect(run.binary(binary).equals(c.clip(index))).toBe(true);
				expect(item.json).toMatchObject({ prompt: PROMPTS[index], mimeType: 'video/mp4' });
			}
		});
		// The route got two submits, the first carrying item 0's picture whole, the second item 1's.
		expectSubmitsInItemOrder(emulator, { path: c.path, model: c.model, provider: c.provider, token: TOKEN, count: 2 }, (call, index) =>
			expect(call.media?.[0]).toEqual({ mimeType: c.sentAs, bytes: PHOTOS[index].length, hash: shortHash(PHOTOS[index]) }),
		);
	});

	it('the clips were fetched from the providers\' storage without the Hugging Face token', () => {
		const cdn = suite.emulator.requests.filter((call) => call.listener === 'cdn');
		expect(cdn).toHaveLength(CASES.filter((c) => c.clip).length * 2);
		expect(cdn.every((call) => call.headers.authorization === undefined)).toBe(true);
	});
});
