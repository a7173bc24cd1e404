import type { IDataObject } from 'n8n-workflow';

import type { Emulator } from '../emulator';
import { FLUX_DEV, H, OPTIONS, PROMPT, W, expectedPng, imageParameters, useImageEmulator } from './image-support';
import { errorText, inferenceCalls, mappingCalls, runHuggingFace } from './support';

let emulator: Emulator;
useImageEmulator((started) => (emulator = started));

describe('image: provider mapping and auto', () => {
	test('object-form mapping (FLUX.1-dev): auto takes the first live provider with a text-to-image route, fal-ai', async () => {
		const { outputs, error } = await runHuggingFace(emulator, { parameters: imageParameters(FLUX_DEV, 'auto', PROMPT, OPTIONS) });
		expect(error).toBeUndefined();
		expect(outputs[0][0].json).toMatchObject({ provider: 'fal-ai', providerModelId: 'fal-ai/flux/dev', model: FLUX_DEV });
		expect(inferenceCalls(emulator)[0].path).toBe('/fal-ai/fal-ai/flux/dev');
		expect(inferenceCalls(emulator)[0].servedBy).toBe('fal-ai');
	});

	test('array-form mapping (SDXL-Lightning): auto takes replicate with its pinned version', async () => {
		const model = 'ByteDance/SDXL-Lightning';
		const { outputs, error, getBinaryBuffer } = await runHuggingFace(emulator, { parameters: imageParameters(model, 'auto', PROMPT, OPTIONS) });
		expect(error).toBeUndefined();
		const [submit] = inferenceCalls(emulator);
		expect(submit.path).toBe('/replicate/v1/predictions');
		expect((submit.body as IDataObject).version).toBe('5599ed30703defd1d160a25a63321b4dec97101d98b4674bcc56e41f62f35637');
		expect(submit.hubModel).toBe(model);
		expect(outputs[0][0].json).toMatchObject({ provider: 'replicate', model });
		expect((await getBinaryBuffer(outputs[0][0], 'data')).equals(expectedPng(PROMPT, W, H, 7))).toBe(true);
	});

	test('array-form mapping (Qwen-Image): auto takes wavespeed, the first entry', async () => {
		const { outputs } = await runHuggingFace(emulator, { parameters: imageParameters('Qwen/Qwen-Image', 'auto', PROMPT, OPTIONS) });
		expect(outputs[0][0].json).toMatchObject({ provider: 'wavespeed', providerModelId: 'wavespeed-ai/qwen-image/text-to-image' });
	});

	test('auto skips entries that are staging or in error and takes the first live one', async () => {
		const model = 'HiDream-ai/HiDream-I1-Full';
		const { outputs, error } = await runHuggingFace(emulator, { parameters: imageParameters(model, 'auto', PROMPT, OPTIONS) });
		expect(error).toBeUndefined();
		const [submit] = inferenceCalls(emulator);
		expect(submit.path).toBe('/nscale/v1/images/generations');
		expect((submit.body as IDataObject).model).toBe('HiDream-ai/HiDream-I1-Full');
		expect(submit.hubModel).toBe(model);
		expect(outputs[0][0].json.provider).toBe('nscale');
		expect(inferenceCalls(emulator)).toHaveLength(1);
	});

	test('a provider that does not serve the model: a clear error listing those that do, and nothing sent', async () => {
		const { error, outputs } = await runHuggingFace(emulator, { parameters: imageParameters('zai-org/CogView4-6B', 'fal-ai', PROMPT, OPTIONS) });
		expect(error).toBeDefined();
		expect(error!.message).toBe('Provider "fal-ai" does not serve zai-org/CogView4-6B for text-to-image (item 0)');
		expect((error as unknown as { description: string }).description).toBe('Providers that serve it: zai-org. Pick one of them in Provider, or use auto.');
		expect(outputs[0]).toHaveLength(0);
		expect(inferenceCalls(emulator)).toHaveLength(0);
	});

	test('a provider the mapping lists only as staging without a route here (nebius) is refused with the live ones', async () => {
		const { error } = await runHuggingFace(emulator, { parameters: imageParameters(FLUX_DEV, 'nebius', PROMPT, OPTIONS) });
		expect(error!.message).toBe(`Provider "nebius" does not serve ${FLUX_DEV} for text-to-image (item 0)`);
		expect((error as unknown as { description: string }).description).toBe(
			'Providers that serve it: fal-ai, replicate, together, hf-inference, nscale. Pick one of them in Provider, or use auto.',
		);
		expect(inferenceCalls(emulator)).toHaveLength(0);
	});

	test('auto on a chat model: no provider serves it for text-to-image', async () => {
		const { error } = await runHuggingFace(emulator, { parameters: imageParameters('meta-llama/Llama-3.1-8B-Instruct', 'auto', PROMPT, OPTIONS) });
		expect(error!.message).toBe('No live Inference Provider serves meta-llama/Llama-3.1-8B-Instruct for text-to-image (item 0)');
		expect(inferenceCalls(emulator)).toHaveLength(0);
	});

	test('the mapping is fetched once per model per execution, not once per item', async () => {
		const items = [
			{ json: { model: FLUX_DEV, prompt: 'one' } },
			{ json: { model: 'black-forest-labs/FLUX.1-schnell', prompt: 'two' } },
			{ json: { model: FLUX_DEV, prompt: 'three' } },
			{ json: { model: 'black-forest-labs/FLUX.1-schnell', prompt: 'four' } },
			{ json: { model: FLUX_DEV, prompt: 'five' } },
		];
		const parameters = {
			...imageParameters('={{ $json.model }}', 'together', '={{ $json.prompt }}', { concurrency: 4 }),
		};
		const { outputs, error } = await runHuggingFace(emulator, { parameters, items });
		expect(error).toBeUndefined();
		expect(outputs[0].map((item) => [item.json.model, item.json.prompt])).toEqual(items.map((item) => [item.json.model, item.json.prompt]));
		expect(outputs[0].map((item) => item.pairedItem)).toEqual(items.map((_, item) => ({ item })));
		expect(mappingCalls(emulator, FLUX_DEV)).toHaveLength(1);
		expect(mappingCalls(emulator, 'black-forest-labs/FLUX.1-schnell')).toHaveLength(1);
		expect(mappingCalls(emulator)).toHaveLength(2);
		// FLUX.1-schnell's mapping is in the array form: its provider id came from there.
		expect(inferenceCalls(emulator).map((call) => (call.body as IDataObject).model).sort()).toEqual(
			[FLUX_DEV, FLUX_DEV, FLUX_DEV, 'black-forest-labs/FLUX.1-schnell', 'black-forest-labs/FLUX.1-schnell'].sort(),
		);
		// A second execution asks again: the cache lives for one execution.
		emulator.reset();
		await runHuggingFace(emulator, { parameters, items: items.slice(0, 1) });
		expect(mappingCalls(emulator, FLUX_DEV)).toHaveLength(1);
	});
});

describe('image: chat routing policies are refused', () => {
	test.each(['fastest', 'cheapest', 'preferred'])('provider %s: a clear error before anything is sent', async (policy) => {
		const { error, outputs } = await runHuggingFace(emulator, { parameters: imageParameters(FLUX_DEV, policy) });
		expect(error!.message).toBe(`Provider "${policy}" is a chat routing policy and does not apply to image generation (item 0, ${policy} / ${FLUX_DEV})`);
		expect((error as unknown as { description: string }).description).toMatch(/^Use auto, or pick a provider/);
		expect(outputs[0]).toHaveLength(0);
		expect(inferenceCalls(emulator)).toHaveLength(0);
		expect(mappingCalls(emulator)).toHaveLength(0);
	});

	test('a policy arriving through an expression fails that item only (On Error: continue)', async () => {
		const items = [{ json: { p: 'together' } }, { json: { p: 'cheapest' } }, { json: { p: 'hf-inference' } }, { json: { p: 'Fastest' } }];
		const { outputs, getBinaryBuffer } = await runHuggingFace(emulator, {
			parameters: imageParameters(FLUX_DEV, '={{ $json.p }}', PROMPT, { width: 64, height: 64, seed: 1 }),
			items,
			settings: { onError: 'continueErrorOutput' },
		});
		expect(outputs[0].map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 2 }]);
		expect(outputs[0].map((item) => item.json.provider)).toEqual(['together', 'hf-inference']);
		for (const item of outputs[0]) expect((await getBinaryBuffer(item, 'data')).equals(expectedPng(PROMPT, 64, 64, 1))).toBe(true);
		expect(outputs[2].map((item) => item.pairedItem)).toEqual([{ item: 1 }, { item: 3 }]);
		expect(errorText(outputs[2][0])).toBe(`Provider "cheapest" is a chat routing policy and does not apply to image generation (item 1, cheapest / ${FLUX_DEV})`);
		expect(errorText(outputs[2][1])).toBe(`Provider "fastest" is a chat routing policy and does not apply to image generation (item 3, fastest / ${FLUX_DEV})`);
		expect(inferenceCalls(emulator).map((call) => call.routeProvider).sort()).toEqual(['hf-inference', 'together']);
	});
});
