/**
 * `npm start`: n8n 2.41.1 with this node installed and the workflow templates imported, ready at
 * http://localhost:5678 (or $PORT).
 *
 *   HF_TOKEN=hf_... npm start   the templates' credential uses the real Hugging Face router
 *   npm start                   no token: a local emulator of the router and the Hub (offline,
 *                               fake answers, $0.10 of fake credits per start)
 *
 * Steps: install n8n into ~/.cache if needed (scripts/install-n8n.sh); build and pack this package
 * and install the tarball into a persistent n8n home (~/.cache/n8n-nodes-huggingface-inference/home,
 * or $HF_N8N_HOME) the way n8n's community package installer does; import the two credentials and
 * the templates with fixed ids (a restart overwrites them, nothing is duplicated) and publish the
 * evaluation's trend page; create the owner account from environment variables so there is no
 * setup screen (a random password made on the first start, kept in the home with mode 600: see
 * scripts/owner-login.ts; `npm run login` shows it); start n8n on 127.0.0.1 only, with n8n's own
 * safety settings at their defaults and the home private (scripts/home-safety.ts,
 * docs/security.md); wait until its editor answers. Ctrl-C stops n8n and the emulator.
 *
 *   npm start -- --show-login   print the owner's sign-in (also: npm run login) and exit
 *
 * Offline, the emulator's pretend credits are refilled without a restart by `npm run credits:reset`
 * or the page printed at start (scripts/offline-account.ts).
 *
 * Optional: PORT, HF_BILL_TO, HF_FALLBACK_TOKEN, HF_FALLBACK_BILL_TO, HF_ROUTER_URL, HF_HUB_URL,
 * HF_N8N_HOME, HF_N8N_OWNER_EMAIL, HF_N8N_OWNER_PASSWORD, N8N_LISTEN_ADDRESS (default 127.0.0.1:
 * read docs/security.md before you change it), N8N_DISABLED_MODULES.
 */
import { mkdtempSync, rmSync } from 'fs';
import { createServer } from 'net';
import { tmpdir } from 'os';
import { join } from 'path';

import { startEmulator, type Emulator } from '../test/emulator';
import { CREDITS_PAGE_PATH, OFFLINE_REFILL_HINT, clearOfflineState, startHome, writeOfflineState } from './offline-account';
import { steps } from './progress';
import { EMULATOR_FALLBACK_TOKEN, EMULATOR_TOKEN, runTokens } from './run-credentials';
import {
	buildAndPack,
	ensureN8nInstalled,
	isN8nInstalled,
	importCredentials,
	installPackageInto,
	startN8n,
	type RunningN8n,
} from '../test/e2e/n8n';
import { ownerEnv, persistentHome, publishWorkflow, waitForRest } from '../test/e2e/n8n-server';
import {
	DEFAULT_CREDENTIAL_ID,
	FALLBACK_CREDENTIAL_ID,
	importWorkflows,
	loadTemplates,
	servedTrendPage,
	templateCredentials,
	withCredentialNames,
	withStickyBanner,
} from '../test/e2e/templates';
import { lockDownHome, withN8nSafetyDefaults } from './home-safety';
import { ownerLogin, readOwnerLogin } from './owner-login';
import { clearStartState, writeStartState } from './start-state';

const log = (message: string) => process.stdout.write(`[start] ${message}\n`);

/** Fixed emulator tokens for offline mode (any other hf_... token is accepted too). */
const FREE_ACCOUNT_CREDITS = 0.1;

/** Where the editor sends a user after sign-in: the workflow list (n8n's `/` may open its Assistant). */
const LANDING_PATH = '/home/workflows';

function portIsFree(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const server = createServer();
		server.once('error', () => resolve(false));
		server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
	});
}

function banner(lines: string[]): string {
	const width = Math.max(...lines.map((l) => l.length)) + 4;
	const bar = '='.repeat(width);
	return ['', bar, ...lines.map((l) => `  ${l}`), bar, ''].join('\n');
}

async function main(): Promise<void> {
	const started = Date.now();
	const token = process.env.HF_TOKEN?.trim() || '';
	const offline = !token;
	const port = Number(process.env.PORT || 5678);
	const url = `http://localhost:${port}`;
	const listen = process.env.N8N_LISTEN_ADDRESS?.trim() || '127.0.0.1';

	if (!(await portIsFree(port))) {
		throw new Error(`port ${port} is taken (is n8n already running?). Stop it, or choose another: PORT=5679 npm start`);
	}

	const step = steps('[start]', 5, log);
	await step.run(
		isN8nInstalled()
			? 'checking the n8n install'
			: 'installing n8n 2.41.1 and Node 24 (first run only: about 3 GB, 5 to 12 minutes on 2 cores)',
		() => ensureN8nInstalled(),
		// scripts/install-n8n.sh prints its own progress (what, how far, elapsed) every 8 s.
		{ ownProgress: true },
	);

	const home = persistentHome(startHome());
	lockDownHome(home.userFolder);
	home.env = withN8nSafetyDefaults(home.env);
	const owner = ownerLogin(home.userFolder);
	log(`n8n home: ${home.userFolder} (your workflows and executions are kept there across restarts; private: mode 700/600)`);

	await step.run('building and packing n8n-nodes-huggingface-inference, installing it as a community package', () => {
		const packDir = mkdtempSync(join(tmpdir(), 'hf-n8n-start-pack-'));
		try {
			installPackageInto(home.nodesDir, buildAndPack(packDir));
		} finally {
			rmSync(packDir, { recursive: true, force: true });
		}
	});

	let emulator: Emulator | undefined;
	let routerUrl = process.env.HF_ROUTER_URL || 'https://router.huggingface.co';
	let hubUrl = process.env.HF_HUB_URL || 'https://huggingface.co';
	if (offline) {
		emulator = await startEmulator({
			tokens: {
				[EMULATOR_TOKEN]: { credits: FREE_ACCOUNT_CREDITS, name: 'offline-emulator' },
				[EMULATOR_FALLBACK_TOKEN]: { credits: FREE_ACCOUNT_CREDITS, name: 'offline-emulator-fallback' },
			},
			acceptAnyToken: true,
			defaultCredits: FREE_ACCOUNT_CREDITS,
			// Refill without a restart: a page with a "Reset offline credits" button, and
			// `npm run credits:reset`, which finds the emulator through the home folder.
			accountAdmin: true,
			depletedHint: OFFLINE_REFILL_HINT,
		});
		routerUrl = emulator.url;
		hubUrl = emulator.url;
		writeOfflineState(home.userFolder, emulator.url);
		log(`no HF_TOKEN: started the offline emulator of the Hugging Face router and Hub at ${emulator.url}`);
	}

	const names = offline
		? {
				[DEFAULT_CREDENTIAL_ID]: 'Hugging Face — OFFLINE EMULATOR (no HF_TOKEN)',
				[FALLBACK_CREDENTIAL_ID]: 'Hugging Face fallback — OFFLINE EMULATOR (no HF_TOKEN)',
			}
		: {
				[DEFAULT_CREDENTIAL_ID]: 'Hugging Face — HF_TOKEN (real router)',
				[FALLBACK_CREDENTIAL_ID]: process.env.HF_FALLBACK_TOKEN
					? 'Hugging Face fallback — HF_FALLBACK_TOKEN (real router)'
					: 'Hugging Face fallback — HF_TOKEN (real router)',
			};
	const modeNote = offline
		? '> **OFFLINE EMULATOR MODE.** `npm start` found no `HF_TOKEN`, so the Hugging Face credentials point at a local emulator: nothing leaves this machine, answers are made up (`Reply with exactly: X` gives X), images are generated test patterns, and each account has $0.10 of pretend credits, like a free account. Out of credits? Run `npm run credits:reset` (or use the page `npm start` printed): no restart needed. Restart with `HF_TOKEN=hf_... npm start` for the real router.'
		: '> **REAL ROUTER.** `npm start` found `HF_TOKEN`: these nodes call https://router.huggingface.co and spend your Hugging Face credits.';

	await step.run('importing the credentials (n8n import:credentials)', () =>
		importCredentials(
			home,
			templateCredentials({
				routerUrl,
				hubUrl,
				...runTokens(offline, token),
				name: names[DEFAULT_CREDENTIAL_ID],
				fallbackName: names[FALLBACK_CREDENTIAL_ID],
			}),
		),
	);
	// The trend page ships with its webhook disabled (the editor's button then previews it): npm start serves it.
	const templates = Object.values({ ...loadTemplates(), evaluationTrend: servedTrendPage() }).map((t) => withStickyBanner(withCredentialNames(t, names), modeNote));
	await step.run('importing the workflow templates (fixed ids: a restart overwrites them), publishing the trend page', async () => {
		await importWorkflows(home, templates);
		// An import leaves a workflow unpublished: publish the trend page again, so its URL keeps working.
		await publishWorkflow(home, loadTemplates().evaluationTrend.id);
	});

	let n8n: RunningN8n | undefined;
	let stopping = false;
	const stop = async (code: number) => {
		if (stopping) return;
		stopping = true;
		process.stdout.write('\n');
		log('stopping n8n...');
		clearStartState(home.userFolder);
		await n8n?.stop();
		if (emulator) {
			log('stopping the emulator...');
			clearOfflineState(home.userFolder);
			await emulator.close();
		}
		log('stopped.');
		process.exit(code);
	};
	process.on('SIGINT', () => void stop(0));
	process.on('SIGTERM', () => void stop(0));

	n8n = await step.run(`starting n8n on port ${port} (until its editor answers)`, async () => {
		const running = await startN8n(home, port, {
			stdio: 'inherit',
			timeoutMs: 180_000,
			env: {
				N8N_LOG_LEVEL: process.env.N8N_LOG_LEVEL || 'warn',
				N8N_EDITOR_BASE_URL: url,
				// Only this machine can reach it, unless you ask otherwise (docs/security.md).
				N8N_LISTEN_ADDRESS: listen,
				// N8N_WEBHOOK_URL replaces the deprecated WEBHOOK_URL (an undefined value is left out of the environment).
				WEBHOOK_URL: undefined as unknown as string,
				N8N_WEBHOOK_URL: `${url}/`,
				// mcp-registry: its refresh calls api.n8n.io and logs a stack trace when offline.
				// instance-ai: n8n 2.41 opens its "n8n Assistant" (which needs n8n's AI service) at `/`
				// after sign-in while that module is active; without it `/` is the workflow list.
				N8N_DISABLED_MODULES: process.env.N8N_DISABLED_MODULES ?? 'mcp-registry,instance-ai',
				// The owner account comes from here, so there is no setup screen.
				...ownerEnv(owner),
			},
		});
		// /healthz answers before the editor's REST routes are registered; wait for those too.
		await waitForRest(`http://127.0.0.1:${port}`).catch(() => undefined);
		return running;
	});
	writeStartState(home.userFolder, { url, pid: process.pid, offline });
	n8n.process.on('exit', (code) => {
		if (!stopping) {
			log(`n8n exited (code ${code})`);
			void stop(code ?? 1);
		}
	});

	process.stdout.write(
		banner([
			`n8n is ready: ${url}${LANDING_PATH}   (started in ${((Date.now() - started) / 1000).toFixed(0)} s)`,
			...(owner.created
				? [
						`Sign in as ${owner.email} / ${owner.password}`,
						`      (a random password made for this n8n home, shown this once; kept in ${owner.file}, mode 600;`,
						'       `npm run login` shows it again)',
					]
				: [`Sign in as ${owner.email}; password: \`npm run login\` (kept in ${owner.file}, mode 600)`]),
			listen === '127.0.0.1' || listen === 'localhost'
				? 'Listening on 127.0.0.1 only: nothing else on the network can reach it.'
				: `LISTENING ON ${listen} (N8N_LISTEN_ADDRESS): other machines may reach it. See docs/security.md.`,
			'',
			offline
				? 'MODE: OFFLINE EMULATOR (no HF_TOKEN). Nothing leaves this machine; answers are fake, credits are $0.10.'
				: 'MODE: REAL Hugging Face router (HF_TOKEN is set). Running the templates spends your credits.',
			...(offline
				? [
						'      Out of credits (Quota Exhausted)? Refill them without a restart:',
						`      npm run credits:reset   or open ${emulator!.url}${CREDITS_PAGE_PATH}`,
						'      For the real router: stop, then HF_TOKEN=hf_... npm start',
					]
				: []),
			'',
			'Workflows: "Hugging Face: quick start", "...: scheduled model evaluation" (and its trend page), "...: quota fallback".',
			`Trend page (published): ${url}/webhook/hf-model-evaluation/trend   (npm run evaluate adds a run to it)`,
			`Node: "Hugging Face Inference" in the node panel. Credential: "${names[DEFAULT_CREDENTIAL_ID]}".`,
			'Press Ctrl-C to stop.',
		]),
	);
}

/** `npm start -- --show-login`: the owner's sign-in for the home, without starting anything. */
function showLogin(): void {
	const home = startHome();
	const login = readOwnerLogin(home);
	if (!login) {
		process.stdout.write(`[start] no owner yet in ${home}: run npm start once (it makes one)\n`);
		return;
	}
	process.stdout.write(`Sign in as ${login.email} / ${login.password}\n(kept in ${login.file}, mode 600)\n`);
}

if (process.argv.includes('--show-login')) {
	showLogin();
	process.exit(0);
}

main().catch((error: unknown) => {
	process.stderr.write(`[start] ${error instanceof Error ? error.message : String(error)}\n`);
	process.exit(1);
});
