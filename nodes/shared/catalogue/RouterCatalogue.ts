import type { RouterTransport } from '../transport/RouterTransport';

/** One provider of one chat model, as `/v1/models` describes it. Every field but `provider` and `status` may be missing. */
export interface CatalogueProvider {
	provider: string;
	status: string;
	context_length?: number;
	/** USD per million tokens. */
	pricing?: { input?: number; output?: number };
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
}

export interface TokenPrice {
	input: number;
	output: number;
}

/** Normalizes the object form and the newer array form of `inferenceProviderMapping`. */
export function normalizeMapping(raw: unknown): ProviderMappingEntry[] {
	if (Array.isArray(raw)) {
		return raw
			.filter((entry): entry is Record<string, unknown> => !!entry && typeof entry === 'object')
			.map((entry) => ({
				provider: String(entry.provider ?? ''),
				providerId: String(entry.providerId ?? ''),
				status: String(entry.status ?? ''),
				task: String(entry.task ?? ''),
			}))
			.filter((entry) => entry.provider && entry.providerId);
	}
	if (raw && typeof raw === 'object') {
		return Object.entries(raw as Record<string, Record<string, unknown>>)
			.filter(([, entry]) => entry && typeof entry === 'object')
			.map(([provider, entry]) => ({
				provider,
				providerId: String(entry.providerId ?? ''),
				status: String(entry.status ?? ''),
				task: String(entry.task ?? ''),
			}))
			.filter((entry) => entry.providerId);
	}
	return [];
}

/** Cheapest known output price of a model, for the model picker. */
export function cheapestOutputPrice(model: CatalogueModel): number | undefined {
	const prices = (model.providers ?? [])
		.map((provider) => provider.pricing?.output)
		.filter((price): price is number => typeof price === 'number');
	return prices.length ? Math.min(...prices) : undefined;
}

/** Cost of one call in USD, or null where no price is known. */
export function costUsd(price: TokenPrice | undefined, promptTokens: number, completionTokens: number): number | null {
	if (!price) return null;
	return (promptTokens * price.input + completionTokens * price.output) / 1_000_000;
}

/**
 * The router's model catalogue and the Hub's provider mappings, fetched at most once per
 * execution: a run of 1,000 items asks for each only once.
 */
export class RouterCatalogue {
	private modelsPromise?: Promise<CatalogueModel[]>;

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
		const models = await this.models();
		const wanted = hubId.toLowerCase();
		return models.find((model) => model.id.toLowerCase() === wanted);
	}

	/** Price of one provider for one chat model; undefined where unknown (or the catalogue is unreachable). */
	async price(hubId: string, provider: string): Promise<TokenPrice | undefined> {
		let model: CatalogueModel | undefined;
		try {
			model = await this.model(hubId);
		} catch {
			return undefined;
		}
		const pricing = model?.providers?.find((entry) => entry.provider === provider)?.pricing;
		if (typeof pricing?.input !== 'number' || typeof pricing?.output !== 'number') return undefined;
		return { input: pricing.input, output: pricing.output };
	}

	/** The dearest published price among the model's providers: a safe estimate where the provider is unknown. */
	async highestPrice(hubId: string): Promise<TokenPrice | undefined> {
		let model: CatalogueModel | undefined;
		try {
			model = await this.model(hubId);
		} catch {
			return undefined;
		}
		const priced = (model?.providers ?? [])
			.map((entry) => entry.pricing)
			.filter((pricing): pricing is TokenPrice => typeof pricing?.input === 'number' && typeof pricing?.output === 'number');
		if (!priced.length) return undefined;
		return { input: Math.max(...priced.map((p) => p.input)), output: Math.max(...priced.map((p) => p.output)) };
	}

	async mapping(hubId: string): Promise<ProviderMappingEntry[]> {
		let pending = this.mappings.get(hubId);
		if (!pending) {
			const path = `/api/models/${hubId.split('/').map(encodeURIComponent).join('/')}?expand[]=inferenceProviderMapping`;
			pending = this.transport
				.hubJson<{ inferenceProviderMapping?: unknown }>(path)
				.then((answer) => normalizeMapping(answer?.inferenceProviderMapping));
			this.mappings.set(hubId, pending);
			pending.catch(() => this.mappings.delete(hubId));
		}
		return await pending;
	}
}
