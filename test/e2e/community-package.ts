/**
 * Our package as n8n's community package installer lays it out: built, packed into a tarball
 * (dist/ only), extracted into an n8n `nodes` folder with its dependencies installed. Made once
 * per test run, in the e2e work folder, and copied into every home (test/e2e/n8n-home.ts).
 */
import { spawnSync } from 'child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

import { REPO_ROOT, n8nInstall } from './n8n-install';

export const PACKAGE_NAME = 'n8n-nodes-huggingface-inference';
export const NODE_TYPE = `${PACKAGE_NAME}.huggingFaceInference`;
export const CREDENTIAL_TYPE = 'huggingFaceInferenceApi';

/** Where the e2e run keeps its packed tarball and the prepared package (set by globalSetup). */
export const E2E_WORK_ENV = 'HF_N8N_E2E_WORK';

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): string {
	const result = spawnSync(cmd, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
	if (result.status !== 0) {
		throw new Error(
			`${cmd} ${args.join(' ')} (in ${cwd}) failed with exit ${result.status}:\n${result.stdout}\n${result.stderr}`,
		);
	}
	return result.stdout;
}

/** `npm run build` then `npm pack` into outDir; returns the tarball's path. */
export function buildAndPack(outDir: string): string {
	mkdirSync(outDir, { recursive: true });
	// A clean build, so no stale file from an earlier build ends up in the tarball.
	rmSync(join(REPO_ROOT, 'dist'), { recursive: true, force: true });
	run('npm', ['run', 'build'], REPO_ROOT);
	// prepack would build again; the repo's .npmrc has ignore-scripts=true anyway.
	const out = run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', outDir], REPO_ROOT);
	const [info] = JSON.parse(out.slice(out.indexOf('['))) as Array<{
		filename: string;
		files: Array<{ path: string }>;
	}>;
	// The tarball holds dist/ (plus what npm always adds: package.json, README, LICENSE and the
	// `main` file); nothing from the tests or sources.
	const main = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).main as string | undefined;
	const always = /^(package\.json|README(\.md)?|LICEN[CS]E(\.md)?)$/i;
	const stray = info.files.filter(
		(f) => !f.path.startsWith('dist/') && !always.test(f.path) && f.path !== main?.replace(/^\.\//, ''),
	);
	if (stray.length) throw new Error(`npm pack included files outside dist/: ${stray.map((f) => f.path).join(', ')}`);
	return join(outDir, info.filename);
}

/** Environment for npm/node child processes: Node 24 first on PATH, no user nodedir. */
function toolEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
	const install = n8nInstall();
	const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
	env.PATH = `${install.nodeBinDir}:${process.env.PATH ?? ''}`;
	// Under `npm run test:e2e`, npm passes its own state down as npm_* variables; keep only the
	// settings that say how to reach the registry.
	for (const key of Object.keys(env)) {
		if (/^npm_/i.test(key) && !/registry|proxy|cafile|strict_ssl|_auth|token|userconfig|cache$/i.test(key)) {
			delete env[key];
		}
	}
	env.npm_config_nodedir = install.nodeDir;
	env.npm_config_update_notifier = 'false';
	return env;
}

/**
 * Lays the tarball out as n8n's community package installer (CommunityPackagesService.downloadPackage
 * in 2.41) does: extract into `<nodesDir>/node_modules/<name>`, strip dev/peer/optional
 * dependencies from its package.json, `npm install` there with n8n's flags, and record the
 * package in `<nodesDir>/package.json`.
 */
export function installPackageInto(nodesDir: string, tarball: string): string {
	const packageDir = join(nodesDir, 'node_modules', PACKAGE_NAME);
	rmSync(packageDir, { recursive: true, force: true });
	mkdirSync(packageDir, { recursive: true });
	run('tar', ['-xzf', tarball, '-C', packageDir, '--strip-components=1'], nodesDir);
	const pkgPath = join(packageDir, 'package.json');
	const { devDependencies, peerDependencies, optionalDependencies, ...pkg } = JSON.parse(
		readFileSync(pkgPath, 'utf8'),
	);
	writeFileSync(pkgPath, JSON.stringify(pkg, null, 2));
	run(
		'npm',
		[
			'install',
			'--audit=false',
			'--fund=false',
			'--bin-links=false',
			'--install-strategy=shallow',
			'--ignore-scripts=true',
			'--package-lock=false',
			'--omit=dev',
		],
		packageDir,
		toolEnv({ NODE_ENV: 'production' }),
	);
	const nodesPkgPath = join(nodesDir, 'package.json');
	const nodesPkg = existsSync(nodesPkgPath)
		? JSON.parse(readFileSync(nodesPkgPath, 'utf8'))
		: { name: 'installed-nodes', private: true, dependencies: {} };
	nodesPkg.dependencies = { ...nodesPkg.dependencies, [PACKAGE_NAME]: pkg.version };
	writeFileSync(nodesPkgPath, JSON.stringify(nodesPkg, null, 2));
	return packageDir;
}

/**
 * The prepared `.n8n/nodes` folder (package extracted + its dependencies installed), made once per
 * test run in the e2e work folder and copied into every home. From this checkout, built and packed,
 * or from a `tarball` packed elsewhere (`BENCH_TARBALL`: another commit, for an A/B).
 */
export function preparePackage(workDir: string, tarball?: string): string {
	const nodesTemplate = join(workDir, 'nodes-template');
	const done = join(workDir, 'nodes-template.ok');
	if (existsSync(done)) return nodesTemplate;
	rmSync(nodesTemplate, { recursive: true, force: true });
	mkdirSync(nodesTemplate, { recursive: true });
	const packed = tarball ?? buildAndPack(join(workDir, 'pack'));
	installPackageInto(nodesTemplate, packed);
	writeFileSync(done, packed);
	return nodesTemplate;
}

/** The e2e work folder: the globalSetup's, or (outside the e2e tests, e.g. `npm start`) a temporary one. */
export function e2eWorkDir(): string {
	let dir = process.env[E2E_WORK_ENV];
	if (!dir) {
		// Not under the e2e globalSetup (e.g. `npm start`): make our own work folder.
		const created = mkdtempSync(join(tmpdir(), 'hf-n8n-e2e-work-'));
		process.env[E2E_WORK_ENV] = created;
		process.on('exit', () => rmSync(created, { recursive: true, force: true }));
		dir = created;
	}
	return dir;
}
