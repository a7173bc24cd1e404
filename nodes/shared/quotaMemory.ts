/**
 * What an execution has learnt about an account: that it answered 402 (Payment Required). An AI
 * Agent asks its primary model again on each turn, and n8n runs the Agent (and supplies its
 * sub-nodes afresh) once per tool round, so this lives beside the executions rather than in one
 * supplied model: after one 402, later calls of the same execution and account end at once,
 * without a request, and the fallback model answers them.
 */

import { QuotaExhaustedError } from './transport/errors';
import type { RouterTransport } from './transport/RouterTransport';

/** Executions remembered at once; the oldest is forgotten first. */
const REMEMBERED = 200;

const exhausted = new Map<string, string>();

export interface ExecutionQuota {
	/** The 402 message seen earlier in this execution for this account, or undefined. */
	refusal(): string | undefined;
	remember(message: string): void;
}

/** Which account pays: the credential (by id) and the organization it bills. */
export interface QuotaAccount {
	credentialId: string;
	billTo: string;
}

/**
 * The one 402 memory of the node and both sub-nodes.
 * @param executionId the running execution
 * @param account which account pays
 * @param provider the provider asked, where a 402 is remembered per provider (the main node);
 *   unset: for every call of the account (the sub-nodes)
 */
export function executionQuota(executionId: string, account: QuotaAccount, provider = '*'): ExecutionQuota {
	const key = `${executionId}\u0000${account.credentialId}\u0000${account.billTo}\u0000${provider}`;
	return {
		refusal: () => exhausted.get(key),
		remember(message: string) {
			exhausted.delete(key);
			exhausted.set(key, message);
			while (exhausted.size > REMEMBERED) exhausted.delete(exhausted.keys().next().value as string);
		},
	};
}

/**
 * The transport, asking before each billed attempt (retries included) whether the account has
 * answered 402 in this execution, and recording a 402 the moment it is classified: calls running
 * side by side (a vector store's batches) send nothing more after the first one.
 */
export function guardedByQuota(transport: RouterTransport, quota: ExecutionQuota): RouterTransport {
	return transport.guarded({
		beforeBilledAttempt: () => {
			const exhausted = quota.refusal();
			if (exhausted) throw new QuotaExhaustedError(exhausted, false);
		},
		onQuota: (message) => quota.remember(message),
	});
}
