/**
 * `npm run bench`: times the node inside a real n8n 2.41.1 (the e2e harness) against the router
 * emulator with a fixed latency and a concurrency cap, next to n8n's own HTTP Request and OpenAI
 * nodes doing the same work, all with DEFAULT options. Prints each figure as a ratio to its limit
 * measured in the same run (the physical limit; n8n's own expression time) and whether the bounds
 * of issue 12 are met; a line at least every 10 s while it runs. The exit code is 0 either way (a
 * benchmark, not a test) unless the bench itself cannot run.
 *
 *   npm run bench                          # everything, about 2 minutes (the package is built and packed first)
 *   BENCH_JSON=out.json npm run bench      # also write the figures as JSON
 *   BENCH_ONLY=chat-ours,embed-ours        # only these scenarios (chat-ours, chat-http, chat-openai,
 *                                          #   embed-ours, embed-http, cpu, cpu-template, cpu-http, images, images-young, speech, quota,
 *                                          #   chat-floor: the chat calls by the node's limiter without n8n)
 *   BENCH_REPEAT=3                         # runs of our node's chat, embedding and per-item work (median reported)
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
import { measure, type Measured, type Scenario } from './bench/measure';
import { log, startHeartbeat, step } from './bench/progress';
import { ratioOf, report } from './bench/report';
import { importWorkflows } from './bench/runner';
import {
	CAP,
	CHAT_ITEMS,
	CPU_ITEMS,
	EMBEDDING_BATCH,
	EMBEDDING_ITEMS,
	EMPTY_TOKEN,
	IMAGE_BYTES,
	IMAGE_ITEMS,
	LATENCY_MS,
	QUOTA_ITEMS,
	REPEAT,
	TOKEN,
} from './bench/settings';
import { limiterFloor } from './bench/floor';
import { SPEECH_BYTES, SPEECH_ITEMS, reportSpeech, speechOurs } from './bench/speech';
import { YOUNG_GENERATION } from './bench/report';
import { NAMES, chatHttp, chatOpenAi, chatOurs, embeddingHttp, embeddingOurs, imagesOurs, type Credentials } from './bench/workflows';

const stopHeartbeat = startHeartbeat();

const ms = (value: number | undefined) => (value === undefined ? 'n/a' : `${value.toFixed(0)} ms`);

async function main(): Promise<void> {
	const started = Date.now();
	log(`n8n-nodes-huggingface-inference benchmark — real n8n ${N8N_VERSION} (n8n execute), router emulator in this process`);
	log(`emulator: latency ${LATENCY_MS} ms per inference call, concurrency cap ${CAP} (429 Too Many Requests above it, no Retry-After)`);
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
		// One recording on the emulator's CDN, downloaded once per item (issue 14's speech case).
		const audioUrl = emulator.serveFile('recording.wav', makeWav('bench recording', SPEECH_BYTES / 2 - 22), 'audio/wav');
		const scenarios: Scenario[] = [
			{ key: 'chat-ours', way: 'Hugging Face Inference node', work: `chat x${CHAT_ITEMS}`, node: NAMES.ours, items: CHAT_ITEMS, workflow: chatOurs(CHAT_ITEMS, credentials), ...capped, repeat: REPEAT },
			{ key: 'chat-http', way: 'HTTP Request node (defaults)', work: `chat x${CHAT_ITEMS}`, node: NAMES.http, items: CHAT_ITEMS, workflow: chatHttp(CHAT_ITEMS, emulator.url, credentials), ...capped },
			{ key: 'chat-openai', way: 'OpenAI node v1.8 (Message a Model)', work: `chat x${CHAT_ITEMS}`, node: NAMES.openAi, items: CHAT_ITEMS, workflow: chatOpenAi(CHAT_ITEMS, credentials), ...capped },
			{ key: 'embed-ours', way: 'Hugging Face Inference node', work: `embedding x${EMBEDDING_ITEMS}`, node: NAMES.ours, items: EMBEDDING_ITEMS, workflow: embeddingOurs(EMBEDDING_ITEMS, credentials), ...capped, repeat: REPEAT },
			{ key: 'embed-http', way: 'HTTP Request node (defaults)', work: `embedding x${EMBEDDING_ITEMS}`, node: NAMES.http, items: EMBEDDING_ITEMS, workflow: embeddingHttp(EMBEDDING_ITEMS, emulator.url, credentials), ...capped },
			{ key: 'cpu', way: 'Hugging Face Inference node', work: `chat x${CPU_ITEMS}, latency 0, no cap`, node: NAMES.ours, items: CPU_ITEMS, workflow: chatOurs(CPU_ITEMS, credentials, 'chat cpu'), latencyMs: 0, cap: null, repeat: REPEAT },
			// The same work with a message n8n must evaluate (a template, not a plain read of the item),
			// and n8n's HTTP Request node on the same items: what one call through n8n's helper costs.
			{ key: 'cpu-template', way: 'Hugging Face Inference node', work: `chat x${CPU_ITEMS}, message "Question: {{ $json.text }}"`, node: NAMES.ours, items: CPU_ITEMS, workflow: chatOurs(CPU_ITEMS, credentials, 'chat cpu template', 'hf', '=Question: {{ $json.text }}'), latencyMs: 0, cap: null },
			{ key: 'cpu-http', way: 'HTTP Request node (defaults)', work: `chat x${CPU_ITEMS}, latency 0, no cap`, node: NAMES.http, items: CPU_ITEMS, workflow: chatHttp(CPU_ITEMS, emulator.url, credentials, 'chat cpu http'), latencyMs: 0, cap: null },
			{ key: 'images', way: 'Hugging Face Inference node', work: `image x${IMAGE_ITEMS} (2 MiB PNG each)`, node: NAMES.ours, items: IMAGE_ITEMS, workflow: imagesOurs(IMAGE_ITEMS, credentials), ...capped, imageBytes: IMAGE_BYTES },
			// The same pictures with n8n's young generation kept small: what the growth above is made of.
			{ key: 'images-young', way: 'Hugging Face Inference node', work: `image x${IMAGE_ITEMS}, n8n under NODE_OPTIONS=${YOUNG_GENERATION}`, node: NAMES.ours, items: IMAGE_ITEMS, workflow: imagesOurs(IMAGE_ITEMS, credentials, 'images young'), ...capped, imageBytes: IMAGE_BYTES, n8nEnv: { NODE_OPTIONS: YOUNG_GENERATION } },
			{ key: 'speech', way: 'Hugging Face Inference node', work: `speech to text x${SPEECH_ITEMS} (10 MiB WAV each)`, node: NAMES.ours, items: SPEECH_ITEMS, workflow: speechOurs(SPEECH_ITEMS, audioUrl, credentials), ...capped },
			{ key: 'quota', way: 'Hugging Face Inference node', work: `chat x${QUOTA_ITEMS}, account without credits`, node: NAMES.ours, items: QUOTA_ITEMS, workflow: chatOurs(QUOTA_ITEMS, credentials, 'chat no credits', 'hfEmpty'), ...capped },
		];
		const only = process.env.BENCH_ONLY?.split(',').filter(Boolean);
		const selected = only?.length ? scenarios.filter((s) => only.includes(s.key)) : scenarios;
		const ids = await importWorkflows(home, selected.map((s) => s.workflow));

		// The same chat calls driven by the node's limiter from this process, without n8n (floor.ts).
		const floor = !only?.length || only.includes('chat-floor') ? await limiterFloor(emulator, TOKEN, CHAT_ITEMS, LATENCY_MS, CAP) : undefined;
		if (floor) log(`        chat without n8n (the node's limiter over fetch): ${ms(floor.ms)}, ${floor.requests} requests, ${floor.rateLimited} answered 429`);

		const results: Record<string, Measured> = {};
		for (const [index, scenario] of selected.entries()) {
			const runs: Measured[] = [];
			for (let attempt = 0; attempt < (scenario.repeat ?? 1); attempt++) {
				step(`${scenario.key}: ${scenario.way}, ${scenario.work}${scenario.repeat && scenario.repeat > 1 ? ` (run ${attempt + 1}/${scenario.repeat})` : ''}`);
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
		report(results, floor);
		reportSpeech(results.speech);
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
