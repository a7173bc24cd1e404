/**
 * The evaluation templates' own logic (the JavaScript of their Code nodes), run with the few n8n
 * globals it uses: the regression thresholds (model-evaluation.json) and the trend page's HTML
 * (model-evaluation-trend.json). The whole workflows run in a real n8n in
 * test/e2e/evaluation-history.e2e.test.ts; these cover the cases that run does not reach (a cost
 * rise, a small dip, a first run, hostile names), and which trigger the editor's button runs.
 */
import { readFileSync } from 'fs';
import { join } from 'path';

type Json = Record<string, any>;
type Item = { json: Json };

const template = (file: string): Json => JSON.parse(readFileSync(join(__dirname, '..', '..', 'workflows', file), 'utf8'));
const evaluation = template('model-evaluation.json');
const trendPage = template('model-evaluation-trend.json');
const jsCode = (workflow: Json, name: string): string => workflow.nodes.find((n: Json) => n.name === name).parameters.jsCode;

/**
 * The trigger the n8n 2.41 editor's "Execute workflow" button runs: the enabled trigger of the
 * highest priority (the 2.41 editor's trigger priority: form 10, webhook 9,
 * schedule 7, everything else, Manual Trigger included, 0), the first one on a tie.
 */
function editorDefaultTrigger(workflow: Json): string | undefined {
	const priority: Record<string, number> = {
		'n8n-nodes-base.formTrigger': 10,
		'n8n-nodes-base.webhook': 9,
		'n8n-nodes-base.scheduleTrigger': 7,
	};
	const triggers = workflow.nodes.filter((n: Json) => !n.disabled && /trigger$|\.webhook$/i.test(n.type));
	triggers.sort((a: Json, b: Json) => (priority[b.type] ?? 0) - (priority[a.type] ?? 0));
	return triggers[0]?.name;
}

describe('which trigger the editor runs', () => {
	it('the evaluation: "Run now (manual)", its Schedule Trigger shipped disabled with a note saying to enable and publish it', () => {
		expect(editorDefaultTrigger(evaluation)).toBe('Run now (manual)');
		const schedule = evaluation.nodes.find((n: Json) => n.type === 'n8n-nodes-base.scheduleTrigger');
		expect(schedule).toEqual(expect.objectContaining({ name: 'Every day at 06:00', disabled: true }));
		const notes = evaluation.nodes.filter((n: Json) => n.type === 'n8n-nodes-base.stickyNote').map((n: Json) => n.parameters.content);
		expect(
			notes.some((c: string) => /Every day at 06:00\*\* is disabled/.test(c) && /\bEnable it\b/.test(c) && /\bpublish\b/.test(c)),
		).toBe(true);
		expect(evaluation.nodes.some((n: Json) => n.type === 'n8n-nodes-base.webhook')).toBe(false);
	});

	it('the trend page: its own workflow, a GET webhook on hf-model-evaluation/trend answered by Respond to Webhook; the button previews the page', () => {
		const webhook = trendPage.nodes.find((n: Json) => n.type === 'n8n-nodes-base.webhook');
		expect(webhook.parameters).toEqual(
			expect.objectContaining({ httpMethod: 'GET', path: 'hf-model-evaluation/trend', responseMode: 'responseNode' }),
		);
		// Shipped disabled, as the evaluation's schedule is: the editor's button then previews the page.
		expect(webhook.disabled).toBe(true);
		expect(editorDefaultTrigger(trendPage)).toBe('Preview the page (manual)');
		const note = trendPage.nodes.find((n: Json) => n.type === 'n8n-nodes-base.stickyNote').parameters.content;
		expect(note).toMatch(/Trend page \(GET\)\*\* is disabled: enable it/);
		expect(note).toMatch(/\bpublish\b/);
		// Enabled (as npm start and a user who publishes it do), it is the webhook's again.
		expect(editorDefaultTrigger({ ...trendPage, nodes: trendPage.nodes.map((n: Json) => (n === webhook ? { ...n, disabled: false } : n)) })).toBe(webhook.name);
		expect(trendPage.nodes.filter((n: Json) => n.type === 'n8n-nodes-base.respondToWebhook')).toHaveLength(1);
		// It reads the table the evaluation writes.
		const tables = (workflow: Json) =>
			workflow.nodes
				.filter((n: Json) => n.type === 'n8n-nodes-base.dataTable')
				.map((n: Json) => n.parameters.tableName ?? n.parameters.dataTableId?.value);
		expect(new Set(tables(trendPage))).toEqual(new Set(['hf_model_evaluation_runs']));
		expect(tables(evaluation)).toContain('hf_model_evaluation_runs');
	});
});

/** Runs a Code node ("Run Once for All Items") with its input and the nodes it reads through $(). */
function runCode(workflow: Json, name: string, input: Json[], nodes: Record<string, Json[]>): Json[] {
	const items = (list: Json[]): Item[] => list.map((json) => ({ json }));
	const $ = (node: string) => ({ all: () => items(nodes[node] ?? []), first: () => items(nodes[node] ?? [])[0] });
	const $input = { all: () => items(input) };
	const run = new Function('$', '$input', jsCode(workflow, name)) as (...args: unknown[]) => Item[];
	return run($, $input).map((i) => i.json);
}

const summary = (over: Json = {}): Json => ({
	model: 'm/one',
	provider: 'cheapest',
	servedBy: 'novita',
	passed: 4,
	total: 6,
	passRate: 0.667,
	medianLatencyMs: 10,
	totalTokens: 300,
	costUsd: 0.00006,
	judgeCostUsd: 0.00001,
	notRun: 0,
	evaluatedAt: '2026-12-02T06:00:00.000Z',
	...over,
});
const saved = (id: number, over: Json = {}): Json => ({
	id,
	runAt: '2026-12-01T06:00:00.000Z',
	model: 'm/one',
	provider: 'cheapest',
	casesRun: 6,
	passRate: 0.667,
	costUsd: 0.00006,
	...over,
});
const compare = (history: Json[], now: Json) =>
	runCode(evaluation, 'Compare with previous run', history, { 'Summary per model and provider': [now] })[0];

describe('Compare with previous run', () => {
	it('a first run (the history read gave one empty item) is no regression', () => {
		expect(compare([{}], summary())).toEqual(
			expect.objectContaining({ regressed: false, regression: '', previousRunAt: null, casesRun: 6 }),
		);
	});

	it('compares with the latest earlier row of the same model and provider only', () => {
		const history = [saved(1, { passRate: 1 }), saved(2, { passRate: 0.7 }), saved(3, { model: 'm/two', passRate: 1 })];
		expect(compare(history, summary())).toEqual(expect.objectContaining({ regressed: false, previousPassRate: 0.7 }));
		expect(compare(history.slice(0, 1), summary())).toEqual(
			expect.objectContaining({ regressed: true, regression: 'pass rate fell from 100% to 66.7%' }),
		);
	});

	it('a cost per test case more than 25 % up is a regression; the same cost over more cases is not', () => {
		const rise = compare([saved(1)], summary({ costUsd: 0.00008 }));
		expect(rise.regressed).toBe(true);
		expect(rise.regression).toMatch(/^cost per test case rose 33\.3% /);
		expect(compare([saved(1)], summary({ costUsd: 0.00007 })).regressed).toBe(false);
		expect(compare([saved(1, { casesRun: 3, costUsd: 0.00003 })], summary({ costUsd: 0.00006 })).regressed).toBe(false);
	});

	it('a run where nothing was answered (pass rate null) raises no alert', () => {
		expect(compare([saved(1)], summary({ passRate: null, total: 0, costUsd: null })).regressed).toBe(false);
	});
});

describe('Build the trend page', () => {
	const page = (rows: Json[]) =>
		runCode(trendPage, 'Build the trend page', rows, { 'Run history table (trend page)': [{ name: 'hf_model_evaluation_runs' }] })[0];

	it('with no row yet says so', () => {
		const { html } = page([{}]);
		expect(html).toContain('No run recorded yet');
		expect(html).not.toMatch(/<script/i);
	});

	it('escapes what it did not write itself (model and provider names come from the test cases)', () => {
		const rows = [1, 2].map((id) =>
			saved(id, { runAt: `2026-12-0${id}T06:00:00.000Z`, model: '<img src=x onerror=alert(1)>', medianLatencyMs: 5, totalTokens: 9 }),
		);
		const { html, series } = page(rows);
		expect(series).toBe(1);
		expect(html).not.toContain('<img');
		expect(html).toContain('&lt;img src=x onerror=alert(1)&gt; @ cheapest');
		expect(html.match(/<circle class="point"/g)).toHaveLength(8);
	});
});
