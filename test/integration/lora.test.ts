/**
 * LoRA models: the Hub maps them to a provider's LoRA endpoint with `adapter: "lora"`; each request
 * must carry the LoRA exactly as the official clients send it (huggingface.js
 * src/providers/{fal-ai,replicate,wavespeed}.ts), else the provider draws the base model's picture.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { findModel, generatePng, type Emulator } from '../emulator';
import { FLUX_LORA, SDXL_LORA } from '../emulator/lora';
import { inferenceCalls, runHuggingFace, startTestEmulator } from './support';

const PROMPT = 'A portrait in soft window light';

let emulator: Emulator;
beforeAll(async () => {
	emulator = await startTestEmulator();
});
afterAll(async () => await emulator.close());
beforeEach(() => emulator.reset());

function imageParameters(model: string, provider: string, options: IDataObject = {}): INodeParameters {
	return {
		operation: 'image',
		model: { __rl: true, mode: 'id', value: model },
		provider,
		prompt: PROMPT,
		options: { pollInterval: 10, concurrency: 1, ...options } as INodeParameters,
	};
}

const CASES: Array<{ provider: string; model: string; path: string; body: unknown; applied: string }> = [
	{
		provider: 'fal-ai',
		model: FLUX_LORA,
		path: '/fal-ai/fal-ai/flux-lora',
		body: {
			prompt: PROMPT,
			seed: 5,
			image_size: { width: 512, height: 512 },
			loras: [{ path: `https://huggingface.co/${FLUX_LORA}/resolve/main/super-realism.safetensors`, scale: 1 }],
		},
		applied: `https://huggingface.co/${FLUX_LORA}/resolve/main/super-realism.safetensors`,
	},
	{
		provider: 'fal-ai',
		model: SDXL_LORA,
		path: '/fal-ai/fal-ai/lora',
		body: {
			prompt: PROMPT,
			seed: 5,
			image_size: { width: 512, height: 512 },
			loras: [{ path: `https://huggingface.co/${SDXL_LORA}/resolve/main/pixel-art-xl.safetensors`, scale: 1 }],
			model_name: 'stabilityai/stable-diffusion-xl-base-1.0',
		},
		applied: `https://huggingface.co/${SDXL_LORA}/resolve/main/pixel-art-xl.safetensors`,
	},
	{
		provider: 'replicate',
		model: FLUX_LORA,
		path: '/replicate/v1/models/black-forest-labs/flux-dev-lora/predictions',
		body: { input: { prompt: PROMPT, seed: 5, width: 512, height: 512, lora_weights: `https://huggingface.co/${FLUX_LORA}` } },
		applied: `https://huggingface.co/${FLUX_LORA}`,
	},
	{
		provider: 'wavespeed',
		model: FLUX_LORA,
		path: '/wavespeed/api/v3/wavespeed-ai/flux-dev-lora',
		body: { prompt: PROMPT, seed: 5, width: 512, height: 512, loras: [{ path: FLUX_LORA, scale: 1 }] },
		applied: FLUX_LORA,
	},
];

describe('LoRA models carry their LoRA, as the official clients send it', () => {
	test.each(CASES.map((c) => [c.provider, c.model, c] as const))('%s, %s', async (_provider, _model, c) => {
		expect(findModel(c.model)!.providers.find((offer) => offer.provider === c.provider)!.adapter).toBe('lora');
		const { outputs, error, getBinaryBuffer } = await runHuggingFace(emulator, { parameters: imageParameters(c.model, c.provider, { seed: 5, width: 512, height: 512 }) });
		expect(error).toBeUndefined();
		const [submit] = inferenceCalls(emulator);
		expect(submit.path).toBe(c.path);
		expect(submit.body).toEqual(c.body);
		expect(submit.status).toBeLessThan(300);
		// The picture is the LoRA's, not the base model's: the emulator draws with the LoRA it was sent.
		const bytes = await getBinaryBuffer(outputs[0][0], 'data');
		expect(bytes.equals(generatePng({ prompt: `${PROMPT} <lora:${c.applied}>`, width: 512, height: 512, seed: 5 }))).toBe(true);
		expect(bytes.equals(generatePng({ prompt: PROMPT, width: 512, height: 512, seed: 5 }))).toBe(false);
	});

	test.each([
		['fal-ai', 'black-forest-labs/FLUX.1-dev', '/fal-ai/fal-ai/flux/dev'],
		['replicate', 'black-forest-labs/FLUX.1-dev', '/replicate/v1/models/black-forest-labs/flux-dev/predictions'],
		['wavespeed', 'Qwen/Qwen-Image', '/wavespeed/api/v3/wavespeed-ai/qwen-image/text-to-image'],
	])('a plain model on the same providers sends no LoRA field (%s, %s)', async (provider, model, path) => {
		expect(findModel(model)!.providers.find((offer) => offer.provider === provider)!.adapter).toBeUndefined();
		const { error } = await runHuggingFace(emulator, { parameters: imageParameters(model, provider, { seed: 5, width: 512, height: 512 }) });
		expect(error).toBeUndefined();
		const [submit] = inferenceCalls(emulator);
		expect(submit.path).toBe(path);
		expect(submit.status).toBeLessThan(300);
		// fal-ai and wavespeed send `loras` (fal-ai's SD endpoint also `model_name`), replicate `input.lora_weights`.
		const body = submit.body as IDataObject;
		const fields = [...Object.keys(body), ...Object.keys((body.input ?? {}) as IDataObject)];
		expect(fields.length).toBeGreaterThan(1);
		for (const field of ['loras', 'lora_weights', 'model_name']) expect(fields).not.toContain(field);
		expect(JSON.stringify(body)).not.toMatch(/lora/i);
	});
});
