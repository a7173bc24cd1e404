/**
 * `npm run evaluate`: runs the "scheduled model evaluation" template (workflows/model-evaluation.json)
 * once, headlessly, in a real n8n 2.41.1 with this package installed; prints its summary (one row
 * per model and provider), any regression alert, and the trend of the last runs from its run history.
 *
 *   npm run evaluate                   against the offline emulator (no HF_TOKEN)
 *   HF_TOKEN=hf_... npm run evaluate   against the real router (spends a few thousandths of a cent)
 *
 * Why `n8n start` and not `n8n execute`: the template keeps its run history in an n8n Data Table,
 * and n8n 2.41 only enables Data Tables in a running n8n. So this starts n8n on a free port of
 * 127.0.0.1, signs in as the owner and starts the run from "Run now (manual)" through the REST
 * API, exactly as the editor's button does, then stops n8n.
 *
 * The run history is the one `npm start` shows: with `npm start` running, the evaluation runs in
 * its n8n (signed in as its owner, with its credentials: offline emulator or real router, as it
 * was started); otherwise this starts n8n in `npm start`'s home (~/.cache/n8n-nodes-huggingface-
 * inference/home or $HF_N8N_HOME), so the next `npm start` shows the run. $HF_N8N_EVALUATE_HOME
 * keeps a history of its own instead. The output says where the run was recorded.
 * Exit code: 0 when the workflow ran (whatever the scores), 1 when it failed.
 */
import { spawn } from 'child_process';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

import { startEmulator, type Emulator } from '../test/emulator';
import { lockDownHome, withN8nSafetyDefaults } from './home-safety';
import { startHome } from './offline-account';
import { ownerLogin, readOwnerLogin } from './owner-login';
import { EMULATOR_FALLBACK_TOKEN, EMULATOR_TOKEN, runTokens } from './run-credentials';
import { runningStart } from './start-state';
import {
	buildAndPack,
	ensureN8nInstalled,
	importCredentials,
	installPackageInto,
	type RunningN8n,
} from '../test/e2e/n8n';
import { N8nSession, persistentHome, startSignedIn, type DataTableRow } from '../test/e2e/n8n-server';
import {
	EVALUATION_NODES,
	EVALUATION_TABLE,
	formatSummaryTable,
	importWorkflows,
	loadTemplate,
	servedTrendPage,
	templateCredentials,
	type QuotaReport,
	type SummaryRow,
} from '../test/e2e/templates';

const log = (message: string) => process.stderr.write(`[evaluate] ${message}\n`);

const MANUAL_TRIGGER = 'Run now (manual)';
const TREND_RUNS = 5;
const INSTALL_FLAG = '--install-into';

/** Logs "still <doing>" every 5 s while a promise is pending. */
async function withProgress<T>(doing: string, work: Promise<T>): Promise<T> {
	const started = Date.now();
	const timer = setInterval(() => log(`still ${doing} (${Math.round((Date.now() - started) / 1000)} s)...`), 5_000);
	try {
		return await work;
	} finally {
		clearInterval(timer);
	}
}

/**
 * Builds, packs and installs the package into nodesDir in a child process (this script again,
 * with --install-into): those steps block while npm works, and this process must keep printing
 * progress meanwhile.
 */
function installInChild(nodesDir: string): Promise<string> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [...process.execArgv, __filename, INSTALL_FLAG, nodesDir], { stdio: ['ignore', 'pipe', 'pipe'] });
		let out = '';
		child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
		child.stderr.setEncoding('utf8').on('data', (d: string) => (out += d));
		child.on('error', reject);
		child.on('close', (code) => {
			const tarball = /^TARBALL (.+)$/m.exec(out)?.[1];
			if (code === 0 && tarball) resolve(tarball);
			else reject(new Error(`building, packing or installing the package failed (exit ${code}):\n${out.slice(-4000)}`));
		});
	});
}

/** The last runs of every model and provider, as a plain-text table. */
export function formatTrend(rows: DataTableRow[], lastRuns = TREND_RUNS): string {
	const series = new Map<string, DataTableRow[]>();
	for (const row of rows) {
		const key = `${row.model} @ ${row.provider}`;
		series.set(key, [...(series.get(key) ?? []), row]);
	}
	const num = (v: unknown, f: (x: number) => string) => (typeof v === 'number' ? f(v) : '-');
	const header = ['model @ provider', 'run (UTC)', 'pass rate', 'median latency', 'tokens', 'cost (USD)', 'cases'];
	const body: string[][] = [];
	for (const [key, runs] of series) {
		for (const r of runs.slice(-lastRuns)) {
			body.push([
				key,
				String(r.runAt ?? r.createdAt)
					.slice(0, 19)
					.replace('T', ' '),
				num(r.passRate, (x) => `${Math.round(x * 100)}%`),
				num(r.medianLatencyMs, (x) => `${x} ms`),
				num(r.totalTokens, String),
				num(r.costUsd, (x) => `$${x.toFixed(6)}`),
				num(r.casesRun, String),
			]);
		}
	}
	const widths = header.map((h, i) => Math.max(h.length, ...body.map((cells) => cells[i].length)));
	const line = (cells: string[]) =>
		cells
			.map((c, i) => (i > 1 ? c.padStart(widths[i]) : c.padEnd(widths[i])))
			.join('  ')
			.trimEnd();
	return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

async function main(): Promise<number> {
	const started = Date.now();
	const token = process.env.HF_TOKEN?.trim() || '';
	const offline = !token;

	log('checking the n8n install (bash scripts/install-n8n.sh)...');
	ensureN8nInstalled({ quiet: true });

	let emulator: Emulator | undefined;
	let n8n: RunningN8n | undefined;
	try {
		// The history lives in `npm start`'s n8n home, so `npm start` shows every run.
		const home = persistentHome(process.env.HF_N8N_EVALUATE_HOME || startHome());
		lockDownHome(home.userFolder);
		home.env = withN8nSafetyDefaults(home.env);
		const workflow = loadTemplate('evaluation');
		const npmStart = runningStart(home.userFolder);
		let session: N8nSession;
		let where: string;
		if (npmStart) {
			// `npm start` is running in this home: run the evaluation in its n8n (one database, one history).
			const login = readOwnerLogin(home.userFolder);
			if (!login) throw new Error(`npm start is running at ${npmStart.url} but ${home.userFolder} has no owner login`);
			if (npmStart.offline === !offline) {
				log(
					`note: the running npm start uses ${npmStart.offline ? 'the OFFLINE EMULATOR' : 'the REAL router (HF_TOKEN)'}; ` +
						`this run uses its credentials, whatever HF_TOKEN says here. Restart npm start to change that.`,
				);
			}
			log(`npm start is running at ${npmStart.url}: running the evaluation there (${npmStart.offline ? 'OFFLINE EMULATOR' : 'REAL router'})...`);
			session = await N8nSession.login(`http://127.0.0.1:${new URL(npmStart.url).port}`, login);
			where = `the running npm start at ${npmStart.url} (its n8n home ${home.userFolder})`;
		} else {
			let routerUrl = process.env.HF_ROUTER_URL || 'https://router.huggingface.co';
			let hubUrl = process.env.HF_HUB_URL || 'https://huggingface.co';
			if (offline) {
				emulator = await startEmulator({ tokens: { [EMULATOR_TOKEN]: { credits: 0.1 }, [EMULATOR_FALLBACK_TOKEN]: { credits: 0.1 } }, acceptAnyToken: true, defaultCredits: 0.1 });
				routerUrl = emulator.url;
				hubUrl = emulator.url;
				log(`MODE: OFFLINE EMULATOR (no HF_TOKEN): answers are made up by a local emulator at ${emulator.url}`);
			} else {
				log(`MODE: REAL Hugging Face router (${routerUrl}), with HF_TOKEN`);
			}
			log(`npm start is not running: using its n8n home, which keeps the run history: ${home.userFolder}`);
			log('building and packing the node (npm run build, npm pack), installing it as a community package...');
			await withProgress('building, packing and installing', installInChild(home.nodesDir));
			log('importing the credential and the workflows (the evaluation and its trend page)...');
			await withProgress('importing', importCredentials(home, templateCredentials({ routerUrl, hubUrl, ...runTokens(offline, token) })));
			await withProgress('importing', importWorkflows(home, [workflow, servedTrendPage()]));
			log('starting n8n (Data Tables need a running n8n)...');
			const running = await withProgress('starting n8n', startSignedIn(home, ownerLogin(home.userFolder)));
			n8n = running.n8n;
			session = running.session;
			where = `the n8n home of npm start (${home.userFolder}): the next \`npm start\` shows it`;
		}
		log(`running "${workflow.name}" from "${MANUAL_TRIGGER}"...`);
		const executionId = await session.runFrom(workflow.id, MANUAL_TRIGGER);
		const result = await session.waitForExecution(executionId, home, {
			timeoutMs: 600_000,
			onWait: (ms) => log(`still running execution ${executionId} (${Math.round(ms / 1000)} s)...`),
		});
		if (result.status !== 'success' || result.error) {
			log(`the workflow failed: ${result.error?.message ?? result.status}`);
			return 1;
		}
		process.stdout.write(`\nThis run is recorded in ${where}: Data Table "${EVALUATION_TABLE}", trend page /webhook/hf-model-evaluation/trend.\n`);

		const ran = (node: string) => (result.runData[node]?.length ?? 0) > 0;
		const rows = ran(EVALUATION_NODES.summary) ? result.items(EVALUATION_NODES.summary).map((i) => i.json as SummaryRow) : [];
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
		if (ran(EVALUATION_NODES.alert)) {
			const alerts = result.items(EVALUATION_NODES.alert).map((i) => i.json);
			process.stdout.write(
				`\nREGRESSION against the previous run:\n${alerts.map((a) => `  ${a.model} @ ${a.provider}: ${a.regression}`).join('\n')}\n`,
			);
		}
		const history = await session.dataTableRows(EVALUATION_TABLE);
		process.stdout.write(
			`\nTrend (last ${TREND_RUNS} runs of each model and provider; Data Table "${EVALUATION_TABLE}", ${history.length} rows):\n\n`,
		);
		process.stdout.write(`${formatTrend(history)}\n`);
		if (offline) {
			process.stdout.write(
				'\nOffline, the emulator only knows answers that the prompt dictates ("Reply with exactly: X"), so the red-planet cases fail by design.\nSet HF_TOKEN to evaluate the real models.\n',
			);
		}
		log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
		return 0;
	} finally {
		await n8n?.stop();
		await emulator?.close();
	}
}

if (process.argv[2] === INSTALL_FLAG) {
	const packDir = mkdtempSync(join(tmpdir(), 'hf-n8n-evaluate-pack-'));
	try {
		const tarball = buildAndPack(packDir);
		installPackageInto(process.argv[3], tarball);
		process.stdout.write(`TARBALL ${tarball}\n`);
	} finally {
		rmSync(packDir, { recursive: true, force: true });
	}
	process.exit(0);
}

main().then(
	(code) => process.exit(code),
	(error: unknown) => {
		process.stderr.write(`[evaluate] ${error instanceof Error ? error.message : String(error)}\n`);
		process.exit(1);
	},
);
