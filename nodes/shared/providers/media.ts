import { RouterCallError, extractErrorMessage } from '../transport/errors';
import type { RawAnswer } from '../transport/RouterTransport';
import { asRecord } from './requests';
import type { GeneratedFile, MediaInput, ProviderCall, Transcript } from './types';

/** A final error for a 200 that carries nothing usable; the operation adds item, provider and model. */
export function noOutput(provider: string, what: string): RouterCallError {
	return new RouterCallError({ kind: 'final', httpCode: null, message: `${provider} answered without ${what}` });
}

/** `audio/flac; charset=binary` -> `audio/flac`; JSON, text and the generic octet-stream say nothing -> undefined. */
export function fileMimeType(contentType: unknown): string | undefined {
	if (typeof contentType !== 'string') return undefined;
	const type = contentType.split(';')[0].trim().toLowerCase();
	return /^(image|audio|video)\//.test(type) ? type : undefined;
}

/**
 * A file answered in the body (hf-inference, together's speech). JSON in its place is an error the
 * pipeline reported with a 200 (or an answer of the wrong task); either way there is no file.
 */
export function readFileAnswer(provider: string, answer: RawAnswer, what: string): GeneratedFile {
	const contentType = answer.headers['content-type'] ?? '';
	const firstByte = answer.body.subarray(0, 64).toString('utf8').trimStart()[0];
	if (/json/i.test(contentType) || firstByte === '{' || firstByte === '[') {
		let parsed: unknown;
		try {
			parsed = JSON.parse(answer.body.toString('utf8'));
		} catch {
			parsed = undefined;
		}
		const message = extractErrorMessage(parsed, '');
		if (message) {
			throw new RouterCallError({ kind: 'final', httpCode: null, message: `${provider} answered with an error instead of ${what}: ${message}` });
		}
		throw noOutput(provider, what);
	}
	if (!answer.body.length) throw noOutput(provider, what);
	return { data: answer.body, mimeType: fileMimeType(contentType) };
}

/**
 * Fetches a generated file from the provider's storage, through `transport.download`, which never
 * sends the Hugging Face token: that token must not reach a provider's CDN.
 */
export async function downloadFile(call: ProviderCall, provider: string, url: unknown, what: string, claimedMimeType?: unknown): Promise<GeneratedFile> {
	if (typeof url !== 'string' || !url) throw noOutput(provider, what);
	const answer = await call.transport.download(url, call.deadline);
	if (!answer.body.length) throw noOutput(provider, what);
	return { data: answer.body, mimeType: fileMimeType(answer.headers['content-type']) ?? fileMimeType(claimedMimeType) };
}

/** The input as a data URL, as the clients send media in JSON bodies (fal-ai, replicate). */
export function dataUrl(media: MediaInput, mimeType = media.mimeType): string {
	return `data:${mimeType};base64,${media.data.toString('base64')}`;
}

/**
 * fal decodes a data URL by mapping its declared type to a file extension and refuses types it
 * cannot map: audio/wav and audio/webm fail with "Unsupported data URL" while the same bytes pass
 * as audio/x-wav and video/webm (huggingface.js `providers/fal-ai.ts`, FAL_AI_AUDIO_MIME_MAP,
 * verified there against fal-ai/whisper). huggingface_hub labels every file audio/mpeg
 * (`_providers/fal_ai.py`), which misnames WAV files: we follow huggingface.js.
 */
const FAL_AUDIO_TYPES: Record<string, string> = {
	'audio/mpeg': 'audio/mpeg',
	'audio/mp3': 'audio/mpeg',
	'audio/wav': 'audio/x-wav',
	'audio/wave': 'audio/x-wav',
	'audio/x-wav': 'audio/x-wav',
	'audio/webm': 'video/webm',
	'video/webm': 'video/webm',
};

export function falAudioType(mimeType: string): string {
	const type = FAL_AUDIO_TYPES[mimeType.split(';')[0].trim().toLowerCase()];
	if (!type) {
		throw new RouterCallError({
			kind: 'final',
			httpCode: null,
			code: 'UNSUPPORTED_MEDIA',
			message: `fal-ai does not take ${mimeType} audio: it takes MP3, WAV or WebM. Convert the file, or pick another provider`,
		});
	}
	return type;
}

function chunksOf(record: Record<string, unknown>): Transcript['chunks'] {
	const chunks = Array.isArray(record.chunks)
		? record.chunks
				.map(asRecord)
				.filter((chunk) => typeof chunk.text === 'string' && Array.isArray(chunk.timestamp))
				.map((chunk) => ({ text: chunk.text as string, timestamp: (chunk.timestamp as unknown[]).map(Number) }))
		: Array.isArray(record.segments)
			? record.segments
					.map(asRecord)
					.filter((segment) => typeof segment.text === 'string')
					.map((segment) => ({ text: segment.text as string, timestamp: [Number(segment.start ?? 0), Number(segment.end ?? 0)] }))
			: [];
	return chunks.length ? chunks : undefined;
}

/**
 * `{"text", "chunks"?}` (hf-inference, fal's whisper) or `{"output", "segments"?}` (fal's
 * nemotron), as huggingface.js `FalAIAutomaticSpeechRecognitionTask.getResponse` reads them.
 */
export function readTranscript(provider: string, answer: unknown): Transcript {
	const record = asRecord(answer);
	const text = typeof record.text === 'string' ? record.text : typeof record.output === 'string' ? record.output : undefined;
	if (text === undefined) throw noOutput(provider, 'a transcript');
	const chunks = chunksOf(record);
	return chunks ? { text, chunks } : { text };
}

/**
 * Replicate's speech models answer a string, a list of strings, or an object with
 * `transcription`, `translation` or a `txt_file` URL (huggingface.js and huggingface_hub
 * `ReplicateAutomaticSpeechRecognitionTask` agree). The file is fetched without the token.
 */
export async function readReplicateTranscript(call: ProviderCall, provider: string, output: unknown): Promise<Transcript> {
	const first = Array.isArray(output) ? output[0] : output;
	if (typeof first === 'string') return { text: first };
	const record = asRecord(first);
	const chunks = chunksOf(record);
	const withChunks = (text: string): Transcript => (chunks ? { text, chunks } : { text });
	if (typeof record.transcription === 'string') return withChunks(record.transcription);
	if (typeof record.translation === 'string') return withChunks(record.translation);
	if (typeof record.txt_file === 'string' && record.txt_file) {
		const file = await call.transport.download(record.txt_file, call.deadline);
		return { text: file.body.toString('utf8') };
	}
	throw noOutput(provider, 'a transcript');
}
