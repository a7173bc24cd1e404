/**
 * Text to speech per provider, as the official clients call it:
 * - hf-inference: POST /hf-inference/models/{hubId} `{"inputs": <text>}`, the audio's bytes in the
 *   answer (huggingface.js HFInferenceTextToSpeechTask, huggingface_hub HFInferenceTask); FLAC here,
 *   as transformers' TTS pipelines answer;
 * - fal-ai: POST /fal-ai/{providerId} on fal.run `{"text"}`, answer `{"audio": {"url", "content_type"}}`
 *   (FalAITextToSpeechTask in both clients); a WAV file on the CDN;
 * - replicate: a prediction `{"input": {"text"}}` (ReplicateTextToSpeechTask), output the file's URL
 *   (an MP3 on the CDN);
 * - together: POST /together/v1/audio/speech `{"input", "model", "voice"}`, the bytes in the answer
 *   (TogetherTextToSpeechTask); Together refuses a call without a voice;
 * - deepinfra: POST /deepinfra/v1/openai/audio/speech `{"input", "model"}` (huggingface.js and
 *   huggingface_hub DeepInfraTextToSpeechTask), the bytes in the answer: an MP3, the default
 *   `response_format` of the OpenAI speech API DeepInfra follows (unverified live).
 * Every file is `expectedSpeech(provider, providerModelId, text, format)`.
 */
import { answerFal } from './fal-routes';
import { sendBytes, sendJson, type Exchange } from './exchange';
import { openAiError } from './errors';
import { nonEmpty, obj } from './fields';
import { answerReplicateMedia, billMedia, expectedSpeech, type MediaOffer } from './media';
import type { CallContext, EmulatorState } from './state';
import { falFieldMissing, replicateInputMissing } from './provider-answers';

export function handleHfInferenceSpeechSynthesis(ex: Exchange, st: EmulatorState, ctx: CallContext, found: MediaOffer): void {
	const inputs = obj(ex.json)?.inputs;
	if (!nonEmpty(inputs)) return sendJson(ex, 400, { error: 'Input validation error: `inputs` must be a non-empty string', error_type: 'validation' });
	billMedia(ex, st, ctx, 'hf-inference', 'text-to-speech');
	sendBytes(ex, 200, expectedSpeech('hf-inference', found.offer.providerId, inputs, 'flac'), 'audio/flac', { 'x-compute-type': 'cpu' });
}

export function handleFalSpeechSynthesis(ex: Exchange, st: EmulatorState, ctx: CallContext, found: MediaOffer): void {
	const text = obj(ex.json)?.text;
	if (!nonEmpty(text)) return falFieldMissing(ex, 'text');
	billMedia(ex, st, ctx, 'fal-ai', 'text-to-speech');
	const bytes = expectedSpeech('fal-ai', found.offer.providerId, text, 'wav');
	const url = st.storeFile('fal/files', bytes, 'audio/wav', 'wav');
	answerFal(ex, st, found.offer.providerId, { audio: { url, content_type: 'audio/wav', file_name: url.split('/').pop(), file_size: bytes.length } });
}

export function handleReplicateSpeechSynthesis(ex: Exchange, st: EmulatorState, ctx: CallContext, found: MediaOffer): void {
	const input = obj(obj(ex.json)?.input);
	if (!input || !nonEmpty(input.text)) {
		return replicateInputMissing(ex, 'text');
	}
	billMedia(ex, st, ctx, 'replicate', 'text-to-speech');
	const url = st.storeFile('replicate', expectedSpeech('replicate', found.offer.providerId, input.text, 'mp3'), 'audio/mpeg', 'mp3');
	answerReplicateMedia(ex, st, found, url, input);
}

export function handleTogetherSpeechSynthesis(ex: Exchange, st: EmulatorState, ctx: CallContext, found: MediaOffer): void {
	const body = obj(ex.json) ?? {};
	if (!nonEmpty(body.input)) return sendJson(ex, 400, openAiError('input is required', 'input', 'invalid_request'));
	if (!nonEmpty(body.voice)) return sendJson(ex, 400, openAiError('voice is required', 'voice', 'invalid_request'));
	billMedia(ex, st, ctx, 'together', 'text-to-speech');
	sendBytes(ex, 200, expectedSpeech('together', found.offer.providerId, body.input, 'wav'), 'audio/wav');
}

export function handleDeepInfraSpeechSynthesis(ex: Exchange, st: EmulatorState, ctx: CallContext, found: MediaOffer): void {
	const body = obj(ex.json) ?? {};
	if (!nonEmpty(body.input)) return sendJson(ex, 400, openAiError('input is required', 'input', 'invalid_request'));
	billMedia(ex, st, ctx, 'deepinfra', 'text-to-speech');
	sendBytes(ex, 200, expectedSpeech('deepinfra', found.offer.providerId, body.input, 'mp3'), 'audio/mpeg');
}
