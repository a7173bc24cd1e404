/**
 * n8n homes: a throwaway N8N_USER_FOLDER with our package installed, its encryption key, and the
 * environment every n8n command in it runs with (offline, quiet, nothing from ~/.n8n or the shell).
 */
import { randomBytes } from 'crypto';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

import { e2eWorkDir, preparePackage } from './community-package';
import { n8nInstall } from './n8n-install';

export interface N8nHome {
	/** N8N_USER_FOLDER; n8n keeps its state in `<userFolder>/.n8n`. */
	userFolder: string;
	n8nDir: string;
	nodesDir: string;
	encryptionKey: string;
	env: NodeJS.ProcessEnv;
	cleanup(): void;
}

export interface CreateHomeOptions {
	/** Install our package (default true). */
	withPackage?: boolean;
	/** Extra environment for every n8n command in this home. */
	env?: Record<string, string>;
	/** Keep the folder after cleanup() (also: HF_N8N_KEEP_HOME=1). */
	keep?: boolean;
}

/** Environment for headless n8n: offline, quiet, isolated in userFolder. */
export function n8nEnv(userFolder: string, encryptionKey: string, extra: Record<string, string> = {}) {
	const install = n8nInstall();
	const env: NodeJS.ProcessEnv = {};
	// Keep only what a process needs from the parent; no N8N_*/DB_* leaking in from the shell.
	for (const key of ['HOME', 'USER', 'LANG', 'LC_ALL', 'TZ', 'TMPDIR', 'TERM', 'SHELL']) {
		if (process.env[key] !== undefined) env[key] = process.env[key];
	}
	Object.assign(env, {
		PATH: `${install.nodeBinDir}:${process.env.PATH ?? '/usr/bin:/bin'}`,
		npm_config_nodedir: install.nodeDir,
		NODE_ENV: 'production',
		N8N_USER_FOLDER: userFolder,
		N8N_ENCRYPTION_KEY: encryptionKey,
		DB_TYPE: 'sqlite',
		N8N_LOG_LEVEL: 'warn',
		N8N_LOG_OUTPUT: 'console',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
		N8N_VERIFIED_PACKAGES_ENABLED: 'false',
		N8N_COMMUNITY_PACKAGES_PREVENT_LOADING: 'false',
		N8N_REINSTALL_MISSING_PACKAGES: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_SECURE_COOKIE: 'false',
		// Code node: n8n 2.41 always uses task runners; `internal` mode (the default) starts the JS
		// runner as a child process of n8n, which works offline. (n8n also warns, unconditionally,
		// that the Python runner cannot start without its virtualenv; that is harmless.) The task
		// broker gets a free port per process (N8N_RUNNERS_BROKER_PORT), so several n8n processes
		// (tests, `npm start`) can run side by side. Set explicitly, with the task
		// timeout, to keep the values stable across n8n's announced default changes.
		N8N_RUNNERS_MODE: 'internal',
		N8N_RUNNERS_TASK_TIMEOUT: '300',
		// Binary data: n8n's default `filesystem` mode (under <userFolder>/.n8n/storage); run data
		// items carry `binary.<prop>.id`, and ExecutionResult.binary() reads the bytes.
		N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem',
		N8N_BLOCK_ENV_ACCESS_IN_NODE: 'false',
		N8N_SSRF_PROTECTION_ENABLED: 'false',
		EXTERNAL_FRONTEND_HOOKS_URLS: '',
		N8N_AI_ENABLED: 'false',
	});
	Object.assign(env, extra);
	return env;
}

export async function createN8nHome(options: CreateHomeOptions = {}): Promise<N8nHome> {
	const userFolder = mkdtempSync(join(tmpdir(), 'hf-n8n-home-'));
	const n8nDir = join(userFolder, '.n8n');
	const nodesDir = join(n8nDir, 'nodes');
	mkdirSync(nodesDir, { recursive: true });
	if (options.withPackage !== false) {
		cpSync(preparePackage(e2eWorkDir()), nodesDir, { recursive: true });
	}
	const encryptionKey = randomBytes(24).toString('hex');
	const keep = options.keep || process.env.HF_N8N_KEEP_HOME === '1';
	return {
		userFolder,
		n8nDir,
		nodesDir,
		encryptionKey,
		env: n8nEnv(userFolder, encryptionKey, options.env),
		cleanup: () => {
			if (!keep) rmSync(userFolder, { recursive: true, force: true });
		},
	};
}
