/**
 * The evaluation template's own logic (the JavaScript of its Code nodes), run with the few n8n
 * globals it uses: the regression thresholds and the trend page's HTML. The whole workflow runs in
 * a real n8n in test/e2e/evaluation-history.e2e.test.ts; these cover the cases that run does not
 * reach (a cost rise, a small dip, a first run, hostile names).
 */
import { readFileSync } from 'fs';
import { join } from 'path';

type Json = Record<string, any>;
type Item = { json: Json };

const workflow = JSON.parse(readFileSync(join(__dirname, '..', '..', 'workflows', 'model-evaluation.json'), 'utf8'));
const jsCode = (name: string): string => workflow.nodes.find((n: Json) => n.name === name).parameters.jsCode;

/** Runs a Code node ("Run Once for All Items") with its input and the nodes it reads through $(). */
function runCode(name: string, input: Json[], nodes: Record<string, Json[]>): Json[] {
	const items = (list: Json[]): Item[] => list.map((json) => ({ json }));
	const $ = (node: string) => ({ all: () => items(nodes[node] ?? []), first: () => items(nodes[node] ?? [])[0] });
	const $input = { all: () => items(input) };
	const run = new Function('$', '$input', jsCode(name)) as (...args: unknown[]) => Item[];
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
	runCode('Compare with previous run', history, { 'Summary per model and provider': [now] })[0];

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
		runCode('Build the trend page', rows, { 'Run history table (trend page)': [{ name: 'hf_model_evaluation_runs' }] })[0];

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
