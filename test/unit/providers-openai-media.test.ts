/**
 * The pairs added from the official client's table: deepinfra images, speech to text and speech;
 * together speech to text and videos; novita videos. Each request as huggingface.js builds it,
 * each answer as it reads it.
 */
import * as deepinfra from '../../nodes/shared/providers/deepinfra';
import { formDataBody } from '../../nodes/shared/providers/multipart';
import * as novita from '../../nodes/shared/providers/novita';
import * as together from '../../nodes/shared/providers/together';
import { audioExtension, buildTranscriptionRequest } from '../../nodes/shared/providers/transcriptions';
import { parseMultipart } from '../emulator/multipart';
import { ALL_IMAGE_PARAMETERS, PNG_B64, call, fakeTransport, finalError } from './providers-support';

const ids = (providerModelId: string) => ({ hubModelId: 'hub/model', providerModelId });
const wav = { data: Buffer.from('RIFF\x24\x00\x00\x00WAVEfmt --boundary-- "quoted"\r\n\r\n', 'latin1'), mimeType: 'audio/wav' };
const VIDEO_OPTIONS = { prompt: 'A fox in the snow', negativePrompt: 'blurry', numInferenceSteps: 30, guidanceScale: 5, seed: 7 };
const MP4 = Buffer.from('000000186674797069736f6d', 'hex');

describe('multipart/form-data bodies', () => {
	test('the parts in order under a boundary that is not in the file; fetch\'s own parser reads them back', async () => {
		const form = formDataBody([
			{ field: 'file', filename: 'audio.wav', contentType: 'audio/wav', data: wav.data },
			{ field: 'model', value: 'openai/whisper-large-v3' },
		]);
		const boundary = /^multipart\/form-data; boundary=(.+)$/.exec(form.contentType)![1];
		expect(wav.data.includes(boundary)).toBe(false);
		expect(form.body.subarray(-(boundary.length + 6)).toString('latin1')).toBe(`--${boundary}--\r\n`);
		// undici (what huggingface.js's FormData is in Node) parses the node's body.
		const parsed = await new Response(form.body, { headers: { 'content-type': form.contentType } }).formData();
		const file = parsed.get('file') as File;
		expect({ name: file.name, type: file.type, model: parsed.get('model') }).toEqual({ name: 'audio.wav', type: 'audio/wav', model: 'openai/whisper-large-v3' });
		expect(Buffer.from(await file.arrayBuffer()).equals(wav.data)).toBe(true);
		// And so does the emulator's parser, which reads undici's bodies too.
		const emulated = parseMultipart(form.body, form.contentType)!;
		expect(emulated.fields).toEqual({ model: 'openai/whisper-large-v3' });
		expect(emulated.files.file.data.equals(wav.data)).toBe(true);
	});

	test('the emulator reads the body undici encodes for huggingface.js', async () => {
		const data = new FormData();
		data.append('file', new Blob([wav.data], { type: 'audio/wav' }), 'audio.wav');
		data.append('model', 'm');
		const request = new Request('http://localhost/', { method: 'POST', body: data });
		const parsed = parseMultipart(Buffer.from(await request.arrayBuffer()), request.headers.get('content-type')!)!;
		expect({ fields: parsed.fields, file: parsed.files.file.filename, type: parsed.files.file.contentType }).toEqual({ fields: { model: 'm' }, file: 'audio.wav', type: 'audio/wav' });
		expect(parsed.files.file.data.equals(wav.data)).toBe(true);
	});
});

describe('speech to text on the OpenAI-style routes (deepinfra, together)', () => {
	test('the file as `audio.<ext>` under its own type, then the provider\'s model, sent under the form\'s content type', async () => {
		const request = buildTranscriptionRequest('/deepinfra/v1/openai/audio/transcriptions', ids('openai/whisper-large-v3'), wav);
		expect(request).toMatchObject({ method: 'POST', url: '/deepinfra/v1/openai/audio/transcriptions', headers: { 'Content-Type': expect.stringMatching(/^multipart\/form-data; boundary=/) } });
		const form = parseMultipart(request.body as Buffer, request.headers!['Content-Type'])!;
		expect(form.fields).toEqual({ model: 'openai/whisper-large-v3' });
		expect(form.files.file).toMatchObject({ filename: 'audio.wav', contentType: 'audio/wav' });
	});

	test('the file name\'s extension follows the type as huggingface.js names it, WAV otherwise', () => {
		expect(['audio/mpeg', 'audio/x-wav', 'audio/flac', 'audio/ogg', 'audio/webm; codecs=opus', 'audio/x-m4a', 'audio/aac'].map(audioExtension)).toEqual(['mp3', 'wav', 'flac', 'ogg', 'webm', 'm4a', 'wav']);
	});

	test.each([
		['deepinfra', deepinfra.deepinfra, '/deepinfra/v1/openai/audio/transcriptions'],
		['together', together.together, '/together/v1/audio/transcriptions'],
	] as const)('%s: `text`, and `segments` as timestamped chunks', async (_name, module, url) => {
		const { transport, requests } = fakeTransport({ json: () => ({ text: 'hello', segments: [{ id: 0, start: 0, end: 1.2, text: 'hello' }] }) });
		const transcript = await module.automaticSpeechRecognition!.transcribe(call(transport, ids('whisper')), wav);
		expect(transcript).toEqual({ text: 'hello', chunks: [{ text: 'hello', timestamp: [0, 1.2] }] });
		expect(requests).toEqual([expect.objectContaining({ kind: 'json', method: 'POST', url, body: expect.any(Buffer) })]);
		// No streamed upload: the form wraps the file, so the operation reads it into memory.
		expect(module.automaticSpeechRecognition!.transcribeUpload).toBeUndefined();
	});
});

describe('deepinfra images and speech', () => {
	test('images: the Hub\'s parameter names, b64_json, then prompt and model', () => {
		expect(deepinfra.buildImageRequest(ids('black-forest-labs/FLUX-1-schnell'), ALL_IMAGE_PARAMETERS)).toEqual({
			method: 'POST',
			url: '/deepinfra/v1/openai/images/generations',
			body: { width: 512, height: 768, num_inference_steps: 20, guidance_scale: 3.5, negative_prompt: 'blurry', seed: 42, response_format: 'b64_json', prompt: ALL_IMAGE_PARAMETERS.prompt, model: 'black-forest-labs/FLUX-1-schnell' },
		});
	});

	test('images: the base64 picture of the answer is decoded', async () => {
		const { transport } = fakeTransport({ json: () => ({ created: 1, data: [{ b64_json: PNG_B64 }] }) });
		const image = await deepinfra.deepinfra.textToImage!.generate(call(transport), { prompt: 'p' });
		expect(image.data.equals(Buffer.from(PNG_B64, 'base64'))).toBe(true);
	});

	test('speech: `{"input", "model"}` on /v1/openai/audio/speech, no voice; the bytes of the answer are the file', async () => {
		expect(deepinfra.buildSpeechSynthesisRequest(ids('hexgrad/Kokoro-82M'), 'Hi')).toEqual({ method: 'POST', url: '/deepinfra/v1/openai/audio/speech', body: { input: 'Hi', model: 'hexgrad/Kokoro-82M' } });
		const mp3 = Buffer.from('ID3\x04\x00rest', 'latin1');
		const { transport } = fakeTransport({ raw: () => ({ headers: { 'content-type': 'audio/mpeg' }, body: mp3 }) });
		expect(await deepinfra.deepinfra.textToSpeech!.speak(call(transport), 'Hi')).toEqual({ data: mp3, mimeType: 'audio/mpeg' });
	});
});

describe('together videos: a job on /v2/videos, polled until completed', () => {
	test('the body: steps for num_inference_steps, the other Hub names kept, prompt and model', () => {
		expect(together.buildVideoRequest(ids('Wan-AI/Wan2.2-T2V-A14B'), VIDEO_OPTIONS)).toEqual({
			method: 'POST',
			url: '/together/v2/videos',
			body: { guidance_scale: 5, negative_prompt: 'blurry', seed: 7, steps: 30, prompt: 'A fox in the snow', model: 'Wan-AI/Wan2.2-T2V-A14B' },
		});
	});

	test('job states as both clients read them', () => {
		expect(together.readVideoJob({ id: 'j', status: 'queued' })).toEqual({ state: 'running', status: 'queued' });
		expect(together.readVideoJob({ id: 'j' })).toEqual({ state: 'running', status: undefined });
		expect(together.readVideoJob({ status: 'completed', outputs: { video_url: 'https://cdn/v.mp4' } })).toEqual({ state: 'done', result: 'https://cdn/v.mp4' });
		expect(together.readVideoJob({ status: 'failed', error: { message: 'NSFW prompt' } })).toEqual({ state: 'failed', message: 'NSFW prompt' });
		expect(together.readVideoJob({ status: 'cancelled' })).toEqual({ state: 'failed', message: 'unexpected job status "cancelled"' });
	});

	test('submitted, polled at /v2/videos/{id}, then downloaded without the token', async () => {
		const answers = [{ id: 'job-1', status: 'queued' }, { id: 'job-1', status: 'in_progress' }, { id: 'job-1', status: 'completed', outputs: { video_url: 'https://cdn.example/v.mp4' } }];
		const { transport, requests } = fakeTransport({ json: () => answers.shift(), download: { headers: { 'content-type': 'video/mp4' }, body: MP4 } });
		const video = await together.together.textToVideo!.generate(call(transport, ids('Wan-AI/Wan2.2-T2V-A14B')), { prompt: 'p' });
		expect(video).toEqual({ data: MP4, mimeType: 'video/mp4' });
		expect(requests.map((request) => `${request.kind} ${request.method ?? 'GET'} ${request.url}`)).toEqual([
			'json POST /together/v2/videos',
			'json GET /together/v2/videos/job-1',
			'json GET /together/v2/videos/job-1',
			'download GET https://cdn.example/v.mp4',
		]);
	});

	test('a failed job and an answer without a job are final errors that say what happened', async () => {
		const failing = fakeTransport({ json: (url) => (url.endsWith('/videos') ? { id: 'j', status: 'queued' } : { id: 'j', status: 'failed', error: { message: 'prompt refused' } }) });
		await finalError(together.together.textToVideo!.generate(call(failing.transport), { prompt: 'p' }), /^together reported that the job failed: prompt refused$/);
		const empty = fakeTransport({ json: () => ({ status: 'queued' }) });
		await finalError(together.together.textToVideo!.generate(call(empty.transport), { prompt: 'p' }), /^together answered without a video job to follow$/);
	});
});

describe('novita videos: the async API, polled until TASK_STATUS_SUCCEED', () => {
	test('the model in the route, steps for num_inference_steps, no model in the body', () => {
		expect(novita.buildVideoRequest(ids('wan-t2v'), VIDEO_OPTIONS)).toEqual({
			method: 'POST',
			url: '/novita/v3/async/wan-t2v',
			body: { guidance_scale: 5, negative_prompt: 'blurry', seed: 7, steps: 30, prompt: 'A fox in the snow' },
		});
		expect(novita.taskResultRequest('a b')).toEqual({ method: 'GET', url: '/novita/v3/async/task-result?task_id=a%20b' });
	});

	test('task states; an answer without a status is malformed', () => {
		expect(novita.readTaskResult({ task: { status: 'TASK_STATUS_QUEUED' } })).toEqual({ state: 'running', status: 'TASK_STATUS_QUEUED' });
		expect(novita.readTaskResult({ task: { status: 'TASK_STATUS_SUCCEED' }, videos: [{ video_url: 'https://cdn/v.mp4' }] })).toEqual({ state: 'done', result: 'https://cdn/v.mp4' });
		expect(novita.readTaskResult({ task: { status: 'TASK_STATUS_FAILED', reason: 'out of memory' } })).toEqual({ state: 'failed', message: 'out of memory' });
		expect(() => novita.readTaskResult({ videos: [] })).toThrow("novita answered without the task's status");
	});

	test('submitted, waited for, polled, then downloaded without the token', async () => {
		const polls = [{ task: { status: 'TASK_STATUS_PROCESSING' } }, { task: { status: 'TASK_STATUS_SUCCEED' }, videos: [{ video_url: 'https://cdn.example/n.mp4' }] }];
		const { transport, requests } = fakeTransport({
			json: (url) => (url.startsWith('/novita/v3/async/task-result') ? polls.shift() : { task_id: 't-1' }),
			download: { headers: { 'content-type': 'video/mp4' }, body: MP4 },
		});
		const video = await novita.novita.textToVideo!.generate(call(transport, ids('wan-t2v')), { prompt: 'p' });
		expect(video).toEqual({ data: MP4, mimeType: 'video/mp4' });
		expect(requests.map((request) => `${request.kind} ${request.method ?? 'GET'} ${request.url}`)).toEqual([
			'json POST /novita/v3/async/wan-t2v',
			'json GET /novita/v3/async/task-result?task_id=t-1',
			'json GET /novita/v3/async/task-result?task_id=t-1',
			'download GET https://cdn.example/n.mp4',
		]);
	});

	test('a failed task, a task without a video and an answer without a task are final errors', async () => {
		const failed = fakeTransport({ json: (url) => (url.includes('task-result') ? { task: { status: 'TASK_STATUS_FAILED', reason: 'bad prompt' } } : { task_id: 't' }) });
		await finalError(novita.novita.textToVideo!.generate(call(failed.transport), { prompt: 'p' }), /^novita reported that the job failed: bad prompt$/);
		const noVideo = fakeTransport({ json: (url) => (url.includes('task-result') ? { task: { status: 'TASK_STATUS_SUCCEED' }, videos: [] } : { task_id: 't' }) });
		await finalError(novita.novita.textToVideo!.generate(call(noVideo.transport), { prompt: 'p' }), /^novita answered without a video$/);
		const noTask = fakeTransport({ json: () => ({}) });
		await finalError(novita.novita.textToVideo!.generate(call(noTask.transport), { prompt: 'p' }), /^novita answered without a task to follow$/);
	});
});
