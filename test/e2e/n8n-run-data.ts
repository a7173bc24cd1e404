/**
 * Reading a run: the IRun that `n8n execute` prints (or the REST API returns), wrapped to read a
 * node's items per output and run, and binary data read back from n8n's filesystem store.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'fs';
import { join } from 'path';

import type { CommandResult } from './n8n-commands';
import type { N8nHome } from './n8n-home';

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
