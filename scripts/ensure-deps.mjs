#!/usr/bin/env node
/**
 * First step of `npm start`, `npm test` and `npm run evaluate` (inside those scripts: the
 * repository's .npmrc sets ignore-scripts, which also makes npm skip `pre*` scripts). Installs the
 * project's dependencies (`npm ci`) when node_modules is missing or does not match
 * package-lock.json, so that `npm start` and `npm test` work on a fresh clone with nothing run
 * before them. A fast no-op when node_modules matches (as right after the `npm ci` of .ci/run):
 * it reads two JSON files and installs nothing.
 *
 * "Matches" is npm's own record: npm writes node_modules/.package-lock.json (its hidden lockfile)
 * after every install; every package package-lock.json lists must be there at the same version
 * (optional packages for other platforms may be absent).
 *
 * Plain Node, no dependency: it runs before there is any node_modules. While npm works, a progress
 * line every 8 s (packages unpacked so far, elapsed time).
 *
 *   node scripts/ensure-deps.mjs           check, install when needed
 *   node scripts/ensure-deps.mjs --check   only say whether an install is needed (exit 1 if so)
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const log = (message) => process.stdout.write(`[deps] ${message}\n`);

/** Why node_modules needs `npm ci`, or '' when it matches package-lock.json. */
export function whyInstall(root = ROOT) {
	const lockPath = join(root, 'package-lock.json');
	const hiddenPath = join(root, 'node_modules', '.package-lock.json');
	if (!existsSync(join(root, 'node_modules'))) return 'node_modules is missing (a fresh clone)';
	if (!existsSync(hiddenPath)) return 'node_modules has no record of an npm install (node_modules/.package-lock.json)';
	const wanted = JSON.parse(readFileSync(lockPath, 'utf8')).packages ?? {};
	const installed = JSON.parse(readFileSync(hiddenPath, 'utf8')).packages ?? {};
	const missing = [];
	const changed = [];
	for (const [path, entry] of Object.entries(wanted)) {
		if (!path) continue; // the project itself
		const have = installed[path];
		if (!have) {
			if (!entry.optional && !entry.devOptional) missing.push(path.replace(/^.*node_modules\//, ''));
		} else if (have.version !== entry.version) {
			changed.push(`${path.replace(/^.*node_modules\//, '')} ${have.version} -> ${entry.version}`);
		}
	}
	if (missing.length) return `${missing.length} package(s) of package-lock.json are not installed (${missing.slice(0, 3).join(', ')}${missing.length > 3 ? ', ...' : ''})`;
	if (changed.length) return `${changed.length} package(s) differ from package-lock.json (${changed.slice(0, 3).join(', ')}${changed.length > 3 ? ', ...' : ''})`;
	return '';
}

function countInstalled(root) {
	const dir = join(root, 'node_modules');
	try {
		let n = 0;
		for (const name of readdirSync(dir)) {
			if (name.startsWith('.')) continue;
			n += name.startsWith('@') ? readdirSync(join(dir, name)).length : 1;
		}
		return n;
	} catch {
		return 0;
	}
}

function npmCi(root) {
	const total = Object.keys(JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')).packages ?? {}).length - 1;
	const started = Date.now();
	const seconds = () => `${Math.round((Date.now() - started) / 1000)} s`;
	log(`npm ci: installing ${total} packages from package-lock.json (about 1 to 3 minutes; a line every 8 s)...`);
	return new Promise((resolve, reject) => {
		const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
		const child = spawn(npm, ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
		let output = '';
		child.stdout.setEncoding('utf8').on('data', (d) => (output += d));
		child.stderr.setEncoding('utf8').on('data', (d) => (output += d));
		const timer = setInterval(() => {
			const n = countInstalled(root);
			log(`  ... npm ci: ${n ? `${n} top-level packages in node_modules so far` : 'resolving and downloading'}, ${seconds()} elapsed`);
		}, 8_000);
		child.on('error', (error) => {
			clearInterval(timer);
			reject(error);
		});
		child.on('close', (code) => {
			clearInterval(timer);
			if (code === 0) {
				log(`npm ci: done in ${seconds()}`);
				resolve();
			} else {
				reject(new Error(`npm ci exited with ${code}:\n${output.slice(-4000)}`));
			}
		});
	});
}

async function main() {
	const [major, minor] = process.versions.node.split('.').map(Number);
	if (major < 20 || (major === 20 && minor < 15)) {
		throw new Error(`Node ${process.versions.node} is too old: this project needs Node >= 20.15 (n8n itself runs under its own Node 24, installed by npm start)`);
	}
	const why = whyInstall();
	if (process.argv.includes('--check')) {
		log(why ? `an install is needed: ${why}` : 'node_modules matches package-lock.json');
		process.exit(why ? 1 : 0);
	}
	if (!why) return; // silent and fast: nothing to do
	log(`${why}: running npm ci`);
	await npmCi(ROOT);
	const still = whyInstall();
	if (still) throw new Error(`after npm ci, node_modules still does not match package-lock.json: ${still}`);
}

main().catch((error) => {
	process.stderr.write(`[deps] ${error instanceof Error ? error.message : String(error)}\n`);
	process.exit(1);
});
