/**
 * Every media task on every provider it is built for, in a real n8n 2.41.1 with the packed
 * package installed, against the router emulator, in ONE workflow run: a Code node makes two
 * items (each with its own prompt, PNG and WAV), and one Hugging Face Inference node per task and
 * provider hangs off it in parallel. Per node: two outputs, each paired with its own input item,
 * of the right type, equal byte for byte to what the emulator derives from that item's input; and
 * the emulator's log shows each provider route received each item's own media (or text).
 */
import {
	expectedEdit,
	expectedSpeech,
	expectedTranscript,
	expectedVideo,
	generatePng,
	makeWav,
	shortHash,
	type RecordedRequest,
} from '../emulator';
import { expectEveryNodeRan, expectSubmitsInItemOrder, inlineBinary, modelById, parallelRun, returnItems, successItems } from './parallel-nodes';

const TOKEN = 'hf_e2e_media_tasks_token_01';
const SEED = 7;
const WHISPER = 'openai/whisper-large-v3';
const KONTEXT = 'black-forest-labs/FLUX.1-Kontext-dev';
const QWEN_EDIT = 'Qwen/Qwen-Image-Edit';
const REFINER = 'stabilityai/stable-diffusion-xl-refiner-1.0';
const KOKORO = 'hexgrad/Kokoro-82M';
const MMS = 'facebook/mms-tts-eng';
const WAN = 'Wan-AI/Wan2.1-T2V-14B';
const WAN_22 = 'Wan-AI/Wan2.2-T2V-A14B';
const WHISPER_TURBO = 'openai/whisper-large-v3-turbo';
const SCHNELL = 'black-forest-labs/FLUX.1-schnell';
const QWEN_EDIT_PLUS = 'Qwen/Qwen-Image-Edit-2509';

/** The two input items: a prompt (also the text to speak and the scene to film), a picture, a recording. */
const PROMPTS = ['Make it winter', 'Add a rainbow'];
const PHOTOS = [generatePng({ prompt: 'a red barn', width: 64, height: 48 }), generatePng({ prompt: 'a blue boat', width: 32, height: 32 })];
const VOICES = [makeWav('e2e media first'), makeWav('e2e media second', 1200)];

type Output = { mimeType: string; fileExtension: string; expected: (index: number) => Buffer };

interface Case {
	task: 'image' | 'imageToImage' | 'speechToText' | 'textToSpeech' | 'textToVideo';
	provider: string;
	model: string;
	providerModelId: string;
	/** The route that must receive each item's submit. */
	path: string;
	/** For binary outputs: their type and bytes; speechToText checks json.text instead. */
	output?: Output;
	/** What in the submit shows it carried this item's input. */
	carried: (call: RecordedRequest, index: number) => void;
}

const photoArrived = (mimeType: string) => (call: RecordedRequest, index: number) =>
	expect(call.media?.[0]).toEqual({ mimeType, bytes: PHOTOS[index].length, hash: shortHash(PHOTOS[index]) });
const voiceArrived = (mimeType: string) => (call: RecordedRequest, index: number) =>
	expect(call.media).toEqual([{ mimeType, bytes: VOICES[index].length, hash: shortHash(VOICES[index]) }]);
const edited: Output = { mimeType: 'image/png', fileExtension: 'png', expected: (index) => expectedEdit(PHOTOS[index], PROMPTS[index], SEED) };
const spoken = (provider: string, providerModelId: string, format: 'wav' | 'mp3' | 'flac', mimeType: string): Output => ({
	mimeType,
	fileExtension: format,
	expected: (index) => expectedSpeech(provider, providerModelId, PROMPTS[index], format),
});
const filmed = (provider: string, providerModelId: string): Output => ({
	mimeType: 'video/mp4',
	fileExtension: 'mp4',
	expected: (index) => expectedVideo(provider, providerModelId, PROMPTS[index]),
});
const drawn: Output = { mimeType: 'image/png', fileExtension: 'png', expected: (index) => generatePng({ prompt: PROMPTS[index], width: 512, height: 384, seed: SEED }) };
// OpenAI-style transcription routes take a multipart form: the file's part carries the item's recording.
const formArrived = (call: RecordedRequest, index: number) =>
	expect(call.form?.file).toMatchObject({ contentType: 'audio/wav', bytes: VOICES[index].length });
// Text tasks carry the item's text in the submit body (as the integration tests pin per provider).
const textSent = (read: (body: any) => unknown) => (call: RecordedRequest, index: number) => expect(read(call.body)).toBe(PROMPTS[index]);

// Models and provider ids: test/emulator/media-catalogue.ts; routes: test/integration/*.
const CASES: Case[] = [
	{ task: 'imageToImage', provider: 'hf-inference', model: REFINER, providerModelId: REFINER, path: `/hf-inference/models/${REFINER}`, output: edited, carried: photoArrived('base64') },
	{ task: 'imageToImage', provider: 'fal-ai', model: KONTEXT, providerModelId: 'fal-ai/flux-kontext/dev', path: '/fal-ai/fal-ai/flux-kontext/dev', output: edited, carried: photoArrived('image/png') },
	{ task: 'imageToImage', provider: 'replicate', model: KONTEXT, providerModelId: 'black-forest-labs/flux-kontext-dev', path: '/replicate/v1/models/black-forest-labs/flux-kontext-dev/predictions', output: edited, carried: photoArrived('image/png') },
	{ task: 'imageToImage', provider: 'together', model: KONTEXT, providerModelId: 'black-forest-labs/FLUX.1-kontext-dev', path: '/together/v1/images/generations', output: edited, carried: photoArrived('image/png') },
	{ task: 'imageToImage', provider: 'wavespeed', model: QWEN_EDIT, providerModelId: 'wavespeed-ai/qwen-image/edit', path: '/wavespeed/api/v3/wavespeed-ai/qwen-image/edit', output: edited, carried: photoArrived('base64') },
	{ task: 'speechToText', provider: 'hf-inference', model: WHISPER, providerModelId: WHISPER, path: `/hf-inference/models/${WHISPER}`, carried: voiceArrived('audio/wav') },
	// fal refuses audio/wav data URLs: the same bytes go as audio/x-wav (huggingface.js FAL_AI_AUDIO_MIME_MAP).
	{ task: 'speechToText', provider: 'fal-ai', model: WHISPER, providerModelId: 'fal-ai/whisper', path: '/fal-ai/fal-ai/whisper', carried: voiceArrived('audio/x-wav') },
	{ task: 'speechToText', provider: 'replicate', model: WHISPER, providerModelId: 'openai/whisper:8099696689d249cf8b122d833c36ac3f75505c666a395ca40ef26f68e7d3d16e', path: '/replicate/v1/predictions', carried: voiceArrived('audio/wav') },
	{ task: 'textToSpeech', provider: 'hf-inference', model: MMS, providerModelId: MMS, path: `/hf-inference/models/${MMS}`, output: spoken('hf-inference', MMS, 'flac', 'audio/flac'), carried: textSent((body) => body.inputs) },
	{ task: 'textToSpeech', provider: 'fal-ai', model: KOKORO, providerModelId: 'fal-ai/kokoro/american-english', path: '/fal-ai/fal-ai/kokoro/american-english', output: spoken('fal-ai', 'fal-ai/kokoro/american-english', 'wav', 'audio/wav'), carried: textSent((body) => body.text) },
	{ task: 'textToSpeech', provider: 'replicate', model: KOKORO, providerModelId: 'jaaari/kokoro-82m', path: '/replicate/v1/models/jaaari/kokoro-82m/predictions', output: spoken('replicate', 'jaaari/kokoro-82m', 'mp3', 'audio/mpeg'), carried: textSent((body) => body.input?.text) },
	{ task: 'textToSpeech', provider: 'together', model: KOKORO, providerModelId: KOKORO, path: '/together/v1/audio/speech', output: spoken('together', KOKORO, 'wav', 'audio/wav'), carried: textSent((body) => body.input) },
	{ task: 'textToVideo', provider: 'fal-ai', model: WAN, providerModelId: 'fal-ai/wan-t2v', path: '/fal-ai/fal-ai/wan-t2v', output: filmed('fal-ai', 'fal-ai/wan-t2v'), carried: textSent((body) => body.prompt) },
	{ task: 'textToVideo', provider: 'replicate', model: WAN, providerModelId: 'wavespeedai/wan-2.1-t2v-480p', path: '/replicate/v1/models/wavespeedai/wan-2.1-t2v-480p/predictions', output: filmed('replicate', 'wavespeedai/wan-2.1-t2v-480p'), carried: textSent((body) => body.input?.prompt) },
	// Pairs the official client serves that the node gained: deepinfra, together, novita, and a model mapped image-text-to-image.
	{ task: 'image', provider: 'deepinfra', model: SCHNELL, providerModelId: 'black-forest-labs/FLUX-1-schnell', path: '/deepinfra/v1/openai/images/generations', output: drawn, carried: textSent((body) => body.prompt) },
	{ task: 'imageToImage', provider: 'fal-ai', model: QWEN_EDIT_PLUS, providerModelId: 'fal-ai/qwen-image-edit-plus', path: '/fal-ai/fal-ai/qwen-image-edit-plus', output: edited, carried: photoArrived('image/png') },
	{ task: 'speechToText', provider: 'deepinfra', model: WHISPER, providerModelId: WHISPER, path: '/deepinfra/v1/openai/audio/transcriptions', carried: formArrived },
	{ task: 'speechToText', provider: 'together', model: WHISPER_TURBO, providerModelId: WHISPER, path: '/together/v1/audio/transcriptions', carried: formArrived },
	{ task: 'textToSpeech', provider: 'deepinfra', model: KOKORO, providerModelId: KOKORO, path: '/deepinfra/v1/openai/audio/speech', output: spoken('deepinfra', KOKORO, 'mp3', 'audio/mpeg'), carried: textSent((body) => body.input) },
	{ task: 'textToVideo', provider: 'together', model: WAN_22, providerModelId: WAN_22, path: '/together/v2/videos', output: filmed('together', WAN_22), carried: textSent((body) => body.prompt) },
	{ task: 'textToVideo', provider: 'novita', model: WAN, providerModelId: 'wan-t2v', path: '/novita/v3/async/wan-t2v', output: filmed('novita', 'wan-t2v'), carried: textSent((body) => body.prompt) },
	{ task: 'textToVideo', provider: 'wavespeed', model: WAN, providerModelId: 'wavespeed-ai/wan-2.1/t2v-480p', path: '/wavespeed/api/v3/wavespeed-ai/wan-2.1/t2v-480p', output: filmed('wavespeed', 'wavespeed-ai/wan-2.1/t2v-480p'), carried: textSent((body) => body.prompt) },
];

const nodeName = (c: Case) => `${c.task} ${c.provider}${c.model === QWEN_EDIT_PLUS ? ' image-text-to-image' : ''}`;

/** The node's parameters for its task; fast polling, one item at a time (so submits come in item order). */
function parameters(c: Case): Record<string, unknown> {
	const base = { operation: c.task, model: modelById(c.model), provider: c.provider };
	const fast = { pollInterval: 10, concurrency: 1 };
	switch (c.task) {
		case 'image':
			return { ...base, prompt: '={{ $json.prompt }}', options: { ...fast, width: 512, height: 384, seed: SEED } };
		case 'imageToImage':
			return { ...base, prompt: '={{ $json.prompt }}', inputBinaryPropertyName: 'photo', options: { ...fast, seed: SEED } };
		case 'speechToText':
			return { ...base, inputBinaryPropertyName: 'voice', options: fast };
		case 'textToSpeech':
			return { ...base, text: '={{ $json.prompt }}', options: fast };
		case 'textToVideo':
			return { ...base, prompt: '={{ $json.prompt }}', options: fast };
	}
}

/** The Code node's source: two items, each with its own prompt, PNG and WAV (bytes made in the test, written in as base64). */
function inputsCode(): string {
	const items = PROMPTS.map((prompt, index) => ({
		json: { prompt, index },
		binary: { photo: inlineBinary(PHOTOS[index], 'image/png', `photo${index}.png`), voice: inlineBinary(VOICES[index], 'audio/wav', `voice${index}.wav`) },
	}));
	return returnItems(items);
}

describe('every media task on every provider, in a real n8n (one run)', () => {
	const suite = parallelRun({
		accounts: [{ name: 'HF emulator', token: TOKEN, credits: 10 }],
		inputs: { name: 'Two inputs', jsCode: inputsCode() },
		nodes: CASES.map((c) => ({ name: nodeName(c), parameters: parameters(c) })),
	});

	it('the run succeeds and every task node ran', () => expectEveryNodeRan(suite));

	test.each(CASES.map((c) => [nodeName(c), c] as const))('%s: each output is made from its own item, with its type', (_name, c) => {
		const { run, emulator } = suite;
		successItems(run, nodeName(c), 2).forEach((item, index) => {
			expect(item.json).toMatchObject({ model: c.model, provider: c.provider, providerModelId: c.providerModelId });
			if (c.output) {
				// Every binary output lands in `data` unless the node is told otherwise.
				const binary = item.binary!.data;
				expect(binary).toMatchObject({ mimeType: c.output.mimeType, fileExtension: c.output.fileExtension });
				expect(run.binary(binary).equals(c.output.expected(index))).toBe(true);
			} else {
				expect(item.json).toMatchObject({
					text: expectedTranscript(c.provider, c.providerModelId, VOICES[index]),
					audioMimeType: 'audio/wav',
					audioFileSize: VOICES[index].length,
				});
			}
		});
		// The provider's route got two submits, the first carrying item 0's input, the second item 1's.
		expectSubmitsInItemOrder(emulator, { path: c.path, model: c.model, provider: c.provider, token: TOKEN, count: 2 }, c.carried);
	});
});
