/**
 * The pairs added from the official client's table, through n8n's engine and the emulator, two
 * items each: deepinfra (speech to text, text to speech, images), together (speech to text, text
 * to video), novita (text to video). Each item gets its own result, and each request is checked
 * as the emulator logged it.
 */
import type { IBinaryData, IDataObject, INodeParameters } from 'n8n-workflow';

import { decodePngHeader, expectedSpeech, expectedTranscript, expectedVideo, makeMp3, makeWav, shortHash, type Emulator, type RecordedRequest } from '../emulator';
import { expectedPng } from './image-support';
import { TOKEN, errorDescription, errorText, inferenceCalls, runHuggingFace, useTestEmulator } from './support';

let emulator: Emulator;
useTestEmulator((started) => (emulator = started));

const FAST = { pollInterval: 10, concurrency: 1 };
const model = (id: string) => ({ __rl: true, mode: 'id', value: id });
const cdnCalls = () => emulator.requests.filter((request) => request.listener === 'cdn');
const posts = () => inferenceCalls(emulator).filter((call) => call.method === 'POST');

function expectRouterCall(call: RecordedRequest, provider: string, hubModel: string): void {
	expect(call.status).toBe(200);
	expect(call.headers.authorization).toBe(`Bearer ${TOKEN}`);
	expect(call.routeProvider).toBe(provider);
	expect(call.servedBy).toBe(provider);
	expect(call.hubModel).toBe(hubModel);
}

describe('speech to text: a multipart upload to the OpenAI-style route', () => {
	const CASES = [
		{ provider: 'deepinfra', hubModel: 'openai/whisper-large-v3', providerModelId: 'openai/whisper-large-v3', path: '/deepinfra/v1/openai/audio/transcriptions', chunks: true },
		{ provider: 'together', hubModel: 'openai/whisper-large-v3-turbo', providerModelId: 'openai/whisper-large-v3', path: '/together/v1/audio/transcriptions', chunks: false },
	];
	const audios = [
		{ bytes: makeWav('first recording'), mimeType: 'audio/wav', fileName: 'a.wav', extension: 'wav' },
		{ bytes: makeMp3('second recording'), mimeType: 'audio/mpeg', fileName: 'b.mp3', extension: 'mp3' },
	];
	const parameters = (c: (typeof CASES)[number]): INodeParameters => ({
		operation: 'speechToText',
		model: model(c.hubModel),
		provider: c.provider,
		inputBinaryPropertyName: 'voice',
		options: FAST,
	});
	const items = () => audios.map((audio, index) => ({ json: { index }, binary: { voice: { data: audio.bytes.toString('base64'), mimeType: audio.mimeType, fileName: audio.fileName } } }));

	test.each(CASES.flatMap((c) => (['default', 'filesystem'] as const).map((mode) => [c.provider, mode, c] as const)))(
		'%s (%s binary mode): each transcript is made from its own item\'s file, sent as `file` with `model`',
		async (_name, binaryMode, c) => {
			const { outputs, error } = await runHuggingFace(emulator, { parameters: parameters(c), items: items(), binaryMode });
			expect(error).toBeUndefined();
			expect(outputs[1]).toHaveLength(0);
			expect(outputs[0]).toHaveLength(2);
			outputs[0].forEach((item, index) => {
				const text = expectedTranscript(c.provider, c.providerModelId, audios[index].bytes);
				expect(item.pairedItem).toEqual({ item: index });
				expect(item.json).toMatchObject({ text, model: c.hubModel, provider: c.provider, providerModelId: c.providerModelId, audioMimeType: audios[index].mimeType, audioFileSize: audios[index].bytes.length });
				// deepinfra answers segments: they become timestamped chunks, as the clients read them.
				if (c.chunks) expect(item.json.chunks).toEqual([{ text, timestamp: [0, 1.5] }]);
				else expect(item.json.chunks).toBeUndefined();
			});
			const calls = posts();
			expect(calls.map((call) => call.path)).toEqual([c.path, c.path]);
			calls.forEach((call, index) => {
				expectRouterCall(call, c.provider, c.hubModel);
				expect(call.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
				const audio = audios[index];
				expect(call.form).toEqual({ model: c.providerModelId, file: { filename: `audio.${audio.extension}`, contentType: audio.mimeType, bytes: audio.bytes.length } });
				expect(call.media).toEqual([{ mimeType: audio.mimeType, bytes: audio.bytes.length, hash: shortHash(audio.bytes) }]);
			});
		},
	);
});

describe('speech to text: a file the provider cannot decode', () => {
	test('fails its own item with the provider\'s words, its provider and model; the next item still runs', async () => {
		const good = makeWav('fine');
		const { outputs } = await runHuggingFace(emulator, {
			parameters: { operation: 'speechToText', model: model('openai/whisper-large-v3'), provider: 'deepinfra', inputBinaryPropertyName: 'voice', options: FAST },
			items: [Buffer.alloc(300, 3), good].map((bytes, index) => ({ json: { index }, binary: { voice: { data: bytes.toString('base64'), mimeType: 'audio/wav', fileName: `${index}.wav` } } })),
			settings: { onError: 'continueRegularOutput' },
		});
		expect(errorText(outputs[0][0])).toBe('Invalid file format: the audio could not be decoded (HTTP 400, deepinfra / openai/whisper-large-v3)');
		expect(errorDescription(outputs[0][0])).not.toMatch(/connection|network/i);
		expect(outputs[0][0].pairedItem).toEqual({ item: 0 });
		expect(outputs[0][1].json.text).toBe(expectedTranscript('deepinfra', 'openai/whisper-large-v3', good));
		expect(posts().map((call) => call.status)).toEqual([400, 200]);
	});
});

describe('text to speech: deepinfra', () => {
	const TEXTS = ['Your parcel has shipped.', 'The meeting moved to three.'];

	test('each item gets the audio of its own text, from the answer\'s bytes, as audio/mpeg', async () => {
		const { outputs, error, getBinaryBuffer } = await runHuggingFace(emulator, {
			parameters: { operation: 'textToSpeech', model: model('hexgrad/Kokoro-82M'), provider: 'deepinfra', text: '={{ $json.line }}', options: { ...FAST, binaryPropertyName: 'voice' } },
			items: TEXTS.map((line) => ({ json: { line } })),
		});
		expect(error).toBeUndefined();
		expect(outputs[0]).toHaveLength(2);
		for (const [index, item] of outputs[0].entries()) {
			const expected = expectedSpeech('deepinfra', 'hexgrad/Kokoro-82M', TEXTS[index], 'mp3');
			expect(item.pairedItem).toEqual({ item: index });
			expect((await getBinaryBuffer(item, 'voice')).equals(expected)).toBe(true);
			expect(item.binary!.voice as IBinaryData).toMatchObject({ mimeType: 'audio/mpeg', fileExtension: 'mp3' });
			expect(item.json).toMatchObject({ model: 'hexgrad/Kokoro-82M', provider: 'deepinfra', providerModelId: 'hexgrad/Kokoro-82M', mimeType: 'audio/mpeg', fileSize: expected.length });
		}
		const calls = posts();
		expect(calls.map((call) => call.path)).toEqual(['/deepinfra/v1/openai/audio/speech', '/deepinfra/v1/openai/audio/speech']);
		calls.forEach((call, index) => {
			expectRouterCall(call, 'deepinfra', 'hexgrad/Kokoro-82M');
			expect(call.body).toEqual({ input: TEXTS[index], model: 'hexgrad/Kokoro-82M' });
		});
		expect(cdnCalls()).toHaveLength(0);
	});
});

describe('image: deepinfra', () => {
	const PROMPTS = ['A lighthouse at dawn', 'A red fox in the snow'];

	test('each item gets the picture of its own prompt; the Hub\'s parameter names and b64_json are sent', async () => {
		const { outputs, error, getBinaryBuffer } = await runHuggingFace(emulator, {
			parameters: { operation: 'image', model: model('black-forest-labs/FLUX.1-schnell'), provider: 'deepinfra', prompt: '={{ $json.prompt }}', options: { ...FAST, width: 512, height: 384, numInferenceSteps: 4, seed: 7 } },
			items: PROMPTS.map((prompt) => ({ json: { prompt } })),
		});
		expect(error).toBeUndefined();
		expect(outputs[0]).toHaveLength(2);
		for (const [index, item] of outputs[0].entries()) {
			const bytes = await getBinaryBuffer(item, 'data');
			expect(item.pairedItem).toEqual({ item: index });
			expect(bytes.equals(expectedPng(PROMPTS[index], 512, 384, 7))).toBe(true);
			expect(decodePngHeader(bytes)).toMatchObject({ width: 64, height: 48 });
			expect(item.json).toMatchObject({ provider: 'deepinfra', providerModelId: 'black-forest-labs/FLUX-1-schnell', prompt: PROMPTS[index], mimeType: 'image/png' });
		}
		const calls = posts();
		expect(calls.map((call) => call.path)).toEqual(['/deepinfra/v1/openai/images/generations', '/deepinfra/v1/openai/images/generations']);
		calls.forEach((call, index) => {
			expectRouterCall(call, 'deepinfra', 'black-forest-labs/FLUX.1-schnell');
			expect(call.body).toEqual({ width: 512, height: 384, num_inference_steps: 4, seed: 7, response_format: 'b64_json', prompt: PROMPTS[index], model: 'black-forest-labs/FLUX-1-schnell' });
		});
		expect(cdnCalls()).toHaveLength(0);
	});
});

describe('text to video: together and novita jobs, polled through the router', () => {
	const PROMPTS = ['A paper boat drifting down a rainy street', 'Timelapse of a city at night'];
	const CASES = [
		{
			provider: 'together',
			hubModel: 'Wan-AI/Wan2.2-T2V-A14B',
			providerModelId: 'Wan-AI/Wan2.2-T2V-A14B',
			calls: (id: string) => ['POST /together/v2/videos', `GET /together/v2/videos/${id}`, `GET /together/v2/videos/${id}`],
			jobId: (call: RecordedRequest) => call.path.split('/').pop()!,
			body: (prompt: string) => ({ prompt, seed: 3, model: 'Wan-AI/Wan2.2-T2V-A14B' }),
		},
		{
			provider: 'novita',
			hubModel: 'Wan-AI/Wan2.1-T2V-14B',
			providerModelId: 'wan-t2v',
			calls: (id: string) => ['POST /novita/v3/async/wan-t2v', `GET /novita/v3/async/task-result?task_id=${id}`, `GET /novita/v3/async/task-result?task_id=${id}`],
			jobId: (call: RecordedRequest) => String(call.query.task_id),
			body: (prompt: string) => ({ prompt, seed: 3 }),
		},
	];

	test.each(CASES.map((c) => [c.provider, c] as const))('%s: each item gets the clip of its own prompt, downloaded without the token', async (_name, c) => {
		const { outputs, error, getBinaryBuffer } = await runHuggingFace(emulator, {
			parameters: { operation: 'textToVideo', model: model(c.hubModel), provider: c.provider, prompt: '={{ $json.scene }}', options: { ...FAST, seed: 3 } },
			items: PROMPTS.map((scene) => ({ json: { scene } })),
		});
		expect(error).toBeUndefined();
		expect(outputs[0]).toHaveLength(2);
		for (const [index, item] of outputs[0].entries()) {
			const expected = expectedVideo(c.provider, c.providerModelId, PROMPTS[index]);
			expect(item.pairedItem).toEqual({ item: index });
			expect((await getBinaryBuffer(item, 'data')).equals(expected)).toBe(true);
			expect(item.binary!.data as IBinaryData).toMatchObject({ mimeType: 'video/mp4', fileExtension: 'mp4' });
			expect(item.json).toMatchObject({ model: c.hubModel, provider: c.provider, providerModelId: c.providerModelId, prompt: PROMPTS[index], mimeType: 'video/mp4', fileSize: expected.length });
		}
		const calls = inferenceCalls(emulator);
		// Each item's job is submitted, then polled by its own id until done (concurrency 1: one after the other).
		const firstJob = c.jobId(calls[1]);
		const secondJob = c.jobId(calls[4]);
		expect(firstJob).not.toBe(secondJob);
		const asSent = (call: RecordedRequest) => `${call.method} ${call.path}${Object.keys(call.query).length ? `?${new URLSearchParams(call.query as IDataObject as Record<string, string>).toString()}` : ''}`;
		expect(calls.map(asSent)).toEqual([...c.calls(firstJob), ...c.calls(secondJob)]);
		calls.filter((call) => call.method === 'POST').forEach((call, index) => {
			expectRouterCall(call, c.provider, c.hubModel);
			expect(call.body).toEqual(c.body(PROMPTS[index]));
		});
		for (const call of calls.filter((entry) => entry.method === 'GET')) {
			expect(call.status).toBe(200);
			expect(call.headers.authorization).toBe(`Bearer ${TOKEN}`);
		}
		const cdn = cdnCalls();
		expect(cdn).toHaveLength(2);
		expect(cdn.every((call) => call.headers.authorization === undefined)).toBe(true);
	});
});
