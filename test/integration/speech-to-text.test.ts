import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { HuggingFaceInferenceApi } from '../../credentials/HuggingFaceInferenceApi.credentials';
import { HuggingFaceInference } from '../../nodes/HuggingFaceInference/HuggingFaceInference.node';
import { MSG_CREDITS_DEPLETED, expectedTranscript, makeMp3, makeWav, shortHash, type Emulator } from '../emulator';
import { callListSearch, callLoadOptions, useBinaryDataService } from '../harness';
import { POOR_TOKEN, TOKEN, credentialsFor, errorDescription, errorText, inferenceCalls, runHuggingFace, startTestEmulator } from './support';

const WHISPER = 'openai/whisper-large-v3';
const REPLICATE_WHISPER = 'openai/whisper:8099696689d249cf8b122d833c36ac3f75505c666a395ca40ef26f68e7d3d16e';
const FAST = { pollInterval: 10, concurrency: 1 };

let emulator: Emulator;
beforeAll(async () => {
	emulator = await startTestEmulator();
});
afterAll(async () => await emulator.close());
beforeEach(() => emulator.reset());

function speechParameters(provider: string, options: IDataObject = {}, model = WHISPER): INodeParameters {
	return {
		operation: 'speechToText',
		model: { __rl: true, mode: 'id', value: model },
		provider,
		inputBinaryPropertyName: 'voice',
		options: { ...FAST, ...options } as INodeParameters,
	};
}

function audioItem(name: string, audio: Buffer, mimeType = 'audio/wav', fileName = `${name}.wav`) {
	return { json: { name }, binary: { voice: { data: audio.toString('base64'), mimeType, fileName } } };
}

const CASES = [
	{
		provider: 'hf-inference',
		providerModelId: WHISPER,
		path: `/hf-inference/models/${WHISPER}`,
		// The bytes themselves, under the audio's own type.
		sentType: 'audio/wav',
		check: (call: (typeof emulator.requests)[number]) => {
			expect(call.headers['content-type']).toBe('audio/wav');
			expect(call.body).toEqual({ bytes: expect.any(Number) });
		},
	},
	{
		provider: 'fal-ai',
		providerModelId: 'fal-ai/whisper',
		path: '/fal-ai/fal-ai/whisper',
		// fal refuses audio/wav data URLs: the same bytes go as audio/x-wav (huggingface.js FAL_AI_AUDIO_MIME_MAP).
		sentType: 'audio/x-wav',
		check: (call: (typeof emulator.requests)[number]) => {
			expect(call.query).toEqual({});
			expect(Object.keys(call.body as IDataObject)).toEqual(['audio_url']);
			expect(String((call.body as IDataObject).audio_url)).toMatch(/^data:audio\/x-wav;base64,/);
		},
	},
	{
		provider: 'replicate',
		providerModelId: REPLICATE_WHISPER,
		// A pinned version goes to /v1/predictions with the version in the body.
		path: '/replicate/v1/predictions',
		sentType: 'audio/wav',
		check: (call: (typeof emulator.requests)[number]) => {
			expect(call.headers.prefer).toBe('wait');
			expect((call.body as IDataObject).version).toBe(REPLICATE_WHISPER.split(':')[1]);
			expect(String(((call.body as IDataObject).input as IDataObject).audio)).toMatch(/^data:audio\/wav;base64,/);
		},
	},
];

describe('speech to text: every provider, two items each, through the engine and the emulator', () => {
	test.each(CASES.map((c) => [c.provider, c] as const))('%s: each transcript is made from its own item\'s audio', async (_name, c) => {
		const audios = [makeWav(`${c.provider} first`), makeWav(`${c.provider} second`, 1200)];
		const { outputs, error } = await runHuggingFace(emulator, {
			parameters: speechParameters(c.provider),
			items: audios.map((audio, index) => audioItem(`clip${index}`, audio)),
		});
		expect(error).toBeUndefined();
		expect(outputs[1]).toHaveLength(0);
		expect(outputs[0]).toHaveLength(2);
		outputs[0].forEach((item, index) => {
			expect(item.pairedItem).toEqual({ item: index });
			expect(item.json).toMatchObject({
				text: expectedTranscript(c.provider, c.providerModelId, audios[index]),
				model: WHISPER,
				provider: c.provider,
				providerModelId: c.providerModelId,
				audioMimeType: 'audio/wav',
				audioFileSize: audios[index].length,
			});
			expect(typeof item.json.latencyMs).toBe('number');
		});
		const submits = inferenceCalls(emulator).filter((call) => call.method === 'POST');
		expect(submits).toHaveLength(2);
		submits.forEach((call, index) => {
			expect(call.path).toBe(c.path);
			expect(call.status).toBeLessThan(300);
			expect(call.servedBy).toBe(c.provider);
			expect(call.hubModel).toBe(WHISPER);
			expect(call.headers.authorization).toBe(`Bearer ${TOKEN}`);
			// The request carried this item's audio, byte for byte.
			expect(call.media).toEqual([{ mimeType: c.sentType, bytes: audios[index].length, hash: shortHash(audios[index]) }]);
			c.check(call);
		});
	});

	test('replicate without an output at once: the prediction is polled through the router until it has one', async () => {
		emulator.setReplicatePending(2);
		const audio = makeWav('slow');
		const { outputs } = await runHuggingFace(emulator, { parameters: speechParameters('replicate'), items: [audioItem('s', audio)] });
		expect(outputs[0][0].json.text).toBe(expectedTranscript('replicate', REPLICATE_WHISPER, audio));
		const calls = inferenceCalls(emulator);
		expect(calls.map((call) => call.method)).toEqual(['POST', 'GET', 'GET']);
		expect(calls[1].path).toMatch(/^\/replicate\/v1\/predictions\/[a-z0-9]+$/);
	});

	test('auto takes the first live provider of the mapping (hf-inference for whisper-large-v3)', async () => {
		const audio = makeWav('auto');
		const { outputs } = await runHuggingFace(emulator, { parameters: speechParameters('auto'), items: [audioItem('a', audio)] });
		expect(outputs[0][0].json).toMatchObject({ provider: 'hf-inference', text: expectedTranscript('hf-inference', WHISPER, audio) });
	});

	test('filesystem binary mode: the audio is read from disk through n8n\'s helpers', async () => {
		const audios = [makeWav('disk one'), makeWav('disk two')];
		const { outputs, error } = await runHuggingFace(emulator, {
			parameters: speechParameters('fal-ai'),
			items: audios.map((audio, index) => audioItem(`d${index}`, audio)),
			binaryMode: 'filesystem',
		});
		expect(error).toBeUndefined();
		expect(outputs[0].map((item) => item.json.text)).toEqual(audios.map((audio) => expectedTranscript('fal-ai', 'fal-ai/whisper', audio)));
	});

	test('filesystem binary mode, hf-inference: each file is sent as it is read from disk, with its length', async () => {
		const audios = [makeWav('streamed one', 3000), makeWav('streamed two', 70_000)];
		// Never read whole: n8n's getBinaryDataBuffer would be the store's getAsBuffer.
		const store = await useBinaryDataService('filesystem');
		const readWhole = jest.spyOn(store, 'getAsBuffer');
		const readStream = jest.spyOn(store, 'getAsStream');
		const { outputs, error } = await runHuggingFace(emulator, {
			parameters: speechParameters('hf-inference'),
			items: audios.map((audio, index) => audioItem(`s${index}`, audio)),
			binaryMode: 'filesystem',
		});
		expect(error).toBeUndefined();
		expect(outputs[0].map((item) => item.json)).toEqual(
			audios.map((audio) => expect.objectContaining({ text: expectedTranscript('hf-inference', WHISPER, audio), audioMimeType: 'audio/wav', audioFileSize: audio.length })),
		);
		const submits = inferenceCalls(emulator).filter((call) => call.method === 'POST');
		expect(submits.map((call) => call.media)).toEqual(audios.map((audio) => [{ mimeType: 'audio/wav', bytes: audio.length, hash: shortHash(audio) }]));
		// Read from the store as a stream, its length from n8n's metadata (not chunked).
		expect(submits.map((call) => call.headers['content-length'])).toEqual(audios.map((audio) => String(audio.length)));
		expect(readWhole).not.toHaveBeenCalled();
		expect(readStream).toHaveBeenCalled();
		readWhole.mockRestore();
		readStream.mockRestore();
	});

	test('filesystem binary mode, hf-inference: a store that gives no length still sends the file, chunked', async () => {
		const audio = makeWav('no length', 20_000);
		const store = await useBinaryDataService('filesystem');
		const metadata = jest.spyOn(store, 'getMetadata').mockRejectedValue(new Error('no metadata here'));
		const { outputs, error } = await runHuggingFace(emulator, { parameters: speechParameters('hf-inference'), items: [audioItem('n', audio)], binaryMode: 'filesystem' });
		metadata.mockRestore();
		expect(error).toBeUndefined();
		expect(outputs[0][0].json.text).toBe(expectedTranscript('hf-inference', WHISPER, audio));
		const [submit] = inferenceCalls(emulator).filter((call) => call.method === 'POST');
		expect(submit.media).toEqual([{ mimeType: 'audio/wav', bytes: audio.length, hash: shortHash(audio) }]);
		expect(submit.headers['content-length']).toBeUndefined();
		expect(submit.headers['transfer-encoding']).toBe('chunked');
	});

	test('filesystem binary mode, hf-inference: a store that gives no length, the item still says the file\'s size, and a file that is not audio is refused with it', async () => {
		const audio = makeWav('sized', 20_000);
		const text = Buffer.alloc(10_000, 'not a recording ');
		const store = await useBinaryDataService('filesystem');
		const metadata = jest.spyOn(store, 'getMetadata').mockRejectedValue(new Error('no metadata here'));
		const { outputs } = await runHuggingFace(emulator, {
			parameters: speechParameters('hf-inference'),
			items: [audioItem('sized', audio), audioItem('text', text, 'text/plain', 'notes.txt')],
			settings: { onError: 'continueRegularOutput' },
			binaryMode: 'filesystem',
		});
		metadata.mockRestore();
		expect(outputs[0][0].json).toEqual(expect.objectContaining({ text: expectedTranscript('hf-inference', WHISPER, audio), audioFileSize: audio.length }));
		expect(errorText(outputs[0][1])).toMatch(/The file in "voice" is not audio \(item 1\)/);
		expect(errorDescription(outputs[0][1])).toContain(`Got ${text.length} bytes stored as text/plain`);
	});

	test('filesystem binary mode, hf-inference: a retried call sends the whole file again', async () => {
		const audio = makeWav('sent twice', 50_000);
		emulator.failNext(1, 503, { body: { error: 'Service Unavailable' } });
		const { outputs, error } = await runHuggingFace(emulator, {
			parameters: speechParameters('hf-inference', { maxRetries: 2 }),
			items: [audioItem('again', audio)],
			binaryMode: 'filesystem',
		});
		expect(error).toBeUndefined();
		expect(outputs[0][0].json.text).toBe(expectedTranscript('hf-inference', WHISPER, audio));
		const submits = inferenceCalls(emulator).filter((call) => call.method === 'POST');
		expect(submits.map((call) => call.status)).toEqual([503, 200]);
		expect(submits[1].media).toEqual([{ mimeType: 'audio/wav', bytes: audio.length, hash: shortHash(audio) }]);
	});

	test('filesystem binary mode: a file that is not audio is refused by name from its first bytes, without a request', async () => {
		const { outputs } = await runHuggingFace(emulator, {
			parameters: speechParameters('hf-inference'),
			items: [audioItem('text', Buffer.from('just some text, not a recording'), 'text/plain', 'notes.txt')],
			settings: { onError: 'continueRegularOutput' },
			binaryMode: 'filesystem',
		});
		expect(errorText(outputs[0][0])).toMatch(/The file in "voice" is not audio \(item 0\)/);
		expect(errorDescription(outputs[0][0])).toContain('Got 31 bytes stored as text/plain');
		expect(inferenceCalls(emulator).filter((call) => call.method === 'POST')).toHaveLength(0);
	});

	test('an MP3 stored as application/octet-stream is sent as audio/mpeg (its first bytes say so)', async () => {
		const audio = makeMp3('mystery');
		const { outputs } = await runHuggingFace(emulator, {
			parameters: speechParameters('hf-inference'),
			items: [audioItem('m', audio, 'application/octet-stream', 'voice.bin')],
		});
		expect(outputs[0][0].json).toMatchObject({ audioMimeType: 'audio/mpeg', text: expectedTranscript('hf-inference', WHISPER, audio) });
		expect(inferenceCalls(emulator)[0].headers['content-type']).toBe('audio/mpeg');
	});
});

describe('speech to text: bad input fails the item with what to fix, before any request', () => {
	test('a missing binary property names the item and the properties it has', async () => {
		const { outputs } = await runHuggingFace(emulator, {
			parameters: speechParameters('hf-inference'),
			items: [audioItem('ok', makeWav('ok')), { json: { name: 'no audio' }, binary: { other: { data: 'AAAA', mimeType: 'audio/wav' } } }],
			settings: { onError: 'continueRegularOutput' },
		});
		expect(outputs[0]).toHaveLength(2);
		expect(outputs[0][0].json.text).toBeDefined();
		expect(errorText(outputs[0][1])).toBe('Input Binary Field "voice" holds no file (item 1, hf-inference / openai/whisper-large-v3)');
		expect(errorDescription(outputs[0][1])).toContain('these binary properties: other');
		expect(outputs[0][1].pairedItem).toEqual({ item: 1 });
		expect(inferenceCalls(emulator).filter((call) => call.method === 'POST')).toHaveLength(1);
	});

	test('a file that is not audio is refused by name, without a request', async () => {
		const { outputs } = await runHuggingFace(emulator, {
			parameters: speechParameters('hf-inference'),
			items: [audioItem('text', Buffer.from('just some text, not a recording'), 'text/plain', 'notes.txt')],
			settings: { onError: 'continueRegularOutput' },
		});
		expect(errorText(outputs[0][0])).toMatch(/The file in "voice" is not audio \(item 0\)/);
		expect(errorDescription(outputs[0][0])).toContain('stored as text/plain');
		expect(inferenceCalls(emulator).filter((call) => call.method === 'POST')).toHaveLength(0);
	});

	test('fal-ai with an OGG file: the error says which types fal takes, and nothing is sent', async () => {
		const ogg = Buffer.concat([Buffer.from('OggS'), Buffer.alloc(200, 7)]);
		const { outputs } = await runHuggingFace(emulator, {
			parameters: speechParameters('fal-ai'),
			items: [audioItem('o', ogg, 'audio/ogg', 'a.ogg')],
			settings: { onError: 'continueRegularOutput' },
		});
		expect(errorText(outputs[0][0])).toContain('fal-ai does not take audio/ogg audio: it takes MP3, WAV or WebM');
		expect(errorText(outputs[0][0])).toContain('fal-ai / openai/whisper-large-v3');
		// What to do about the file, not about a network connection.
		expect(errorDescription(outputs[0][0])).toBe('Convert the file to a type the provider takes, or pick another provider.');
		expect(inferenceCalls(emulator).filter((call) => call.method === 'POST')).toHaveLength(0);
	});

	test('a file labelled audio that the provider cannot read: the job fails, and the hint is about the input, not the network', async () => {
		const { outputs } = await runHuggingFace(emulator, {
			parameters: speechParameters('replicate'),
			items: [audioItem('junk', Buffer.alloc(300, 3), 'audio/wav')],
			settings: { onError: 'continueRegularOutput' },
		});
		expect(errorText(outputs[0][0])).toBe('replicate reported that the job failed: Invalid data found when processing input (replicate / openai/whisper-large-v3)');
		expect(errorDescription(outputs[0][0])).toMatch(/^The provider ran the job and it failed, for the reason in the message: check the input/);
		expect(errorDescription(outputs[0][0])).not.toMatch(/connection|network/i);
	});
});

describe('speech to text: credits run out halfway through a batch', () => {
	test('the items after the 402 go to Quota Exhausted with their json and their audio', async () => {
		// hf-inference charges $0.001 a transcription: two calls fit, the third meets a 402.
		emulator.setCredits(POOR_TOKEN, 0.0015);
		const audios = [0, 1, 2, 3].map((index) => makeWav(`batch ${index}`, 600 + index * 100));
		const { outputs, error, getBinaryBuffer } = await runHuggingFace(emulator, {
			parameters: speechParameters('hf-inference'),
			items: audios.map((audio, index) => audioItem(`c${index}`, audio)),
			token: POOR_TOKEN,
			binaryMode: 'filesystem',
		});
		expect(error).toBeUndefined();
		expect(outputs[0].map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(outputs[0].map((item) => item.json.text)).toEqual(audios.slice(0, 2).map((audio) => expectedTranscript('hf-inference', WHISPER, audio)));
		expect(outputs[1]).toHaveLength(2);
		for (const [offset, item] of outputs[1].entries()) {
			const index = offset + 2;
			expect(item.pairedItem).toEqual({ item: index });
			expect(item.json).toEqual({
				name: `c${index}`,
				quotaExhausted: true,
				error: { httpCode: 402, message: MSG_CREDITS_DEPLETED, provider: 'hf-inference', model: WHISPER },
			});
			expect(item.binary?.voice).toMatchObject({ mimeType: 'audio/wav', fileName: `c${index}.wav` });
			expect(await getBinaryBuffer(item, 'voice')).toEqual(audios[index]);
		}
		// One 402 was enough: the fourth item was not sent.
		expect(inferenceCalls(emulator).map((call) => call.status)).toEqual([200, 200, 402]);
	});
});

describe('speech to text: model picker and provider list', () => {
	const node = new HuggingFaceInference();
	const credentialTypes = [new HuggingFaceInferenceApi()];

	test('the picker searches the Hub for automatic-speech-recognition models', async () => {
		const result = await callListSearch(node, 'searchModels', {
			credentialTypes,
			credentials: { huggingFaceInferenceApi: credentialsFor(emulator) },
			parameters: { operation: 'speechToText' },
			filter: 'whisper',
		});
		expect(result.results.map((entry) => entry.value).sort()).toEqual(['openai/whisper-large-v3', 'openai/whisper-large-v3-turbo']);
		const [search] = emulator.requests.filter((request) => request.path === '/api/models');
		expect(search.query).toMatchObject({ pipeline_tag: 'automatic-speech-recognition', search: 'whisper' });
	});

	test('the provider list names only providers this node can call for speech', async () => {
		const options = await callLoadOptions(node, 'getProviders', {
			credentialTypes,
			credentials: { huggingFaceInferenceApi: credentialsFor(emulator) },
			parameters: { operation: 'speechToText', model: { __rl: true, mode: 'id', value: 'openai/whisper-large-v3-turbo' } },
		});
		// groq serves it on the Hub, but with no speech helper here (nor in either official client) it would only fail.
		expect(options.map((option) => option.value)).toEqual(['auto', 'together', 'hf-inference', 'fal-ai']);
	});
});
