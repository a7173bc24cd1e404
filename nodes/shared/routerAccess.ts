import type { IExecuteFunctions, ISupplyDataFunctions } from 'n8n-workflow';

import { executionQuota, guardedByQuota, type ExecutionQuota, type QuotaAccount } from './quotaMemory';
import { accountLimiter } from './transport/accountLimiters';
import type { LaneOptions } from './transport/limiter';
import { CREDENTIAL_TYPE, RouterTransport, type HuggingFaceCredentials, type TransportContext, type TransportOptions } from './transport/RouterTransport';

export interface AccessOptions extends TransportOptions {
	/**
	 * Billed calls go through this caller's lane of the account's limiter, shared by every
	 * execution in the n8n process (transport/accountLimiters): the level it learnt and a
	 * Retry-After hold apply to all of them. Unset (the pickers): the transport's own limiter.
	 */
	shared?: LaneOptions;
}

/**
 * The one place a transport is built from the node's credential, for the node, both sub-nodes and
 * the pickers alike, with the account it bills (what the 402 memory is keyed by).
 */
export async function openRouterTransport(ctx: TransportContext, options: AccessOptions): Promise<{ transport: RouterTransport; account: QuotaAccount }> {
	const credentials = (await ctx.getCredentials(CREDENTIAL_TYPE)) as unknown as HuggingFaceCredentials;
	const account: QuotaAccount = { credentialId: ctx.getNode().credentials?.[CREDENTIAL_TYPE]?.id ?? '', billTo: credentials.billTo ?? '' };
	const { shared, ...transportOptions } = options;
	const limiter =
		transportOptions.limiter ??
		(shared
			? accountLimiter({ ...account, routerUrl: credentials.routerUrl || 'https://router.huggingface.co', accessToken: credentials.accessToken ?? '' }).lane(shared)
			: undefined);
	return { transport: new RouterTransport(ctx, credentials, { ...transportOptions, limiter }), account };
}

/**
 * A transport that, before each billed attempt, asks this execution's 402 memory for the account
 * (and provider, where the caller names one), and records a 402 there the moment it is classified.
 */
export async function openGuardedTransport(
	ctx: IExecuteFunctions | ISupplyDataFunctions,
	options: AccessOptions,
	provider?: string,
): Promise<{ transport: RouterTransport; quota: ExecutionQuota }> {
	const { transport, account } = await openRouterTransport(ctx, options);
	const quota = executionQuota(ctx.getExecutionId(), account, provider);
	return { transport: guardedByQuota(transport, quota), quota };
}
