/**
 * Speech to text (automatic-speech-recognition) per provider, as the official clients call it:
 * - hf-inference: POST /hf-inference/models/{hubId} with the audio's bytes under their own type
 *   (huggingface.js `providers/hf-inference.ts` HFInferenceAutomaticSpeechRecognitionTask), answer
 *   `{"text"}`;
 * - fal-ai: POST /fal-ai/{providerId} (fal.run, no queue) with `{"audio_url": <data URL>}`
 *   (huggingface.js `providers/fal-ai.ts` FalAIAutomaticSpeechRecognitionTask, huggingface_hub
 *   `_providers/fal_ai.py`), answer `{"text", "chunks"}`; fal refuses data URLs typed audio/wav,
 *   audio/webm, audio/mp4, audio/x-m4a, audio/ogg ("Unsupported data URL", FAL_AI_AUDIO_MIME_MAP);
 * - replicate: a prediction with `{"input": {"audio": <data URL>}}` (both clients'
 *   ReplicateAutomaticSpeechRecognitionTask), output `{"transcription", "segments", ...}` as
 *   openai/whisper on Replicate answers it.
 */
import type { CatalogueModel } from './catalogue';
import { answerFal } from './fal-routes';
import { sendJson, type Exchange } from './exchange';
import { obj } from './fields';
import { MSG_MALFORMED_SOUNDFILE, answerReplicateMedia, billMedia, decodeDataUrl, expectedTranscript, looksLikeAudio, recordMedia, type MediaOffer } from './media';
import type { CallContext, EmulatorState } from './state';
import { falFieldInvalid, replicateInputMissing } from './provider-answers';

/** hf-inference, task automatic-speech-recognition: the body is the audio itself. */
export function handleHfInferenceSpeech(ex: Exchange, st: EmulatorState, ctx: CallContext, model: CatalogueModel): void {
	const contentType = String(ex.req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
	recordMedia(ex, contentType, ex.rawBody);
	if (!ex.rawBody.length || !looksLikeAudio(ex.rawBody)) return sendJson(ex, 400, { error: MSG_MALFORMED_SOUNDFILE });
	billMedia(ex, st, ctx, 'hf-inference', 'automatic-speech-recognition');
	sendJson(ex, 200, { text: expectedTranscript('hf-inference', model.id, ex.rawBody) }, { 'x-compute-type': 'gpu', 'x-compute-time': '0.812' });
}

/** The data URL types fal decodes (huggingface.js FAL_AI_AUDIO_MIME_MAP, values). */
const FAL_AUDIO_TYPES = ['audio/mpeg', 'audio/x-wav', 'video/webm'];

export function handleFalSpeech(ex: Exchange, st: EmulatorState, ctx: CallContext, found: MediaOffer): void {
	const body = obj(ex.json) ?? {};
	const audio = decodeDataUrl(body.audio_url);
	if (!audio) return falFieldInvalid(ex, 'audio_url', typeof body.audio_url === 'string' ? 'Could not download the file from the URL' : 'field required');
	recordMedia(ex, audio.mimeType, audio.bytes);
	if (!FAL_AUDIO_TYPES.includes(audio.mimeType)) return falFieldInvalid(ex, 'audio_url', 'Unsupported data URL');
	if (!looksLikeAudio(audio.bytes)) return falFieldInvalid(ex, 'audio_url', 'Invalid audio file');
	billMedia(ex, st, ctx, 'fal-ai', 'automatic-speech-recognition');
	const text = expectedTranscript('fal-ai', found.offer.providerId, audio.bytes);
	answerFal(ex, st, found.offer.providerId, {
		text,
		chunks: [{ timestamp: [0, 1.5], text, speaker: null }],
		inferred_languages: ['en'],
		diarization_segments: [],
	});
}

export function handleReplicateSpeech(ex: Exchange, st: EmulatorState, ctx: CallContext, found: MediaOffer): void {
	const input = obj(obj(ex.json)?.input);
	const audio = decodeDataUrl(input?.audio);
	if (!input || !audio) {
		return replicateInputMissing(ex, 'audio');
	}
	recordMedia(ex, audio.mimeType, audio.bytes);
	billMedia(ex, st, ctx, 'replicate', 'automatic-speech-recognition');
	const text = expectedTranscript('replicate', found.offer.providerId, audio.bytes);
	const logged = { audio: `<${audio.bytes.length} bytes>` };
	// Bytes ffmpeg cannot read fail the prediction.
	if (!looksLikeAudio(audio.bytes)) return answerReplicateMedia(ex, st, found, undefined, logged, 'Invalid data found when processing input');
	const output = { transcription: text, segments: [{ id: 0, start: 0, end: 1.5, text }], detected_language: 'english', translation: null, txt_file: null, srt_file: null };
	answerReplicateMedia(ex, st, found, output, logged);
}
