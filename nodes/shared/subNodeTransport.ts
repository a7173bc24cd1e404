import type { IDataObject, ISupplyDataFunctions } from 'n8n-workflow';

import { readNumber } from './parameters';
import { executionQuota, guardedByQuota, type ExecutionQuota } from './quotaMemory';
import type { AdaptiveLimiter } from './transport/limiter';
import { CREDENTIAL_TYPE, RouterTransport, type HuggingFaceCredentials } from './transport/RouterTransport';

/**
 * The transport a sub-node supplies its model with: the credential, the Timeout and Max Retries
 * options, and what this execution has learnt about the account (a 402 seen ends later calls
 * without a request).
 */
export async function subNodeTransport(
	ctx: ISupplyDataFunctions,
	itemIndex: number,
	options: IDataObject,
	limiter?: AdaptiveLimiter,
): Promise<{ transport: RouterTransport; quota: ExecutionQuota }> {
	const credentials = (await ctx.getCredentials(CREDENTIAL_TYPE)) as unknown as HuggingFaceCredentials;
	const quota = executionQuota(ctx.getExecutionId(), {
		credentialId: ctx.getNode().credentials?.[CREDENTIAL_TYPE]?.id ?? '',
		billTo: credentials.billTo ?? '',
	});
	const transport = new RouterTransport(ctx, credentials, {
		timeoutMs: readNumber(ctx, itemIndex, options, 'timeout', 'Timeout', { min: 1, integer: true }) ?? 120_000,
		maxRetries: readNumber(ctx, itemIndex, options, 'maxRetries', 'Max Retries', { min: 0, max: 10, integer: true }) ?? 2,
		limiter,
	});
	return { transport: guardedByQuota(transport, quota), quota };
}
