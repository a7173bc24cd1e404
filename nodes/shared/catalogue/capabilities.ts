/**
 * What a chat model (or one route to it) can do, from the router's `/v1/models` (hub-docs
 * docs/inference-providers/hub-api.md "List OpenAI-compatible models": per provider
 * `supports_tools`, `supports_structured_output`, `context_length`, `pricing`, `is_free`). Every
 * field may be missing: unknown is never read as "no", so nothing here blocks a call the catalogue
 * knows too little about.
 */
import { cheapestOutputPrice, type CatalogueModel, type CatalogueProvider } from './RouterCatalogue';

export type Capability = 'tools' | 'structuredOutput';

const FIELD: Record<Capability, 'supports_tools' | 'supports_structured_output'> = {
	tools: 'supports_tools',
	structuredOutput: 'supports_structured_output',
};

const POLICIES = new Set(['auto', 'fastest', 'cheapest', 'preferred']);

function live(model: CatalogueModel | undefined): CatalogueProvider[] {
	return (model?.providers ?? []).filter((entry) => entry.status === 'live');
}

/**
 * Whether a route can do it: `true` (some provider it may reach says so), `false` (every one says
 * no), `undefined` (the catalogue does not know the model, or some provider lacks the field). A
 * pinned provider is judged alone; a routing policy by the model's live providers.
 */
export function routeSupports(model: CatalogueModel | undefined, provider: string, capability: Capability): boolean | undefined {
	if (!model) return undefined;
	const field = FIELD[capability];
	const entries = POLICIES.has(provider) ? live(model) : (model.providers ?? []).filter((entry) => entry.provider === provider);
	if (!entries.length) return undefined;
	if (entries.some((entry) => entry[field] === true)) return true;
	return entries.every((entry) => entry[field] === false) ? false : undefined;
}

/** Models with a live provider that says it can do it, in catalogue order (at most `limit`). */
export function modelsThatSupport(models: CatalogueModel[], capability: Capability, limit = 5, except: string[] = []): string[] {
	const field = FIELD[capability];
	const skip = new Set(except.map((id) => id.toLowerCase()));
	return models
		.filter((model) => !skip.has(model.id.toLowerCase()) && live(model).some((entry) => entry[field] === true))
		.slice(0, limit)
		.map((model) => model.id);
}

const WORDS: Record<Capability, { cannot: string; option: string }> = {
	tools: { cannot: 'call tools', option: 'tools' },
	structuredOutput: { cannot: 'return structured output (a JSON schema)', option: 'a JSON schema response format' },
};

/**
 * Why a route cannot serve a request that needs this, in words that name what can; undefined when
 * it can, or when the catalogue does not say.
 */
export function capabilityProblem(models: CatalogueModel[], hubId: string, provider: string, capability: Capability): { problem: string; fix: string } | undefined {
	const model = models.find((entry) => entry.id.toLowerCase() === hubId.toLowerCase());
	if (routeSupports(model, provider, capability) !== false) return undefined;
	const words = WORDS[capability];
	const field = FIELD[capability];
	const pinned = !POLICIES.has(provider);
	const otherProviders = pinned ? live(model).filter((entry) => entry[field] === true).map((entry) => entry.provider) : [];
	const problem = pinned
		? `${provider} cannot ${words.cannot} with ${hubId}, says the router's model catalogue`
		: `none of the live providers of ${hubId} can ${words.cannot}, says the router's model catalogue`;
	const alternatives = modelsThatSupport(models, capability, 5, [hubId]);
	const fix = [
		otherProviders.length ? `Pick a provider of ${hubId} that does: ${otherProviders.join(', ')} (or auto).` : '',
		alternatives.length ? `Models whose providers do: ${alternatives.join(', ')}.` : '',
		`Or use it without ${words.option}.`,
	]
		.filter(Boolean)
		.join(' ');
	return { problem, fix };
}

/** A price per million tokens, short: `$0.05`, `<$0.01`, `$1.1`, `$10`. */
export function shortPrice(usdPerMillion: number): string {
	if (usdPerMillion === 0) return '$0';
	if (usdPerMillion < 0.01) return '<$0.01';
	if (usdPerMillion >= 10) return `$${Math.round(usdPerMillion)}`;
	return `$${Number(usdPerMillion.toFixed(2))}`;
}

/** A context length, short: 131072 -> `128k` (binary, as model cards say), 128000 -> `128k`, 8192 -> `8k`. */
export function shortContext(tokens: number): string {
	if (tokens < 1000) return String(tokens);
	const k = tokens % 1000 === 0 ? tokens / 1000 : tokens / 1024;
	return k >= 1000 ? `${Number((k / 1000).toFixed(1))}M` : `${Math.round(k)}k`;
}

/** What the model picker says of one chat model, most useful first (a dropdown cuts long labels). */
export interface ModelSummary {
	free: boolean;
	/** Cheapest output price among live providers, USD per million tokens. */
	cheapestOutput?: number;
	tools: boolean | undefined;
	structuredOutput: boolean | undefined;
	/** The longest context among live providers. */
	contextLength?: number;
	liveProviders: number;
}

export function summarizeModel(model: CatalogueModel): ModelSummary {
	const providers = live(model);
	const contexts = providers.map((entry) => entry.context_length).filter((value): value is number => typeof value === 'number' && value > 0);
	return {
		free: providers.some((entry) => entry.is_free === true),
		cheapestOutput: cheapestOutputPrice(model),
		tools: routeSupports(model, 'auto', 'tools'),
		structuredOutput: routeSupports(model, 'auto', 'structuredOutput'),
		contextLength: contexts.length ? Math.max(...contexts) : undefined,
		liveProviders: providers.length,
	};
}
