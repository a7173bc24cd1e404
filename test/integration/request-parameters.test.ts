/**
 * Per-task options the Hub's request types do not name (a voice, a clip's frames, duration and
 * aspect ratio, an edit's output size) and the Extra Parameters option: each reaches the provider
 * where that provider takes a call's parameters (top of the body, `parameters` for hf-inference,
 * `input` for Replicate), as the official clients put them; Extra Parameters never changes what
 * the node sends, nor the model; bad input fails its item by name before any request.
 */
import type { INodeParameters } from 'n8n-workflow';

import { generatePng, type Emulator } from '../emulator';
import { errorText, inferenceCalls, runHuggingFace, startTestEmulator } from './support';

const KOKORO = 'hexgrad/Kokoro-82M';
const FLUX = 'black-forest-labs/FLUX.1-dev';
const WAN = 'Wan-AI/Wan2.1-T2V-14B';
const WHISPER = 'openai/whisper-large-v3';
const REFINER = 'stabilityai/stable-diffusion-xl-refiner-1.0';

let emulator: Emulator;
beforeAll(async () => {
	emulator = await startTestEmulator();
});
afterAll(async () => await emulator.close());
beforeEach(() => emulator.reset());

function parameters(operation: string, model: string, provider: string, options: Record<string, unknown>, extra: INodeParameters = {}): INodeParameters {
	return {
		operation,
		model: { __rl: true, mode: 'id', value: model },
		provider,
		options: { pollInterval: 10, concurrency: 1, ...options } as INodeParameters,
		...extra,
	};
}

const submits = () => inferenceCalls(emulator).filter((call) => call.method === 'POST');
const twoItems = [{ json: { line: 'First line to say.' } }, { json: { line: 'Second line to say.' } }];

describe('named per-task options', () => {
	test('Voice replaces Together\'s default voice for Kokoro, on every item', async () => {
		const { outputs, error } = await runHuggingFace(emulator, {
			parameters: parameters('textToSpeech', KOKORO, 'together', { voice: 'af_heart' }, { text: '={{ $json.line }}' }),
			items: twoItems,
		});
		expect(error).toBeUndefined();
		expect(outputs[0]).toHaveLength(2);
		expect(submits().map((call) => call.body)).toEqual([
			{ voice: 'af_heart', input: 'First line to say.', model: KOKORO },
			{ voice: 'af_heart', input: 'Second line to say.', model: KOKORO },
		]);
	});

	test('Voice goes under input for Replicate', async () => {
		const { error } = await runHuggingFace(emulator, {
			parameters: parameters('textToSpeech', KOKORO, 'replicate', { voice: 'bf_emma' }, { text: '={{ $json.line }}' }),
			items: twoItems.slice(0, 1),
		});
		expect(error).toBeUndefined();
		expect(submits()[0].body).toEqual({ input: { text: 'First line to say.', voice: 'bf_emma' } });
	});

	test('frames, duration and aspect ratio travel as num_frames, duration and aspect_ratio', async () => {
		const { outputs, error } = await runHuggingFace(emulator, {
			parameters: parameters('textToVideo', WAN, 'fal-ai', { numFrames: 49, duration: 5, aspectRatio: '9:16' }, { prompt: 'A lighthouse at dawn' }),
			items: [{ json: {} }],
		});
		expect(error).toBeUndefined();
		expect(outputs[0]).toHaveLength(1);
		expect(submits()[0].body).toMatchObject({ prompt: 'A lighthouse at dawn', num_frames: 49, duration: 5, aspect_ratio: '9:16' });
	});

	test('an aspect ratio that is not width:height fails its item before any request', async () => {
		const { outputs } = await runHuggingFace(emulator, {
			parameters: parameters('textToVideo', WAN, 'fal-ai', { aspectRatio: 'wide' }, { prompt: 'A lighthouse' }),
			items: [{ json: {} }],
			settings: { onError: 'continueRegularOutput' },
		});
		expect(errorText(outputs[0][0])).toBe('Aspect Ratio "wide" is not width:height (item 0, fal-ai / Wan-AI/Wan2.1-T2V-14B)');
		expect(inferenceCalls(emulator)).toHaveLength(0);
	});

	test('an edit\'s output size is the task spec\'s target_size, and needs both sides', async () => {
		const photo = generatePng({ prompt: 'a red barn', width: 32, height: 32 });
		const item = { json: {}, binary: { data: { data: photo.toString('base64'), mimeType: 'image/png', fileName: 'barn.png' } } };
		const { error } = await runHuggingFace(emulator, {
			parameters: parameters('imageToImage', REFINER, 'hf-inference', { outputWidth: 512, outputHeight: 256 }, { prompt: 'Make it winter' }),
			items: [item],
		});
		expect(error).toBeUndefined();
		expect(submits()[0].body).toMatchObject({ parameters: { prompt: 'Make it winter', target_size: { width: 512, height: 256 } } });
		emulator.reset();
		const { outputs } = await runHuggingFace(emulator, {
			parameters: parameters('imageToImage', REFINER, 'hf-inference', { outputWidth: 512 }, { prompt: 'Make it winter' }),
			items: [item],
			settings: { onError: 'continueRegularOutput' },
		});
		expect(errorText(outputs[0][0])).toMatch(/^Output Height is missing \(item 0, hf-inference/);
		expect(inferenceCalls(emulator)).toHaveLength(0);
	});
});

describe('Extra Parameters', () => {
	test('hf-inference: added under parameters; the prompt and the model stay the node\'s', async () => {
		const { outputs, error } = await runHuggingFace(emulator, {
			parameters: parameters('image', FLUX, 'hf-inference', { extraParameters: '{"scheduler": "euler", "num_inference_steps": 99}', numInferenceSteps: 4 }, { prompt: 'A red barn' }),
			items: [{ json: {} }],
		});
		expect(error).toBeUndefined();
		expect(outputs[0]).toHaveLength(1);
		expect(submits()[0].body).toEqual({ inputs: 'A red barn', parameters: { num_inference_steps: 4, scheduler: 'euler' } });
	});

	test('fal-ai: added beside the prompt; an object given by an expression works too', async () => {
		const { error } = await runHuggingFace(emulator, {
			parameters: parameters('image', FLUX, 'fal-ai', { extraParameters: '={{ { "enable_safety_checker": false, "prompt": "ignored" } }}' }, { prompt: 'A red barn' }),
			items: [{ json: {} }],
		});
		expect(error).toBeUndefined();
		expect(submits()[0].body).toMatchObject({ prompt: 'A red barn', enable_safety_checker: false });
	});

	test('chat: added to the completion request, never over the model, the messages or stream', async () => {
		const { error } = await runHuggingFace(emulator, {
			parameters: {
				operation: 'chat',
				model: { __rl: true, mode: 'id', value: 'meta-llama/Llama-3.1-8B-Instruct' },
				provider: 'auto',
				messages: { values: [{ role: 'user', content: 'Hello' }] },
				options: { extraParameters: '{"top_k": 40, "stream": true, "messages": []}' },
			},
			items: [{ json: {} }],
		});
		expect(error).toBeUndefined();
		const [call] = inferenceCalls(emulator).filter((request) => request.path === '/v1/chat/completions');
		expect(call.body).toMatchObject({ model: 'meta-llama/Llama-3.1-8B-Instruct', top_k: 40, messages: [{ role: 'user', content: 'Hello' }] });
		expect((call.body as Record<string, unknown>).stream).toBeUndefined();
	});

	test.each([
		['[1, 2]', 'Extra Parameters is not a JSON object (item 0, hf-inference / black-forest-labs/FLUX.1-dev)'],
		['{"scheduler": ', /^Extra Parameters is not valid JSON \(/],
		['{"model": "other/model"}', 'Extra Parameters may not set the model (item 0, hf-inference / black-forest-labs/FLUX.1-dev)'],
	])('%s fails its item by name before any request', async (value, message) => {
		const { outputs } = await runHuggingFace(emulator, {
			parameters: parameters('image', FLUX, 'hf-inference', { extraParameters: value }, { prompt: 'A red barn' }),
			items: [{ json: {} }],
			settings: { onError: 'continueRegularOutput' },
		});
		if (typeof message === 'string') expect(errorText(outputs[0][0])).toBe(message);
		else expect(errorText(outputs[0][0])).toMatch(message);
		expect(inferenceCalls(emulator)).toHaveLength(0);
	});

	test('a provider that takes the recording as the raw body says it cannot carry them', async () => {
		const { outputs } = await runHuggingFace(emulator, {
			parameters: parameters('speechToText', WHISPER, 'hf-inference', { extraParameters: '{"return_timestamps": true}' }),
			items: [{ json: {}, binary: { data: { data: Buffer.from('RIFF0000WAVEfmt ').toString('base64'), mimeType: 'audio/wav', fileName: 'a.wav' } } }],
			settings: { onError: 'continueRegularOutput' },
		});
		expect(errorText(outputs[0][0])).toBe("This provider takes the file as a binary (raw or multipart) request body, so return_timestamps cannot be sent. Remove the option, or pick another provider (hf-inference / openai/whisper-large-v3)");
		expect(inferenceCalls(emulator)).toHaveLength(0);
	});
});
