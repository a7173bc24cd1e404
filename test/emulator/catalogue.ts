/**
 * Built-in catalogue of the emulated Hub + router: models, the providers serving them, provider
 * model ids (inferenceProviderMapping), chat pricing/throughput (served on /v1/models), image and
 * embedding prices. Tests read it to compute expectations.
 */
import { CHAT_MODELS, EMBEDDING_MODELS, IMAGE_MODELS, TEXT_GENERATION_MODELS } from './catalogue-models';
import type { CatalogueModel, Pricing, ProviderOffer, Task } from './catalogue-types';
import { LORA_MODELS } from './lora';
import { MEDIA_MODELS } from './media-catalogue';
import { VISION_MODELS } from './vision-catalogue';
import { TEXT_TASK_MODELS } from './text-task-catalogue';

export type { CatalogueModel, EmbeddingSpec, Pricing, ProviderOffer, ProviderStatus, Task } from './catalogue-types';
export { CHAT_MODELS, EMBEDDING_MODELS, IMAGE_MODELS, TEXT_GENERATION_MODELS } from './catalogue-models';

export const ALL_MODELS: CatalogueModel[] = [...CHAT_MODELS, ...IMAGE_MODELS, ...EMBEDDING_MODELS, ...TEXT_GENERATION_MODELS, ...MEDIA_MODELS, ...LORA_MODELS, ...VISION_MODELS, ...TEXT_TASK_MODELS];

/**
 * Providers the router knows (first path segment of per-provider routes). black-forest-labs,
 * clarifai, hyperbolic, nebius, nvidia and sambanova left the router on 2026-07-01: their routes
 * are unknown here (404), and no model maps them live.
 */
export const RETIRED_PROVIDERS: readonly string[] = ['black-forest-labs', 'clarifai', 'hyperbolic', 'nebius', 'nvidia', 'sambanova'];

export const KNOWN_PROVIDERS: readonly string[] = [
	'baseten', 'cerebras', 'cohere', 'deepinfra', 'fal-ai', 'featherless-ai', 'fireworks-ai', 'groq', 'hf-inference',
	'novita', 'nscale', 'ovhcloud', 'publicai', 'replicate', 'scaleway', 'together', 'wavespeed', 'zai-org',
];

/** Provider model ids used when a provider has no published pricing (not on /v1/models): charged anyway. */
export const FALLBACK_CHAT_PRICING: Pricing = { input: 0.5, output: 0.5 };

/** USD per generated image, per provider. */
export const IMAGE_PRICES: Record<string, number> = {
	'hf-inference': 0.0035,
	together: 0.0027,
	nscale: 0.003,
	'fal-ai': 0.025,
	replicate: 0.03,
	wavespeed: 0.02,
	'zai-org': 0.01,
};
export const DEFAULT_IMAGE_PRICE = 0.005;

/** USD per million input tokens for feature extraction (all providers). */
export const EMBEDDING_PRICE_PER_MILLION = 0.02;
/** USD per million tokens (prompt + generated) on the legacy hf-inference text-generation route. */
export const TEXT_GENERATION_PRICE_PER_MILLION = 0.1;

const byId = new Map<string, CatalogueModel>(ALL_MODELS.map((m) => [m.id, m]));

export function findModel(hubId: string): CatalogueModel | undefined {
	return byId.get(hubId);
}

export function findOffer(hubId: string, provider: string): ProviderOffer | undefined {
	return byId.get(hubId)?.providers.find((p) => p.provider === provider);
}

/** Reverse lookup: which Hub model a provider's own id belongs to (for per-provider routes). */
export function findByProviderId(
	provider: string,
	providerId: string,
	tasks?: Task[],
): { model: CatalogueModel; offer: ProviderOffer } | undefined {
	for (const model of ALL_MODELS) {
		for (const offer of model.providers) {
			if (offer.provider !== provider) continue;
			if (tasks && !tasks.includes(offer.task)) continue;
			if (offer.providerId === providerId) return { model, offer };
		}
	}
	return undefined;
}

export function chatPricing(hubId: string, provider: string): Pricing {
	const offer = findOffer(hubId, provider);
	if (offer?.isFree) return { input: 0, output: 0 };
	return offer?.pricing ?? FALLBACK_CHAT_PRICING;
}

/** USD cost of a chat call, from the same prices /v1/models serves. */
export function chatCost(pricing: Pricing, promptTokens: number, completionTokens: number): number {
	return (promptTokens * pricing.input + completionTokens * pricing.output) / 1_000_000;
}

export function imagePrice(provider: string): number {
	return IMAGE_PRICES[provider] ?? DEFAULT_IMAGE_PRICE;
}

export function embeddingCost(tokens: number): number {
	return (tokens * EMBEDDING_PRICE_PER_MILLION) / 1_000_000;
}

/** One `/v1/models` entry. */
export function v1ModelEntry(model: CatalogueModel): Record<string, unknown> {
	return {
		id: model.id,
		object: 'model',
		created: model.created,
		owned_by: model.ownedBy,
		architecture: { input_modalities: model.inputModalities, output_modalities: model.outputModalities },
		providers: model.providers.map((p) => {
			const entry: Record<string, unknown> = { provider: p.provider, status: p.status };
			if (p.contextLength !== undefined) entry.context_length = p.contextLength;
			if (p.pricing !== undefined) entry.pricing = { input: p.pricing.input, output: p.pricing.output };
			if (p.isFree !== undefined) entry.is_free = p.isFree;
			if (p.supportsTools !== undefined) entry.supports_tools = p.supportsTools;
			if (p.supportsStructuredOutput !== undefined) entry.supports_structured_output = p.supportsStructuredOutput;
			if (p.firstTokenLatencyMs !== undefined) entry.first_token_latency_ms = p.firstTokenLatencyMs;
			if (p.throughput !== undefined) entry.throughput = p.throughput;
			if (p.isModelAuthor !== undefined) entry.is_model_author = p.isModelAuthor;
			return entry;
		}),
	};
}

function adapterFields(p: ProviderOffer): Record<string, string> {
	return p.adapter ? { adapter: p.adapter, ...(p.adapterWeightsPath ? { adapterWeightsPath: p.adapterWeightsPath } : {}) } : {};
}

/** The Hub's `inferenceProviderMapping` in the model's form (object or array), LoRA fields included. */
export function hubMapping(model: CatalogueModel): unknown {
	if (model.mappingForm === 'array') {
		return model.providers.map((p) => ({
			provider: p.provider,
			providerId: p.providerId,
			status: p.status,
			task: p.task,
			hfModelId: model.id,
			...adapterFields(p),
		}));
	}
	const out: Record<string, unknown> = {};
	for (const p of model.providers) out[p.provider] = { status: p.status, providerId: p.providerId, task: p.task, ...adapterFields(p) };
	return out;
}

export type SelectionPolicy = 'fastest' | 'cheapest' | 'preferred';

/** Providers eligible for automatic selection on /v1 (live only), ordered by policy. */
export function rankProviders(model: CatalogueModel, policy: SelectionPolicy, preferred: string[] = []): ProviderOffer[] {
	const live = model.providers.filter((p) => p.status === 'live' && p.task === model.task);
	const sorted = [...live];
	if (policy === 'fastest') {
		sorted.sort((a, b) => (b.throughput ?? -1) - (a.throughput ?? -1));
	} else if (policy === 'cheapest') {
		sorted.sort((a, b) => (a.pricing?.output ?? Infinity) - (b.pricing?.output ?? Infinity));
	} else {
		const rank = (p: ProviderOffer): number => {
			const i = preferred.indexOf(p.provider);
			return i === -1 ? preferred.length + live.indexOf(p) : i;
		};
		sorted.sort((a, b) => rank(a) - rank(b));
	}
	return sorted;
}
