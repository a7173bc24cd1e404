/**
 * `npm run bench`: times the node inside a real n8n 2.41.1 (the e2e harness) against the router
 * emulator with a fixed latency and a concurrency cap, next to n8n's own HTTP Request and OpenAI
 * nodes doing the same work. Prints figures and whether the documented bounds are met; the exit
 * code is 0 either way (a benchmark, not a test) unless the bench itself cannot run.
 *
 *   npm run bench                          # everything, about 1.5 minutes (the package is built and packed first)
 *   BENCH_JSON=out.json npm run bench      # also write the figures as JSON
 *   BENCH_ONLY=chat-ours,embed-ours        # only these scenarios (chat-ours, chat-http, chat-openai,
 *                                          #   embed-ours, embed-http, cpu, images)
 *   BENCH_REPEAT=3                         # runs of our node's chat and embedding work (median reported)
 *   BENCH_CPU_PROF=/tmp/prof               # also write a V8 CPU profile of each n8n process
 *   BENCH_DEBUG=1                          # print the emulator's request log, relative to the node's start
 */
import { writeFileSync } from 'fs';
import { cpus, loadavg } from 'os';

import { startEmulator, type Emulator, type RecordedRequest } from '../test/emulator';
import {
	CREDENTIAL_TYPE,
	N8N_VERSION,
	createN8nHome,
	ensureN8nInstalled,
	importCredentials,
	type ItemData,
	type N8nHome,
	type TaskData,
	type WorkflowInput,
} from '../test/e2e/n8n';
import { cpuBetween, executeSampled, importWorkflows, rssBefore, type SampledRun } from './bench/runner';
import {
	NAMES,
	NODE_CONCURRENCY,
	chatHttp,
	chatOpenAi,
	chatOurs,
	embeddingHttp,
	embeddingOurs,
	imagesOurs,
	type Credentials,
} from './bench/workflows';

const LATENCY_MS = 50;
const CAP = 8;
const CHAT_ITEMS = 200;
const EMBEDDING_ITEMS = 1000;
const EMBEDDING_BATCH = 32;
const CPU_ITEMS = 1000;
const IMAGE_ITEMS = 50;
const IMAGE_BYTES = 2 * 1024 * 1024;
const TOKEN = 'hf_bench_emulator_token_01';
/** Our node's chat and embedding runs are repeated (median reported): one run on a small machine varies by ±10%. */
const REPEAT = Math.max(1, Number(process.env.BENCH_REPEAT ?? 3) || 1);

const CHAT_LIMIT_MS = (CHAT_ITEMS * LATENCY_MS) / CAP;
const EMBEDDING_BATCHES = Math.ceil(EMBEDDING_ITEMS / EMBEDDING_BATCH);
const EMBEDDING_NETWORK_LIMIT_MS = (EMBEDDING_BATCHES * LATENCY_MS) / CAP;

interface Scenario {
	key: string;
	way: string;
	work: string;
	node: string;
	items: number;
	workflow: WorkflowInput;
	latencyMs: number;
	cap: number | null;
	imageBytes?: number;
	/** Runs of this scenario; the run with the median ratio to the limit is reported. */
	repeat?: number;
}

interface Measured {
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
	firstRequestAfterMs?: number;
	/** From the first inference request's arrival to the last answer sent, at the emulator. */
	requestSpanMs?: number;
	/** From the last answer sent to the end of the node's execution. */
	afterLastAnswerMs?: number;
	/** Mean time the emulator took to answer a successful inference call (its latency plus its own work). */
	serviceMs?: number;
	/** Ratio to the limit of every run of the scenario (when repeated). */
	ratios?: number[];
}

/** Edit Fields' time over the same items: the lower of the two probes (before and after the node). */
function exprOf(m: Measured | undefined): number | undefined {
	const values = [m?.exprBeforeMs, m?.exprAfterMs].filter((v): v is number => typeof v === 'number');
	return values.length ? Math.min(...values) : undefined;
}

function limitOf(m: Measured): number | undefined {
	const { key } = m.scenario;
	if (key.startsWith('chat-')) return CHAT_LIMIT_MS;
	if (key === 'embed-ours') return EMBEDDING_NETWORK_LIMIT_MS + (exprOf(m) ?? 0);
	return undefined;
}

function ratioOf(m: Measured): number {
	const limit = limitOf(m);
	return limit ? m.nodeMs / limit : m.nodeMs;
}

const log = (line = '') => process.stdout.write(`${line}\n`);
const ms = (value: number | undefined, digits = 0) => (value === undefined ? 'n/a' : `${value.toFixed(digits)} ms`);
const mib = (kb: number | undefined) => (kb === undefined ? 'n/a' : `${(kb / 1024).toFixed(0)} MiB`);

function task(runData: Record<string, TaskData[]>, node: string): TaskData | undefined {
	const runs = runData[node];
	return runs?.[runs.length - 1];
}

function outputs(t: TaskData | undefined): ItemData[][] {
	return (t?.data?.main ?? []).map((items) => items ?? []);
}

/** Calls that reached the router's inference gate (the Hub's /api/... and the CDN do not count). */
function inferenceCalls(requests: RecordedRequest[]): RecordedRequest[] {
	return requests.filter((r) => r.listener === 'router' && !r.path.startsWith('/api/'));
}

async function measure(home: N8nHome, emulator: Emulator, scenario: Scenario, workflowId: string): Promise<Measured> {
	emulator.reset();
	emulator.setLatency(scenario.latencyMs);
	emulator.setConcurrencyCap(scenario.cap);
	emulator.setImageBytes(scenario.imageBytes ?? null);
	const profile = process.env.BENCH_CPU_PROF
		? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${process.env.BENCH_CPU_PROF} --cpu-prof-name=${scenario.key}-\${pid}.cpuprofile` }
		: undefined;
	const run = await executeSampled(home, workflowId, { everyMs: 10, env: profile });
	const t = task(run.runData, scenario.node);
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
		firstRequestAfterMs: Number.isFinite(firstArrival) ? performance.timeOrigin + firstArrival - t.startTime : undefined,
		serviceMs,
		requestSpanMs: Number.isFinite(firstArrival) && Number.isFinite(lastAnswer) ? lastAnswer - firstArrival : undefined,
		afterLastAnswerMs: Number.isFinite(lastAnswer) ? nodeEnd - (performance.timeOrigin + lastAnswer) : undefined,
	};
}

function errorText(item: ItemData | undefined): string | undefined {
	const error = item?.json?.error as unknown;
	if (error === undefined) return undefined;
	if (typeof error === 'string') return error;
	return (error as { message?: string }).message ?? JSON.stringify(error).slice(0, 200);
}

function pad(text: string, width: number, right = false): string {
	return right ? text.padStart(width) : text.padEnd(width);
}

async function main(): Promise<void> {
	const started = Date.now();
	log(`n8n-nodes-huggingface-inference benchmark — real n8n ${N8N_VERSION} (n8n execute), router emulator in this process`);
	log(`emulator: latency ${LATENCY_MS} ms per inference call, concurrency cap ${CAP} (429 Too Many Requests above it, no Retry-After)`);
	log(`machine: ${cpus().length} CPUs, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} (other work on the machine slows every figure)`);
	log(`our node runs with options.concurrency = ${NODE_CONCURRENCY} (its default is 4; the cap is ${CAP}); embeddings with the default batchSize ${EMBEDDING_BATCH}`);
	log('');

	log('[bench] checking the n8n install...');
	ensureN8nInstalled({ quiet: true });
	log('[bench] building, packing and installing the package into a fresh n8n home...');
	const home = await createN8nHome();
	const emulator = await startEmulator({ tokens: { [TOKEN]: { credits: 1_000_000 } } });
	try {
		const [hf, header, openAi] = await importCredentials(home, [
			{ name: 'HF emulator', type: CREDENTIAL_TYPE, data: { accessToken: TOKEN, routerUrl: emulator.url, hubUrl: emulator.url, billTo: '' } },
			{ name: 'Bearer emulator', type: 'httpHeaderAuth', data: { name: 'Authorization', value: `Bearer ${TOKEN}` } },
			{ name: 'OpenAI at emulator', type: 'openAiApi', data: { apiKey: TOKEN, organizationId: '', url: `${emulator.url}/v1`, header: false } },
		]);
		const credentials: Credentials = {
			hf: { id: hf.id, name: hf.name },
			header: { id: header.id, name: header.name },
			openAi: { id: openAi.id, name: openAi.name },
		};

		const capped = { latencyMs: LATENCY_MS, cap: CAP };
		const scenarios: Scenario[] = [
			{ key: 'chat-ours', way: 'Hugging Face Inference node', work: `chat x${CHAT_ITEMS}`, node: NAMES.ours, items: CHAT_ITEMS, workflow: chatOurs(CHAT_ITEMS, credentials), ...capped, repeat: REPEAT },
			{ key: 'chat-http', way: 'HTTP Request node (defaults)', work: `chat x${CHAT_ITEMS}`, node: NAMES.http, items: CHAT_ITEMS, workflow: chatHttp(CHAT_ITEMS, emulator.url, credentials), ...capped },
			{ key: 'chat-openai', way: 'OpenAI node v1.8 (Message a Model)', work: `chat x${CHAT_ITEMS}`, node: NAMES.openAi, items: CHAT_ITEMS, workflow: chatOpenAi(CHAT_ITEMS, credentials), ...capped },
			{ key: 'embed-ours', way: 'Hugging Face Inference node', work: `embedding x${EMBEDDING_ITEMS}`, node: NAMES.ours, items: EMBEDDING_ITEMS, workflow: embeddingOurs(EMBEDDING_ITEMS, credentials), ...capped, repeat: REPEAT },
			{ key: 'embed-http', way: 'HTTP Request node (defaults)', work: `embedding x${EMBEDDING_ITEMS}`, node: NAMES.http, items: EMBEDDING_ITEMS, workflow: embeddingHttp(EMBEDDING_ITEMS, emulator.url, credentials), ...capped },
			{ key: 'cpu', way: 'Hugging Face Inference node', work: `chat x${CPU_ITEMS}, latency 0, no cap`, node: NAMES.ours, items: CPU_ITEMS, workflow: chatOurs(CPU_ITEMS, credentials, 'chat cpu'), latencyMs: 0, cap: null },
			{ key: 'images', way: 'Hugging Face Inference node', work: `image x${IMAGE_ITEMS} (2 MiB PNG each)`, node: NAMES.ours, items: IMAGE_ITEMS, workflow: imagesOurs(IMAGE_ITEMS, credentials), ...capped, imageBytes: IMAGE_BYTES },
		];
		const only = process.env.BENCH_ONLY?.split(',').filter(Boolean);
		const selected = only?.length ? scenarios.filter((s) => only.includes(s.key)) : scenarios;
		const ids = await importWorkflows(home, selected.map((s) => s.workflow));

		const results: Record<string, Measured> = {};
		for (const [index, scenario] of selected.entries()) {
			const runs: Measured[] = [];
			for (let attempt = 0; attempt < (scenario.repeat ?? 1); attempt++) {
			log(`[bench] ${scenario.key}: ${scenario.way}, ${scenario.work}${scenario.repeat && scenario.repeat > 1 ? ` (run ${attempt + 1}/${scenario.repeat})` : ''}...`);
			const m = await measure(home, emulator, scenario, ids[index]);
			runs.push(m);
			log(
				`        node ${ms(m.nodeMs)}, n8n execute ${ms(m.run.commandMs)}, ${m.requests} requests ${JSON.stringify(m.byStatus)}, ` +
					`${m.failed} failed, peak in flight ${m.maxInFlight}, first request at +${ms(m.firstRequestAfterMs)}, ` +
					`requests span ${ms(m.requestSpanMs)}, node ends ${ms(m.afterLastAnswerMs)} after the last answer` +
					(m.exprBeforeMs !== undefined ? `, Edit Fields ${ms(m.exprBeforeMs)} / ${ms(m.exprAfterMs)}` : ''),
			);
			}
			const ranked = [...runs].sort((a, b) => ratioOf(a) - ratioOf(b));
			results[scenario.key] = { ...ranked[Math.floor((ranked.length - 1) / 2)], ratios: runs.map(ratioOf) };
		}
		report(results);
		if (process.env.BENCH_JSON) {
			const plain = Object.fromEntries(
				Object.entries(results).map(([key, m]) => {
					const figures: Record<string, unknown> = { ...m, way: m.scenario.way, work: m.scenario.work, commandMs: m.run.commandMs, peakRssKb: m.run.peakRssKb };
					delete figures.run;
					delete figures.scenario;
					return [key, figures];
				}),
			);
			writeFileSync(process.env.BENCH_JSON, JSON.stringify(plain, null, 2));
		}
	} finally {
		await emulator.close();
		home.cleanup();
	}
	log(`\n[bench] done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

function report(results: Record<string, Measured>): void {
	const embedExpr = exprOf(results['embed-ours']);
	const embedLimit = EMBEDDING_NETWORK_LIMIT_MS + (embedExpr ?? 0);

	log('');
	log('Physical limits');
	log(`  chat:       ${CHAT_ITEMS} items x ${LATENCY_MS} ms / cap ${CAP} = ${ms(CHAT_LIMIT_MS)}`);
	log(
		`  embeddings: ceil(${EMBEDDING_ITEMS}/${EMBEDDING_BATCH}) = ${EMBEDDING_BATCHES} batches x ${LATENCY_MS} ms / cap ${CAP} = ${ms(EMBEDDING_NETWORK_LIMIT_MS)}` +
			` + n8n's own expression cost ${ms(embedExpr)} (Edit Fields, {{ $json.text }} over the same ${EMBEDDING_ITEMS} items, same run) = ${ms(embedLimit)}`,
	);
	log('');

	const rows: string[][] = [['way', 'work', 'node time', 'n8n execute', 'requests', '429s', 'failed', 'in flight', 'limit', 'ratio']];
	const rowLimit = (key: string) => (key.startsWith('chat-') ? CHAT_LIMIT_MS : key.startsWith('embed-') ? embedLimit : undefined);
	for (const [key, m] of Object.entries(results)) {
		if (key === 'cpu' || key === 'images') continue;
		const limit = rowLimit(key);
		rows.push([
			m.scenario.way,
			m.scenario.work,
			ms(m.nodeMs),
			`${(m.run.commandMs / 1000).toFixed(1)} s`,
			String(m.requests),
			String(m.byStatus['429'] ?? 0),
			`${m.failed}/${m.scenario.items}`,
			String(m.maxInFlight),
			ms(limit),
			(limit ? `${(m.nodeMs / limit).toFixed(2)}x` : 'n/a') + (m.ratios && m.ratios.length > 1 ? ` (runs: ${m.ratios.map((r) => r.toFixed(2)).join(', ')})` : ''),
		]);
	}
	log('Results (node time = the node\'s executionTime in n8n\'s run data; n8n execute = the whole command, boot included)');
	printTable(rows);
	const openAiMissing = !results['chat-openai'];
	if (!openAiMissing) log('  (OpenAI node v1.8 has no embeddings operation, so it only runs the chat work.)');
	for (const [key, m] of Object.entries(results)) {
		if (m.failed && m.firstError) log(`  ${key}: first failure: ${m.firstError.slice(0, 160)}`);
	}
	log('  HTTP Request and OpenAI nodes run with Settings -> On Error: "Continue" (onError: continueRegularOutput) so the run finishes and failures are counted; no retry, no batching (n8n defaults otherwise).');

	const chatOursRun = results['chat-ours'];
	if (chatOursRun) {
		log('');
		log('Chat, where the time goes (our node, the reported run)');
		log(`  first request ${ms(chatOursRun.firstRequestAfterMs)} after the node started (with On Error: Continue the node sends while it reads later items; under Stop Workflow it reads and checks every item first); Edit Fields over the same items: ${ms(chatOursRun.exprBeforeMs)} / ${ms(chatOursRun.exprAfterMs)}`);
		log(
			`  requests span ${ms(chatOursRun.requestSpanMs)} = ${((chatOursRun.requestSpanMs ?? 0) / CHAT_LIMIT_MS).toFixed(2)}x the limit; ` +
				`the emulator's own answer time is ${ms(chatOursRun.serviceMs, 1)} on average (${LATENCY_MS} ms latency plus its work), ` +
				`so ${CHAT_ITEMS} x ${(chatOursRun.serviceMs ?? LATENCY_MS).toFixed(1)} / ${CAP} = ${ms((CHAT_ITEMS * (chatOursRun.serviceMs ?? LATENCY_MS)) / CAP)} is what the emulator itself allows`,
		);
	}

	const embed = results['embed-ours'];
	if (embed) {
		log('');
		log('Embeddings, node vs n8n expression cost (same execution)');
		log(`  Edit Fields {{ $json.text }} x${EMBEDDING_ITEMS}: before the node ${ms(embed.exprBeforeMs)}, after it ${ms(embed.exprAfterMs)}`);
		log(`  our node: ${ms(embed.nodeMs)} for ${embed.requests} requests; first request ${ms(embed.firstRequestAfterMs)} after the node started`);
		log(
			`  expression + network in series would be ${ms((embedExpr ?? 0) + EMBEDDING_NETWORK_LIMIT_MS)}; ` +
				`the node's time beyond the expression cost: ${ms(embed.nodeMs - (embedExpr ?? 0))} (network alone: ${ms(EMBEDDING_NETWORK_LIMIT_MS)})`,
		);
	}

	const cpu = results.cpu;
	if (cpu) {
		log('');
		log(`CPU cost per item (chat x${CPU_ITEMS}, emulator latency 0, no cap, concurrency ${NODE_CONCURRENCY})`);
		log(`  node executionTime / item:       ${(cpu.nodeMs / CPU_ITEMS).toFixed(3)} ms  (${ms(cpu.nodeMs)} total, ${cpu.requests} requests, ${cpu.failed} failed)`);
		log(`  n8n process CPU in that window:  ${cpu.cpuMs === undefined ? 'n/a' : `${(cpu.cpuMs / CPU_ITEMS).toFixed(3)} ms/item (${ms(cpu.cpuMs)} user+sys, /proc/<pid>/stat)`}`);
		const cpuExpr = exprOf(cpu);
		log(`  of which n8n's own expression evaluation (Edit Fields, same items): ~${cpuExpr === undefined ? 'n/a' : `${(cpuExpr / CPU_ITEMS).toFixed(3)} ms/item`}`);
	}

	const images = results.images;
	if (images) {
		log('');
		log(`Memory: ${IMAGE_ITEMS} images of ${IMAGE_BYTES / 1024 / 1024} MiB (provider hf-inference, concurrency ${NODE_CONCURRENCY}, latency ${LATENCY_MS} ms, cap ${CAP})`);
		log(`  n8n binary data mode: filesystem (N8N_DEFAULT_BINARY_DATA_MODE=filesystem, as the e2e harness sets)`);
		log(`  n8n process peak RSS (VmHWM): ${mib(images.run.peakRssKb)}; RSS when the node started: ${mib(images.rssBeforeKb)}; growth ${mib(images.rssBeforeKb === undefined ? undefined : images.run.peakRssKb - images.rssBeforeKb)}`);
		log(`  node ${ms(images.nodeMs)}, ${images.requests} requests, ${images.failed} failed, ${IMAGE_ITEMS * IMAGE_BYTES / 1024 / 1024} MiB of pictures in total`);
	}

	log('');
	log('Bounds');
	const chat = results['chat-ours'];
	if (chat) {
		const ok = chat.nodeMs <= 1.25 * CHAT_LIMIT_MS && chat.failed === 0;
		log(`  ${ok ? 'PASS' : 'FAIL'}  chat: ${ms(chat.nodeMs)} = ${(chat.nodeMs / CHAT_LIMIT_MS).toFixed(3)}x the limit (<= 1.25x, i.e. <= ${ms(1.25 * CHAT_LIMIT_MS, 1)}) and ${chat.failed} failed items (= 0)`);
	}
	const http = results['chat-http'];
	if (http) log(`  INFO  chat, HTTP Request node under the same cap: ${http.failed}/${http.scenario.items} items failed (${http.byStatus['429'] ?? 0} answers 429), as measured`);
	const oa = results['chat-openai'];
	if (oa) log(`  INFO  chat, OpenAI node under the same cap: ${oa.failed}/${oa.scenario.items} items failed, ${(oa.nodeMs / CHAT_LIMIT_MS).toFixed(2)}x the limit (it sends one item at a time)`);
	if (embed) {
		const fewRequests = embed.requests <= EMBEDDING_BATCHES;
		const fast = embed.nodeMs <= 1.5 * embedLimit;
		log(`  ${fewRequests ? 'PASS' : 'FAIL'}  embeddings: ${EMBEDDING_ITEMS} items in ${embed.requests} requests (<= ${EMBEDDING_BATCHES})`);
		log(`  ${fast && embed.failed === 0 ? 'PASS' : 'FAIL'}  embeddings: ${ms(embed.nodeMs)} = ${(embed.nodeMs / embedLimit).toFixed(3)}x the limit of ${ms(embedLimit)} (<= 1.5x), ${embed.failed} failed`);
	}
	log(`  (our node's chat and embedding figures: the median of ${REPEAT} runs (BENCH_REPEAT); a benchmark, not a test: the exit code is 0 either way)`);
}

function printTable(rows: string[][]): void {
	const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
	const numeric = new Set([2, 3, 4, 5, 6, 7, 8, 9]);
	rows.forEach((row, index) => {
		log(`  ${row.map((cell, column) => pad(cell, widths[column], numeric.has(column))).join('  ')}`);
		if (index === 0) log(`  ${widths.map((w) => '-'.repeat(w)).join('  ')}`);
	});
}

main().catch((error) => {
	process.stderr.write(`[bench] could not run: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
	process.exitCode = 1;
});
