import type { IDataObject, ISupplyDataFunctions } from 'n8n-workflow';

import { readMaxRetries, readNumber } from './parameters';
import type { ExecutionQuota } from './quotaMemory';
import { openGuardedTransport } from './routerAccess';
import type { RouterTransport } from './transport/RouterTransport';

/**
 * The transport a sub-node supplies its model with: the credential, the Timeout and Max Retries
 * options, and what this execution has learnt about the account (a 402 seen ends later calls
 * without a request). Its billed calls go through the account's limiter shared with every
 * execution in the n8n process (adaptive: the level learnt, a Retry-After hold), at most
 * `maxInFlight` of them at once.
 */
export async function subNodeTransport(
	ctx: ISupplyDataFunctions,
	itemIndex: number,
	options: IDataObject,
	maxInFlight?: number,
): Promise<{ transport: RouterTransport; quota: ExecutionQuota }> {
	return await openGuardedTransport(ctx, {
		timeoutMs: readNumber(ctx, itemIndex, options, 'timeout', 'Timeout', { min: 1, integer: true }) ?? 120_000,
		maxRetries: readMaxRetries(ctx, itemIndex, options),
		shared: { maxInFlight },
	});
}
