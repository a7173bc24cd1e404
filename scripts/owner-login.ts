/**
 * The owner account of `npm start`'s n8n: a random password made on the first start, kept in the
 * n8n home (owner-login.json, mode 600, beside n8n's own files), printed once then, and shown again
 * by `npm run login` (or `npm start -- --show-login`). Nothing about it is in the repository.
 * HF_N8N_OWNER_EMAIL / HF_N8N_OWNER_PASSWORD choose them instead (then kept in the same file).
 */
import { randomBytes } from 'crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';

import type { Owner } from '../test/e2e/n8n-server';

export const DEFAULT_OWNER_EMAIL = 'owner@example.com';

export interface OwnerLogin extends Owner {
	/** Where it is kept (mode 600). */
	file: string;
	/** Made (or changed from the environment) by this call: print the password this time. */
	created: boolean;
}

export const loginFile = (userFolder: string) => join(userFolder, 'owner-login.json');

export function readOwnerLogin(userFolder: string): OwnerLogin | undefined {
	const file = loginFile(userFolder);
	if (!existsSync(file)) return undefined;
	try {
		const { email, password } = JSON.parse(readFileSync(file, 'utf8')) as Owner;
		return typeof email === 'string' && typeof password === 'string' ? { email, password, file, created: false } : undefined;
	} catch {
		return undefined;
	}
}

/** The home's owner login; made on first use (a random password), or taken from the environment. */
export function ownerLogin(userFolder: string, env: NodeJS.ProcessEnv = process.env): OwnerLogin {
	const file = loginFile(userFolder);
	const stored = readOwnerLogin(userFolder);
	const email = env.HF_N8N_OWNER_EMAIL?.trim() || stored?.email || DEFAULT_OWNER_EMAIL;
	const password = env.HF_N8N_OWNER_PASSWORD || stored?.password || randomBytes(18).toString('base64url');
	const created = !stored || stored.email !== email || stored.password !== password;
	if (created) writeFileSync(file, `${JSON.stringify({ email, password }, null, 2)}\n`, { mode: 0o600 });
	chmodSync(file, 0o600);
	return { email, password, file, created };
}
