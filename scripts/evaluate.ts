/**
 * `npm run evaluate`: runs the "scheduled model evaluation" template (workflows/model-evaluation.json)
 * once, headlessly, in a real n8n 2.41.1 with this package installed, and prints its summary table:
 * one row per model and provider.
 *
 *   npm run evaluate                   against the offline emulator (no HF_TOKEN)
 *   HF_TOKEN=hf_... npm run evaluate   against the real router (spends a few thousandths of a cent)
 *
 * Uses a throwaway n8n home (the one `npm start` keeps is left alone, so both can run at once).
 * Exit code: 0 when the workflow ran (whatever the scores), 1 when it failed.
 */
import { startEmulator, type Emulator } from '../test/emulator';
import { createN8nHome, ensureN8nInstalled, executeWorkflow, importCredentials, type N8nHome } from '../test/e2e/n8n';
import {
	EVALUATION_NODES,
	formatSummaryTable,
	importWorkflows,
	loadTemplate,
	templateCredentials,
	type QuotaReport,
	type SummaryRow,
} from '../test/e2e/templates';

const log = (message: string) => process.stderr.write(`[evaluate] ${message}\n`);

const EMULATOR_TOKEN = 'hf_offline_emulator_token_01';

async function main(): Promise<number> {
	const started = Date.now();
	const token = process.env.HF_TOKEN?.trim() || '';
	const offline = !token;

	log('checking the n8n install (bash scripts/install-n8n.sh)...');
	ensureN8nInstalled({ quiet: true });

	let emulator: Emulator | undefined;
	let home: N8nHome | undefined;
	try {
		let routerUrl = process.env.HF_ROUTER_URL || 'https://router.huggingface.co';
		let hubUrl = process.env.HF_HUB_URL || 'https://huggingface.co';
		if (offline) {
			emulator = await startEmulator({ tokens: { [EMULATOR_TOKEN]: { credits: 0.1 } }, acceptAnyToken: true, defaultCredits: 0.1 });
			routerUrl = emulator.url;
			hubUrl = emulator.url;
			log(`MODE: OFFLINE EMULATOR (no HF_TOKEN): answers are made up by a local emulator at ${emulator.url}`);
		} else {
			log(`MODE: REAL Hugging Face router (${routerUrl}), with HF_TOKEN`);
		}

		log('building and packing the node, preparing a throwaway n8n home...');
		home = await createN8nHome();
		const workflow = loadTemplate('evaluation');
		await importCredentials(
			home,
			templateCredentials({
				routerUrl,
				hubUrl,
				token: offline ? EMULATOR_TOKEN : token,
				fallbackToken: offline ? EMULATOR_TOKEN : process.env.HF_FALLBACK_TOKEN?.trim() || token,
				billTo: offline ? '' : process.env.HF_BILL_TO?.trim() || '',
			}),
		);
		await importWorkflows(home, [workflow]);

		log(`running "${workflow.name}" (n8n execute --id=${workflow.id})...`);
		const result = await executeWorkflow(home, workflow.id, { allowError: true, timeoutMs: 600_000 });
		if (result.status !== 'success' || result.error) {
			log(`the workflow failed: ${result.error?.message ?? result.status}`);
			return 1;
		}

		const ran = (node: string) => (result.runData[node]?.length ?? 0) > 0;
		const rows = ran(EVALUATION_NODES.summary)
			? result.items(EVALUATION_NODES.summary).map((i) => i.json as SummaryRow)
			: [];
		process.stdout.write(`\n${workflow.name}: ${offline ? 'OFFLINE EMULATOR' : 'real router'}\n\n`);
		if (rows.length) {
			process.stdout.write(`${formatSummaryTable(rows)}\n`);
			const failures = rows.flatMap((r) => (r.failures ?? []).map((f) => `  ${r.model} @ ${r.provider}: ${f}`));
			if (failures.length) process.stdout.write(`\nfailed checks:\n${failures.join('\n')}\n`);
		} else {
			process.stdout.write('(no test case was answered)\n');
		}
		if (ran(EVALUATION_NODES.quotaReport)) {
			const [report] = result.items(EVALUATION_NODES.quotaReport).map((i) => i.json as QuotaReport);
			process.stdout.write(
				`\nQUOTA EXHAUSTED: stopped early, ${report.completed} of ${report.total} calls done, ${report.remaining} not run.\n${report.message}\n`,
			);
		}
		if (offline) {
			process.stdout.write(
				'\nOffline, the emulator only knows answers that the prompt dictates ("Reply with exactly: X"), so the red-planet case fails by design.\nSet HF_TOKEN to evaluate the real models.\n',
			);
		}
		log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
		return 0;
	} finally {
		home?.cleanup();
		await emulator?.close();
	}
}

main().then(
	(code) => process.exit(code),
	(error: unknown) => {
		process.stderr.write(`[evaluate] ${error instanceof Error ? error.message : String(error)}\n`);
		process.exit(1);
	},
);
