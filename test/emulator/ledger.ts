/** Tokens, users, organizations and their credit ledgers (USD). */
import type { TokenSpec } from './types';

export interface Account {
	token: string;
	spec: TokenSpec;
	name: string;
	role: 'read' | 'write' | 'fineGrained';
	permissions: string[];
	orgs: string[];
}

export const INFERENCE_PERMISSION = 'inference.serverless.write';

export class Ledger {
	private readonly accounts = new Map<string, Account>();
	private readonly credits = new Map<string, number>();

	constructor(
		private readonly defaultCredits: number,
		private readonly acceptAnyToken: boolean,
	) {}

	addToken(token: string, spec: TokenSpec = {}): Account {
		const account: Account = {
			token,
			spec,
			name: spec.name ?? 'emulator-user',
			role: spec.role ?? 'read',
			permissions: spec.permissions ?? [],
			orgs: spec.orgs ?? [],
		};
		this.accounts.set(token, account);
		this.credits.set(`t:${token}`, spec.credits ?? this.defaultCredits);
		for (const org of account.orgs) if (!this.credits.has(`o:${org}`)) this.credits.set(`o:${org}`, this.defaultCredits);
		return account;
	}

	/** Known account for a token (auto-created for hf_ tokens when acceptAnyToken). */
	lookup(token: string | undefined): Account | undefined {
		if (!token) return undefined;
		const known = this.accounts.get(token);
		if (known) return known;
		if (this.acceptAnyToken && /^hf_[A-Za-z0-9_-]+$/.test(token)) return this.addToken(token);
		return undefined;
	}

	canCallInference(a: Account): boolean {
		return a.role !== 'fineGrained' || a.permissions.includes(INFERENCE_PERMISSION);
	}

	tokenKey(token: string): string {
		return `t:${token}`;
	}

	orgKey(org: string): string {
		return `o:${org}`;
	}

	private keyFor(tokenOrOrg: string): string {
		if (this.accounts.has(tokenOrOrg)) return `t:${tokenOrOrg}`;
		return `o:${tokenOrOrg}`;
	}

	set(tokenOrOrg: string, usd: number): void {
		this.credits.set(this.keyFor(tokenOrOrg), usd);
	}

	/** Balance of a token, or of an organization (defaultCredits until first set/charged). */
	get(tokenOrOrg: string): number {
		return this.balance(this.keyFor(tokenOrOrg));
	}

	balance(key: string): number {
		return this.credits.get(key) ?? this.defaultCredits;
	}

	charge(key: string, usd: number): void {
		this.credits.set(key, this.balance(key) - usd);
	}

	startingCredits(): number {
		return this.defaultCredits;
	}

	/** Every account and organization back to its starting credits (the offline "month" restarts). */
	refill(): void {
		for (const key of this.credits.keys()) this.credits.set(key, this.defaultCredits);
		for (const account of this.accounts.values()) this.credits.set(this.tokenKey(account.token), account.spec.credits ?? this.defaultCredits);
	}

	/** Balances by account name and organization (tokens never appear). */
	balances(): Array<{ account: string; kind: 'user' | 'organization'; usd: number }> {
		const users = [...this.accounts.values()].map((account) => ({
			account: account.name,
			kind: 'user' as const,
			usd: this.balance(this.tokenKey(account.token)),
		}));
		const orgs = [...this.credits.keys()]
			.filter((key) => key.startsWith('o:'))
			.map((key) => ({ account: key.slice(2), kind: 'organization' as const, usd: this.balance(key) }));
		return [...users, ...orgs];
	}
}
