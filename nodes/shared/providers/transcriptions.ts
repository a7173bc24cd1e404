import { readTranscript } from './media';
import { formDataBody } from './multipart';
import { sendJson, type ModelIds, type ProviderRequest } from './requests';
import type { MediaInput, ProviderCall, SpeechToTextTask } from './types';

/**
 * The file name's extension by the audio's type, as huggingface.js names the uploaded file
 * (AUDIO_MIME_TO_EXT in src/providers/deepinfra.ts and together.ts: the same table, WAV for
 * anything else). Parameters such as `;codecs=opus` are dropped first, as deepinfra.ts does.
 */
const AUDIO_EXTENSIONS: Record<string, string> = {
	'audio/wav': 'wav',
	'audio/x-wav': 'wav',
	'audio/wave': 'wav',
	'audio/mpeg': 'mp3',
	'audio/mp3': 'mp3',
	'audio/mp4': 'mp4',
	'audio/m4a': 'm4a',
	'audio/x-m4a': 'm4a',
	'audio/flac': 'flac',
	'audio/x-flac': 'flac',
	'audio/ogg': 'ogg',
	'audio/webm': 'webm',
};

export function audioExtension(mimeType: string): string {
	return AUDIO_EXTENSIONS[mimeType.split(';')[0].trim().toLowerCase()] ?? 'wav';
}

/**
 * An OpenAI-style `/audio/transcriptions` call: multipart/form-data with the audio under `file`
 * (named `audio.<ext>`, under its own type) and then `model`, the provider's id. This is the body
 * huggingface.js DeepInfraAutomaticSpeechRecognitionTask and TogetherAutomaticSpeechRecognitionTask
 * build with FormData (`makeBody`), and huggingface_hub DeepInfraAutomaticSpeechRecognitionTask
 * with `_encode_multipart`.
 */
export function buildTranscriptionRequest(route: string, ids: ModelIds, audio: MediaInput): ProviderRequest {
	const form = formDataBody([
		{ field: 'file', filename: `audio.${audioExtension(audio.mimeType)}`, contentType: audio.mimeType, data: audio.data },
		{ field: 'model', value: ids.providerModelId },
	]);
	return { method: 'POST', url: route, body: form.body, headers: { 'Content-Type': form.contentType } };
}

/**
 * Speech to text on an OpenAI-style route. The answer is `{"text", "segments"?}`, the segments'
 * `start`/`end` becoming timestamped chunks, as both clients' `getResponse` read it. The file is
 * read into memory: the form wraps it, and the transport streams only a bare file (no
 * `transcribeUpload` here).
 */
export function openAiStyleTranscription(provider: string, route: string): SpeechToTextTask {
	return {
		async transcribe(call: ProviderCall, audio: MediaInput) {
			return readTranscript(provider, await sendJson(call, buildTranscriptionRequest(route, call, audio)));
		},
	};
}
