/**
 * The bench's report: every chat figure as a ratio to the floor node measured in the same run
 * (scripts/bench/floor-node), next to the physical limit; embeddings against the network limit
 * plus n8n's own expression time; memory for 200 pictures against 50; then the bounds of issue 24.
 */
import { exprOf, type Measured } from './measure';
import { log } from './progress';
import {
	CAP,
	CHAT_ITEMS,
	CHAT_LIMIT_MS,
	CPU_FLOOR_CAP,
	CPU_ITEMS,
	EMBEDDING_BATCHES,
	EMBEDDING_ITEMS,
	EMBEDDING_NETWORK_LIMIT_MS,
	IMAGE_BYTES,
	IMAGE_ITEMS,
	IMAGE_ITEMS_MORE,
	LATENCY_MS,
	QUOTA_ITEMS,
	REPEAT,
	RETRY_AFTER_S,
	TARGETS,
	WEBHOOK_EXECUTIONS,
	WEBHOOK_ITEMS,
} from './settings';
import type { WebhookResult, WebhookRun } from './webhook';

const ms = (value: number | undefined, digits = 0) => (value === undefined || !Number.isFinite(value) ? 'n/a' : `${value.toFixed(digits)} ms`);
const mib = (kb: number | undefined) => (kb === undefined ? 'n/a' : `${(kb / 1024).toFixed(0)} MiB`);
const x = (value: number | undefined) => (value === undefined || !Number.isFinite(value) ? 'n/a' : `${value.toFixed(2)}x`);
const list = (values: Array<number | undefined>, format: (v: number | undefined) => string) => values.map((value) => format(value)).join(', ');

export function median(values: number[]): number | undefined {
	if (!values.length) return undefined;
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** How much n8n's resident memory rose while the node ran (its peak then, over its size at the start). */
export function growthOf(m: Measured | undefined): number | undefined {
	return m?.rssBeforeKb !== undefined && m.rssPeakKb !== undefined ? m.rssPeakKb - m.rssBeforeKb : undefined;
}

/** The young-generation size the memory experiment gives n8n (docs/performance.md). */
export const YOUNG_GENERATION = '--max-semi-space-size=4';

/** The run whose `metric` is the median of the runs (the lower middle one for an even count). */
export function medianRun(runs: Measured[] | undefined, metric: (m: Measured) => number | undefined = (m) => m.nodeMs): Measured | undefined {
	if (!runs?.length) return undefined;
	const ranked = [...runs].sort((a, b) => (metric(a) ?? Infinity) - (metric(b) ?? Infinity));
	return ranked[Math.floor((ranked.length - 1) / 2)];
}

const times = (runs: Measured[] | undefined) => (runs ?? []).map((m) => m.nodeMs);
const rateLimited = (m: Measured | undefined) => m?.byStatus['429'] ?? 0;
const failedOf = (runs: Measured[] | undefined) => Math.max(0, ...(runs ?? []).map((m) => m.failed));

function table(rows: string[][]): void {
	log(`| ${rows[0].join(' | ')} |`);
	log(`|${rows[0].map(() => '---').join('|')}|`);
	for (const row of rows.slice(1)) log(`| ${row.join(' | ')} |`);
}

export interface Figures {
	floorMs?: number;
	chatMs?: number;
	chatVsFloor?: number;
	raMs?: number;
	raVsFloor?: number;
	cpuVsFloor?: number;
	webhookVsOne?: number;
	embedRatio?: number;
	growth50Kb?: number;
	growth200Kb?: number;
}

export function report(results: Record<string, Measured[]>, webhook?: WebhookResult): Figures {
	const floor = median(times(results['chat-floor']));
	const chat = median(times(results['chat-ours']));
	const ra = median(times(results['chat-ours-ra']));
	const holdMs = RETRY_AFTER_S * 1000;
	const cpuFloor = median(times(results['cpu-floor']));
	const cpu = median(times(results.cpu));
	const embedRuns = results['embed-ours'];
	const embed = medianRun(embedRuns, (m) => m.nodeMs / (EMBEDDING_NETWORK_LIMIT_MS + (exprOf(m) ?? 0)));
	const embedLimit = embed ? EMBEDDING_NETWORK_LIMIT_MS + (exprOf(embed) ?? 0) : undefined;
	const images = medianRun(results.images, growthOf);
	const more = medianRun(results['images-200'], growthOf);
	const quota = results.quota?.[0];
	const one = webhook ? median(webhook.one.map((r) => r.ms)) : undefined;
	const together = webhook ? median(webhook.together.map((r) => r.ms)) : undefined;
	const figures: Figures = {
		floorMs: floor,
		chatMs: chat,
		chatVsFloor: chat !== undefined && floor ? chat / floor : undefined,
		raMs: ra,
		raVsFloor: ra !== undefined && floor ? ra / (floor + holdMs) : undefined,
		cpuVsFloor: cpu !== undefined && cpuFloor ? cpu / cpuFloor : undefined,
		webhookVsOne: together !== undefined && one ? together / one : undefined,
		embedRatio: embed && embedLimit ? embed.nodeMs / embedLimit : undefined,
		growth50Kb: growthOf(images),
		growth200Kb: growthOf(more),
	};
	// Per-run ratios pair the k-th run of a row with the k-th floor run (the runs alternate).
	const perRun = (runs: Measured[] | undefined, extraMs = 0) =>
		(runs ?? []).map((m, k) => {
			const f = results['chat-floor']?.[k]?.nodeMs;
			return f ? m.nodeMs / (f + extraMs) : undefined;
		});

	log('');
	log(`Reference points, measured in this run (medians of ${REPEAT}; every n8n figure is the node's executionTime in n8n's run data)`);
	log(`  physical limit, ${CHAT_ITEMS} chat items: ceil(${CHAT_ITEMS} / cap ${CAP}) x ${LATENCY_MS} ms = ${ms(CHAT_LIMIT_MS)}`);
	log(`  floor node, ${CHAT_ITEMS} chat items at cap ${CAP} (known in advance, never a 429): ${ms(floor)} (runs ${list(times(results['chat-floor']), ms)}) = ${x(floor && floor / CHAT_LIMIT_MS)} the physical limit`);
	log(`  floor node + one hold of ${RETRY_AFTER_S} s: ${ms(floor && floor + holdMs)}`);
	log(`  floor node, ${CPU_ITEMS} chat items at latency 0 (${CPU_FLOOR_CAP} in flight): ${cpuFloor === undefined ? 'n/a' : `${(cpuFloor / CPU_ITEMS).toFixed(3)} ms/item`}`);
	log('');
	const rows: string[][] = [['work (default options)', 'reference, same run', 'this node', 'ratio', 'x physical limit', 'requests (429s)', 'failed']];
	const chatRuns = results['chat-ours'];
	if (chatRuns) {
		const m = medianRun(chatRuns);
		rows.push([`${CHAT_ITEMS} chat items, cap ${CAP}, 429 without Retry-After`, `floor node ${ms(floor)}`, ms(chat), `${x(figures.chatVsFloor)} the floor (runs ${list(perRun(chatRuns), x)})`, x(chat && chat / CHAT_LIMIT_MS), `${m?.requests} (${rateLimited(m)})`, String(failedOf(chatRuns))]);
	}
	const raRuns = results['chat-ours-ra'];
	if (raRuns) {
		const m = medianRun(raRuns);
		rows.push([`the same, Retry-After: ${RETRY_AFTER_S} on the cap's 429s`, `floor node + one hold ${ms(floor && floor + holdMs)}`, ms(ra), `${x(figures.raVsFloor)} (runs ${list(perRun(raRuns, holdMs), x)})`, x(ra && ra / CHAT_LIMIT_MS), `${m?.requests} (${rateLimited(m)})`, String(failedOf(raRuns))]);
	}
	const cpuRuns = results.cpu;
	if (cpuRuns) {
		const perItem = (value: number | undefined) => (value === undefined ? 'n/a' : `${(value / CPU_ITEMS).toFixed(3)} ms`);
		const pairs = cpuRuns.map((m, k) => (results['cpu-floor']?.[k] ? m.nodeMs / results['cpu-floor'][k].nodeMs : undefined));
		rows.push([`node time per chat item, latency 0 (${CPU_ITEMS} items)`, `floor node ${perItem(cpuFloor)}`, perItem(cpu), `${x(figures.cpuVsFloor)} the floor (runs ${list(pairs, x)})`, '', String(medianRun(cpuRuns)?.requests ?? 'n/a'), String(failedOf(cpuRuns))]);
	}
	if (webhook) {
		const oneRun = webhook.one[0];
		const togetherRuns = webhook.together;
		const worst429 = Math.max(...togetherRuns.map((r) => r.rateLimited));
		rows.push([
			`${WEBHOOK_EXECUTIONS} webhook executions of ${WEBHOOK_ITEMS} chat items fired together (n8n start, one account, cap ${CAP})`,
			`one execution of ${WEBHOOK_EXECUTIONS * WEBHOOK_ITEMS}: ${ms(one)}, ${oneRun ? `${Math.max(...webhook.one.map((r) => r.rateLimited))} 429s at most` : ''}`,
			`last answer ${ms(together)}`,
			`${x(figures.webhookVsOne)} the one (runs ${list(togetherRuns.map((r, k) => (webhook.one[k] ? r.ms / webhook.one[k].ms : undefined)), x)})`,
			x(together && together / CHAT_LIMIT_MS),
			`${togetherRuns.map((r) => r.requests).join('/')} (${worst429} at most)`,
			String(Math.max(...togetherRuns.map((r) => WEBHOOK_EXECUTIONS * WEBHOOK_ITEMS - r.answered))),
		]);
	}
	if (embed) {
		rows.push([
			`${EMBEDDING_ITEMS} embeddings (batches of 32)`,
			`limit ${ms(embedLimit)} (network ${ms(EMBEDDING_NETWORK_LIMIT_MS)} + n8n's expressions ${ms(exprOf(embed))})`,
			ms(embed.nodeMs),
			`${x(figures.embedRatio)} the limit (runs ${list((embedRuns ?? []).map((m) => m.nodeMs / (EMBEDDING_NETWORK_LIMIT_MS + (exprOf(m) ?? 0))), x)})`,
			'',
			`${embed.byStatus['200'] ?? 0} answered (${rateLimited(embed)})`,
			String(failedOf(embedRuns)),
		]);
	}
	if (images || more) {
		const growth = (runs: Measured[] | undefined) => list((runs ?? []).map(growthOf), mib);
		rows.push([
			`pictures of ${IMAGE_BYTES / 1024 / 1024} MiB: memory growth while the node runs`,
			`${IMAGE_ITEMS} pictures: ${mib(figures.growth50Kb)} (runs ${growth(results.images)})`,
			`${IMAGE_ITEMS_MORE} pictures: ${mib(figures.growth200Kb)} (runs ${growth(results['images-200'])})`,
			`${x(figures.growth200Kb !== undefined && figures.growth50Kb ? figures.growth200Kb / figures.growth50Kb : undefined)} the growth for ${IMAGE_ITEMS}`,
			'',
			`${images?.requests ?? 'n/a'} (${rateLimited(images)}) / ${more?.requests ?? 'n/a'} (${rateLimited(more)})`,
			`${failedOf(results.images)} / ${failedOf(results['images-200'])}`,
		]);
	}
	if (quota) rows.push([`account without credits, ${QUOTA_ITEMS} chat items`, '1 call', `${quota.requests} call(s)`, '', '', `${quota.requests} (${rateLimited(quota)})`, `${quota.quota} on Quota Exhausted`]);
	const http = results['chat-http']?.[0];
	if (http) rows.push([`n8n's HTTP Request node, ${CHAT_ITEMS} chat items (reference)`, `floor node ${ms(floor)}`, ms(http.nodeMs), `${x(floor && http.nodeMs / floor)} the floor`, x(http.nodeMs / CHAT_LIMIT_MS), `${http.requests} (${rateLimited(http)})`, `${http.failed} (429)`]);
	for (const [key, label] of [['chat-openai', 'OpenAI node v1.8'], ['embed-http', "n8n's HTTP Request node, embeddings one item per request"], ['cpu-http', "n8n's HTTP Request node, latency 0"], ['cpu-template', 'this node, message "Question: {{ $json.text }}", latency 0'], ['images-young', `this node, ${IMAGE_ITEMS} pictures, n8n under NODE_OPTIONS=${YOUNG_GENERATION}`]] as const) {
		const m = results[key]?.[0];
		if (!m) continue;
		const growth = key === 'images-young' ? `growth ${mib(growthOf(m))}` : ms(m.nodeMs);
		rows.push([`${label} (reference)`, '', growth, '', '', `${m.requests} (${rateLimited(m)})`, String(m.failed)]);
	}
	log('Results');
	table(rows);
	for (const [key, runs] of Object.entries(results)) {
		const m = runs.find((run) => run.failed && run.firstError);
		if (m && key !== 'quota' && !key.endsWith('-http')) log(`  ${key}: first failure: ${m.firstError!.slice(0, 160)}`);
	}

	const chatMedian = medianRun(chatRuns);
	if (chatMedian) {
		log('');
		log(`Chat, where the time goes (this node, the median run): first request ${ms(chatMedian.firstRequestAfterMs)} after the node started; requests span ${ms(chatMedian.requestSpanMs)}; node ends ${ms(chatMedian.afterLastAnswerMs)} after the last answer; the emulator's own answer time ${ms(chatMedian.serviceMs, 1)}`);
	}

	log('');
	log('Bounds (issue 24)');
	const line = (ok: boolean, text: string) => log(`  ${ok ? 'PASS' : 'FAIL'}  ${text}`);
	if (figures.chatVsFloor !== undefined) line(figures.chatVsFloor <= TARGETS.chatVsFloor && failedOf(chatRuns) === 0, `chat, 429 without Retry-After: ${x(figures.chatVsFloor)} the floor node (<= ${TARGETS.chatVsFloor}x), ${failedOf(chatRuns)} failed`);
	if (figures.raVsFloor !== undefined) line(figures.raVsFloor <= TARGETS.chatRetryAfterVsFloor && failedOf(raRuns) === 0, `chat, Retry-After: ${RETRY_AFTER_S}: ${x(figures.raVsFloor)} the floor node + one hold (<= ${TARGETS.chatRetryAfterVsFloor}x), ${failedOf(raRuns)} failed`);
	if (figures.cpuVsFloor !== undefined) line(figures.cpuVsFloor <= TARGETS.cpuVsFloor && failedOf(cpuRuns) === 0, `node time per item at latency 0: ${x(figures.cpuVsFloor)} the floor node's (<= ${TARGETS.cpuVsFloor}x)`);
	if (webhook && figures.webhookVsOne !== undefined) {
		const all = webhook.together.every((r: WebhookRun) => r.answered === WEBHOOK_EXECUTIONS * WEBHOOK_ITEMS);
		const fewer429 = webhook.together.every((r, k) => r.rateLimited <= (webhook.one[k]?.rateLimited ?? Infinity));
		line(all && figures.webhookVsOne <= TARGETS.webhookVsOne && fewer429, `webhook executions fired together: all answered ${all}; last ends at ${x(figures.webhookVsOne)} one execution of all their items (<= ${TARGETS.webhookVsOne}x); 429s no more than that one's in every run: ${fewer429}`);
	}
	if (embed && figures.embedRatio !== undefined) {
		const answered = embed.byStatus['200'] ?? 0;
		line(figures.embedRatio <= TARGETS.embeddingRatio && answered <= TARGETS.embeddingAnswered && failedOf(embedRuns) === 0, `embeddings: ${x(figures.embedRatio)} the network limit plus n8n's expression time (<= ${TARGETS.embeddingRatio}x), ${answered} answered requests (<= ${TARGETS.embeddingAnswered}; ${rateLimited(embed)} more answered 429)`);
	}
	if (figures.growth50Kb !== undefined && figures.growth200Kb !== undefined) {
		const ratio = figures.growth200Kb / Math.max(1, figures.growth50Kb);
		line(ratio <= TARGETS.imageGrowthRatio, `memory: growth ${mib(figures.growth200Kb)} for ${IMAGE_ITEMS_MORE} pictures, ${mib(figures.growth50Kb)} for ${IMAGE_ITEMS}: ${x(ratio)} (<= ${TARGETS.imageGrowthRatio}x)`);
	}
	if (quota) line(quota.requests <= TARGETS.quotaCalls, `account without credits: ${quota.requests} call(s) for ${QUOTA_ITEMS} items (<= ${TARGETS.quotaCalls})`);
	log(`  (medians of ${REPEAT} runs (BENCH_REPEAT); a benchmark, not a test: the exit code is 0 either way; ${EMBEDDING_BATCHES} batches make ${EMBEDDING_ITEMS} texts)`);
	return figures;
}
