/**
 * Running n8n commands in a home: any command (`runN8n`), a workflow run in-process with
 * `n8n execute` (its run data read back), and the interactive server `n8n start`. Every process
 * gets a free port for its task broker, so several can run side by side.
 */
import { spawn, type ChildProcess } from 'child_process';
import { createServer, type AddressInfo } from 'net';

import { n8nInstall } from './n8n-install';
import type { N8nHome } from './n8n-home';
import { executionResult, parseExecuteOutput, type ExecutionResult } from './n8n-run-data';

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

/** runN8n, throwing with n8n's output when the command fails. */
export async function runN8nOk(home: N8nHome, args: string[]): Promise<CommandResult> {
	const result = await runN8n(home, args);
	if (result.code !== 0) {
		throw new Error(
			`n8n ${args.join(' ')} exited with ${result.code}\nstdout:\n${result.stdout}\nstderr:\n${result.stderr}`,
		);
	}
	return result;
}

// ---------------------------------------------------------------------------------------------
// A workflow run in-process: `n8n execute`

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

/** Runs a workflow in-process (`n8n execute --id`) and reads its run data; a failed run throws unless allowError. */
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

// ---------------------------------------------------------------------------------------------
// The interactive server: `n8n start`

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
