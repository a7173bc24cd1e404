import type { RouterTransport } from '../transport/RouterTransport';

/** One provider of one chat model, as `/v1/models` describes it. Every field but `provider` and `status` may be missing. */
export interface CatalogueProvider {
	provider: string;
	status: string;
	context_length?: number;
	/** USD per million tokens. */
	pricing?: { input?: number; output?: number };
	/** A temporary promo: calls cost nothing (hub-docs docs/inference-providers/hub-api.md). */
	is_free?: boolean;
	supports_tools?: boolean;
	supports_structured_output?: boolean;
	first_token_latency_ms?: number;
	throughput?: number;
}

export interface CatalogueModel {
	id: string;
	owned_by?: string;
	architecture?: { input_modalities?: string[]; output_modalities?: string[] };
	providers?: CatalogueProvider[];
}

/** The Hub's mapping of a model to one provider's own id, in either answer form. */
export interface ProviderMappingEntry {
	provider: string;
	providerId: string;
	status: string;
	task: string;
	/** The Hub model the entry belongs to (the array form says so; the object form means the model asked for). */
	hfModelId: string;
	/** `lora` when the model is a LoRA adapter the provider runs on a base model. */
	adapter?: string;
	/** The adapter's weights file inside the Hub repo (`pytorch_lora_weights.safetensors`). */
	adapterWeightsPath?: string;
}

export interface TokenPrice {
	input: number;
	output: number;
}

function optionalString(value: unknown): string | undefined {
	return typeof value === 'string' && value ? value : undefined;
}

function mappingEntry(provider: unknown, entry: Record<string, unknown>, hubId: string): ProviderMappingEntry {
	return {
		provider: String(provider ?? ''),
		providerId: String(entry.providerId ?? ''),
		status: String(entry.status ?? ''),
		task: String(entry.task ?? ''),
		hfModelId: optionalString(entry.hfModelId) ?? hubId,
		...(optionalString(entry.adapter) ? { adapter: optionalString(entry.adapter) } : {}),
		...(optionalString(entry.adapterWeightsPath) ? { adapterWeightsPath: optionalString(entry.adapterWeightsPath) } : {}),
	};
}

/**
 * Normalizes the object form and the newer array form of `inferenceProviderMapping`, keeping the
 * LoRA fields (as huggingface.js `normalizeInferenceProviderMapping` in
 * src/lib/getInferenceProviderMapping.ts does: the object form gets the asked model as hfModelId).
 */
export function normalizeMapping(raw: unknown, hubId = ''): ProviderMappingEntry[] {
	if (Array.isArray(raw)) {
		return raw
			.filter((entry): entry is Record<string, unknown> => !!entry && typeof entry === 'object')
			.map((entry) => mappingEntry(entry.provider, entry, hubId))
			.filter((entry) => entry.provider && entry.providerId);
	}
	if (raw && typeof raw === 'object') {
		return Object.entries(raw as Record<string, Record<string, unknown>>)
			.filter(([, entry]) => entry && typeof entry === 'object')
			.map(([provider, entry]) => mappingEntry(provider, entry, hubId))
			.filter((entry) => entry.providerId);
	}
	return [];
}

/**
 * hf-inference serves a sentence-transformers model for feature-extraction and sentence-similarity
 * alike, and the Hub maps such models under `sentence-similarity` (huggingface.js
 * `EQUIVALENT_SENTENCE_TRANSFORMERS_TASKS` in src/providers/hf-inference.ts, applied in
 * src/lib/getInferenceProviderMapping.ts). Other providers' entries must name the task itself.
 */
const EQUIVALENT_SENTENCE_TRANSFORMERS_TASKS = ['feature-extraction', 'sentence-similarity'];

/** Whether a mapping entry lets its provider serve the model for `task`. */
export function mappingServesTask(entry: Pick<ProviderMappingEntry, 'provider' | 'task'>, task: string): boolean {
	if (entry.task === task) return true;
	return (
		entry.provider === 'hf-inference' &&
		EQUIVALENT_SENTENCE_TRANSFORMERS_TASKS.includes(task) &&
		EQUIVALENT_SENTENCE_TRANSFORMERS_TASKS.includes(entry.task)
	);
}

/** Cheapest known output price of a model among its live providers, for the model picker. */
export function cheapestOutputPrice(model: CatalogueModel): number | undefined {
	const prices = (model.providers ?? [])
		.filter((provider) => provider.status === 'live')
		.map((provider) => (provider.is_free === true ? 0 : provider.pricing?.output))
		.filter((price): price is number => typeof price === 'number');
	return prices.length ? Math.min(...prices) : undefined;
}

/** A provider's price per million tokens: 0 while it is free (`is_free`), else its published pricing, else unknown. */
export function tokenPrice(entry: CatalogueProvider | undefined): TokenPrice | undefined {
	if (!entry) return undefined;
	if (entry.is_free === true) return { input: 0, output: 0 };
	const pricing = entry.pricing;
	if (typeof pricing?.input !== 'number' || typeof pricing?.output !== 'number') return undefined;
	return { input: pricing.input, output: pricing.output };
}

/**
 * Cost of one call in USD, or null where no price is known. Rounded to 10 significant digits so
 * that floating-point noise (0.0000038000000000000005) does not reach the item.
 */
export function costUsd(price: TokenPrice | undefined, promptTokens: number, completionTokens: number): number | null {
	if (!price) return null;
	return Number(((promptTokens * price.input + completionTokens * price.output) / 1_000_000).toPrecision(10));
}

/**
 * The router's model catalogue and the Hub's provider mappings, fetched at most once per
 * execution: a run of 1,000 items asks for each only once.
 */
export class RouterCatalogue {
	private modelsPromise?: Promise<CatalogueModel[]>;

	/** The catalogue by lower-cased model id: every item of an execution looks its model up. */
	private byId?: Promise<Map<string, CatalogueModel>>;

	private readonly mappings = new Map<string, Promise<ProviderMappingEntry[]>>();

	constructor(private readonly transport: RouterTransport) {}

	async models(): Promise<CatalogueModel[]> {
		// Fetched once, and a failure is remembered too: a gateway without /v1/models must not cost
		// every item of the execution another round of retries.
		this.modelsPromise ??= this.transport
			.requestJson<{ data?: CatalogueModel[] }>({ method: 'GET', url: '/v1/models', deadline: this.transport.deadline() })
			.then((answer) => (Array.isArray(answer.data?.data) ? answer.data.data : []));
		return await this.modelsPromise;
	}

	async model(hubId: string): Promise<CatalogueModel | undefined> {
		this.byId ??= this.models().then((models) => {
			const index = new Map<string, CatalogueModel>();
			for (const model of models) {
				const id = typeof model.id === 'string' ? model.id.toLowerCase() : undefined;
				// The first entry of an id wins, as the scan it replaces found it.
				if (id !== undefined && !index.has(id)) index.set(id, model);
			}
			return index;
		});
		return (await this.byId).get(hubId.toLowerCase());
	}

	/** Price of one provider for one chat model; undefined where unknown (or the catalogue is unreachable). A free route costs 0. */
	async price(hubId: string, provider: string): Promise<TokenPrice | undefined> {
		let model: CatalogueModel | undefined;
		try {
			model = await this.model(hubId);
		} catch {
			return undefined;
		}
		return tokenPrice(model?.providers?.find((entry) => entry.provider === provider));
	}

	/** The dearest published price among the model's providers: a safe estimate where the provider is unknown. */
	async highestPrice(hubId: string): Promise<TokenPrice | undefined> {
		let model: CatalogueModel | undefined;
		try {
			model = await this.model(hubId);
		} catch {
			return undefined;
		}
		const priced = (model?.providers ?? []).map(tokenPrice).filter((pricing): pricing is TokenPrice => pricing !== undefined);
		if (!priced.length) return undefined;
		return { input: Math.max(...priced.map((p) => p.input)), output: Math.max(...priced.map((p) => p.output)) };
	}

	async mapping(hubId: string): Promise<ProviderMappingEntry[]> {
		let pending = this.mappings.get(hubId);
		if (!pending) {
			const path = `/api/models/${hubId.split('/').map(encodeURIComponent).join('/')}?expand[]=inferenceProviderMapping`;
			pending = this.transport
				.hubJson<{ inferenceProviderMapping?: unknown }>(path)
				.then((answer) => normalizeMapping(answer?.inferenceProviderMapping, hubId));
			this.mappings.set(hubId, pending);
			pending.catch(() => this.mappings.delete(hubId));
		}
		return await pending;
	}
}
