/** One bench scenario run in a real n8n, and what it measured (from n8n's run data, the emulator and /proc). */
import type { Emulator, RecordedRequest } from '../../test/emulator';
import type { ItemData, N8nHome, TaskData, WorkflowInput } from '../../test/e2e/n8n';
import { log } from './progress';
import { cpuBetween, executeSampled, peakRssBetween, rssBefore, type SampledRun } from './runner';
import { NAMES } from './workflows';

export interface Scenario {
	key: string;
	way: string;
	work: string;
	node: string;
	items: number;
	workflow: WorkflowInput;
	latencyMs: number;
	cap: number | null;
	/** The Retry-After (seconds) the cap's 429s name; none when unset. */
	retryAfterSeconds?: number;
	imageBytes?: number;
	/** Runs of this scenario; the run with the median ratio to the limit is reported. */
	repeat?: number;
	/** Environment for the n8n process of this scenario (an operator's setting, not the node's). */
	n8nEnv?: Record<string, string>;
}

export interface Measured {
	scenario: Scenario;
	run: SampledRun;
	nodeMs: number;
	nodeStart: number;
	exprBeforeMs?: number;
	exprAfterMs?: number;
	requests: number;
	byStatus: Record<string, number>;
	maxInFlight: number;
	succeeded: number;
	failed: number;
	quota: number;
	firstError?: string;
	cpuMs?: number;
	rssBeforeKb?: number;
	/** The n8n process's peak resident set while the node ran. */
	rssPeakKb?: number;
	firstRequestAfterMs?: number;
	/** From the first inference request's arrival to the last answer sent, at the emulator. */
	requestSpanMs?: number;
	/** From the last answer sent to the end of the node's execution. */
	afterLastAnswerMs?: number;
	/** Mean time the emulator took to answer a successful inference call (its latency plus its own work). */
	serviceMs?: number;
	/** Inference calls that arrived after the first 402 was answered (the emulator's clock). */
	sentAfterFirst402?: number;
}

/** Edit Fields' time over the same items: the lower of the two probes (before and after the node). */
export function exprOf(m: Measured | undefined): number | undefined {
	const values = [m?.exprBeforeMs, m?.exprAfterMs].filter((v): v is number => typeof v === 'number');
	return values.length ? Math.min(...values) : undefined;
}

function task(runData: Record<string, TaskData[]>, node: string): TaskData | undefined {
	const runs = runData[node];
	return runs?.[runs.length - 1];
}

function outputs(t: TaskData | undefined): ItemData[][] {
	return (t?.data?.main ?? []).map((items) => items ?? []);
}

/** Calls that reached the router's inference gate (the Hub's /api/..., the catalogue and the CDN do not count). */
function inferenceCalls(requests: RecordedRequest[]): RecordedRequest[] {
	return requests.filter((r) => r.listener === 'router' && !r.path.startsWith('/api/') && !(r.method === 'GET' && r.path === '/v1/models'));
}

function errorText(item: ItemData | undefined): string | undefined {
	const error = item?.json?.error as unknown;
	if (error === undefined) return undefined;
	if (typeof error === 'string') return error;
	return (error as { message?: string }).message ?? JSON.stringify(error).slice(0, 200);
}

export async function measure(home: N8nHome, emulator: Emulator, scenario: Scenario, workflowId: string): Promise<Measured> {
	emulator.reset();
	emulator.setLatency(scenario.latencyMs);
	emulator.setConcurrencyCap(scenario.cap, { retryAfterSeconds: scenario.retryAfterSeconds ?? null });
	emulator.setImageBytes(scenario.imageBytes ?? null);
	const profile = process.env.BENCH_CPU_PROF
		? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${process.env.BENCH_CPU_PROF} --cpu-prof-name=${scenario.key}-\${pid}.cpuprofile` }
		: undefined;
	// BENCH_N8N_ENV=NAME=value,NAME2=value: extra environment for every n8n process (an experiment).
	const extra = Object.fromEntries(
		(process.env.BENCH_N8N_ENV ?? '')
			.split(',')
			.filter((pair) => pair.includes('='))
			.map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
	);
	const run = await executeSampled(home, workflowId, { everyMs: 10, env: { ...scenario.n8nEnv, ...profile, ...extra } });
	const t = task(run.runData, scenario.node);
	if (process.env.BENCH_RSS && t) {
		for (const s of run.samples) if (s.at > t.startTime - 200 && s.at < t.startTime + t.executionTime + 3000) console.log(`RSS ${s.at - t.startTime} ${(s.rssKb / 1024).toFixed(0)} hwm ${(s.hwmKb / 1024).toFixed(0)}`);
	}
	if (!t) {
		throw new Error(
			`${scenario.key}: node "${scenario.node}" did not run (${run.error?.message ?? 'no error'}); ran: ${Object.keys(run.runData).join(', ')}\n${run.stderrTail}`,
		);
	}
	const [success = [], quota = []] = outputs(t);
	const errors = success.filter((item) => item.json?.error !== undefined);
	const failed = t.error ? scenario.items : errors.length + quota.length;
	const calls = inferenceCalls(emulator.requests);
	const byStatus: Record<string, number> = {};
	for (const call of calls) byStatus[call.status] = (byStatus[call.status] ?? 0) + 1;
	const firstArrival = calls.reduce((min, c) => Math.min(min, c.receivedAt ?? Infinity), Infinity);
	const nodeEnd = t.startTime + t.executionTime;
	const served = calls.filter((c) => c.status === 200 && c.receivedAt !== undefined && c.answeredAt !== undefined);
	const serviceMs = served.length ? served.reduce((sum, c) => sum + (c.answeredAt! - c.receivedAt!), 0) / served.length : undefined;
	const lastAnswer = calls.reduce((max, c) => Math.max(max, c.answeredAt ?? -Infinity), -Infinity);
	const first402 = calls.filter((c) => c.status === 402).reduce((min, c) => Math.min(min, c.answeredAt ?? Infinity), Infinity);
	if (process.env.BENCH_DEBUG) {
		const origin = performance.timeOrigin;
		for (const c of emulator.requests) {
			log(`          ${c.method} ${c.path} ${c.status} +${((c.receivedAt ?? 0) + origin - t.startTime).toFixed(1)} .. +${((c.answeredAt ?? 0) + origin - t.startTime).toFixed(1)}`);
		}
	}
	return {
		scenario,
		run,
		nodeMs: t.executionTime,
		nodeStart: t.startTime,
		exprBeforeMs: task(run.runData, NAMES.exprBefore)?.executionTime,
		exprAfterMs: task(run.runData, NAMES.exprAfter)?.executionTime,
		requests: calls.length,
		byStatus,
		maxInFlight: emulator.maxInFlight(),
		succeeded: success.length - errors.length,
		failed,
		quota: quota.length,
		firstError: t.error?.message ?? errorText(errors[0]) ?? errorText(quota[0]),
		cpuMs: cpuBetween(run.samples, t.startTime, nodeEnd),
		rssBeforeKb: rssBefore(run.samples, t.startTime),
		rssPeakKb: peakRssBetween(run.samples, t.startTime, nodeEnd),
		firstRequestAfterMs: Number.isFinite(firstArrival) ? performance.timeOrigin + firstArrival - t.startTime : undefined,
		serviceMs,
		requestSpanMs: Number.isFinite(firstArrival) && Number.isFinite(lastAnswer) ? lastAnswer - firstArrival : undefined,
		afterLastAnswerMs: Number.isFinite(lastAnswer) ? nodeEnd - (performance.timeOrigin + lastAnswer) : undefined,
		sentAfterFirst402: Number.isFinite(first402) ? calls.filter((c) => (c.receivedAt ?? -Infinity) > first402).length : undefined,
	};
}
