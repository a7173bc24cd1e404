/**
 * `npm run bench`: times the node inside a real n8n 2.41.1 (the e2e harness) against the router
 * emulator with a fixed latency and a concurrency cap, all with DEFAULT options, next to the
 * FLOOR NODE measured in the same run: a minimal community node (scripts/bench/floor-node, test
 * code, never shipped) installed beside the package, making the same chat calls through n8n's
 * HTTP helper with the cap known in advance and nothing else: the least any node can do inside
 * n8n. Every chat figure is printed as a ratio to it, next to the physical limit; then whether
 * the bounds of issue 24 are met. A line at least every 10 s while it runs. The exit code is 0
 * either way (a benchmark, not a test) unless the bench itself cannot run.
 *
 *   npm run bench                          # the default rows, about 5 minutes (the package is built and packed first)
 *   BENCH_JSON=out.json npm run bench      # also write the figures as JSON
 *   BENCH_ONLY=chat-floor,chat-ours        # only these rows. Default rows: chat-floor, chat-ours, chat-ours-ra,
 *                                          #   cpu-floor, cpu, embed-ours, images, images-200, quota, chat-http, webhook.
 *                                          #   On request only: chat-openai, embed-http, cpu-template, cpu-http,
 *                                          #   images-young, speech, chat-limiter (the node's limiter without n8n)
 *   BENCH_REPEAT=3                         # runs of each measured row (median reported); the runs of all rows alternate
 *   BENCH_CPU_PROF=/tmp/prof               # also write a V8 CPU profile of each n8n process
 *   BENCH_DEBUG=1                          # print the emulator's request log, relative to the node's start
 *   BENCH_RSS=1                            # print the n8n process's resident memory every 10 ms around the node
 *   BENCH_N8N_ENV=NODE_OPTIONS=--x,FOO=1   # extra environment for every n8n process (an experiment)
 *   BENCH_TARBALL=old.tgz                  # bench that packed package instead of this checkout (an A/B of two commits:
 *                                          #   `npm ci && npm run build && npm pack` in a worktree of the other one)
 */
import { writeFileSync } from 'fs';
import { cpus, loadavg } from 'os';
import { resolve } from 'path';

import { makeWav, startEmulator } from '../test/emulator';
import { CREDENTIAL_TYPE, N8N_VERSION, createN8nHome, e2eWorkDir, ensureN8nInstalled, importCredentials, preparePackage } from '../test/e2e/n8n';
import { installFloorNode } from './bench/floor-node';
import { limiterAlone } from './bench/limiter-alone';
import { measure, type Measured, type Scenario } from './bench/measure';
import { log, startHeartbeat, step } from './bench/progress';
import { YOUNG_GENERATION, report } from './bench/report';
import { importWorkflows } from './bench/runner';
import {
	CAP,
	CHAT_ITEMS,
	CPU_FLOOR_CAP,
	CPU_ITEMS,
	EMBEDDING_BATCH,
	EMBEDDING_ITEMS,
	EMPTY_TOKEN,
	IMAGE_BYTES,
	IMAGE_ITEMS,
	IMAGE_ITEMS_MORE,
	LATENCY_MS,
	QUOTA_ITEMS,
	REPEAT,
	RETRY_AFTER_S,
	TOKEN,
} from './bench/settings';
import { SPEECH_BYTES, SPEECH_ITEMS, reportSpeech, speechOurs } from './bench/speech';
import { webhookScenario, type WebhookResult } from './bench/webhook';
import { NAMES, chatFloor, chatHttp, chatOpenAi, chatOurs, embeddingHttp, embeddingOurs, imagesOurs, type Credentials } from './bench/workflows';

const stopHeartbeat = startHeartbeat();

const ms = (value: number | undefined) => (value === undefined ? 'n/a' : `${value.toFixed(0)} ms`);

/** Rows run only when BENCH_ONLY names them. */
const ON_REQUEST = new Set(['chat-openai', 'embed-http', 'cpu-template', 'cpu-http', 'images-young', 'speech', 'chat-limiter']);

async function main(): Promise<void> {
	const started = Date.now();
	log(`n8n-nodes-huggingface-inference benchmark — real n8n ${N8N_VERSION} (n8n execute; the webhook row under n8n start), router emulator in this process`);
	log(`emulator: latency ${LATENCY_MS} ms per inference call, concurrency cap ${CAP} (429 Too Many Requests above it, no Retry-After unless the row says so)`);
	log(`machine: ${cpus().length} CPUs, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} (other work on the machine slows every figure)`);
	log(`our node runs with default options (adaptive concurrency, no Concurrency set); embeddings with the default batchSize ${EMBEDDING_BATCH}`);
	log('');

	step('checking the n8n install');
	ensureN8nInstalled({ quiet: true });
	const tarball = process.env.BENCH_TARBALL;
	if (tarball) {
		step(`installing ${tarball} (BENCH_TARBALL) instead of this checkout`);
		preparePackage(e2eWorkDir(), resolve(tarball));
	} else {
		step('building, packing and installing the package into a fresh n8n home');
	}
	const home = await createN8nHome();
	installFloorNode(home);
	const emulator = await startEmulator({ tokens: { [TOKEN]: { credits: 1_000_000 }, [EMPTY_TOKEN]: { credits: 0 } } });
	try {
		step('importing credentials and workflows');
		const [hf, hfEmpty, header, openAi] = await importCredentials(home, [
			{ name: 'HF emulator', type: CREDENTIAL_TYPE, data: { accessToken: TOKEN, routerUrl: emulator.url, hubUrl: emulator.url, billTo: '' } },
			{ name: 'HF emulator, no credits', type: CREDENTIAL_TYPE, data: { accessToken: EMPTY_TOKEN, routerUrl: emulator.url, hubUrl: emulator.url, billTo: '' } },
			{ name: 'Bearer emulator', type: 'httpHeaderAuth', data: { name: 'Authorization', value: `Bearer ${TOKEN}` } },
			{ name: 'OpenAI at emulator', type: 'openAiApi', data: { apiKey: TOKEN, organizationId: '', url: `${emulator.url}/v1`, header: false } },
		]);
		const credentials: Credentials = {
			hf: { id: hf.id, name: hf.name },
			hfEmpty: { id: hfEmpty.id, name: hfEmpty.name },
			header: { id: header.id, name: header.name },
			openAi: { id: openAi.id, name: openAi.name },
		};

		const capped = { latencyMs: LATENCY_MS, cap: CAP };
		const free = { latencyMs: 0, cap: null };
		const repeat = REPEAT;
		// One recording on the emulator's CDN, downloaded once per item (issue 14's speech case).
		const audioUrl = emulator.serveFile('recording.wav', makeWav('bench recording', SPEECH_BYTES / 2 - 22), 'audio/wav');
		const chat = (work: string) => ({ work: `chat x${CHAT_ITEMS}${work}`, items: CHAT_ITEMS });
		const scenarios: Scenario[] = [
			{ key: 'chat-floor', way: 'floor node', ...chat(''), node: NAMES.floor, workflow: chatFloor(CHAT_ITEMS, emulator.url, credentials, CAP), ...capped, repeat },
			{ key: 'chat-ours', way: 'Hugging Face Inference node', ...chat(''), node: NAMES.ours, workflow: chatOurs(CHAT_ITEMS, credentials), ...capped, repeat },
			{ key: 'chat-ours-ra', way: 'Hugging Face Inference node', ...chat(`, Retry-After: ${RETRY_AFTER_S}`), node: NAMES.ours, workflow: chatOurs(CHAT_ITEMS, credentials, 'chat ours retry-after'), ...capped, retryAfterSeconds: RETRY_AFTER_S, repeat },
			{ key: 'cpu-floor', way: 'floor node', work: `chat x${CPU_ITEMS}, latency 0, no cap, ${CPU_FLOOR_CAP} in flight`, node: NAMES.floor, items: CPU_ITEMS, workflow: chatFloor(CPU_ITEMS, emulator.url, credentials, CPU_FLOOR_CAP, 'chat cpu floor'), ...free, repeat },
			{ key: 'cpu', way: 'Hugging Face Inference node', work: `chat x${CPU_ITEMS}, latency 0, no cap`, node: NAMES.ours, items: CPU_ITEMS, workflow: chatOurs(CPU_ITEMS, credentials, 'chat cpu'), ...free, repeat },
			{ key: 'embed-ours', way: 'Hugging Face Inference node', work: `embedding x${EMBEDDING_ITEMS}`, node: NAMES.ours, items: EMBEDDING_ITEMS, workflow: embeddingOurs(EMBEDDING_ITEMS, credentials), ...capped, repeat },
			{ key: 'images', way: 'Hugging Face Inference node', work: `image x${IMAGE_ITEMS} (2 MiB PNG each)`, node: NAMES.ours, items: IMAGE_ITEMS, workflow: imagesOurs(IMAGE_ITEMS, credentials), ...capped, imageBytes: IMAGE_BYTES, repeat },
			{ key: 'images-200', way: 'Hugging Face Inference node', work: `image x${IMAGE_ITEMS_MORE} (2 MiB PNG each)`, node: NAMES.ours, items: IMAGE_ITEMS_MORE, workflow: imagesOurs(IMAGE_ITEMS_MORE, credentials, 'images ours 200'), ...capped, imageBytes: IMAGE_BYTES, repeat },
			{ key: 'quota', way: 'Hugging Face Inference node', work: `chat x${QUOTA_ITEMS}, account without credits`, node: NAMES.ours, items: QUOTA_ITEMS, workflow: chatOurs(QUOTA_ITEMS, credentials, 'chat no credits', 'hfEmpty'), ...capped },
			{ key: 'chat-http', way: 'HTTP Request node (defaults)', ...chat(''), node: NAMES.http, workflow: chatHttp(CHAT_ITEMS, emulator.url, credentials), ...capped },
			// On request (BENCH_ONLY) only.
			{ key: 'chat-openai', way: 'OpenAI node v1.8 (Message a Model)', ...chat(''), node: NAMES.openAi, workflow: chatOpenAi(CHAT_ITEMS, credentials), ...capped },
			{ key: 'embed-http', way: 'HTTP Request node (defaults)', work: `embedding x${EMBEDDING_ITEMS}`, node: NAMES.http, items: EMBEDDING_ITEMS, workflow: embeddingHttp(EMBEDDING_ITEMS, emulator.url, credentials), ...capped },
			// The same work with a message n8n must evaluate (a template, not a plain read of the item),
			// and n8n's HTTP Request node on the same items: what one call through n8n's helper costs.
			{ key: 'cpu-template', way: 'Hugging Face Inference node', work: `chat x${CPU_ITEMS}, message "Question: {{ $json.text }}"`, node: NAMES.ours, items: CPU_ITEMS, workflow: chatOurs(CPU_ITEMS, credentials, 'chat cpu template', 'hf', '=Question: {{ $json.text }}'), ...free },
			{ key: 'cpu-http', way: 'HTTP Request node (defaults)', work: `chat x${CPU_ITEMS}, latency 0, no cap`, node: NAMES.http, items: CPU_ITEMS, workflow: chatHttp(CPU_ITEMS, emulator.url, credentials, 'chat cpu http'), ...free },
			// The same pictures with n8n's young generation kept small: what the growth is made of.
			{ key: 'images-young', way: 'Hugging Face Inference node', work: `image x${IMAGE_ITEMS}, n8n under NODE_OPTIONS=${YOUNG_GENERATION}`, node: NAMES.ours, items: IMAGE_ITEMS, workflow: imagesOurs(IMAGE_ITEMS, credentials, 'images young'), ...capped, imageBytes: IMAGE_BYTES, n8nEnv: { NODE_OPTIONS: YOUNG_GENERATION } },
			{ key: 'speech', way: 'Hugging Face Inference node', work: `speech to text x${SPEECH_ITEMS} (10 MiB WAV each)`, node: NAMES.ours, items: SPEECH_ITEMS, workflow: speechOurs(SPEECH_ITEMS, audioUrl, credentials), ...capped },
		];
		const only = process.env.BENCH_ONLY?.split(',').filter(Boolean);
		const wanted = (key: string) => (only?.length ? only.includes(key) : !ON_REQUEST.has(key));
		const selected = scenarios.filter((s) => wanted(s.key));
		const ids = await importWorkflows(home, selected.map((s) => s.workflow));

		// The same chat calls driven by the node's limiter from this process, without n8n (limiter-alone.ts).
		if (wanted('chat-limiter')) {
			const alone = await limiterAlone(emulator, TOKEN, CHAT_ITEMS, LATENCY_MS, CAP);
			log(`        chat without n8n (the node's limiter over fetch): ${ms(alone.ms)}, ${alone.requests} requests, ${alone.rateLimited} answered 429`);
		}

		// The runs of all rows alternate (run 1 of every row, then run 2...), so that a slower spell
		// of a shared machine does not land on one row only.
		const results: Record<string, Measured[]> = {};
		const rounds = Math.max(1, ...selected.map((s) => s.repeat ?? 1));
		for (let attempt = 0; attempt < rounds; attempt++) {
			for (const [index, scenario] of selected.entries()) {
				if (attempt >= (scenario.repeat ?? 1)) continue;
				step(`${scenario.key}: ${scenario.way}, ${scenario.work}${(scenario.repeat ?? 1) > 1 ? ` (run ${attempt + 1}/${scenario.repeat})` : ''}`);
				const m = await measure(home, emulator, scenario, ids[index]);
				(results[scenario.key] ??= []).push(m);
				log(
					`        node ${ms(m.nodeMs)}, n8n execute ${ms(m.run.commandMs)}, ${m.requests} requests ${JSON.stringify(m.byStatus)}, ` +
						`${m.failed} failed, peak in flight ${m.maxInFlight}, first request at +${ms(m.firstRequestAfterMs)}, ` +
						`requests span ${ms(m.requestSpanMs)}, node ends ${ms(m.afterLastAnswerMs)} after the last answer` +
						(m.rssPeakKb !== undefined && m.rssBeforeKb !== undefined ? `, memory +${((m.rssPeakKb - m.rssBeforeKb) / 1024).toFixed(0)} MiB` : '') +
						(m.exprBeforeMs !== undefined ? `, Edit Fields ${ms(m.exprBeforeMs)} / ${ms(m.exprAfterMs)}` : ''),
				);
			}
		}
		const webhook: WebhookResult | undefined = wanted('webhook') ? await webhookScenario(home, emulator) : undefined;
		const figures = report(results, webhook);
		reportSpeech(results.speech?.[0]);
		log(`\nload average at the end: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
		if (process.env.BENCH_JSON) {
			const plain = Object.fromEntries(
				Object.entries(results).map(([key, runs]) => [
					key,
					runs.map((m) => {
						const row: Record<string, unknown> = { ...m, way: m.scenario.way, work: m.scenario.work, commandMs: m.run.commandMs, peakRssKb: m.run.peakRssKb };
						delete row.run;
						delete row.scenario;
						return row;
					}),
				]),
			);
			writeFileSync(process.env.BENCH_JSON, JSON.stringify({ figures, webhook, rows: plain, loadavg: loadavg() }, null, 2));
		}
	} finally {
		stopHeartbeat();
		await emulator.close();
		home.cleanup();
	}
	log(`\n[bench] done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

main().catch((error) => {
	stopHeartbeat();
	process.stderr.write(`[bench] could not run: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
	process.exitCode = 1;
});
