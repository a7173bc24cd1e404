import type { IExecuteFunctions } from 'n8n-workflow';

import { RouterCatalogue } from '../../shared/catalogue/RouterCatalogue';
import { AdaptiveLimiter } from '../../shared/transport/limiter';
import { QuotaExhaustedError } from '../../shared/transport/errors';
import { CREDENTIAL_TYPE, RouterTransport, type HuggingFaceCredentials } from '../../shared/transport/RouterTransport';

/** Dollars without float noise: 0.000008550000000000001 reads as 0.00000855. */
function usd(value: number): string {
	return String(Number(value.toPrecision(6)));
}

export interface ExecutionSettings {
	timeoutMs: number;
	maxRetries: number;
	concurrency: number;
	/** Local spend guard: no call starts once this much has been spent in this execution. */
	maxCostUsd: number | null;
	/** After a 402, send nothing more to the same account and provider in this execution. */
	skipAfterQuota: boolean;
	pollIntervalMs: number;
}

/**
 * Everything that lives for one execution of the node: the transport and its limiter, the
 * catalogue cache, and what the node has learnt about the account (a 402, the money spent).
 */
export class ExecutionScope {
	readonly catalogue: RouterCatalogue;

	/** What the execution has learnt; shared with the scopes of single units (forUnit). */
	private readonly learnt: { exhausted: Map<string, string>; spentUsd: number };

	constructor(
		readonly ctx: IExecuteFunctions,
		readonly transport: RouterTransport,
		readonly settings: ExecutionSettings,
		parent?: ExecutionScope,
	) {
		this.catalogue = parent?.catalogue ?? new RouterCatalogue(transport);
		this.learnt = parent?.learnt ?? { exhausted: new Map(), spentUsd: 0 };
	}

	static async create(ctx: IExecuteFunctions, settings: ExecutionSettings): Promise<ExecutionScope> {
		const credentials = (await ctx.getCredentials(CREDENTIAL_TYPE)) as unknown as HuggingFaceCredentials;
		const transport = new RouterTransport(ctx, credentials, {
			timeoutMs: settings.timeoutMs,
			maxRetries: settings.maxRetries,
			limiter: new AdaptiveLimiter(settings.concurrency),
		});
		return new ExecutionScope(ctx, transport, settings);
	}

	/**
	 * The scope for the calls of one unit (item or batch) asking `provider`: its transport asks
	 * `refusal` again right before every billed attempt, retries included (a 402 seen meanwhile,
	 * the spend limit reached), and records a 402 the moment the transport classifies it, so
	 * that items running side by side stop without sending another request.
	 */
	forUnit(provider: string): ExecutionScope {
		const transport = this.transport.guarded({
			beforeBilledAttempt: () => {
				const refusal = this.refusal(provider);
				if (refusal) throw new QuotaExhaustedError(refusal.message, refusal.local);
			},
			onQuota: (message) => this.markExhausted(provider, message),
		});
		return new ExecutionScope(this.ctx, transport, this.settings, this);
	}

	get spent(): number {
		return this.learnt.spentUsd;
	}

	addSpend(costUsd: number | null | undefined): void {
		if (typeof costUsd === 'number' && Number.isFinite(costUsd)) this.learnt.spentUsd += costUsd;
	}

	private quotaKey(provider: string): string {
		return `${this.transport.account}|${provider}`;
	}

	markExhausted(provider: string, message: string): void {
		this.learnt.exhausted.set(this.quotaKey(provider), message);
	}

	/** Why a call to this provider must not start, or undefined when it may. */
	refusal(provider: string): { message: string; local: boolean } | undefined {
		if (this.settings.skipAfterQuota) {
			const message = this.learnt.exhausted.get(this.quotaKey(provider));
			if (message !== undefined) return { message, local: false };
		}
		const limit = this.settings.maxCostUsd;
		if (limit !== null && this.learnt.spentUsd >= limit) {
			return {
				message: `Local spend limit reached: this execution has spent $${usd(this.learnt.spentUsd)} of its Max Cost per Execution of $${usd(limit)}, so no further request was sent for this item.`,
				local: true,
			};
		}
		return undefined;
	}
}
