/**
 * Runs `n8n execute` the way test/e2e/n8n.ts does, but keeps the n8n process id so that its CPU time
 * and memory can be sampled from /proc while it runs.
 */
import { spawn, spawnSync } from 'child_process';
import { randomUUID } from 'crypto';
import { closeSync, openSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { join } from 'path';

import {
	freePort,
	n8nInstall,
	newId,
	parseExecuteOutput,
	runN8n,
	type N8nHome,
	type TaskData,
	type WorkflowInput,
} from '../../test/e2e/n8n';

export interface ProcSample {
	/** Date.now() when taken. */
	at: number;
	/** utime + stime of the n8n process, in ms. */
	cpuMs: number;
	rssKb: number;
	hwmKb: number;
}

export interface SampledRun {
	raw: any;
	status?: string;
	error?: { message?: string };
	runData: Record<string, TaskData[]>;
	/** Wall time of the whole `n8n execute` command (boot included). */
	commandMs: number;
	exitCode: number | null;
	samples: ProcSample[];
	/** Highest VmHWM seen (peak resident set of the n8n process, in KiB). */
	peakRssKb: number;
	stdoutTail: string;
	stderrTail: string;
}

const CLK_TCK = (() => {
	const out = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
	const value = Number(out.stdout?.trim());
	return Number.isFinite(value) && value > 0 ? value : 100;
})();

function sample(pid: number): ProcSample | undefined {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		// Fields after the command name (which may hold spaces) start after the last ')'.
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		const utime = Number(fields[11]);
		const stime = Number(fields[12]);
		const status = readFileSync(`/proc/${pid}/status`, 'utf8');
		const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0);
		return { at: Date.now(), cpuMs: ((utime + stime) * 1000) / CLK_TCK, rssKb: kb('VmRSS'), hwmKb: kb('VmHWM') };
	} catch {
		return undefined;
	}
}

/** `n8n execute --id=<id> --rawOutput`, sampling the process every `everyMs`. */
export async function executeSampled(
	home: N8nHome,
	workflowId: string,
	options: { timeoutMs?: number; everyMs?: number; env?: Record<string, string> } = {},
): Promise<SampledRun> {
	const install = n8nInstall();
	const brokerPort = String(await freePort());
	const started = Date.now();
	const samples: ProcSample[] = [];
	// n8n prints the run data (megabytes for 1,000 embeddings) and exits right away: into a pipe the
	// tail would be lost, into a file Node writes synchronously.
	const outFile = join(home.userFolder, `execute-${newId()}.out`);
	const errFile = join(home.userFolder, `execute-${newId()}.err`);
	const outFd = openSync(outFile, 'w');
	const errFd = openSync(errFile, 'w');
	const code = await new Promise<number | null>((resolve, reject) => {
		const child = spawn(install.nodeBin, [install.n8nBin, 'execute', `--id=${workflowId}`, '--rawOutput'], {
			cwd: home.userFolder,
			env: {
				...home.env,
				N8N_RUNNERS_BROKER_PORT: brokerPort,
				N8N_LOG_LEVEL: 'info',
				N8N_LOG_FORMAT: 'json',
				...options.env,
			},
			stdio: ['ignore', outFd, errFd],
		});
		const poll = setInterval(() => {
			const s = child.pid ? sample(child.pid) : undefined;
			if (s) samples.push(s);
		}, options.everyMs ?? 20);
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			reject(new Error('n8n execute timed out'));
		}, options.timeoutMs ?? 180_000);
		child.on('error', (e) => {
			clearInterval(poll);
			clearTimeout(timer);
			reject(e);
		});
		child.on('exit', () => clearInterval(poll));
		child.on('close', (exitCode) => {
			clearInterval(poll);
			clearTimeout(timer);
			resolve(exitCode);
		});
	}).finally(() => {
		closeSync(outFd);
		closeSync(errFd);
	});
	const stdout = readFileSync(outFile, 'utf8');
	const stderr = readFileSync(errFile, 'utf8');
	rmSync(outFile, { force: true });
	rmSync(errFile, { force: true });
	const commandMs = Date.now() - started;
	let raw: any;
	try {
		raw = parseExecuteOutput(stdout);
	} catch {
		throw new Error(
			`n8n execute --id=${workflowId} exited with ${code} without run data\nstdout:\n${stdout.slice(-4000)}\nstderr:\n${stderr.slice(-4000)}`,
		);
	}
	const resultData = raw?.data?.resultData ?? {};
	return {
		raw,
		status: raw?.status,
		error: resultData.error,
		runData: resultData.runData ?? {},
		commandMs,
		exitCode: code,
		samples,
		peakRssKb: samples.reduce((max, s) => Math.max(max, s.hwmKb), 0),
		stdoutTail: stdout.slice(-2000),
		stderrTail: stderr.slice(-2000),
	};
}

/** CPU ms the process spent between two Date.now() instants, interpolated from the samples. */
export function cpuBetween(samples: ProcSample[], from: number, to: number): number | undefined {
	const at = (t: number): number | undefined => {
		if (!samples.length || t < samples[0].at || t > samples[samples.length - 1].at) return undefined;
		for (let i = 1; i < samples.length; i++) {
			const a = samples[i - 1];
			const b = samples[i];
			if (t <= b.at) return b.at === a.at ? b.cpuMs : a.cpuMs + ((b.cpuMs - a.cpuMs) * (t - a.at)) / (b.at - a.at);
		}
		return undefined;
	};
	const start = at(from);
	const end = at(to);
	return start === undefined || end === undefined ? undefined : end - start;
}

/**
 * The process's peak resident set between two instants: the highest sampled VmRSS in the window,
 * or VmHWM where it rose inside the window (a peak between two samples). VmHWM alone is the
 * process's peak since it started, which an earlier node (a download) may have set.
 */
export function peakRssBetween(samples: ProcSample[], from: number, to: number): number | undefined {
	let hwmBefore = 0;
	let peak: number | undefined;
	for (const s of samples) {
		if (s.at < from) {
			hwmBefore = s.hwmKb;
			continue;
		}
		if (s.at > to) break;
		peak = Math.max(peak ?? 0, s.rssKb, s.hwmKb > hwmBefore ? s.hwmKb : 0);
	}
	return peak;
}

/** The resident set of the process right before `t` (last sample at or before it). */
export function rssBefore(samples: ProcSample[], t: number): number | undefined {
	let found: ProcSample | undefined;
	for (const s of samples) {
		if (s.at > t) break;
		found = s;
	}
	return found?.rssKb;
}

/** Imports several workflows with a single `n8n import:workflow` (one n8n boot instead of one per workflow). */
export async function importWorkflows(home: N8nHome, workflows: WorkflowInput[]): Promise<string[]> {
	const ids = workflows.map((w) => w.id ?? newId());
	const file = join(home.userFolder, `bench-workflows-${newId()}.json`);
	writeFileSync(
		file,
		JSON.stringify(
			workflows.map((workflow, index) => ({
				name: `bench ${workflow.name ?? ids[index]}`,
				active: false,
				settings: { executionOrder: 'v1' },
				...workflow,
				nodes: workflow.nodes.map((node) => ({ id: randomUUID(), ...node })),
				id: ids[index],
			})),
		),
	);
	const result = await runN8n(home, ['import:workflow', `--input=${file}`]);
	rmSync(file, { force: true });
	if (result.code !== 0) {
		throw new Error(`n8n import:workflow exited with ${result.code}\n${result.stdout}\n${result.stderr}`);
	}
	return ids;
}
