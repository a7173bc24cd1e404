import { createHash } from 'crypto';

import { AccountLimiter } from './limiter';

/**
 * The limiters of the accounts this n8n process calls, one per account and router: module state,
 * so shared by every execution of every workflow and by the sub-nodes (in queue mode each worker
 * process has its own). Bounded: an account idle past its quiet spell is forgotten whenever a new
 * one arrives (it would start probing again anyway), and beyond MAX_ACCOUNTS the oldest goes.
 */
const MAX_ACCOUNTS = 256;

const limiters = new Map<string, AccountLimiter>();

/** Who pays and where: the credential (by id) and the organization it bills, on one router. */
export interface LimiterAccount {
	credentialId: string;
	billTo: string;
	routerUrl: string;
	/** Only hashed, and only where there is no credential id to key by. */
	accessToken: string;
}

/** The key of an account's limiter: never the token in clear. */
export function limiterKey(account: LimiterAccount): string {
	const who = account.credentialId ? `credential:${account.credentialId}` : `token:${createHash('sha256').update(account.accessToken).digest('hex')}`;
	return [account.routerUrl.replace(/\/+$/, ''), who, account.billTo].join('\u0000');
}

/** The process-wide limiter of this account on this router. */
export function accountLimiter(account: LimiterAccount): AccountLimiter {
	const key = limiterKey(account);
	let limiter = limiters.get(key);
	if (!limiter) {
		for (const [other, known] of limiters) if (known.idle) limiters.delete(other);
		// Callers still holding a forgotten limiter keep using it until they end.
		while (limiters.size >= MAX_ACCOUNTS) limiters.delete(limiters.keys().next().value as string);
		limiter = new AccountLimiter();
		limiters.set(key, limiter);
	}
	return limiter;
}

/** How many account limiters the process holds (tests: it stays bounded). */
export function accountLimiterCount(): number {
	return limiters.size;
}

/** Forgets every account (tests: each starts from a fresh process's state). */
export function forgetAccountLimiters(): void {
	limiters.clear();
}
