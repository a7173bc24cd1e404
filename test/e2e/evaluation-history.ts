/**
 * What the evaluation-history e2e test sets up and waits for: the evaluation template with its
 * Schedule Trigger enabled (it ships disabled), published beside the trend page template in a
 * fresh home, `n8n start` on it with an owner session, and the rows its runs append.
 */
import { join } from 'path';

import type { Emulator } from '../emulator';
import { createN8nHome, importCredentials, type N8nHome, type RunningN8n } from './n8n';
import { publishWorkflow, startSignedIn, type DataTableRow, type N8nSession } from './n8n-server';
import { EVALUATION_SCHEDULE, EVALUATION_TABLE, importWorkflows, loadTemplate, templateCredentials, withNodeEnabled, type TemplateWorkflow } from './templates';

/** Where the trend page's screenshot is left for a person to look at. */
export const TREND_SCREENSHOT = join(__dirname, '..', '..', '.e2e-artifacts', 'trend-page.png');

/** The evaluation template with its Schedule Trigger enabled, as a user does before publishing it. */
export const scheduledEvaluation = (): TemplateWorkflow => withNodeEnabled(loadTemplate('evaluation'), EVALUATION_SCHEDULE);

/** The workflow with its Schedule Trigger firing every `seconds` instead of every day at 06:00. */
export function everySeconds(workflow: TemplateWorkflow, seconds: number): TemplateWorkflow {
	return {
		...workflow,
		nodes: workflow.nodes.map((node) =>
			node.name === EVALUATION_SCHEDULE ? { ...node, parameters: { rule: { interval: [{ field: 'seconds', secondsInterval: seconds }] } } } : node,
		),
	};
}

/** A fresh home with the workflows imported and published, n8n started on it, an owner session. */
export async function publishAndStart(
	emulator: Emulator,
	token: string,
	workflows: TemplateWorkflow[],
): Promise<{ home: N8nHome; n8n: RunningN8n; session: N8nSession }> {
	const home = await createN8nHome();
	await importCredentials(home, templateCredentials({ routerUrl: emulator.url, hubUrl: emulator.url, token, fallbackToken: token }));
	await importWorkflows(home, workflows);
	for (const workflow of workflows) await publishWorkflow(home, workflow.id);
	try {
		return { home, ...(await startSignedIn(home)) };
	} catch (error) {
		home.cleanup();
		throw error;
	}
}

/** The evaluation's Data Table rows once there are at least `count` of them, or what there is after `timeoutMs`. */
export async function waitForRows(session: N8nSession, count: number, timeoutMs: number): Promise<DataTableRow[]> {
	let rows: DataTableRow[] = [];
	for (const deadline = Date.now() + timeoutMs; Date.now() < deadline;) {
		rows = await session.dataTableRows(EVALUATION_TABLE);
		if (rows.length >= count) break;
		await new Promise((r) => setTimeout(r, 1_000));
	}
	return rows;
}
