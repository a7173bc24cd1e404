/**
 * Drives a real n8n (installed by scripts/install-n8n.sh into a cache folder, run under the
 * Node 24 from that cache) with our package installed the way n8n's community package installer
 * lays it out. Used by the e2e tests and by `npm start`.
 *
 *   const home = await createN8nHome();
 *   await importCredentials(home, [credential]);
 *   const id = await importWorkflow(home, workflow);
 *   const run = await executeWorkflow(home, id);
 *   run.items('Hugging Face Inference')   // items on output 0 of that node
 *
 * Nothing here touches ~/.n8n: every command gets its own N8N_USER_FOLDER and environment.
 */
import { spawn, spawnSync, type ChildProcess } from 'child_process';
import { randomBytes, randomUUID } from 'crypto';
import {
	cpSync,
	existsSync,
	mkdirSync,
	mkdtempSync,
	readFileSync,
	readdirSync,
	rmSync,
	statSync,
	writeFileSync,
} from 'fs';
import { createServer, type AddressInfo } from 'net';
import { tmpdir } from 'os';
import { join } from 'path';

export const PACKAGE_NAME = 'n8n-nodes-huggingface-inference';
export const NODE_TYPE = `${PACKAGE_NAME}.huggingFaceInference`;
export const CREDENTIAL_TYPE = 'huggingFaceInferenceApi';

/** Where the e2e run keeps its packed tarball and the prepared package (set by globalSetup). */
export const E2E_WORK_ENV = 'HF_N8N_E2E_WORK';

// The n8n to run (cached install or the user's own): test/e2e/n8n-install.ts
export * from './n8n-install';
import { REPO_ROOT, n8nInstall } from './n8n-install';

// ---------------------------------------------------------------------------------------------
// Building, packing and preparing our package (once per test run)

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
	// eslint-disable-next-line @typescript-eslint/no-unused-vars
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
 * test run in the e2e work folder and copied into every home.
 */
export function preparePackage(workDir: string): string {
	const nodesTemplate = join(workDir, 'nodes-template');
	const done = join(workDir, 'nodes-template.ok');
	if (existsSync(done)) return nodesTemplate;
	rmSync(nodesTemplate, { recursive: true, force: true });
	mkdirSync(nodesTemplate, { recursive: true });
	const tarball = buildAndPack(join(workDir, 'pack'));
	installPackageInto(nodesTemplate, tarball);
	writeFileSync(done, tarball);
	return nodesTemplate;
}

function e2eWorkDir(): string {
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

// ---------------------------------------------------------------------------------------------
// Homes

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

// ---------------------------------------------------------------------------------------------
// Running n8n commands

export interface CommandResult {
	code: number | null;
	stdout: string;
	stderr: string;
	durationMs: number;
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
	return new Promise((resolvePort, reject) => {
		const server = createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as AddressInfo;
			server.close(() => resolvePort(port));
		});
	});
}

export async function runN8n(
	home: N8nHome,
	args: string[],
	options: { timeoutMs?: number; env?: Record<string, string> } = {},
): Promise<CommandResult> {
	const install = n8nInstall();
	const brokerPort = String(await freePort());
	const started = Date.now();
	return await new Promise((resolvePromise, reject) => {
		const child = spawn(install.nodeBin, [install.n8nBin, ...args], {
			cwd: home.userFolder,
			env: { ...home.env, N8N_RUNNERS_BROKER_PORT: brokerPort, ...options.env },
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let stdout = '';
		let stderr = '';
		child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
		child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
		const timeoutMs = options.timeoutMs ?? 120_000;
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			reject(
				new Error(
					`n8n ${args.join(' ')} timed out after ${timeoutMs} ms\nstdout:\n${stdout.slice(-4000)}\nstderr:\n${stderr.slice(-4000)}`,
				),
			);
		}, timeoutMs);
		child.on('error', (error) => {
			clearTimeout(timer);
			reject(error);
		});
		child.on('close', (code) => {
			clearTimeout(timer);
			resolvePromise({ code, stdout, stderr, durationMs: Date.now() - started });
		});
	});
}

async function runN8nOk(home: N8nHome, args: string[]): Promise<CommandResult> {
	const result = await runN8n(home, args);
	if (result.code !== 0) {
		throw new Error(
			`n8n ${args.join(' ')} exited with ${result.code}\nstdout:\n${result.stdout}\nstderr:\n${result.stderr}`,
		);
	}
	return result;
}

/** n8n ids: 16 characters [0-9a-zA-Z], like n8n's own generator. */
export function newId(): string {
	const alphabet = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
	const bytes = randomBytes(16);
	return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}

export interface CredentialInput {
	id?: string;
	name: string;
	type: string;
	/** Plain (unencrypted) credential data; n8n encrypts it on import. */
	data: Record<string, unknown>;
}

/** Imports credentials (plain data) and returns them with their ids. */
export async function importCredentials(
	home: N8nHome,
	credentials: CredentialInput[],
): Promise<Array<CredentialInput & { id: string }>> {
	const now = new Date().toISOString();
	const withIds = credentials.map((c) => ({ ...c, id: c.id ?? newId() }));
	const file = join(home.userFolder, `credentials-${newId()}.json`);
	writeFileSync(
		file,
		JSON.stringify(withIds.map((c) => ({ createdAt: now, updatedAt: now, ...c }))),
	);
	await runN8nOk(home, ['import:credentials', `--input=${file}`]);
	rmSync(file, { force: true });
	return withIds;
}

export interface WorkflowInput {
	id?: string;
	name?: string;
	nodes: Array<Record<string, unknown>>;
	connections: Record<string, unknown>;
	settings?: Record<string, unknown>;
	[key: string]: unknown;
}

/** Imports one workflow and returns its id. */
export async function importWorkflow(home: N8nHome, workflow: WorkflowInput): Promise<string> {
	const id = workflow.id ?? newId();
	const file = join(home.userFolder, `workflow-${id}.json`);
	const nodes = workflow.nodes.map((node) => ({ id: randomUUID(), ...node }));
	writeFileSync(
		file,
		JSON.stringify({
			name: `e2e ${id}`,
			active: false,
			settings: { executionOrder: 'v1' },
			...workflow,
			nodes,
			id,
		}),
	);
	await runN8nOk(home, ['import:workflow', `--input=${file}`]);
	rmSync(file, { force: true });
	return id;
}

// ---------------------------------------------------------------------------------------------
// Executing

export interface BinaryDataRef {
	data?: string;
	id?: string;
	mimeType: string;
	fileName?: string;
	fileExtension?: string;
	fileSize?: string;
	[key: string]: unknown;
}

export interface ItemData {
	json: Record<string, any>;
	binary?: Record<string, BinaryDataRef>;
	pairedItem?: unknown;
	error?: unknown;
	[key: string]: unknown;
}

export interface TaskData {
	startTime: number;
	executionTime: number;
	executionStatus?: string;
	error?: { message?: string; [key: string]: unknown };
	data?: { main?: Array<ItemData[] | null> };
	[key: string]: unknown;
}

export interface ExecutionResult {
	/** The IRun n8n printed. */
	raw: any;
	status?: string;
	error?: { message?: string; [key: string]: unknown };
	lastNodeExecuted?: string;
	runData: Record<string, TaskData[]>;
	/** Items a node produced on an output in a run (defaults: output 0, the last run). */
	items(nodeName: string, output?: number, runIndex?: number): ItemData[];
	/** All outputs of a node's run. */
	outputs(nodeName: string, runIndex?: number): ItemData[][];
	/** Binary data of an item as a Buffer (inline data or n8n's filesystem store). */
	binary(ref: BinaryDataRef): Buffer;
	command: CommandResult;
}

/**
 * Pulls the IRun out of `n8n execute` output. n8n 2.41 prints the run data through its logger at
 * level info (BaseCommand.log -> logger.info), also for a failed run ("Execution error:" then the
 * JSON), so executeWorkflow runs it with N8N_LOG_LEVEL=info and N8N_LOG_FORMAT=json: one JSON log
 * record per line, and the run data is the `message` of one of them.
 */
export function parseExecuteOutput(stdout: string): any {
	let found: any;
	for (const line of stdout.split('\n')) {
		const text = line.trim();
		if (!text.startsWith('{')) continue;
		let record: any;
		try {
			record = JSON.parse(text);
		} catch {
			continue;
		}
		const candidates = [record, record?.message];
		for (const candidate of candidates) {
			let value = candidate;
			if (typeof value === 'string' && value.trimStart().startsWith('{')) {
				try {
					value = JSON.parse(value);
				} catch {
					continue;
				}
			}
			if (value && typeof value === 'object' && value.data?.resultData) found = value;
		}
	}
	if (found) return found;
	// Plain-text logging: the JSON spans several lines; take the outermost object that parses.
	for (let start = stdout.indexOf('{'); start !== -1; start = stdout.indexOf('\n{', start + 1)) {
		const from = stdout[start] === '\n' ? start + 1 : start;
		let end = stdout.lastIndexOf('}');
		while (end > from) {
			try {
				const value = JSON.parse(stdout.slice(from, end + 1));
				if (value?.data?.resultData) return value;
				break;
			} catch {
				end = stdout.lastIndexOf('}', end - 1);
			}
		}
	}
	throw new Error('no run data in n8n execute output');
}

/** Log records (N8N_LOG_FORMAT=json) at level warn or error, for error messages. */
function logProblems(stdout: string): string {
	return stdout
		.split('\n')
		.map((line) => {
			try {
				const record = JSON.parse(line);
				return ['warn', 'error'].includes(record.level) ? `${record.level}: ${record.message}` : '';
			} catch {
				return line.trim().startsWith('{') ? '' : line;
			}
		})
		.filter(Boolean)
		.join('\n');
}

/** Wraps an IRun (from `n8n execute`, or an execution read over the REST API) for reading items. */
export function executionResult(raw: any, home: N8nHome, command: CommandResult): ExecutionResult {
	const resultData = raw?.data?.resultData ?? {};
	const runData: Record<string, TaskData[]> = resultData.runData ?? {};
	const result: ExecutionResult = {
		raw,
		status: raw?.status,
		error: resultData.error,
		lastNodeExecuted: resultData.lastNodeExecuted,
		runData,
		outputs(nodeName, runIndex) {
			const runs = runData[nodeName];
			if (!runs || runs.length === 0) {
				throw new Error(`node "${nodeName}" did not run; ran: ${Object.keys(runData).join(', ')}`);
			}
			const task = runs[runIndex ?? runs.length - 1];
			if (!task) throw new Error(`node "${nodeName}" has no run ${runIndex}`);
			if (task.error) throw new Error(`node "${nodeName}" failed: ${task.error.message}`);
			return (task.data?.main ?? []).map((items) => items ?? []);
		},
		items(nodeName, output = 0, runIndex) {
			return result.outputs(nodeName, runIndex)[output] ?? [];
		},
		binary(ref) {
			return readBinary(home, ref);
		},
		command,
	};
	return result;
}

export async function executeWorkflow(
	home: N8nHome,
	workflowId: string,
	options: { timeoutMs?: number; allowError?: boolean } = {},
): Promise<ExecutionResult> {
	const command = await runN8n(home, ['execute', `--id=${workflowId}`, '--rawOutput'], {
		timeoutMs: options.timeoutMs,
		env: { N8N_LOG_LEVEL: 'info', N8N_LOG_FORMAT: 'json' },
	});
	let raw: any;
	try {
		raw = parseExecuteOutput(command.stdout);
	} catch (error) {
		throw new Error(
			`n8n execute --id=${workflowId} exited with ${command.code} without run data\n` +
				`${logProblems(command.stdout).slice(-6000)}\nstderr:\n${command.stderr.slice(-6000)}`,
		);
	}
	const result = executionResult(raw, home, command);
	const resultData = raw?.data?.resultData ?? {};
	if ((command.code !== 0 || resultData.error) && !options.allowError) {
		throw new Error(
			`n8n execute --id=${workflowId} failed (exit ${command.code}): ${resultData.error?.message ?? ''}\n` +
				`${JSON.stringify(resultData.error ?? {}, null, 2).slice(0, 4000)}\n` +
				`${logProblems(command.stdout).slice(-4000)}\nstderr:\n${command.stderr.slice(-4000)}`,
		);
	}
	return result;
}

/** Reads binary data from an item: inline base64, or n8n's filesystem binary store. */
export function readBinary(home: N8nHome, ref: BinaryDataRef): Buffer {
	if (ref.id) {
		// `filesystem-v2:workflows/<wf>/executions/<exec>/binary_data/<uuid>` or `filesystem:<file>`
		const [mode, fileId] = ref.id.split(/:(.*)/s, 2);
		if (mode.startsWith('filesystem')) {
			// n8n 2.41 keeps it under <userFolder>/.n8n/storage (older versions: .n8n/binaryData).
			for (const storage of [join(home.n8nDir, 'storage'), join(home.n8nDir, 'binaryData')]) {
				const candidate = join(storage, fileId);
				if (existsSync(candidate)) return readFileSync(candidate);
				const found = findFile(storage, fileId.split('/').pop() ?? fileId);
				if (found) return readFileSync(found);
			}
		}
		throw new Error(`cannot read binary data ${ref.id} (the home may have been cleaned up)`);
	}
	if (typeof ref.data === 'string') return Buffer.from(ref.data, 'base64');
	throw new Error('binary data has neither id nor data');
}

function findFile(dir: string, name: string): string | undefined {
	if (!existsSync(dir)) return undefined;
	for (const entry of readdirSync(dir)) {
		const full = join(dir, entry);
		if (entry === name && statSync(full).isFile()) return full;
		if (statSync(full).isDirectory()) {
			const found = findFile(full, name);
			if (found) return found;
		}
	}
	return undefined;
}

// ---------------------------------------------------------------------------------------------
// Interactive server

export interface RunningN8n {
	url: string;
	process: ChildProcess;
	stop(): Promise<void>;
}

/**
 * Starts `n8n start` on 127.0.0.1:<port> and resolves when /healthz answers.
 * stdio 'inherit' shows n8n's log in the terminal (for `npm start`); 'pipe' keeps it quiet.
 */
export async function startN8n(
	home: N8nHome,
	port: number,
	options: { stdio?: 'inherit' | 'pipe'; timeoutMs?: number; env?: Record<string, string> } = {},
): Promise<RunningN8n> {
	const install = n8nInstall();
	const url = `http://127.0.0.1:${port}`;
	const child = spawn(install.nodeBin, [install.n8nBin, 'start'], {
		cwd: home.userFolder,
		env: {
			...home.env,
			N8N_PORT: String(port),
			N8N_RUNNERS_BROKER_PORT: String(await freePort()),
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_PROTOCOL: 'http',
			N8N_EDITOR_BASE_URL: url,
			WEBHOOK_URL: `${url}/`,
			N8N_LOG_LEVEL: options.stdio === 'inherit' ? 'info' : 'warn',
			...options.env,
		},
		stdio: ['ignore', options.stdio ?? 'pipe', options.stdio ?? 'pipe'],
	});
	let output = '';
	child.stdout?.setEncoding('utf8').on('data', (d: string) => (output = (output + d).slice(-20000)));
	child.stderr?.setEncoding('utf8').on('data', (d: string) => (output = (output + d).slice(-20000)));
	let exited: number | null | undefined;
	child.on('exit', (code) => (exited = code));

	const stop = () =>
		new Promise<void>((done) => {
			if (child.exitCode !== null || child.signalCode !== null) return done();
			const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
			child.once('exit', () => {
				clearTimeout(timer);
				done();
			});
			child.kill('SIGTERM');
		});

	const deadline = Date.now() + (options.timeoutMs ?? 120_000);
	while (Date.now() < deadline) {
		if (exited !== undefined) {
			throw new Error(`n8n start exited with ${exited} before it was ready\n${output}`);
		}
		try {
			const response = await fetch(`${url}/healthz`);
			if (response.ok) return { url, process: child, stop };
		} catch {
			// not listening yet
		}
		await new Promise((r) => setTimeout(r, 250));
	}
	await stop();
	throw new Error(`n8n start did not answer ${url}/healthz in time\n${output}`);
}

// ---------------------------------------------------------------------------------------------
// Node list

export interface ExportedNodeType {
	name: string;
	displayName: string;
	version: number | number[];
	[key: string]: unknown;
}

/** The node types this n8n home knows (`n8n export:nodes`), community packages included. */
export async function exportNodeTypes(home: N8nHome): Promise<ExportedNodeType[]> {
	const file = join(home.userFolder, `nodes-${newId()}.json`);
	await runN8nOk(home, ['export:nodes', `--output=${file}`]);
	const types = JSON.parse(readFileSync(file, 'utf8')) as ExportedNodeType[];
	rmSync(file, { force: true });
	return types;
}
