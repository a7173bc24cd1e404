/**
 * `npm start` and `npm run evaluate` keep n8n's own safety settings at n8n's defaults, and the
 * n8n home private. The e2e tests' environment (test/e2e/n8n-home.ts) relaxes a few settings for
 * throwaway homes; a home a person uses gets them back. docs/security.md says what and why.
 */
import { chmodSync, existsSync, readdirSync, statSync } from 'fs';
import { join } from 'path';

/**
 * Settings the test environment sets away from n8n 2.41's defaults, restored here by leaving them
 * unset: `$env` in expressions stays blocked, the session cookie is Secure (browsers accept it on
 * http://localhost), and n8n keeps its settings file at mode 600 itself. No feature of the
 * templates needs any of them relaxed.
 */
const RELAXED_FOR_TESTS = ['N8N_BLOCK_ENV_ACCESS_IN_NODE', 'N8N_SECURE_COOKIE', 'N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS', 'N8N_SSRF_PROTECTION_ENABLED'];

export function withN8nSafetyDefaults(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
	const safe = { ...env };
	for (const key of RELAXED_FOR_TESTS) delete safe[key];
	return safe;
}

/**
 * Files made from now on by this process and its children (n8n, its database) are private
 * (umask 077), and what an older start left readable is made private: the home and `.n8n` 700,
 * their files (n8n's config with the encryption key, the SQLite database, the owner login) 600.
 */
export function lockDownHome(userFolder: string): void {
	process.umask(0o077);
	const n8nDir = join(userFolder, '.n8n');
	for (const dir of [userFolder, n8nDir]) if (existsSync(dir)) chmodSync(dir, 0o700);
	for (const dir of [userFolder, n8nDir]) {
		if (!existsSync(dir)) continue;
		for (const name of readdirSync(dir)) {
			const path = join(dir, name);
			if (statSync(path).isFile()) chmodSync(path, 0o600);
		}
	}
}

/** `ls -l`-style modes of the home's files, for the transcript in docs/first-run. */
export function homeModes(userFolder: string): string[] {
	const n8nDir = join(userFolder, '.n8n');
	const paths = [userFolder, n8nDir, ...[userFolder, n8nDir].flatMap((dir) => (existsSync(dir) ? readdirSync(dir).map((n) => join(dir, n)) : []))];
	return [...new Set(paths)]
		.filter((path) => existsSync(path) && (statSync(path).isFile() || path === userFolder || path === n8nDir))
		.map((path) => `${(statSync(path).mode & 0o777).toString(8).padStart(3, '0')}  ${path}`);
}
