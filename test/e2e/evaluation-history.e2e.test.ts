/**
 * The evaluation template under `n8n start` (Data Tables and published triggers need a running
 * n8n), with its Schedule Trigger enabled (it ships disabled) and published, beside the trend page
 * template, published too so its webhook is live; run from its Schedule Trigger through the
 * editor's REST API, against the offline emulator (in this process, so a test can degrade a model).
 *
 * Shows: every run appends one row per model and provider to the Data Table; the judge check
 * scores one case right and one wrong; a model that starts failing fires the regression alert;
 * the trend page, rendered by headless Chromium, has three points per line; a run cut short by
 * the Quota Exhausted output still saves what it answered.
 */
import { mkdirSync, statSync } from 'fs';
import { dirname } from 'path';

import { startEmulator, type Emulator } from '../emulator';
import { renderedDom, screenshot } from './browser';
import { TREND_SCREENSHOT, everySeconds, publishAndStart, scheduledEvaluation, waitForRows } from './evaluation-history';
import type { ExecutionResult, N8nHome, RunningN8n } from './n8n';
import { retryWhile404, type DataTableRow, type N8nSession } from './n8n-server';
import {
	EVALUATION_NODES,
	EVALUATION_SCHEDULE,
	EVALUATION_TABLE,
	EVALUATION_TREND_PATH,
	formatSummaryTable,
	servedTrendPage,
	type QuotaReport,
	type SummaryRow,
} from './templates';

const TOKEN = 'hf_history_primary_token_01';
const LLAMA = 'meta-llama/Llama-3.1-8B-Instruct';
const GPT_OSS = 'openai/gpt-oss-120b';
const SCHEDULE = EVALUATION_SCHEDULE;
const MANUAL = 'Run now (manual)';
const CASES = 6;

describe('model evaluation with a run history, under n8n start', () => {
	const workflow = scheduledEvaluation();
	const trendPage = servedTrendPage();
	let emulator: Emulator;
	let home: N8nHome;
	let n8n: RunningN8n;
	let session: N8nSession;

	beforeAll(async () => {
		emulator = await startEmulator({ tokens: { [TOKEN]: { credits: 10 } } });
		({ home, n8n, session } = await publishAndStart(emulator, TOKEN, [workflow, trendPage]));
	}, 240_000);

	afterAll(async () => {
		await n8n?.stop();
		home?.cleanup();
		await emulator?.close();
	});

	const runFrom = async (trigger: string): Promise<ExecutionResult> => {
		const started = Date.now();
		const id = await session.runFrom(workflow.id, trigger);
		const result = await session.waitForExecution(id, home);
		// eslint-disable-next-line no-console
		console.log(`run ${id} from "${trigger}": ${result.status} in ${Date.now() - started} ms`);
		if (result.status !== 'success') throw new Error(`run ${id} ended ${result.status}: ${JSON.stringify(result.error)}`);
		return result;
	};
	const runFromSchedule = () => runFrom(SCHEDULE);
	const rows = (): Promise<DataTableRow[]> => session.dataTableRows(EVALUATION_TABLE);
	const trendUrl = () => `${n8n.url}/webhook/${EVALUATION_TREND_PATH}`;

	it('the published trend page workflow answers before any run: an HTML page that says there is nothing yet', async () => {
		// n8n activates published workflows a moment after its REST API is up.
		const response = await retryWhile404(() => fetch(trendUrl()), 30_000);
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toMatch(/^text\/html/);
		expect(await response.text()).toContain('No run recorded yet');
		// Both published: the evaluation's enabled Schedule Trigger is registered too (what `n8n start`
		// runs every day at 06:00).
		for (const id of [workflow.id, trendPage.id]) {
			const saved = await session.rest<{ active: boolean; activeVersionId: string | null }>('GET', `/workflows/${id}`);
			expect(saved.active).toBe(true);
			expect(saved.activeVersionId).toEqual(expect.any(String));
		}
	});

	let runs: ExecutionResult[] = [];

	it('three scheduled runs append one row per model and provider each; the judge scores a case right and one wrong', async () => {
		runs = [await runFromSchedule(), await runFromSchedule()];
		// The third run: Llama starts failing (the emulator answers it with a refusal from now on).
		emulator.degradeModel(LLAMA);
		runs.push(await runFromSchedule());

		const history = await rows();
		expect(history).toHaveLength(6);
		expect(history.map((r) => r.model)).toEqual([LLAMA, GPT_OSS, LLAMA, GPT_OSS, LLAMA, GPT_OSS]);
		for (const row of history) {
			expect(row).toEqual(
				expect.objectContaining({
					provider: 'cheapest',
					casesRun: CASES,
					notRun: 0,
					medianLatencyMs: expect.any(Number),
					totalTokens: expect.any(Number),
					costUsd: expect.any(Number),
					judgeCostUsd: expect.any(Number),
				}),
			);
			expect(row.costUsd as number).toBeGreaterThan(row.judgeCostUsd as number);
			expect(row.judgeCostUsd as number).toBeGreaterThan(0);
			expect(new Date(String(row.runAt)).getTime()).not.toBeNaN();
		}
		// Healthy runs: arithmetic, capital, json and the judged capital pass; both red-planet cases fail.
		expect(history.slice(0, 5).map((r) => r.passRate)).toEqual([0.667, 0.667, 0.667, 0.667, 0]);
		expect(history[5].passRate).toBe(0.667);

		const summary = runs[0].items(EVALUATION_NODES.summary).map((i) => i.json as SummaryRow);
		// eslint-disable-next-line no-console
		console.log(formatSummaryTable(summary));
		// `cheapest` = the lowest output price in the emulator's catalogue.
		expect(summary.map((r) => [r.model, r.servedBy])).toEqual([
			[LLAMA, 'novita'],
			[GPT_OSS, 'nscale'],
		]);
		const scored = runs[0].items(EVALUATION_NODES.score).map((i) => i.json);
		for (const model of [LLAMA, GPT_OSS]) {
			const byCase = Object.fromEntries(scored.filter((s) => s.model === model).map((s) => [s.caseId, s]));
			expect(byCase.arithmetic).toEqual(expect.objectContaining({ check: 'exact', answer: '4', pass: true }));
			expect(byCase.capital).toEqual(expect.objectContaining({ check: 'contains', answer: 'Paris', pass: true }));
			expect(byCase.json).toEqual(expect.objectContaining({ check: 'json', pass: true }));
			// The emulator does not know the answer: a real failure, scored as such.
			expect(byCase['red-planet']).toEqual(expect.objectContaining({ pass: false, reason: 'does not contain "Mars"' }));
		}
		const verdicts = runs[0].items('Read the verdict').map((i) => i.json);
		expect(verdicts).toHaveLength(4);
		for (const model of [LLAMA, GPT_OSS]) {
			const byCase = Object.fromEntries(verdicts.filter((v) => v.model === model).map((v) => [v.caseId, v]));
			expect(byCase['capital-judged']).toEqual(
				expect.objectContaining({ pass: true, answer: 'Paris', judgeVerdict: expect.stringMatching(/^PASS/) }),
			);
			expect(byCase['red-planet-judged']).toEqual(
				expect.objectContaining({ pass: false, reason: 'judge: The answer does not contain "Mars".' }),
			);
			expect(byCase['capital-judged'].judgeCostUsd).toBeGreaterThan(0);
		}
		// The judge is a chat to its own model, which read the answer under test.
		const judgeCalls = emulator.requests.filter((r) => JSON.stringify(r.body ?? '').includes('<answer>'));
		expect(judgeCalls).toHaveLength(12);
		expect(new Set(judgeCalls.map((r) => r.modelString))).toEqual(new Set([`${GPT_OSS}:cheapest`]));
	});

	it('the model that started failing fires the regression alert, and only in that run', async () => {
		for (const run of runs.slice(0, 2)) expect(run.runData[EVALUATION_NODES.alert]).toBeUndefined();
		const alerts = runs[2].items(EVALUATION_NODES.alert).map((i) => i.json);
		expect(alerts).toEqual([
			expect.objectContaining({
				model: LLAMA,
				provider: 'cheapest',
				passRate: 0,
				previousPassRate: 0.667,
				regression: 'pass rate fell from 66.7% to 0%',
				subject: `Model evaluation regression: ${LLAMA} @ cheapest`,
			}),
		]);
	});

	it('the trend page, in headless Chromium: a chart per metric, three points per line, the latest table', async () => {
		const response = await fetch(trendUrl());
		expect(response.headers.get('content-type')).toMatch(/^text\/html/);
		const html = await response.text();
		expect(html).not.toMatch(/<script|<link|src=|href=/i);

		const dom = renderedDom(trendUrl());
		const charts = [...dom.matchAll(/<svg class="chart" data-metric="(\w+)"[\s\S]*?<\/svg>/g)];
		expect(charts.map((c) => c[1])).toEqual(['passRate', 'medianLatencyMs', 'totalTokens', 'costUsd']);
		for (const [svg] of charts) {
			for (const series of [`${LLAMA} @ cheapest`, `${GPT_OSS} @ cheapest`]) {
				const points = svg.split(`<circle class="point" data-series="${series}"`).length - 1;
				expect(points).toBe(3);
			}
			expect(svg.match(/<polyline class="line"/g)).toHaveLength(2);
		}
		// The pass-rate line of Llama falls at its third point (higher y is lower on the chart).
		const llamaPassRate = [
			...charts[0][0].matchAll(new RegExp(`data-series="${LLAMA} @ cheapest" data-metric="passRate" cx="[\\d.]+" cy="([\\d.]+)"`, 'g')),
		].map((m) => Number(m[1]));
		expect(llamaPassRate[2]).toBeGreaterThan(llamaPassRate[1]);
		expect(dom).toMatch(/<td>meta-llama\/Llama-3\.1-8B-Instruct @ cheapest<\/td><td>[^<]+<\/td><td>3<\/td><td>6<\/td><td>0%<\/td>/);

		mkdirSync(dirname(TREND_SCREENSHOT), { recursive: true });
		screenshot(trendUrl(), TREND_SCREENSHOT, { width: 1000, height: 900 });
		expect(statSync(TREND_SCREENSHOT).size).toBeGreaterThan(10_000);
		// eslint-disable-next-line no-console
		console.log(`trend page screenshot: ${TREND_SCREENSHOT}`);
	});

	it('the trend page workflow run by hand (its Manual Trigger) builds the same page in the editor', async () => {
		const id = await session.runFrom(trendPage.id, 'Preview the page (manual)');
		const result = await session.waitForExecution(id, home);
		expect(result.error).toBeUndefined();
		expect(result.status).toBe('success');
		const [page] = result.items('Build the trend page').map((i) => i.json as { html: string; series: number });
		expect(page.series).toBe(2);
		expect(page.html.match(/<svg class="chart"/g)).toHaveLength(4);
		expect(page.html).toContain(`${LLAMA} @ cheapest`);
		// Respond to Webhook passes the page through when no request waits for it.
		expect(result.items('Answer with the page')).toHaveLength(1);
	});

	it('a failed call counts as a failed answer; when the credits run out, Quota Exhausted stops the run cleanly and the answered cases are still saved', async () => {
		emulator.reset();
		// The first call is refused with 400 (kept as a failed answer); the credits pay for one
		// more call, and the router answers 402 from then on.
		emulator.failNext(1, 400, { body: { error: 'Bad request from the emulator' } });
		emulator.setCredits(TOKEN, 1e-12);
		// This time by hand, as the editor's "Run now" does.
		const result = await runFrom(MANUAL);
		const [report] = result.items(EVALUATION_NODES.quotaReport).map((i) => i.json as QuotaReport);
		expect(report).toEqual(expect.objectContaining({ stoppedEarly: true, completed: 2, remaining: 2 * CASES - 2, total: 2 * CASES }));
		expect(result.items(EVALUATION_NODES.score).map((i) => i.json)).toEqual([
			expect.objectContaining({ caseId: 'arithmetic', pass: false, reason: expect.stringMatching(/^error: .*400/) }),
			expect.objectContaining({ caseId: 'capital', pass: true }),
		]);
		const history = await rows();
		expect(history.slice(6)).toEqual([
			expect.objectContaining({ model: LLAMA, casesRun: 2, passRate: 0.5, notRun: CASES - 2 }),
			expect.objectContaining({ model: GPT_OSS, casesRun: 0, passRate: null, notRun: CASES }),
		]);
	});
});

describe('the published Schedule Trigger, firing on its own', () => {
	// The template's schedule (every day at 06:00), enabled and set to every 5 seconds for the test.
	const workflow = everySeconds(scheduledEvaluation(), 5);
	let emulator: Emulator;
	let started: { home: N8nHome; n8n: RunningN8n; session: N8nSession } | undefined;

	beforeAll(async () => {
		emulator = await startEmulator({ tokens: { [TOKEN]: { credits: 10 } } });
		started = await publishAndStart(emulator, TOKEN, [workflow]);
	}, 240_000);

	afterAll(async () => {
		await started?.n8n.stop();
		started?.home.cleanup();
		await emulator?.close();
	});

	it('runs the evaluation by itself (mode "trigger"), each run appending its rows', async () => {
		const { session } = started!;
		const history = await waitForRows(session, 6, 90_000);
		expect(history.length).toBeGreaterThanOrEqual(6);
		expect(new Set(history.slice(0, 6).map((r) => r.runAt)).size).toBe(3);
		const executions = await session.rest<{ results: Array<{ mode: string; status: string }> }>(
			'GET',
			`/executions?filter=${encodeURIComponent(JSON.stringify({ workflowId: workflow.id }))}`,
		);
		const finished = executions.results.filter((e) => e.status === 'success');
		expect(finished.length).toBeGreaterThanOrEqual(3);
		expect(new Set(finished.map((e) => e.mode))).toEqual(new Set(['trigger']));
	});
});
