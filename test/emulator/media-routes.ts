/** Routes a per-provider call for a media-task model (speech, image edit, ...) to its task's handler. */
import { ALL_MODELS, type Task } from './catalogue';
import type { Exchange } from './exchange';
import { handleFalImageEdit, handleHfInferenceImageEdit, handleReplicateImageEdit, handleTogetherImageEdit, handleWavespeedImageEdit } from './image-edit-routes';
import type { MediaOffer } from './media';
import { readForm } from './multipart';
import { handleFalSpeech, handleHfInferenceSpeech, handleReplicateSpeech } from './speech-routes';
import {
	handleDeepInfraSpeechSynthesis,
	handleFalSpeechSynthesis,
	handleHfInferenceSpeechSynthesis,
	handleReplicateSpeechSynthesis,
	handleTogetherSpeechSynthesis,
} from './speech-synthesis-routes';
import type { CallContext, EmulatorState } from './state';
import { handleOpenAiTranscription } from './transcription-routes';
import { handleFalVideo, handleNovitaVideo, handleReplicateVideo, handleTogetherVideo, handleWavespeedVideo } from './video-routes';

const MEDIA_TASKS: Task[] = ['automatic-speech-recognition', 'image-to-image', 'text-to-speech', 'text-to-video', 'image-text-to-image'];

type Handler = (ex: Exchange, st: EmulatorState, ctx: CallContext, found: MediaOffer) => void;

const HANDLERS: Partial<Record<Task, Record<string, Handler>>> = {
	'automatic-speech-recognition': {
		'hf-inference': (ex, st, ctx, found) => handleHfInferenceSpeech(ex, st, ctx, found.model),
		'fal-ai': handleFalSpeech,
		replicate: handleReplicateSpeech,
		deepinfra: handleOpenAiTranscription,
		together: handleOpenAiTranscription,
	},
	'image-to-image': {
		'hf-inference': (ex, st, ctx) => handleHfInferenceImageEdit(ex, st, ctx),
		'fal-ai': handleFalImageEdit,
		replicate: handleReplicateImageEdit,
		together: handleTogetherImageEdit,
		wavespeed: handleWavespeedImageEdit,
	},
	// With a picture, huggingface.js FalAIImageTextToImageTask and WavespeedAIImageTextToImageTask
	// send what their image-to-image tasks send (src/providers/fal-ai.ts, wavespeed.ts).
	'image-text-to-image': {
		'fal-ai': handleFalImageEdit,
		wavespeed: handleWavespeedImageEdit,
	},
	'text-to-speech': {
		'hf-inference': handleHfInferenceSpeechSynthesis,
		'fal-ai': handleFalSpeechSynthesis,
		replicate: handleReplicateSpeechSynthesis,
		together: handleTogetherSpeechSynthesis,
		deepinfra: handleDeepInfraSpeechSynthesis,
	},
	'text-to-video': {
		'fal-ai': handleFalVideo,
		replicate: handleReplicateVideo,
		wavespeed: handleWavespeedVideo,
		together: handleTogetherVideo,
		novita: handleNovitaVideo,
	},
};

/** The media-task offer a per-provider route names: by provider id, or (replicate) by model or version. */
export function findMediaOffer(provider: string, match: (providerId: string) => boolean): MediaOffer | undefined {
	for (const model of ALL_MODELS) {
		for (const offer of model.providers) {
			if (offer.provider === provider && MEDIA_TASKS.includes(offer.task) && match(offer.providerId)) return { model, offer };
		}
	}
	return undefined;
}

/** hf-inference addresses models by Hub id: the media offer of that model, if it is one. */
export function findHfInferenceMediaOffer(hubId: string): MediaOffer | undefined {
	return findMediaOffer('hf-inference', (providerId) => providerId === hubId);
}

/** The speech-to-text offer a multipart form's `model` names (OpenAI-style `/audio/transcriptions`), if the provider serves it. */
export function findTranscriptionOffer(ex: Exchange, provider: string): MediaOffer | undefined {
	const model = readForm(ex)?.fields.model;
	if (!model) return undefined;
	const found = findMediaOffer(provider, (providerId) => providerId === model);
	return found?.offer.task === 'automatic-speech-recognition' ? found : undefined;
}

/** Runs the handler of a media offer's task and provider; false when there is none (the caller goes on). */
export function handleMediaSubmit(ex: Exchange, st: EmulatorState, ctx: CallContext, found: MediaOffer | undefined): boolean {
	const handler = found && HANDLERS[found.offer.task]?.[found.offer.provider];
	if (!found || !handler) return false;
	ex.record.hubModel = found.model.id;
	handler(ex, st, ctx, found);
	return true;
}
