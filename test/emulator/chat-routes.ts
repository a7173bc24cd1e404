/** Chat completion routes: /v1 (with provider selection), /{provider}/.../chat/completions, hf-inference. */
import { chatCost, chatPricing, findByProviderId, findModel, findOffer, rankProviders, type CatalogueModel, type ProviderOffer } from './catalogue';
import { countImagesIn, planChat, validateChatBody, type ChatBody } from './chat';
import { buildChunks, buildCompletion, chatId, streamEndsWithDone, styleFor } from './chat-answers';
import { msgModelDoesNotExist, msgModelNotSupportedByProvider, msgModelNotSupportedV1, openAiError } from './errors';
import { sendJson, type Exchange } from './exchange';
import { DEGRADED_REPLY } from './judge';
import type { CallContext, EmulatorState } from './state';

type ErrorStyle = 'openai' | 'tgi' | 'plain';

function validationError(ex: Exchange, style: ErrorStyle, message: string, param: string | null = null): void {
	if (style === 'tgi') sendJson(ex, 422, { error: `Failed to deserialize the JSON body into the target type: ${message}`, error_type: 'validation' });
	else if (style === 'plain') sendJson(ex, 400, { error: message });
	else sendJson(ex, 400, openAiError(message, param, null));
}

function bodyOrError(ex: Exchange, style: ErrorStyle): ChatBody | undefined {
	if (ex.jsonError || ex.json === undefined) {
		validationError(ex, style, ex.jsonError ? 'Failed to parse the request body as JSON' : 'Request body is empty');
		return undefined;
	}
	return ex.json as ChatBody;
}

/**
 * The /v1 route's refusals of the model itself, answered before billing: the router resolves the
 * model to a provider first (its 402s name that provider: "You have reached the free monthly usage
 * limit for groq", "Pay-as-you go is not enabled for provider fal-ai yet", fixtures README), and
 * per user (the refusal says "not supported by any provider you have enabled", so after the token
 * and its permission are checked). A model id the Hub does not hold gets the OpenAI-style
 * `model_not_found` object (the code clients report for the router). Returns true when it answered.
 * Unverified live: this order for a depleted account, and the exact texts of the two refusals.
 */
export function refuseV1Model(ex: Exchange, ctx: CallContext): boolean {
	const requested = (ex.json as { model?: unknown } | undefined)?.model;
	if (typeof requested !== 'string' || requested.length === 0) return false;
	const colon = requested.lastIndexOf(':');
	const hubId = colon === -1 ? requested : requested.slice(0, colon);
	const suffix = colon === -1 ? undefined : requested.slice(colon + 1);
	const model = findModel(hubId);
	if (!model) {
		sendJson(ex, 404, openAiError(`The requested model '${hubId}' does not exist.`, 'model', 'model_not_found'));
		return true;
	}
	if (model.task !== 'conversational') {
		sendJson(ex, 400, openAiError(`Model ${hubId} is not a chat model (task: ${model.task}).`, 'model', 'model_not_supported'));
		return true;
	}
	if (suffix === undefined || suffix === 'fastest' || suffix === 'cheapest' || suffix === 'preferred') {
		if (rankProviders(model, suffix ?? 'fastest', ctx.account.spec.preferredProviders ?? []).length === 0) {
			sendJson(ex, 400, openAiError(`No live provider is available for model ${hubId}.`, 'model', 'model_not_supported'));
			return true;
		}
	} else if (!model.providers.some((p) => p.provider === suffix && p.task === 'conversational')) {
		sendJson(ex, 400, openAiError(msgModelNotSupportedV1(hubId, suffix), 'model', 'model_not_supported'));
		return true;
	}
	return false;
}

/** POST /v1/chat/completions (the model's refusals: refuseV1Model, before billing). */
export async function handleV1Chat(ex: Exchange, st: EmulatorState, ctx: CallContext): Promise<void> {
	const body = bodyOrError(ex, 'openai');
	if (!body) return;
	if (typeof body.model !== 'string' || body.model.length === 0) return validationError(ex, 'openai', 'model: field required', 'model');
	ex.record.modelString = body.model;
	if (refuseV1Model(ex, ctx)) return;
	const colon = body.model.lastIndexOf(':');
	const hubId = colon === -1 ? body.model : body.model.slice(0, colon);
	const suffix = colon === -1 ? undefined : body.model.slice(colon + 1);
	const model = findModel(hubId)!;
	ex.record.hubModel = hubId;
	let offer: ProviderOffer | undefined;
	if (suffix === undefined || suffix === 'fastest' || suffix === 'cheapest' || suffix === 'preferred') {
		offer = rankProviders(model, suffix ?? 'fastest', ctx.account.spec.preferredProviders ?? [])[0];
	} else {
		offer = model.providers.find((p) => p.provider === suffix && p.task === 'conversational');
	}
	if (!offer) return;
	const invalid = validateChatBody(body);
	if (invalid) return validationError(ex, 'openai', invalid, invalid.split(/[:.[]/)[0]);
	await serveChat(ex, st, ctx, body, model, offer, 'openai');
}

/** POST /{provider}/.../chat/completions (model = provider's own id). */
export async function handleProviderChat(ex: Exchange, st: EmulatorState, ctx: CallContext, provider: string): Promise<void> {
	const body = bodyOrError(ex, 'plain');
	if (!body) return;
	if (typeof body.model !== 'string') return sendJson(ex, 400, { error: 'model: field required' });
	const found = findByProviderId(provider, body.model, ['conversational']);
	if (!found) return sendJson(ex, 400, { error: msgModelNotSupportedByProvider(provider) });
	ex.record.hubModel = found.model.id;
	const invalid = validateChatBody(body);
	if (invalid) return validationError(ex, 'openai', invalid);
	await serveChat(ex, st, ctx, body, found.model, found.offer, 'openai');
}

/** POST /hf-inference/models/{hubId}/v1/chat/completions */
export async function handleHfInferenceChat(ex: Exchange, st: EmulatorState, ctx: CallContext, hubId: string): Promise<void> {
	const model = findModel(hubId);
	if (!model) return sendJson(ex, 404, { error: msgModelDoesNotExist(hubId) });
	ex.record.hubModel = hubId;
	const offer = findOffer(hubId, 'hf-inference');
	if (!offer || offer.task !== 'conversational') return sendJson(ex, 400, { error: msgModelNotSupportedByProvider('hf-inference') });
	const body = bodyOrError(ex, 'tgi');
	if (!body) return;
	const invalid = validateChatBody(body);
	if (invalid) return validationError(ex, 'tgi', invalid);
	await serveChat(ex, st, ctx, body, model, offer, 'tgi');
}

function wait(): Promise<void> {
	return new Promise((resolve) => setImmediate(resolve));
}

async function serveChat(ex: Exchange, st: EmulatorState, ctx: CallContext, body: ChatBody, model: CatalogueModel, offer: ProviderOffer, errStyle: ErrorStyle): Promise<void> {
	const provider = offer.provider;
	ex.record.servedBy = provider;
	const messages = body.messages as Array<{ content?: unknown }>;
	const images = messages.reduce((n, m) => n + countImagesIn(m.content), 0);
	if (images > 0 && !model.inputModalities.includes('image')) {
		if (errStyle === 'tgi') return sendJson(ex, 422, { error: `Input validation error: model ${model.id} does not support image inputs`, error_type: 'validation' });
		return sendJson(ex, 400, openAiError(`Model ${model.id} does not support image inputs.`, 'messages', 'unsupported_content'));
	}
	const style = styleFor(provider);
	if (typeof body.reasoning_effort === 'string') ex.record.reasoningEffort = body.reasoning_effort;
	const plan = planChat(body, provider, offer.providerId, st.degradations.answersBadly(model.id) ? DEGRADED_REPLY : undefined, offer.reasoningField !== undefined);
	st.charge(ctx, ex.record, chatCost(chatPricing(model.id, provider), plan.promptTokens, plan.completionTokens));
	const meta = { id: chatId(style, `${ex.requestId}`), created: Math.floor(Date.now() / 1000), model: offer.providerId, reasoningField: offer.reasoningField };
	const headers = { 'x-inference-provider': provider };

	if (body.stream !== true) {
		return sendJson(ex, 200, buildCompletion(style, plan, meta), headers, style === 'together' ? 'application/json; charset=utf-8' : 'application/json');
	}

	const chunks = buildChunks(style, plan, meta, body.stream_options?.include_usage === true);
	const streamError = st.streamErrors > 0;
	if (streamError) st.streamErrors -= 1;
	ex.record.status = 200;
	ex.res.writeHead(200, {
		...headers,
		'Content-Type': style === 'tgi' ? 'text/event-stream' : 'text/event-stream; charset=utf-8',
		'Cache-Control': 'no-cache',
		Connection: 'keep-alive',
	});
	const emit = streamError ? chunks.slice(0, Math.min(2, chunks.length - 1)) : chunks;
	for (const chunk of emit) {
		if (ex.res.destroyed) return;
		ex.res.write(`data: ${JSON.stringify(chunk)}\n\n`);
		await wait();
	}
	if (ex.res.destroyed) return;
	if (streamError) {
		ex.res.write(`data: ${JSON.stringify({ error: { message: 'Upstream provider error: the generation was interrupted', type: 'server_error', code: 'stream_error' } })}\n\n`);
	} else if (streamEndsWithDone(provider)) {
		ex.res.write('data: [DONE]\n\n');
	}
	ex.res.end();
}
