/**
 * Speech to text on the OpenAI-style routes: POST /deepinfra/v1/openai/audio/transcriptions and
 * /together/v1/audio/transcriptions, a multipart/form-data body with the audio under `file` and the
 * provider's model id under `model` (huggingface.js `providers/deepinfra.ts`
 * DeepInfraAutomaticSpeechRecognitionTask and `providers/together.ts`
 * TogetherAutomaticSpeechRecognitionTask, `makeBody`; huggingface_hub `_providers/deepinfra.py`).
 * The answer is `{"text"}`, with `segments` (`start`, `end`, `text`) from deepinfra, which both
 * clients turn into timestamped chunks. Its other fields are as OpenAI's verbose answer names them
 * (unverified live).
 */
import { msgModelNotSupportedByProvider, openAiError } from './errors';
import { sendJson, type Exchange } from './exchange';
import { billMedia, expectedTranscript, looksLikeAudio, recordMedia, type MediaOffer } from './media';
import { readForm } from './multipart';
import type { CallContext, EmulatorState } from './state';

/** Why a transcription call found no model: not a form, no `model`, or a model the provider does not serve. */
export function refuseTranscription(ex: Exchange, provider: string): void {
	const form = readForm(ex);
	if (!form) return sendJson(ex, 400, openAiError('Expected a multipart/form-data body with a file and a model', null, 'invalid_request'));
	if (!form.fields.model) return sendJson(ex, 400, openAiError('model is required', 'model', 'invalid_request'));
	sendJson(ex, 400, { error: msgModelNotSupportedByProvider(provider) });
}

export function handleOpenAiTranscription(ex: Exchange, st: EmulatorState, ctx: CallContext, found: MediaOffer): void {
	const provider = found.offer.provider;
	const file = readForm(ex)?.files.file;
	if (!file) return sendJson(ex, 400, openAiError('file is required', 'file', 'invalid_request'));
	recordMedia(ex, file.contentType, file.data);
	if (!looksLikeAudio(file.data)) return sendJson(ex, 400, openAiError('Invalid file format: the audio could not be decoded', 'file', 'invalid_request'));
	billMedia(ex, st, ctx, provider, 'automatic-speech-recognition');
	const text = expectedTranscript(provider, found.offer.providerId, file.data);
	if (provider === 'deepinfra') return sendJson(ex, 200, { text, segments: [{ id: 0, start: 0, end: 1.5, text }], language: 'en' });
	sendJson(ex, 200, { text });
}
