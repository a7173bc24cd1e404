/**
 * The workflow templates in workflows/*.json: loading, importing them all with one n8n command,
 * the credentials they refer to, and the evaluation's summary table. Used by the templates e2e
 * test, `npm start` (scripts/start.ts) and `npm run evaluate` (scripts/evaluate.ts).
 */
import { readFileSync, rmSync, writeFileSync } from 'fs';
import { join } from 'path';

import { CREDENTIAL_TYPE, REPO_ROOT, newId, runN8n, type CredentialInput, type N8nHome, type WorkflowInput } from './n8n';

export const TEMPLATES_DIR = join(REPO_ROOT, 'workflows');

export const TEMPLATES = {
	evaluation: 'model-evaluation.json',
	evaluationTrend: 'model-evaluation-trend.json',
	quickStart: 'quick-start.json',
	fallback: 'quota-fallback.json',
	agentFallback: 'ai-agent-fallback.json',
	rag: 'rag-simple-vector-store.json',
	transcribe: 'transcribe-and-summarise.json',
	triage: 'triage-support-messages.json',
	evaluationMetrics: 'model-evaluation-metrics.json',
} as const;
export type TemplateKey = keyof typeof TEMPLATES;

/** Credential ids the templates refer to (fixed, so a re-import overwrites rather than duplicates). */
export const DEFAULT_CREDENTIAL_ID = 'hf-default';
export const FALLBACK_CREDENTIAL_ID = 'hf-fallback';

/** Node names the tests and scripts read results from. */
export const EVALUATION_NODES = {
	ask: 'Ask each model',
	score: 'Score answers',
	summary: 'Summary per model and provider',
	quotaReport: 'Stop and report',
	alert: 'Regression alert',
} as const;

/**
 * The evaluation's run history (an n8n Data Table the template creates) and its trend page (the
 * evaluationTrend template, on its own so the editor's "Execute workflow" button runs the
 * evaluation's Manual Trigger: n8n prefers a Webhook over a Manual Trigger).
 */
export const EVALUATION_TABLE = 'hf_model_evaluation_runs';
export const EVALUATION_TREND_PATH = 'hf-model-evaluation/trend';
/** The evaluation's Schedule Trigger, shipped disabled (the editor's button prefers a schedule too). */
export const EVALUATION_SCHEDULE = 'Every day at 06:00';

export interface TemplateWorkflow extends WorkflowInput {
	id: string;
	name: string;
}

export function loadTemplate(key: TemplateKey): TemplateWorkflow {
	return JSON.parse(readFileSync(join(TEMPLATES_DIR, TEMPLATES[key]), 'utf8')) as TemplateWorkflow;
}

export function loadTemplates(): Record<TemplateKey, TemplateWorkflow> {
	return {
		evaluation: loadTemplate('evaluation'),
		evaluationTrend: loadTemplate('evaluationTrend'),
		quickStart: loadTemplate('quickStart'),
		fallback: loadTemplate('fallback'),
		agentFallback: loadTemplate('agentFallback'),
		rag: loadTemplate('rag'),
		transcribe: loadTemplate('transcribe'),
		triage: loadTemplate('triage'),
		evaluationMetrics: loadTemplate('evaluationMetrics'),
	};
}

/**
 * Imports several workflows with one `n8n import:workflow` (one n8n boot). Ids in the files are
 * kept, so importing again overwrites the same workflows.
 */
export async function importWorkflows(home: N8nHome, workflows: WorkflowInput[]): Promise<string[]> {
	const ids = workflows.map((w) => w.id ?? newId());
	const file = join(home.userFolder, `workflows-${newId()}.json`);
	writeFileSync(
		file,
		JSON.stringify(
			workflows.map((workflow, i) => ({
				name: `workflow ${ids[i]}`,
				active: false,
				settings: { executionOrder: 'v1' },
				...workflow,
				id: ids[i],
			})),
		),
	);
	const result = await runN8n(home, ['import:workflow', `--input=${file}`]);
	rmSync(file, { force: true });
	if (result.code !== 0 || /skipp/i.test(result.stdout)) {
		throw new Error(`n8n import:workflow exited with ${result.code}\nstdout:\n${result.stdout}\nstderr:\n${result.stderr}`);
	}
	return ids;
}

export interface TemplateCredentialOptions {
	routerUrl: string;
	hubUrl: string;
	token: string;
	fallbackToken: string;
	billTo?: string;
	fallbackBillTo?: string;
	/** Credential names (what the n8n UI shows). */
	name?: string;
	fallbackName?: string;
}

/** The two credentials the templates use (plain data, for importCredentials). */
export function templateCredentials(options: TemplateCredentialOptions): CredentialInput[] {
	return [
		{
			id: DEFAULT_CREDENTIAL_ID,
			name: options.name ?? 'Hugging Face (emulator or HF_TOKEN)',
			type: CREDENTIAL_TYPE,
			data: { accessToken: options.token, billTo: options.billTo ?? '', routerUrl: options.routerUrl, hubUrl: options.hubUrl },
		},
		{
			id: FALLBACK_CREDENTIAL_ID,
			name: options.fallbackName ?? 'Hugging Face fallback (emulator or HF_FALLBACK_TOKEN)',
			type: CREDENTIAL_TYPE,
			data: {
				accessToken: options.fallbackToken,
				billTo: options.fallbackBillTo ?? '',
				routerUrl: options.routerUrl,
				hubUrl: options.hubUrl,
			},
		},
	];
}

/** Renames the credential references inside a template (cosmetic: n8n resolves them by id). */
/**
 * Renames the credentials the template's nodes refer to (by id), and says the same in its sticky
 * notes: a note naming the template's placeholder credential names the real one instead.
 */
export function withCredentialNames(workflow: TemplateWorkflow, names: Record<string, string>): TemplateWorkflow {
	const renamedFrom = new Map<string, string>();
	const nodes = workflow.nodes.map((node) => {
		const credentials = node.credentials as Record<string, { id: string; name: string }> | undefined;
		if (!credentials) return node;
		const renamed = Object.fromEntries(
			Object.entries(credentials).map(([type, ref]) => {
				const name = names[ref.id] ?? ref.name;
				if (name !== ref.name) renamedFrom.set(ref.name, name);
				return [type, { ...ref, name }];
			}),
		);
		return { ...node, credentials: renamed };
	});
	return {
		...workflow,
		nodes: nodes.map((node) => {
			if (node.type !== 'n8n-nodes-base.stickyNote') return node;
			const parameters = node.parameters as { content?: string };
			let content = parameters.content ?? '';
			for (const [from, to] of renamedFrom) content = content.split(from).join(to);
			return { ...node, parameters: { ...parameters, content } };
		}),
	};
}

/** The workflow with one node enabled, as a user does in the editor (select it, press D) before publishing. */
export function withNodeEnabled(workflow: TemplateWorkflow, name: string): TemplateWorkflow {
	if (!workflow.nodes.some((node) => node.name === name)) throw new Error(`${workflow.name} has no node "${name}"`);
	return {
		...workflow,
		nodes: workflow.nodes.map((node) => (node.name === name ? { ...node, disabled: false } : node)),
	};
}

/** The trend page's webhook: shipped disabled, so that the editor's button previews the page. */
export const TREND_WEBHOOK = 'Trend page (GET)';

/** The trend page template with its webhook enabled, as a user who publishes it has it. */
export const servedTrendPage = (): TemplateWorkflow => withNodeEnabled(loadTemplate('evaluationTrend'), TREND_WEBHOOK);

/** Puts a paragraph at the top of every sticky note named "About this template". */
export function withStickyBanner(workflow: TemplateWorkflow, banner: string): TemplateWorkflow {
	return {
		...workflow,
		nodes: workflow.nodes.map((node) => {
			if (node.type !== 'n8n-nodes-base.stickyNote' || node.name !== 'About this template') return node;
			const parameters = node.parameters as { content: string; height?: number };
			return {
				...node,
				parameters: { ...parameters, content: `${banner}\n\n${parameters.content}`, height: (parameters.height ?? 400) + 100 },
			};
		}),
	};
}

// ---------------------------------------------------------------------------------------------
// The evaluation's summary

export interface SummaryRow {
	model: string;
	provider: string;
	servedBy: string;
	passed: number;
	total: number;
	passRate: number | null;
	medianLatencyMs: number | null;
	totalTokens: number;
	costUsd: number | null;
	notRun: number;
	failures?: string[];
	[key: string]: unknown;
}

export interface QuotaReport {
	stoppedEarly: true;
	completed: number;
	remaining: number;
	total: number;
	message: string;
	[key: string]: unknown;
}

/** A plain-text table, one row per model and provider. */
export function formatSummaryTable(rows: SummaryRow[]): string {
	const header = ['model', 'provider', 'served by', 'passed', 'pass rate', 'median latency', 'tokens', 'cost (USD)', 'not run'];
	const body = rows.map((r) => [
		r.model,
		r.provider,
		r.servedBy || '-',
		`${r.passed}/${r.total}`,
		r.passRate === null ? '-' : `${Math.round(r.passRate * 100)}%`,
		r.medianLatencyMs === null ? '-' : `${r.medianLatencyMs} ms`,
		String(r.totalTokens),
		r.costUsd === null ? 'n/a' : `$${r.costUsd.toFixed(6)}`,
		String(r.notRun),
	]);
	const numeric = new Set([3, 4, 5, 6, 7, 8]);
	const widths = header.map((h, i) => Math.max(h.length, ...body.map((cells) => cells[i].length)));
	const line = (cells: string[]) =>
		cells.map((c, i) => (numeric.has(i) ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
	return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}
