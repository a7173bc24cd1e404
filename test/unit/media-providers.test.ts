import { RouterCallError } from '../../nodes/shared/transport/errors';
import { buildSpeechRequest as falSpeech } from '../../nodes/shared/providers/fal-ai';
import { buildSpeechRequest as hfSpeech } from '../../nodes/shared/providers/hf-inference';
import { falAudioType, readReplicateTranscript, readTranscript } from '../../nodes/shared/providers/media';
import { buildSpeechRequest as replicateSpeech, readPredictionOutput, readWaitedPrediction } from '../../nodes/shared/providers/replicate';
import type { ProviderCall } from '../../nodes/shared/providers/types';

const ids = (providerModelId: string) => ({ hubModelId: 'openai/whisper-large-v3', providerModelId });
const wav = { data: Buffer.from('RIFF....WAVEfmt '), mimeType: 'audio/wav' };

describe('speech to text requests, as the official clients build them', () => {
	test('hf-inference: the raw bytes under their own type, addressed by the Hub id', () => {
		const request = hfSpeech(ids('ignored'), wav);
		expect(request).toEqual({ method: 'POST', url: '/hf-inference/models/openai/whisper-large-v3', body: wav.data, headers: { 'Content-Type': 'audio/wav' } });
	});

	test('fal-ai: a data URL on fal.run (no queue), WAV relabelled audio/x-wav', () => {
		const request = falSpeech(ids('fal-ai/whisper'), wav);
		expect(request.url).toBe('/fal-ai/fal-ai/whisper');
		expect(request.body).toEqual({ audio_url: `data:audio/x-wav;base64,${wav.data.toString('base64')}` });
	});

	test('fal-ai maps the types it decodes and refuses the rest with what it takes', () => {
		expect(['audio/mpeg', 'audio/mp3', 'audio/wav', 'audio/wave', 'audio/webm', 'video/webm; codecs=opus'].map(falAudioType)).toEqual([
			'audio/mpeg',
			'audio/mpeg',
			'audio/x-wav',
			'audio/x-wav',
			'video/webm',
			'video/webm',
		]);
		expect(() => falAudioType('audio/flac')).toThrow(/fal-ai does not take audio\/flac audio: it takes MP3, WAV or WebM/);
	});

	test('replicate: pinned versions go to /v1/predictions, others to the model route, always Prefer: wait', () => {
		const pinned = replicateSpeech(ids('openai/whisper:abc123'), wav);
		expect(pinned).toEqual({
			method: 'POST',
			url: '/replicate/v1/predictions',
			body: { input: { audio: `data:audio/wav;base64,${wav.data.toString('base64')}` }, version: 'abc123' },
			headers: { Prefer: 'wait' },
		});
		expect(replicateSpeech(ids('owner/asr'), wav).url).toBe('/replicate/v1/models/owner/asr/predictions');
	});
});

describe('reading transcripts', () => {
	test('text or output, with chunks or segments as timestamped pieces', () => {
		expect(readTranscript('hf-inference', { text: 'hi' })).toEqual({ text: 'hi' });
		expect(readTranscript('fal-ai', { text: 'hi', chunks: [{ text: 'hi', timestamp: [0, 1] }] })).toEqual({ text: 'hi', chunks: [{ text: 'hi', timestamp: [0, 1] }] });
		expect(readTranscript('fal-ai', { output: 'yo', segments: [{ text: 'yo', start: 1, end: 2 }] })).toEqual({ text: 'yo', chunks: [{ text: 'yo', timestamp: [1, 2] }] });
		expect(() => readTranscript('fal-ai', { nothing: true })).toThrow(RouterCallError);
		expect(() => readTranscript('fal-ai', { nothing: true })).toThrow('fal-ai answered without a transcript');
	});

	test('replicate: a string, a list, transcription, translation, or a txt_file fetched without the token', async () => {
		const downloads: string[] = [];
		const call = {
			deadline: Date.now() + 1000,
			transport: { download: async (url: string) => (downloads.push(url), { status: 200, headers: {}, body: Buffer.from('from file') }) },
		} as unknown as ProviderCall;
		expect(await readReplicateTranscript(call, 'replicate', 'plain')).toEqual({ text: 'plain' });
		expect(await readReplicateTranscript(call, 'replicate', ['first', 'second'])).toEqual({ text: 'first' });
		expect(await readReplicateTranscript(call, 'replicate', { transcription: 't', segments: [{ text: 't', start: 0, end: 1 }] })).toEqual({
			text: 't',
			chunks: [{ text: 't', timestamp: [0, 1] }],
		});
		expect(await readReplicateTranscript(call, 'replicate', { translation: 'tr' })).toEqual({ text: 'tr' });
		expect(await readReplicateTranscript(call, 'replicate', { txt_file: 'https://cdn.example/t.txt' })).toEqual({ text: 'from file' });
		expect(downloads).toEqual(['https://cdn.example/t.txt']);
		await expect(readReplicateTranscript(call, 'replicate', {})).rejects.toThrow('replicate answered without a transcript');
	});

	test('a polled prediction ends on its status: an output shown while processing is not the end', () => {
		expect(readPredictionOutput({ status: 'processing', output: { transcription: 'x' } })).toEqual({ state: 'running', status: 'processing' });
		expect(readPredictionOutput({ status: 'succeeded', output: { transcription: 'x' } })).toEqual({ state: 'done', result: { transcription: 'x' } });
		expect(readPredictionOutput({ status: 'succeeded', output: null })).toEqual({ state: 'done', result: null });
		expect(readPredictionOutput({ status: 'processing', output: [] })).toEqual({ state: 'running', status: 'processing' });
		expect(readPredictionOutput({ status: 'failed', error: 'boom' })).toEqual({ state: 'failed', message: 'boom' });
		expect(readPredictionOutput({ status: 'canceled' })).toEqual({ state: 'failed', message: 'canceled' });
	});

	test('the Prefer: wait answer is done once processing with an output (the recorded live answer), running while starting', () => {
		const recorded = { status: 'processing', output: ['https://replicate.delivery/yhqm/out-0.png'], error: null };
		expect(readWaitedPrediction(recorded)).toEqual({ state: 'done', result: recorded.output });
		expect(readWaitedPrediction({ status: 'starting', output: null })).toEqual({ state: 'running', status: 'starting' });
		expect(readWaitedPrediction({ status: 'processing', output: null })).toEqual({ state: 'running', status: 'processing' });
	});
});
