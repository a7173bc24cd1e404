import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult, INodePropertyOptions } from 'n8n-workflow';

import { RouterCatalogue, cheapestOutputPrice, mappingServesTask, type CatalogueProvider } from '../catalogue/RouterCatalogue';
import { getProviderModule, servesTask } from '../providers';
import { TASK_KEYS, type ProviderTask } from '../providers/types';
import { CREDENTIAL_TYPE, RouterTransport, type HuggingFaceCredentials } from '../transport/RouterTransport';

const HUB_TASK: Record<string, string> = {
	image: 'text-to-image',
	embedding: 'feature-extraction',
	speechToText: 'automatic-speech-recognition',
	imageToImage: 'image-to-image',
	textToSpeech: 'text-to-speech',
};

async function catalogueFor(ctx: ILoadOptionsFunctions): Promise<{ transport: RouterTransport; catalogue: RouterCatalogue }> {
	const credentials = (await ctx.getCredentials(CREDENTIAL_TYPE)) as unknown as HuggingFaceCredentials;
	const transport = new RouterTransport(ctx, credentials, { timeoutMs: 30_000, maxRetries: 1 });
	return { transport, catalogue: new RouterCatalogue(transport) };
}

function currentOperation(ctx: ILoadOptionsFunctions): string {
	return String(ctx.getCurrentNodeParameter('operation') ?? 'chat');
}

function formatPrice(usdPerMillion: number): string {
	return `$${usdPerMillion < 0.1 ? usdPerMillion.toFixed(3) : usdPerMillion.toFixed(2)}`;
}

/** Model picker: chat models from the router's catalogue, image and embedding models from the Hub. */
export async function searchModels(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const operation = currentOperation(this);
	const { transport, catalogue } = await catalogueFor(this);
	const wanted = (filter ?? '').trim().toLowerCase();
	if (operation === 'chat') {
		const models = (await catalogue.models()).filter((model) => !wanted || model.id.toLowerCase().includes(wanted));
		return {
			results: models.map((model) => {
				const live = (model.providers ?? []).filter((provider) => provider.status !== 'error').length;
				const price = cheapestOutputPrice(model);
				const priceText = price === undefined ? '' : `, from ${formatPrice(price)}/M output tokens`;
				return {
					name: `${model.id} (${live} provider${live === 1 ? '' : 's'}${priceText})`,
					value: model.id,
					url: `${transport.hubUrl}/${model.id}`,
				};
			}),
		};
	}
	// Sentence-embedding models are tagged sentence-similarity on the Hub, though providers serve
	// them for feature-extraction: search both tags for embeddings.
	const tags = operation === 'embedding' ? ['feature-extraction', 'sentence-similarity'] : [HUB_TASK[operation] ?? operation];
	const pages = await Promise.all(
		tags.map(async (tag) => {
			const query = new URLSearchParams({ inference_provider: 'all', pipeline_tag: tag, limit: '50' });
			if (wanted) query.set('search', wanted);
			const models = await transport.hubJson<IDataObject[]>(`/api/models?${query.toString()}`);
			return Array.isArray(models) ? models : [];
		}),
	);
	const ids = [...new Set(pages.flat().map((model) => String(model.id ?? model.modelId ?? '')).filter(Boolean))];
	return { results: ids.map((id) => ({ name: id, value: id, url: `${transport.hubUrl}/${id}` })) };
}

function describeChatProvider(entry: CatalogueProvider): string {
	const parts = [entry.provider];
	if (entry.pricing?.input !== undefined && entry.pricing?.output !== undefined) {
		parts.push(`${formatPrice(entry.pricing.input)} in / ${formatPrice(entry.pricing.output)} out per M tokens`);
	}
	if (entry.throughput) parts.push(`${Math.round(entry.throughput)} tokens/s`);
	if (entry.status !== 'live') parts.push(entry.status);
	return parts.join(' · ');
}

const POLICIES: INodePropertyOptions[] = [
	{ name: 'Fastest', value: 'fastest', description: 'The provider with the highest throughput (the router default)' },
	{ name: 'Cheapest', value: 'cheapest', description: 'The provider with the lowest price per output token' },
	{ name: 'Preferred', value: 'preferred', description: 'The first of your preferred providers in your Hub settings' },
];

/** Provider field: the routing choices, then the providers that serve the chosen model with their prices. */
export async function getProviders(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const operation = currentOperation(this);
	const auto: INodePropertyOptions = { name: 'Auto', value: 'auto', description: 'Let Hugging Face choose' };
	const base = operation === 'chat' ? [auto, ...POLICIES] : [auto];
	const model = String(this.getCurrentNodeParameter('model', { extractValue: true }) ?? '').trim();
	if (!model) return base;
	try {
		const { catalogue } = await catalogueFor(this);
		if (operation === 'chat') {
			const entry = await catalogue.model(model);
			return [...base, ...(entry?.providers ?? []).map((provider) => ({ name: describeChatProvider(provider), value: provider.provider }))];
		}
		const task = HUB_TASK[operation];
		const mapping = await catalogue.mapping(model);
		// Only providers this node can call for the task: another would fail on the first item.
		const served = mapping.filter((entry) => {
			const module = getProviderModule(entry.provider);
			return mappingServesTask(entry, task) && module !== undefined && (!(task in TASK_KEYS) || servesTask(module, task as ProviderTask));
		});
		return [...base, ...served.map((entry) => ({ name: entry.status === 'live' ? entry.provider : `${entry.provider} (${entry.status})`, value: entry.provider }))];
	} catch {
		// The picker must stay usable offline or with a bad token: the policies still apply.
		return base;
	}
}
