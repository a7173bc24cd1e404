import type { IBinaryData, INodeParameters } from 'n8n-workflow';

import { MSG_CREDITS_DEPLETED, expectedSpeech, type Emulator } from '../emulator';
import { POOR_TOKEN, TOKEN, errorText, inferenceCalls, runHuggingFace, startTestEmulator } from './support';

const KOKORO = 'hexgrad/Kokoro-82M';
const MMS = 'facebook/mms-tts-eng';
const TEXTS = ['Your parcel has shipped.', 'The meeting moved to three o\'clock.'];

let emulator: Emulator;
beforeAll(async () => {
	emulator = await startTestEmulator();
});
afterAll(async () => await emulator.close());
beforeEach(() => emulator.reset());

function speakParameters(model: string, provider: string, options: Record<string, unknown> = {}): INodeParameters {
	return {
		operation: 'textToSpeech',
		model: { __rl: true, mode: 'id', value: model },
		provider,
		text: '={{ $json.line }}',
		options: { pollInterval: 10, concurrency: 1, binaryPropertyName: 'voice', ...options } as INodeParameters,
	};
}

const items = () => TEXTS.map((line, index) => ({ json: { line, index } }));

const CASES = [
	{ provider: 'hf-inference', model: MMS, providerModelId: MMS, format: 'flac', mimeType: 'audio/flac', path: `/hf-inference/models/${MMS}`, body: (text: string) => ({ inputs: text }), viaCdn: false },
	{ provider: 'fal-ai', model: KOKORO, providerModelId: 'fal-ai/kokoro/american-english', format: 'wav', mimeType: 'audio/wav', path: '/fal-ai/fal-ai/kokoro/american-english', body: (text: string) => ({ text }), viaCdn: true },
	{ provider: 'replicate', model: KOKORO, providerModelId: 'jaaari/kokoro-82m', format: 'mp3', mimeType: 'audio/mpeg', path: '/replicate/v1/models/jaaari/kokoro-82m/predictions', body: (text: string) => ({ input: { text } }), viaCdn: true },
	{ provider: 'together', model: KOKORO, providerModelId: 'hexgrad/Kokoro-82M', format: 'wav', mimeType: 'audio/wav', path: '/together/v1/audio/speech', body: (text: string) => ({ voice: 'af_alloy', input: text, model: 'hexgrad/Kokoro-82M' }), viaCdn: false },
] as const;

const EXTENSIONS: Record<string, string> = { flac: 'flac', wav: 'wav', mp3: 'mp3' };

describe('text to speech: every provider, two items each, through the engine and the emulator', () => {
	test.each(CASES.map((c) => [c.provider, c] as const))('%s: each item gets the audio of its own text, with its real type', async (_name, c) => {
		const { outputs, error, getBinaryBuffer } = await runHuggingFace(emulator, { parameters: speakParameters(c.model, c.provider), items: items() });
		expect(error).toBeUndefined();
		expect(outputs[1]).toHaveLength(0);
		expect(outputs[0]).toHaveLength(2);
		for (const [index, item] of outputs[0].entries()) {
			expect(item.pairedItem).toEqual({ item: index });
			const expected = expectedSpeech(c.provider, c.providerModelId, TEXTS[index], c.format);
			expect((await getBinaryBuffer(item, 'voice')).equals(expected)).toBe(true);
			expect(item.binary!.voice as IBinaryData).toMatchObject({ mimeType: c.mimeType, fileExtension: EXTENSIONS[c.format], fileName: `speech.${EXTENSIONS[c.format]}` });
			expect(item.json).toMatchObject({ model: c.model, provider: c.provider, providerModelId: c.providerModelId, mimeType: c.mimeType, fileSize: expected.length });
		}
		const submits = inferenceCalls(emulator).filter((call) => call.method === 'POST');
		expect(submits.map((call) => call.path)).toEqual([c.path, c.path]);
		submits.forEach((call, index) => {
			expect(call.body).toEqual(c.body(TEXTS[index]));
			expect(call.headers.authorization).toBe(`Bearer ${TOKEN}`);
			expect(call.servedBy).toBe(c.provider);
			expect(call.hubModel).toBe(c.model);
		});
		const cdn = emulator.requests.filter((request) => request.listener === 'cdn');
		expect(cdn).toHaveLength(c.viaCdn ? 2 : 0);
		expect(cdn.every((call) => call.headers.authorization === undefined)).toBe(true);
	});

	test('filesystem binary mode writes the audio through n8n\'s helpers', async () => {
		const { outputs, getBinaryBuffer } = await runHuggingFace(emulator, { parameters: speakParameters(KOKORO, 'fal-ai'), items: items(), binaryMode: 'filesystem' });
		expect(outputs[0][0].binary!.voice.id).toBeDefined();
		expect((await getBinaryBuffer(outputs[0][1], 'voice')).equals(expectedSpeech('fal-ai', 'fal-ai/kokoro/american-english', TEXTS[1], 'wav'))).toBe(true);
	});

	test('an empty text fails its item with what to do, before any request', async () => {
		const { outputs } = await runHuggingFace(emulator, {
			parameters: speakParameters(MMS, 'hf-inference'),
			items: [{ json: { line: '  ' } }],
			settings: { onError: 'continueRegularOutput' },
		});
		expect(errorText(outputs[0][0])).toBe('Text is empty (item 0, hf-inference / facebook/mms-tts-eng)');
		expect(inferenceCalls(emulator)).toHaveLength(0);
	});

	test('a CDN answering an HTML page instead of audio fails the item, naming the provider', async () => {
		emulator.setCdnServesNonImage(true);
		const { outputs } = await runHuggingFace(emulator, { parameters: speakParameters(KOKORO, 'replicate'), items: items().slice(0, 1), settings: { onError: 'continueRegularOutput' } });
		expect(errorText(outputs[0][0])).toBe('replicate returned a file that is not audio (item 0, replicate / hexgrad/Kokoro-82M)');
	});

	test('credits running out: the second item goes to Quota Exhausted as it came in', async () => {
		emulator.setCredits(POOR_TOKEN, 0.0005);
		const { outputs } = await runHuggingFace(emulator, { parameters: speakParameters(MMS, 'hf-inference'), items: items(), token: POOR_TOKEN });
		expect(outputs[0]).toHaveLength(1);
		expect(outputs[1].map((item) => item.json)).toEqual([
			{ line: TEXTS[1], index: 1, quotaExhausted: true, error: { httpCode: 402, message: MSG_CREDITS_DEPLETED, provider: 'hf-inference', model: MMS } },
		]);
		expect(outputs[1][0].pairedItem).toEqual({ item: 1 });
	});
});
