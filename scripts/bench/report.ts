/** The bench's report: every figure next to its limit measured in the same run, then the bounds. */
import type { FloorRun } from './floor';
import { exprOf, type Measured } from './measure';
import { log } from './progress';
import {
	CAP,
	CHAT_ITEMS,
	CHAT_LIMIT_MS,
	CPU_ITEMS,
	EMBEDDING_BATCH,
	EMBEDDING_BATCHES,
	EMBEDDING_ITEMS,
	EMBEDDING_NETWORK_LIMIT_MS,
	IMAGE_BYTES,
	IMAGE_ITEMS,
	LATENCY_MS,
	QUOTA_ITEMS,
	REPEAT,
	TARGETS,
} from './settings';

const ms = (value: number | undefined, digits = 0) => (value === undefined ? 'n/a' : `${value.toFixed(digits)} ms`);
const mib = (kb: number | undefined) => (kb === undefined ? 'n/a' : `${(kb / 1024).toFixed(0)} MiB`);
const ratio = (value: number | undefined) => (value === undefined || !Number.isFinite(value) ? 'n/a' : `${value.toFixed(2)}x`);

/** The limit a scenario's node time is held to: the physical one, plus n8n's expression time for embeddings. */
export function limitOf(m: Measured): number | undefined {
	const { key } = m.scenario;
	if (key.startsWith('chat-')) return CHAT_LIMIT_MS;
	if (key.startsWith('embed-')) return EMBEDDING_NETWORK_LIMIT_MS + (exprOf(m) ?? 0);
	// Node time per item against n8n's own time per item for one expression (Edit Fields).
	if (key === 'cpu' || key === 'cpu-template') return exprOf(m);
	return undefined;
}

export function ratioOf(m: Measured): number {
	const limit = limitOf(m);
	return limit ? m.nodeMs / limit : m.nodeMs;
}

function printTable(rows: string[][]): void {
	const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
	rows.forEach((row, index) => {
		log(`  ${row.map((cell, column) => (column >= 2 ? cell.padStart(widths[column]) : cell.padEnd(widths[column]))).join('  ')}`);
		if (index === 0) log(`  ${widths.map((w) => '-'.repeat(w)).join('  ')}`);
	});
}

/** How much n8n's resident memory rose while the node ran (its peak then, over its size at the start). */
export function growthOf(m: Measured | undefined): number | undefined {
	return m?.rssBeforeKb !== undefined && m.rssPeakKb !== undefined ? m.rssPeakKb - m.rssBeforeKb : undefined;
}

/** The young-generation size the memory experiment gives n8n (see README, Performance). */
export const YOUNG_GENERATION = '--max-semi-space-size=4';

export function report(results: Record<string, Measured>, floor?: FloorRun): void {
	const embed = results['embed-ours'];
	const embedExpr = exprOf(embed);

	log('');
	log('Limits (measured in this run)');
	log(`  chat:       ceil(${CHAT_ITEMS} items / cap ${CAP}) x ${LATENCY_MS} ms = ${ms(CHAT_LIMIT_MS)} (physical limit)`);
	log(
		`  embeddings: ceil(${EMBEDDING_BATCHES} batches of ${EMBEDDING_BATCH} / cap ${CAP}) x ${LATENCY_MS} ms = ${ms(EMBEDDING_NETWORK_LIMIT_MS)} (network)` +
			` + n8n's own expression time ${ms(embedExpr)} (Edit Fields, {{ $json.text }} over the same ${EMBEDDING_ITEMS} items, same execution)`,
	);
	log(`  node time per item: n8n's own expression time per item (Edit Fields on the same ${CPU_ITEMS} items, same execution)`);
	log('');

	const rows: string[][] = [['way', 'work', 'node time', 'limit', 'ratio', 'requests', '429s', 'failed', 'peak in flight']];
	for (const [key, m] of Object.entries(results)) {
		if (!key.startsWith('chat-') && !key.startsWith('embed-')) continue;
		const runs = m.ratios && m.ratios.length > 1 ? ` (runs ${m.ratios.map((r) => r.toFixed(2)).join(', ')})` : '';
		rows.push([m.scenario.way, m.scenario.work, ms(m.nodeMs), ms(limitOf(m)), ratio(ratioOf(m)) + runs, String(m.requests), String(m.byStatus['429'] ?? 0), `${m.failed}/${m.scenario.items}`, String(m.maxInFlight)]);
	}
	log("Results, default options (node time = the node's executionTime in n8n's run data)");
	printTable(rows);
	for (const [key, m] of Object.entries(results)) {
		if (m.failed && m.firstError && key !== 'quota') log(`  ${key}: first failure: ${m.firstError.slice(0, 160)}`);
	}
	log('  HTTP Request and OpenAI nodes run with On Error: Continue so that failures are counted; n8n defaults otherwise.');

	const chat = results['chat-ours'];
	if (chat) {
		log('');
		log('Chat, where the time goes (our node, the reported run)');
		log(`  first request ${ms(chat.firstRequestAfterMs)} after the node started; requests span ${ms(chat.requestSpanMs)} = ${ratio((chat.requestSpanMs ?? NaN) / CHAT_LIMIT_MS)} the limit; node ends ${ms(chat.afterLastAnswerMs)} after the last answer`);
		log(`  the emulator's own answer time: ${ms(chat.serviceMs, 1)} on average (${LATENCY_MS} ms latency plus its work)`);
	}
	if (floor) {
		// One call first, doubling per clean answer: rounds of 1, 2, 8, then 8 beside the 429s that halve 32 to 8.
		log(`  the same calls by the node's limiter without n8n (fetch, connections kept alive, no work per answer): ${ms(floor.ms)} = ${ratio(floor.ms / CHAT_LIMIT_MS)} the limit, ${floor.requests} requests (${floor.rateLimited} answered 429)`);
	}
	if (embed) {
		log('');
		log(`Embeddings: ${embed.requests} requests for ${EMBEDDING_ITEMS} texts; first request ${ms(embed.firstRequestAfterMs)} after the node started; Edit Fields ${ms(embed.exprBeforeMs)} before, ${ms(embed.exprAfterMs)} after`);
	}

	const cpu = results.cpu;
	const cpuExpr = exprOf(cpu);
	if (cpu) {
		log('');
		log(`Node time per chat item (chat x${CPU_ITEMS}, emulator latency 0, no cap, default options)`);
		log(`  our node:                      ${(cpu.nodeMs / CPU_ITEMS).toFixed(3)} ms/item (${ms(cpu.nodeMs)} total, ${cpu.requests} requests, ${cpu.failed} failed)`);
		log(`  n8n's own expression (limit):  ${cpuExpr === undefined ? 'n/a' : `${(cpuExpr / CPU_ITEMS).toFixed(3)} ms/item`} (Edit Fields, same items, same execution)`);
		log(`  ratio:                         ${ratio(ratioOf(cpu))}`);
		log(`  n8n process CPU in the node's window: ${cpu.cpuMs === undefined ? 'n/a' : `${(cpu.cpuMs / CPU_ITEMS).toFixed(3)} ms/item`}`);
	}
	const perItem = (m: Measured) => `${(m.nodeMs / CPU_ITEMS).toFixed(3)} ms/item (${m.requests} requests, ${m.failed} failed)`;
	const template = results['cpu-template'];
	if (template) {
		// The message above is a plain read of the item, which the node takes without n8n's expression runtime.
		log(`  our node, message "Question: {{ $json.text }}" (n8n evaluates it): ${perItem(template)} = ${ratio(template.nodeMs / (exprOf(template) ?? NaN))} its Edit Fields`);
	}
	const http = results['cpu-http'];
	if (http) log(`  n8n's HTTP Request node, same work (one expression and one call per item): ${perItem(http)}`);

	const images = results.images;
	const growthKb = growthOf(images);
	if (images) {
		log('');
		log(`Memory: ${IMAGE_ITEMS} images of ${IMAGE_BYTES / 1024 / 1024} MiB (hf-inference, default options, n8n binary data mode filesystem)`);
		log(`  n8n's peak RSS while the node ran ${mib(images.rssPeakKb)}, when it started ${mib(images.rssBeforeKb)}: growth ${mib(growthKb)} = ${ratio((growthKb ?? NaN) / 1024 / TARGETS.imageGrowthMiB)} the ${TARGETS.imageGrowthMiB} MiB bound`);
		log(`  node ${ms(images.nodeMs)}, ${images.requests} requests, ${images.failed} failed, peak in flight ${images.maxInFlight}`);
	}
	const young = results['images-young'];
	if (young) {
		// Each network read is a 64 KiB buffer; once written to disk it is garbage, but V8 frees it only
		// at a garbage collection, which n8n's default young generation (tens of MiB) makes rare.
		log(`  the same pictures, n8n under NODE_OPTIONS=${YOUNG_GENERATION} (an operator's setting: more frequent young-generation GC):`);
		log(`    peak RSS while the node ran ${mib(young.rssPeakKb)}, when it started ${mib(young.rssBeforeKb)}: growth ${mib(growthOf(young))}; node ${ms(young.nodeMs)}`);
	}

	const quota = results.quota;
	if (quota) {
		log('');
		log(`Account without credits: chat x${QUOTA_ITEMS}, default options`);
		log(`  ${quota.requests} inference calls ${JSON.stringify(quota.byStatus)} for ${QUOTA_ITEMS} items; ${quota.quota} on Quota Exhausted; ${quota.sentAfterFirst402 ?? 0} arrived after the first 402 was answered; node ${ms(quota.nodeMs)}`);
	}

	log('');
	log('Bounds (issue 12)');
	const line = (ok: boolean, text: string) => log(`  ${ok ? 'PASS' : 'FAIL'}  ${text}`);
	if (chat) line(ratioOf(chat) <= TARGETS.chatRatio && chat.failed === 0, `chat: ${ratio(ratioOf(chat))} the physical limit (<= ${TARGETS.chatRatio}x), ${chat.failed} failed (= 0)`);
	if (embed) {
		line(embed.requests <= TARGETS.embeddingRequests, `embeddings: ${embed.requests} requests (<= ${TARGETS.embeddingRequests})`);
		line(ratioOf(embed) <= TARGETS.embeddingRatio && embed.failed === 0, `embeddings: ${ratio(ratioOf(embed))} the network limit plus n8n's expression time (<= ${TARGETS.embeddingRatio}x), ${embed.failed} failed`);
	}
	if (cpu) line(ratioOf(cpu) <= TARGETS.cpuRatio && cpu.failed === 0, `node time per chat item: ${ratio(ratioOf(cpu))} n8n's own expression time per item (<= ${TARGETS.cpuRatio}x)`);
	if (images) line(growthKb !== undefined && growthKb / 1024 < TARGETS.imageGrowthMiB && images.failed === 0, `images: peak memory growth ${mib(growthKb)} (< ${TARGETS.imageGrowthMiB} MiB), ${images.failed} failed`);
	if (quota) line(quota.requests <= TARGETS.quotaCalls, `account without credits: ${quota.requests} call(s) for ${QUOTA_ITEMS} items (<= ${TARGETS.quotaCalls})`);
	log(`  (our node's chat, embedding and per-item figures: the median of ${REPEAT} runs (BENCH_REPEAT); a benchmark, not a test: the exit code is 0 either way)`);
}
