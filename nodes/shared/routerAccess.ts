import type { IExecuteFunctions, ISupplyDataFunctions } from 'n8n-workflow';

import { executionQuota, guardedByQuota, type ExecutionQuota, type QuotaAccount } from './quotaMemory';
import { CREDENTIAL_TYPE, RouterTransport, type HuggingFaceCredentials, type TransportContext, type TransportOptions } from './transport/RouterTransport';

/**
 * The one place a transport is built from the node's credential, for the node, both sub-nodes and
 * the pickers alike, with the account it bills (what the 402 memory is keyed by).
 */
export async function openRouterTransport(ctx: TransportContext, options: TransportOptions): Promise<{ transport: RouterTransport; account: QuotaAccount }> {
	const credentials = (await ctx.getCredentials(CREDENTIAL_TYPE)) as unknown as HuggingFaceCredentials;
	const account: QuotaAccount = { credentialId: ctx.getNode().credentials?.[CREDENTIAL_TYPE]?.id ?? '', billTo: credentials.billTo ?? '' };
	return { transport: new RouterTransport(ctx, credentials, options), account };
}

/**
 * A transport that, before each billed attempt, asks this execution's 402 memory for the account
 * (and provider, where the caller names one), and records a 402 there the moment it is classified.
 */
export async function openGuardedTransport(
	ctx: IExecuteFunctions | ISupplyDataFunctions,
	options: TransportOptions,
	provider?: string,
): Promise<{ transport: RouterTransport; quota: ExecutionQuota }> {
	const { transport, account } = await openRouterTransport(ctx, options);
	const quota = executionQuota(ctx.getExecutionId(), account, provider);
	return { transport: guardedByQuota(transport, quota), quota };
}
