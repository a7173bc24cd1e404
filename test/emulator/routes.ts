/**
 * The router's routes: which handler serves a request (path, method, provider prefix) and how the
 * gate treats it (plain Hub call, billed inference, unbilled poll). Each handler cites the official
 * client it follows.
 */
import { KNOWN_PROVIDERS, findModel, findOffer } from './catalogue';
import { handleHfInferenceChat, handleProviderChat, handleV1Chat, refuseV1Model } from './chat-routes';
import { handleHfFeatureExtraction, handleOpenAiEmbeddings } from './embedding-routes';
import { msgModelDoesNotExist, msgModelNotSupportedByProvider } from './errors';
import { sendJson, type Exchange } from './exchange';
import { handleHubModel, handleHubSearch, handleV1Models, handleWhoami } from './hub';
import { handleFalPoll, handleFalSubmit } from './fal-routes';
import { handleHfInferenceImage, handleImagesGenerations, handleWavespeedPoll, handleWavespeedSubmit, handleZaiPoll, handleZaiSubmit } from './image-routes';
import { handleReplicatePoll, handleReplicateSubmit } from './replicate-routes';
import type { CallContext, EmulatorState } from './state';
import type { MediaOffer } from './media';
import { findHfInferenceMediaOffer, findMediaOffer, findTranscriptionOffer, handleMediaSubmit } from './media-routes';
import { handleTextGeneration } from './text-generation';
import { handleHubFile, isHubFilePath } from './hub-files';
import { refuseTranscription } from './transcription-routes';
import { handleNovitaVideoPoll, handleTogetherVideoPoll } from './video-routes';
import { matchVisionRoute } from './vision-routes';
import { handleHfInferenceTextTask } from './text-task-routes';

export interface RouteMatch {
	/** 'plain': Hub / catalogue; 'inference': billed call; 'poll': inference-side polling (not billed, no 402). */
	kind: 'plain' | 'inference' | 'poll';
	/** Hub model the call is about, when guessable before running (503 wording). */
	modelHint?: string;
	run: (ctx: CallContext) => void | Promise<void>;
	/** Refusals the router gives after the token's checks but before billing (answers and returns true). */
	refuseBeforeBilling?: (ctx: CallContext) => boolean;
}

function modelField(ex: Exchange): string | undefined {
	const m = (ex.json as { model?: unknown } | undefined)?.model;
	return typeof m === 'string' ? m : undefined;
}

/** hf-inference: POST /hf-inference/models/{hubId} dispatches on the model's task. */
function hfInferenceModel(ex: Exchange, st: EmulatorState, ctx: CallContext, hubId: string, forceFeatureExtraction: boolean): void {
	const model = findModel(hubId);
	if (!model) return sendJson(ex, 404, { error: msgModelDoesNotExist(hubId) });
	ex.record.hubModel = hubId;
	if (!findOffer(hubId, 'hf-inference')) return sendJson(ex, 400, { error: msgModelNotSupportedByProvider('hf-inference') });
	if (forceFeatureExtraction || model.task === 'feature-extraction') return handleHfFeatureExtraction(ex, st, ctx, model);
	if (model.task === 'text-to-image') return handleHfInferenceImage(ex, st, ctx, model);
	if (handleMediaSubmit(ex, st, ctx, findHfInferenceMediaOffer(hubId))) return;
	if (handleHfInferenceTextTask(ex, st, ctx, model)) return;
	return handleTextGeneration(ex, st, ctx, model);
}

/** The route a router request takes, or undefined for a path the router does not serve. */
export function matchRoute(ex: Exchange, st: EmulatorState): RouteMatch | undefined {
	const { method, path } = ex;
	const GET = method === 'GET' || method === 'HEAD';
	const POST = method === 'POST';
	let m: RegExpExecArray | null;

	if (GET && path === '/v1/models') return { kind: 'plain', run: () => handleV1Models(ex) };
	if (GET && (m = /^\/v1\/models\/(.+)$/.exec(path))) {
		const id = m[1];
		return { kind: 'plain', run: () => handleV1Models(ex, id) };
	}
	if (POST && path === '/v1/chat/completions') {
		return { kind: 'inference', modelHint: modelField(ex)?.split(':')[0], refuseBeforeBilling: (ctx) => refuseV1Model(ex, ctx), run: (ctx) => handleV1Chat(ex, st, ctx) };
	}
	if (GET && isHubFilePath(path)) return { kind: 'plain', run: () => handleHubFile(ex, st) };
	if (GET && path === '/api/whoami-v2') return { kind: 'plain', run: () => handleWhoami(ex, st) };
	if (GET && path === '/api/models') return { kind: 'plain', run: () => handleHubSearch(ex) };
	if (GET && (m = /^\/api\/models\/(.+?)\/?$/.exec(path))) {
		const id = m[1];
		return { kind: 'plain', run: () => handleHubModel(ex, st, id) };
	}

	m = /^\/([^/]+)(\/.*)?$/.exec(path);
	if (!m || !KNOWN_PROVIDERS.includes(m[1])) return undefined;
	const provider = m[1];
	const rest = m[2] ?? '';
	ex.record.routeProvider = provider;
	const inference = (run: RouteMatch['run'], modelHint = modelField(ex)): RouteMatch => ({ kind: 'inference', modelHint, run });
	const poll = (run: RouteMatch['run']): RouteMatch => ({ kind: 'poll', run });
	// Picture-reading tasks (vision-routes.ts): classification, detection, image to text, image to video.
	const vision = matchVisionRoute(ex, st, provider, rest);
	if (vision) return vision;
	// A route that serves the media-task models (speech, image edit, video) and, for any other model, the route's own handler.
	const mediaOr = (media: MediaOffer | undefined, otherwise: (ctx: CallContext) => void): RouteMatch =>
		inference((ctx) => {
			if (!handleMediaSubmit(ex, st, ctx, media)) otherwise(ctx);
		});

	if (provider === 'hf-inference' && POST) {
		if ((m = /^\/models\/(.+)\/v1\/chat\/completions$/.exec(rest))) {
			const id = m[1];
			return inference((ctx) => handleHfInferenceChat(ex, st, ctx, id), id);
		}
		if ((m = /^\/models\/(.+)\/pipeline\/feature-extraction$/.exec(rest)) || (m = /^\/pipeline\/feature-extraction\/(.+)$/.exec(rest))) {
			const id = m[1];
			return inference((ctx) => hfInferenceModel(ex, st, ctx, id, true), id);
		}
		if ((m = /^\/models\/(.+?)\/?$/.exec(rest))) {
			const id = m[1];
			return inference((ctx) => hfInferenceModel(ex, st, ctx, id, false), id);
		}
	}
	if (provider === 'fal-ai') {
		if (GET && (m = /^\/(.+)\/requests\/([^/]+)\/status$/.exec(rest))) {
			const [app, id] = [m[1], m[2]];
			return poll(() => handleFalPoll(ex, st, app, id, true));
		}
		if (GET && (m = /^\/(.+)\/requests\/([^/]+)$/.exec(rest))) {
			const [app, id] = [m[1], m[2]];
			return poll(() => handleFalPoll(ex, st, app, id, false));
		}
		if (POST && (m = /^\/(.+)$/.exec(rest))) {
			const id = m[1];
			const media = findMediaOffer('fal-ai', (providerId) => providerId === id);
			return mediaOr(media, (ctx) => handleFalSubmit(ex, st, ctx, id));
		}
	}
	if (provider === 'replicate') {
		if (POST && (m = /^\/v1\/models\/([^/]+)\/([^/]+)\/predictions$/.exec(rest))) {
			const id = `${m[1]}/${m[2]}`;
			const media = findMediaOffer('replicate', (providerId) => providerId.split(':')[0] === id);
			return mediaOr(media, (ctx) => handleReplicateSubmit(ex, st, ctx, id));
		}
		if (POST && rest === '/v1/predictions') {
			const version = (ex.json as { version?: unknown } | undefined)?.version;
			const media = typeof version === 'string' ? findMediaOffer('replicate', (providerId) => providerId.split(':')[1] === version) : undefined;
			return mediaOr(media, (ctx) => handleReplicateSubmit(ex, st, ctx, undefined));
		}
		if (GET && (m = /^\/v1\/predictions\/([^/]+)$/.exec(rest))) {
			const id = m[1];
			return poll(() => handleReplicatePoll(ex, st, id));
		}
	}
	if (provider === 'wavespeed') {
		if (GET && (m = /^\/api\/v3\/predictions\/([^/]+)\/result$/.exec(rest))) {
			const id = m[1];
			return poll(() => handleWavespeedPoll(ex, st, id));
		}
		if (POST && (m = /^\/api\/v3\/(.+)$/.exec(rest))) {
			const id = m[1];
			const media = findMediaOffer('wavespeed', (providerId) => providerId === id);
			return mediaOr(media, (ctx) => handleWavespeedSubmit(ex, st, ctx, id));
		}
	}
	if (provider === 'zai-org') {
		if (POST && rest === '/api/paas/v4/async/images/generations') return inference((ctx) => handleZaiSubmit(ex, st, ctx));
		if (GET && (m = /^\/api\/paas\/v4\/async-result\/([^/]+)$/.exec(rest))) {
			const id = m[1];
			return poll(() => handleZaiPoll(ex, st, id));
		}
	}
	// Video jobs (video-routes.ts): together's /v2/videos (TogetherTextToVideoTask), novita's async API (NovitaTextToVideoTask).
	if (provider === 'together' && GET && (m = /^\/v2\/videos\/([^/]+)$/.exec(rest))) {
		const id = m[1];
		return poll(() => handleTogetherVideoPoll(ex, st, id));
	}
	if (provider === 'novita') {
		if (GET && rest === '/v3/async/task-result') return poll(() => handleNovitaVideoPoll(ex, st, ex.query.get('task_id')));
		if (POST && (m = /^\/v3\/async\/(.+)$/.exec(rest))) {
			const id = m[1];
			const media = findMediaOffer('novita', (providerId) => providerId === id);
			return mediaOr(media?.offer.task === 'text-to-video' ? media : undefined, () => sendJson(ex, 400, { code: 400, reason: 'MODEL_NOT_FOUND', message: msgModelNotSupportedByProvider(provider), metadata: {} }));
		}
	}
	// OpenAI-style speech to text takes a multipart form (transcription-routes.ts: deepinfra, together).
	if (POST && /\/audio\/transcriptions$/.test(rest)) return mediaOr(findTranscriptionOffer(ex, provider), () => refuseTranscription(ex, provider));
	if (POST && /\/chat\/completions$/.test(rest)) return inference((ctx) => handleProviderChat(ex, st, ctx, provider));
	if (POST && /\/embeddings$/.test(rest)) return inference((ctx) => handleOpenAiEmbeddings(ex, st, ctx, provider));
	const model = modelField(ex);
	const mediaOfModel = model === undefined ? undefined : findMediaOffer(provider, (providerId) => providerId === model);
	if (POST && /\/audio\/speech$/.test(rest)) return mediaOr(mediaOfModel, () => sendJson(ex, 400, { error: msgModelNotSupportedByProvider(provider) }));
	if (POST && /\/images\/generations$/.test(rest)) return mediaOr(mediaOfModel, (ctx) => handleImagesGenerations(ex, st, ctx, provider));
	if (POST && provider === 'together' && rest === '/v2/videos') {
		return mediaOr(mediaOfModel?.offer.task === 'text-to-video' ? mediaOfModel : undefined, () => sendJson(ex, 400, { error: msgModelNotSupportedByProvider(provider) }));
	}
	return undefined;
}
