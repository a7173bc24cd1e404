import type { IExecuteFunctions } from 'n8n-workflow';

import { RouterCatalogue } from '../../shared/catalogue/RouterCatalogue';
import { executionQuota, type QuotaAccount } from '../../shared/quotaMemory';
import { openRouterTransport } from '../../shared/routerAccess';
import { QuotaExhaustedError } from '../../shared/transport/errors';
import type { RouterTransport } from '../../shared/transport/RouterTransport';

/** Dollars without float noise: 0.000008550000000000001 reads as 0.00000855. */
function usd(value: number): string {
	return String(Number(value.toPrecision(6)));
}

export interface ExecutionSettings {
	timeoutMs: number;
	maxRetries: number;
	/** Calls in flight as the user fixed it; undefined: adaptive (see AccountLimiter). */
	concurrency: number | undefined;
	/** Local spend guard: no call starts once this much has been spent in this execution. */
	maxCostUsd: number | null;
	/** After a 402, send nothing more to the same account and provider in this execution. */
	skipAfterQuota: boolean;
	pollIntervalMs: number;
}

/**
 * Everything that lives for one execution of the node: the transport and its lane of the
 * account's limiter (shared by every execution in the n8n process), the catalogue cache, and
 * what the node has learnt about the account (a 402, the money spent).
 */
export class ExecutionScope {
	readonly catalogue: RouterCatalogue;

	/** What the execution has learnt; shared with the scopes of single units (forUnit). */
	private readonly learnt: {
		spentUsd: number;
		/** Units sent and not yet ended, units ended, and who waits for one to end (spendRoom). */
		unitsInFlight: number;
		unitsEnded: number;
		waitingForAnEnd: Array<() => void>;
	};

	constructor(
		readonly ctx: IExecuteFunctions,
		readonly transport: RouterTransport,
		readonly settings: ExecutionSettings,
		/** Who pays: the key of the execution's 402 memory (shared/quotaMemory), with the provider. */
		private readonly account: QuotaAccount,
		parent?: ExecutionScope,
	) {
		this.catalogue = parent?.catalogue ?? new RouterCatalogue(transport);
		this.learnt = parent?.learnt ?? { spentUsd: 0, unitsInFlight: 0, unitsEnded: 0, waitingForAnEnd: [] };
	}

	static async create(ctx: IExecuteFunctions, settings: ExecutionSettings): Promise<ExecutionScope> {
		const { transport, account } = await openRouterTransport(ctx, {
			timeoutMs: settings.timeoutMs,
			maxRetries: settings.maxRetries,
			// The account's limiter, shared with every execution in this n8n process: the level it
			// learnt and a Retry-After hold carry over; a fixed Concurrency caps this run's calls.
			shared: { fixedLevel: settings.concurrency },
		});
		return new ExecutionScope(ctx, transport, settings, account);
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
		return new ExecutionScope(this.ctx, transport, this.settings, this.account, this);
	}

	get spent(): number {
		return this.learnt.spentUsd;
	}

	addSpend(costUsd: number | null | undefined): void {
		if (typeof costUsd === 'number' && Number.isFinite(costUsd)) this.learnt.spentUsd += costUsd;
	}

	/**
	 * Starts a unit (item or batch). With a spend limit, first waits while the units in flight could
	 * take the spend to the limit: while the cost of none is known yet, then while they would at
	 * the mean cost of those ended. Many calls in flight would otherwise overshoot the limit by as
	 * many calls. End every started unit with endUnit.
	 */
	async startUnit(): Promise<void> {
		const limit = this.settings.maxCostUsd;
		const learnt = this.learnt;
		if (limit !== null) {
			const mayReachLimit = () =>
				learnt.unitsInFlight > 0 && (learnt.unitsEnded === 0 || learnt.spentUsd + (learnt.unitsInFlight * learnt.spentUsd) / learnt.unitsEnded >= limit);
			while (mayReachLimit()) await new Promise<void>((resolve) => learnt.waitingForAnEnd.push(resolve));
		}
		learnt.unitsInFlight++;
	}

	/** `sent`: the unit was sent (its cost counts in the mean), not refused before any call. */
	endUnit(sent: boolean): void {
		this.learnt.unitsInFlight--;
		if (sent) this.learnt.unitsEnded++;
		for (const wake of this.learnt.waitingForAnEnd.splice(0)) wake();
	}

	private quota(provider: string) {
		return executionQuota(this.ctx.getExecutionId(), this.account, provider);
	}

	markExhausted(provider: string, message: string): void {
		this.quota(provider).remember(message);
	}

	/** Why a call to this provider must not start, or undefined when it may. */
	refusal(provider: string): { message: string; local: boolean } | undefined {
		if (this.settings.skipAfterQuota) {
			const message = this.quota(provider).refusal();
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
