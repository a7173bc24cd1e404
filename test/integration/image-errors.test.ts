import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { Emulator } from '../emulator';
import { fieldDetail } from '../emulator/provider-answers';
import { FLUX_DEV, OPTIONS, PROMPT, cdnCalls, expectedPng, imageParameters, useImageEmulator } from './image-support';
import { errorDescription, errorText, inferenceCalls, runHuggingFace } from './support';

let emulator: Emulator;
useImageEmulator((started) => (emulator = started));

describe('image: bad input and bad answers', () => {
	test.each([
		['an empty prompt', { prompt: '={{ $json.missing }}' }, `Prompt is empty (item 0, together / ${FLUX_DEV})`],
		['a width that is not a multiple of 8', { options: { width: 500 } }, `Width must be a positive multiple of 8, got 500 (item 0, together / ${FLUX_DEV})`],
		['a width of 0', { options: { width: 0 } }, `Width must be a positive multiple of 8, got 0 (item 0, together / ${FLUX_DEV})`],
		['a negative height', { options: { height: -64 } }, `Height must be a positive multiple of 8, got -64 (item 0, together / ${FLUX_DEV})`],
		['a fractional width', { options: { width: 512.5 } }, `Width must be a whole number, got 512.5 (item 0, together / ${FLUX_DEV})`],
	])('%s is refused before any call', async (_name, override, message) => {
		const parameters = { ...imageParameters(FLUX_DEV, 'together'), ...override } as INodeParameters;
		const { error, outputs } = await runHuggingFace(emulator, { parameters });
		expect(error!.message).toBe(message);
		expect((error as unknown as { description: string }).description).toBeTruthy();
		expect(outputs[0]).toHaveLength(0);
		expect(inferenceCalls(emulator)).toHaveLength(0);
	});

	test('without On Error: continue, one bad item stops the run before any item is sent', async () => {
		const items = [{ json: { prompt: 'fine' } }, { json: { prompt: '  ' } }];
		const { error } = await runHuggingFace(emulator, { parameters: imageParameters(FLUX_DEV, 'together', '={{ $json.prompt }}'), items });
		expect(error!.message).toBe(`Prompt is empty (item 1, together / ${FLUX_DEV})`);
		expect(inferenceCalls(emulator)).toHaveLength(0);
	});

	test('with On Error: continue, bad items become error items and the others get their pictures', async () => {
		const items = [
			{ json: { prompt: 'a cat', width: 256 } },
			{ json: { prompt: '', width: 256 } },
			{ json: { prompt: 'a dog', width: 250 } },
			{ json: { prompt: 'a bird', width: 128 } },
		];
		const { outputs, getBinaryBuffer } = await runHuggingFace(emulator, {
			parameters: imageParameters(FLUX_DEV, 'nscale', '={{ $json.prompt }}', { width: '={{ $json.width }}', height: 128, seed: 3 }),
			items,
			settings: { onError: 'continueRegularOutput' },
		});
		expect(outputs[0].map((item) => item.pairedItem)).toEqual(items.map((_, item) => ({ item })));
		expect(outputs[0][1].json.error).toBe(`Prompt is empty (item 1, nscale / ${FLUX_DEV})`);
		expect(outputs[0][2].json.error).toBe(`Width must be a positive multiple of 8, got 250 (item 2, nscale / ${FLUX_DEV})`);
		expect(errorDescription(outputs[0][2])).toBe('Use for example 248.');
		expect((await getBinaryBuffer(outputs[0][0], 'data')).equals(expectedPng('a cat', 256, 128, 3))).toBe(true);
		expect((await getBinaryBuffer(outputs[0][3], 'data')).equals(expectedPng('a bird', 128, 128, 3))).toBe(true);
		expect(inferenceCalls(emulator).map((call) => (call.body as IDataObject).prompt)).toEqual(['a cat', 'a bird']);
	});

	test.each([
		['together', FLUX_DEV, { data: [] }, `together answered without an image (together / ${FLUX_DEV})`],
		['nscale', FLUX_DEV, { data: [{ b64_json: '' }] }, `nscale answered without an image (nscale / ${FLUX_DEV})`],
		['hf-inference', FLUX_DEV, { error: 'CUDA out of memory' }, `hf-inference answered with an error instead of an image: CUDA out of memory (hf-inference / ${FLUX_DEV})`],
		['fal-ai', FLUX_DEV, { images: [] }, `fal-ai answered without a job to follow (fal-ai / ${FLUX_DEV})`],
		['replicate', FLUX_DEV, { id: 'abc', status: 'succeeded', output: null }, `replicate answered without an image (replicate / ${FLUX_DEV})`],
		['wavespeed', 'Qwen/Qwen-Image', { code: 200, message: 'success', data: {} }, 'wavespeed answered without an image (wavespeed / Qwen/Qwen-Image)'],
		['zai-org', 'zai-org/CogView4-6B', { task_status: 'SUCCESS', image_result: [] }, 'zai-org answered without an image (zai-org / zai-org/CogView4-6B)'],
	])('%s: an answer with no image is an error for that item; the next item still succeeds', async (provider, model, body, message) => {
		emulator.failNext(1, 200, { body });
		const items = [{ json: { prompt: 'first' } }, { json: { prompt: 'second' } }];
		const { outputs, getBinaryBuffer } = await runHuggingFace(emulator, {
			parameters: imageParameters(model, provider, '={{ $json.prompt }}', { width: 64, height: 64, seed: 5 }),
			items,
			settings: { onError: 'continueErrorOutput' },
		});
		expect(outputs[2]).toHaveLength(1);
		expect(outputs[2][0].pairedItem).toEqual({ item: 0 });
		expect(errorText(outputs[2][0])).toBe(message);
		expect(outputs[2][0].binary).toBeUndefined();
		expect(outputs[0]).toHaveLength(1);
		expect(outputs[0][0].pairedItem).toEqual({ item: 1 });
		expect(outputs[0][0].json.provider).toBe(provider);
		expect((await getBinaryBuffer(outputs[0][0], 'data')).equals(expectedPng('second', 64, 64, 5))).toBe(true);
	});

	test('a downloaded file that is not an image is an error naming provider and model; inline pictures still succeed', async () => {
		emulator.setCdnServesNonImage(true);
		const items = [{ json: { p: 'fal-ai' } }, { json: { p: 'together' } }, { json: { p: 'replicate' } }];
		const { outputs, getBinaryBuffer } = await runHuggingFace(emulator, {
			parameters: imageParameters(FLUX_DEV, '={{ $json.p }}', PROMPT, { width: 64, height: 64, seed: 9 }),
			items,
			settings: { onError: 'continueErrorOutput' },
		});
		expect(outputs[2].map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 2 }]);
		expect(errorText(outputs[2][0])).toBe(`fal-ai returned a file that is not an image (item 0, fal-ai / ${FLUX_DEV})`);
		expect(errorText(outputs[2][1])).toBe(`replicate returned a file that is not an image (item 2, replicate / ${FLUX_DEV})`);
		expect(errorDescription(outputs[2][0])).toMatch(/^Got \d+ bytes announced as image\/png that are not PNG, JPEG, WEBP or GIF/);
		expect(outputs[0]).toHaveLength(1);
		expect(outputs[0][0].pairedItem).toEqual({ item: 1 });
		expect((await getBinaryBuffer(outputs[0][0], 'data')).equals(expectedPng(PROMPT, 64, 64, 9))).toBe(true);
		expect(cdnCalls(emulator)).toHaveLength(2);
	});

	test('a 400 "model not supported" names provider and model, and the hint lists the providers that serve it', async () => {
		emulator.failNext(1, 400, { body: { error: 'Model not supported by provider together' } });
		const { error } = await runHuggingFace(emulator, { parameters: imageParameters(FLUX_DEV, 'together', PROMPT, OPTIONS) });
		expect(error!.message).toBe(`Model not supported by provider together (HTTP 400, together / ${FLUX_DEV})`);
		// nebius and black-forest-labs are in the mapping as staging: not offered.
		expect((error as unknown as { description: string }).description).toBe(`${FLUX_DEV} is served for text-to-image by: fal-ai, replicate, together, hf-inference, nscale.`);
		expect(inferenceCalls(emulator)).toHaveLength(1);
	});

	test('fal\'s 422 names the field and the reason from its `detail` list, not a bare HTTP 422', async () => {
		emulator.failNext(1, 422, { body: fieldDetail('prompt', 'field required', 'value_error.missing'), contentType: 'application/json' });
		const { error } = await runHuggingFace(emulator, { parameters: imageParameters(FLUX_DEV, 'fal-ai', PROMPT, OPTIONS) });
		expect(error!.message).toBe(`body.prompt: field required (HTTP 422, fal-ai / ${FLUX_DEV})`);
		expect((error as unknown as { description: string }).description).toMatch(/provider refused the parameters/);
		expect(inferenceCalls(emulator)).toHaveLength(1);
	});

	test('a provider error (422) names provider and model and says what to fix', async () => {
		const { error } = await runHuggingFace(emulator, { parameters: imageParameters(FLUX_DEV, 'hf-inference', PROMPT, { width: 4096, height: 64 }) });
		expect(error!.message).toMatch(/`width` must be an integer between 64 and 2048/);
		expect(error!.message).toMatch(new RegExp(`\\(HTTP 422, hf-inference / ${FLUX_DEV.replace('.', '\\.')}\\)$`));
		expect((error as unknown as { description: string }).description).toMatch(/provider refused the parameters/);
	});
});
