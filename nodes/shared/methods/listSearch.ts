import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult, INodePropertyOptions } from 'n8n-workflow';

import { shortContext, shortPrice, summarizeModel } from '../catalogue/capabilities';
import { RouterCatalogue, type CatalogueModel, type CatalogueProvider } from '../catalogue/RouterCatalogue';
import { servingEntries } from '../providers/resolve';
import type { HubTask, ProviderTask } from '../providers/types';
import { openRouterTransport } from '../routerAccess';
import type { RouterTransport } from '../transport/RouterTransport';

/**
 * What a picker lists: chat models from the router's catalogue, or, for a per-provider task, the
 * Hub's models with these pipeline tags and the providers whose mapping serves the task.
 */
export type PickerTarget = 'chat' | { task: ProviderTask; mappedAs: readonly HubTask[]; tags: readonly string[] };

/** The embeddings sub-node's target (the main node's comes from its operation's descriptor). */
export const EMBEDDING_TARGET: PickerTarget = {
	task: 'feature-extraction',
	mappedAs: ['feature-extraction'],
	// Sentence-embedding models are tagged sentence-similarity on the Hub, though providers serve
	// them for feature-extraction: search both tags.
	tags: ['feature-extraction', 'sentence-similarity'],
};

async function catalogueFor(ctx: ILoadOptionsFunctions): Promise<{ transport: RouterTransport; catalogue: RouterCatalogue }> {
	const { transport } = await openRouterTransport(ctx, { timeoutMs: 30_000, maxRetries: 1 });
	return { transport, catalogue: new RouterCatalogue(transport) };
}

const formatPrice = shortPrice;

/** The chat model sub-node's picker: the main node's chat models, those whose providers call tools first (for the Agent). */
export async function searchChatModels(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	return await searchModelsFor(this, 'chat', filter, { toolsFirst: true });
}

/** The embeddings sub-node's picker: the main node's embedding models. */
export async function searchEmbeddingModels(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	return await searchModelsFor(this, EMBEDDING_TARGET, filter);
}

/** Model picker: chat models from the router's catalogue, the other tasks' models from the Hub. */
export async function searchModelsFor(ctx: ILoadOptionsFunctions, target: PickerTarget, filter?: string, order: { toolsFirst?: boolean } = {}): Promise<INodeListSearchResult> {
	const { transport, catalogue } = await catalogueFor(ctx);
	const wanted = (filter ?? '').trim().toLowerCase();
	if (target === 'chat') {
		let models = (await catalogue.models()).filter((model) => !wanted || model.id.toLowerCase().includes(wanted));
		if (order.toolsFirst) models = toolsFirst(models);
		return {
			results: models.map((model) => ({ name: chatModelLabel(model), value: model.id, url: `${transport.hubUrl}/${model.id}`, description: chatModelDescription(model) })),
		};
	}
	const pages = await Promise.all(
		target.tags.map(async (tag) => {
			const query = new URLSearchParams({ inference_provider: 'all', pipeline_tag: tag, limit: '50' });
			if (wanted) query.set('search', wanted);
			const models = await transport.hubJson<IDataObject[]>(`/api/models?${query.toString()}`);
			return Array.isArray(models) ? models : [];
		}),
	);
	const ids = [...new Set(pages.flat().map((model) => String(model.id ?? model.modelId ?? '')).filter(Boolean))];
	return { results: ids.map((id) => ({ name: id, value: id, url: `${transport.hubUrl}/${id}` })) };
}

/** Models whose live providers call tools first, the others after, each group in catalogue order. */
export function toolsFirst(models: CatalogueModel[]): CatalogueModel[] {
	const tools = models.filter((model) => summarizeModel(model).tools === true);
	return [...tools, ...models.filter((model) => !tools.includes(model))];
}

/**
 * A chat model in the picker, short enough for n8n's dropdown, which cuts long labels, the most
 * useful first: `free` or the cheapest output price per million tokens, `tools` where a live
 * provider calls tools, `JSON` where one returns structured output (a JSON schema), then the
 * longest context. What the catalogue does not say is left out.
 */
export function chatModelLabel(model: CatalogueModel): string {
	const summary = summarizeModel(model);
	const parts = [model.id];
	if (summary.free) parts.push('free');
	else parts.push(summary.cheapestOutput === undefined ? 'price unknown' : `${shortPrice(summary.cheapestOutput)}/M`);
	if (summary.tools) parts.push('tools');
	if (summary.structuredOutput) parts.push('JSON');
	if (summary.contextLength) parts.push(shortContext(summary.contextLength));
	return parts.join(' · ');
}

/** The same in words, for where n8n shows an entry's description. */
export function chatModelDescription(model: CatalogueModel): string {
	const summary = summarizeModel(model);
	const yesNo = (value: boolean | undefined) => (value === undefined ? 'not published' : value ? 'yes' : 'no');
	return [
		summary.free ? 'Free for now on at least one provider' : summary.cheapestOutput === undefined ? 'No price published' : `From ${shortPrice(summary.cheapestOutput)} per million output tokens`,
		`tools: ${yesNo(summary.tools)}`,
		`structured output: ${yesNo(summary.structuredOutput)}`,
		summary.contextLength ? `context up to ${summary.contextLength} tokens` : 'context not published',
		`${summary.liveProviders} live provider${summary.liveProviders === 1 ? '' : 's'}`,
	].join('; ');
}

/** Why a provider that is not live is in the list: only when it is the one already chosen. */
const NOT_LIVE: Record<string, string> = {
	error: 'failing for this model now, choose another',
	staging: 'in testing, not yet open to all accounts',
};

function notLiveNote(status: string): string {
	return `${NOT_LIVE[status] ?? 'not available now'} (router status: ${status})`;
}

function describeChatProvider(entry: CatalogueProvider): string {
	const parts = [entry.provider];
	if (entry.is_free === true) {
		parts.push('free');
	} else if (entry.pricing?.input !== undefined && entry.pricing?.output !== undefined) {
		parts.push(`${formatPrice(entry.pricing.input)} in / ${formatPrice(entry.pricing.output)} out per M tokens`);
	} else {
		parts.push('price not published');
	}
	if (entry.throughput) parts.push(`${Math.round(entry.throughput)} tokens/s`);
	if (entry.supports_tools === true) parts.push('tools');
	if (entry.supports_structured_output === true) parts.push('JSON');
	if (entry.status !== 'live') parts.push(notLiveNote(entry.status));
	return parts.join(' · ');
}

/**
 * Providers that are not live are left out (the router would not route to them), except the one
 * the node already names, which stays, with why it may fail, so that a saved choice is not lost.
 */
function offered<T extends { provider: string; status: string }>(entries: T[], chosen: string): T[] {
	return entries.filter((entry) => entry.status === 'live' || entry.provider === chosen);
}

const POLICIES: INodePropertyOptions[] = [
	{ name: 'Fastest', value: 'fastest', description: 'The provider with the highest throughput (the router default)' },
	{ name: 'Cheapest', value: 'cheapest', description: 'The provider with the lowest price per output token' },
	{ name: 'Preferred', value: 'preferred', description: 'The first of your preferred providers in your Hub settings' },
];

/** The chat model sub-node's Provider field: as the node's chat. */
export async function getChatProviders(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return await providersFor(this, 'chat');
}

/** The embeddings sub-node's Provider field: as the node's embeddings. */
export async function getEmbeddingProviders(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return await providersFor(this, EMBEDDING_TARGET);
}

/** Provider field: the routing choices, then the providers that serve the chosen model with their prices. */
export async function providersFor(ctx: ILoadOptionsFunctions, target: PickerTarget): Promise<INodePropertyOptions[]> {
	const auto: INodePropertyOptions = { name: 'Auto', value: 'auto', description: 'Let Hugging Face choose' };
	const base = target === 'chat' ? [auto, ...POLICIES] : [auto];
	const model = String(ctx.getCurrentNodeParameter('model', { extractValue: true }) ?? '').trim();
	if (!model) return base;
	const chosen = String(ctx.getCurrentNodeParameter('provider') ?? '');
	try {
		const { catalogue } = await catalogueFor(ctx);
		if (target === 'chat') {
			const entry = await catalogue.model(model);
			return [...base, ...offered(entry?.providers ?? [], chosen).map((provider) => ({ name: describeChatProvider(provider), value: provider.provider }))];
		}
		// Only providers this node can call for the task: another would fail on the first item.
		const served = servingEntries(await catalogue.mapping(model), target.task, target.mappedAs).map(({ entry }) => entry);
		return [
			...base,
			...offered(served, chosen).map((entry) => ({
				// Hugging Face publishes token prices for chat models only.
				name: [entry.provider, 'price not published', ...(entry.status === 'live' ? [] : [notLiveNote(entry.status)])].join(' · '),
				value: entry.provider,
			})),
		];
	} catch {
		// The picker must stay usable offline or with a bad token: the policies still apply.
		return base;
	}
}
