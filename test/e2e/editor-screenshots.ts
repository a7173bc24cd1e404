/**
 * What a newcomer sees in the editor of `npm start` (offline mode), in headless Chromium, as PNGs
 * to look at, with checks that fail loudly:
 *
 *   1. after sign-in: where n8n lands (the workflow list)
 *   2. the Operation list: no n8n "Custom API Call" entry
 *   3. the Model list: every label shows its price (or "price not published") inside the visible width
 *   4. the Provider list: no unexplained "error" entry, "price not published" where there is none
 *   5. the offline account run dry (Quick start executed until Quota Exhausted), the evaluation
 *      template stopping with the refill hint, the credits page after "Reset offline credits", and
 *      the evaluation template then running, all without restarting n8n. The evaluation runs from
 *      the editor's main "Execute workflow" button, which must pick "Run now (manual)" (its
 *      Schedule Trigger ships disabled; the trend page webhook is another template).
 *
 * Usage, with `npm start` running (no HF_TOKEN):
 *   npx tsx test/e2e/editor-screenshots.ts
 * Env: N8N_URL (default http://localhost:5678), HF_N8N_HOME (to find the emulator, as npm start),
 * HF_N8N_OWNER_EMAIL / HF_N8N_OWNER_PASSWORD (default: the home's, as `npm run login` shows), CHROMIUM (default /usr/bin/chromium),
 * SCREENSHOTS_DIR (default .e2e-artifacts/screenshots, git-ignored).
 */
import { mkdirSync } from 'fs';
import { join, resolve } from 'path';

import { chromium, type Page } from 'playwright-core';

import { CREDITS_PAGE_PATH, readOfflineState, startHome } from '../../scripts/offline-account';
import { readOwnerLogin } from '../../scripts/owner-login';
import { CHROMIUM_FLAGS } from './browser';

const N8N_URL = process.env.N8N_URL || 'http://localhost:5678';
const OUT = resolve(process.env.SCREENSHOTS_DIR || join(__dirname, '..', '..', '.e2e-artifacts', 'screenshots'));
const QUICK_START = 'hfTplQuickStart01';
const EVALUATION = 'hfTplEvaluation01';

const failures: string[] = [];
const check = (ok: boolean, what: string) => {
	process.stdout.write(`${ok ? 'ok  ' : 'FAIL'} ${what}\n`);
	if (!ok) failures.push(what);
};

async function shot(page: Page, name: string): Promise<void> {
	await page.screenshot({ path: join(OUT, `${name}.png`) });
	process.stdout.write(`     screenshot ${join(OUT, `${name}.png`)}\n`);
}

async function optionTexts(page: Page): Promise<string[]> {
	await page.getByRole('option').first().waitFor({ timeout: 30_000 });
	await page.waitForTimeout(500);
	return page.getByRole('option').allInnerTexts();
}

async function openWorkflow(page: Page, id: string): Promise<void> {
	await page.goto(`${N8N_URL}/workflow/${id}`);
	await page.locator('[data-test-id="canvas-node"]').first().waitFor();
	await page.waitForTimeout(2000);
}

async function openNode(page: Page, name: string): Promise<void> {
	await page.locator('[data-test-id="canvas-node"]', { hasText: name }).first().dblclick();
	await page.locator('[data-test-id="ndv"]').waitFor();
	await page.waitForTimeout(2500);
}

async function closeNode(page: Page): Promise<void> {
	await page.locator('[data-test-id="ndv-close-button"]').click();
	await page.waitForTimeout(500);
}

/** Runs the open workflow from one trigger with the editor's button and waits until it is done. */
async function execute(page: Page, trigger?: string): Promise<void> {
	if (trigger) {
		// The play button of that trigger node (shown on hover), as a user would pick it.
		await page.locator('[data-test-id="canvas-trigger-node"]', { hasText: trigger }).first().hover();
		await page.locator(`[data-test-id="execute-workflow-button-${trigger}"]`).click();
	} else {
		await page.locator('[data-test-id="execute-workflow-button"]').click();
	}
	await page.waitForTimeout(1500);
	// While running, the editor offers a stop button; it disappears when the run is over.
	await page.locator('[data-test-id="stop-execution-button"]').waitFor({ state: 'hidden', timeout: 180_000 });
	await page.waitForTimeout(1500);
}

/** The visible text of a node's output panel (table or JSON view). */
async function nodeOutput(page: Page, name: string): Promise<string> {
	await openNode(page, name);
	const panel = page.locator('[data-test-id="output-panel"], [data-test-id="ndv-output-panel"]').first();
	// A node that did not run has no output panel content to read.
	if (
		!(await panel.waitFor({ timeout: 5000 }).then(
			() => true,
			() => false,
		))
	)
		return '';
	const json = panel.locator('[data-test-id="radio-button-json"]');
	if (await json.count()) await json.first().click();
	await page.waitForTimeout(1000);
	return panel.innerText();
}

async function main(): Promise<void> {
	mkdirSync(OUT, { recursive: true });
	const browser = await chromium.launch({
		executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
		args: CHROMIUM_FLAGS,
	});
	const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
	page.setDefaultTimeout(60_000);
	try {
		// 1. Sign in.
		// The URL npm start prints; the password npm start made for its home (npm run login).
		const owner = readOwnerLogin(startHome());
		await page.goto(`${N8N_URL}/home/workflows`);
		await page.locator('[data-test-id="emailOrLdapLoginId"] input').fill(process.env.HF_N8N_OWNER_EMAIL || owner?.email || '');
		await page.locator('[data-test-id="password"] input').fill(process.env.HF_N8N_OWNER_PASSWORD || owner?.password || '');
		await page.locator('[data-test-id="form-submit-button"]').click();
		await page.waitForURL((url) => !url.pathname.startsWith('/signin'));
		await page.waitForTimeout(3000);
		await shot(page, '01-after-sign-in');
		check(/\/home\/workflows/.test(page.url()), `after sign-in n8n shows the workflow list (${page.url()})`);

		// 2. Operations.
		await openWorkflow(page, QUICK_START);
		await openNode(page, 'Chat');
		await page.locator('[data-test-id="parameter-input-operation"]').click();
		const operations = await optionTexts(page);
		await shot(page, '02-operations');
		check(
			operations.length >= 3 && !operations.some((o) => /custom api call/i.test(o)),
			`no "Custom API Call" among ${operations.length} operations`,
		);
		await page.keyboard.press('Escape');

		// 3. Models, from the list: the price must lie inside the visible part of each label.
		await page.locator('[data-test-id="rlc-mode-selector"]').click();
		await optionTexts(page);
		await page.getByRole('option', { name: 'From list' }).click();
		await page.waitForTimeout(1000);
		await page.locator('[data-test-id="rlc-input"]').click();
		await page.locator('[data-test-id="rlc-item"]').first().waitFor();
		await page.waitForTimeout(1500);
		await shot(page, '03-models');
		const labels = await page.locator('[data-test-id="rlc-item"]').evaluateAll((items) =>
			// Runs in the browser (this project compiles without DOM types).
			items.map((item: any) => {
				const { document, NodeFilter } = globalThis as any;
				// The label's text node sits in a box that cuts it with an ellipsis: the price is
				// visible when the text up to its end fits inside that box.
				const node = document.createTreeWalker(item, NodeFilter.SHOW_TEXT).nextNode();
				const text = node?.textContent ?? '';
				const match = /\/M\b|\bfree\b|price unknown/.exec(text);
				if (!node || !match) return { text, visible: false };
				const range = document.createRange();
				range.setStart(node, 0);
				range.setEnd(node, match.index + match[0].length);
				return { text, visible: range.getBoundingClientRect().right <= node.parentElement!.getBoundingClientRect().right + 1 };
			}),
		);
		check(
			labels.length > 0 && labels.every((l) => /\$[\d.]+\/M\b|\bfree\b|price unknown/.test(l.text)),
			`every one of ${labels.length} model labels names a price, "free" or "price unknown"`,
		);
		const hidden = labels.filter((l) => !l.visible).map((l) => l.text);
		check(
			hidden.length === 0,
			`the price is inside the visible width of every label${hidden.length ? `; cut: ${hidden.join(' | ')}` : ''}`,
		);
		await page.keyboard.press('Escape');

		// 4. Providers for the chosen model.
		await page.locator('[data-test-id="parameter-input-provider"]').click();
		const providers = await optionTexts(page);
		await shot(page, '04-providers');
		check(
			!providers.some((p) => /\berror\b/.test(p) && !/router status: error/.test(p)),
			`no unexplained "error" provider among ${providers.length}`,
		);
		check(
			providers.some((p) => /price not published/.test(p)),
			'a provider without a price says "price not published"',
		);
		await page.keyboard.press('Escape');
		await closeNode(page);

		// 5. Run the offline account dry: Quick start until its Quota Exhausted branch fires.
		let runs = 0;
		let dry = false;
		while (!dry && runs < 12) {
			await openWorkflow(page, QUICK_START);
			await execute(page);
			runs += 1;
			const out = await nodeOutput(page, 'Out of credits');
			dry = /depleted|credits/i.test(out) && !/No output data|No input data/.test(out.slice(0, 200));
			await closeNode(page);
		}
		check(dry, `Quick start reached Quota Exhausted after ${runs} runs`);
		await openWorkflow(page, EVALUATION);
		// The main button, as a newcomer presses it: it runs "Run now (manual)".
		await execute(page);
		await shot(page, '05-evaluation-out-of-credits');
		const stopped = await nodeOutput(page, 'Stop and report');
		await shot(page, '06-evaluation-stop-and-report');
		check(/credits:reset/.test(stopped), 'the evaluation stops with the offline refill hint (npm run credits:reset)');
		await closeNode(page);

		// Refill from the page npm start printed, no restart.
		const state = readOfflineState(startHome());
		if (!state) throw new Error('no offline emulator found: run this against `npm start` without HF_TOKEN');
		const credits = await page.context().newPage();
		await credits.goto(`${state.url}${CREDITS_PAGE_PATH}`);
		await credits.getByRole('button', { name: 'Reset offline credits' }).click();
		await credits.waitForLoadState();
		await credits.screenshot({ path: join(OUT, '07-credits-reset.png') });
		process.stdout.write(`     screenshot ${join(OUT, '07-credits-reset.png')}\n`);
		check(/Credits reset to \$0\.10/.test(await credits.content()), 'the credits page says the credits were reset to $0.10');
		await credits.close();

		await openWorkflow(page, EVALUATION);
		await execute(page);
		await shot(page, '08-evaluation-after-refill');
		const summary = await nodeOutput(page, 'Summary per model and provider');
		await shot(page, '09-evaluation-summary');
		check(/passRate/.test(summary), 'after the refill the evaluation runs and summarises (passRate)');
		await closeNode(page);
	} finally {
		await browser.close();
	}
	process.stdout.write(`\n${failures.length ? `${failures.length} check(s) failed` : 'all checks passed'}; screenshots in ${OUT}\n`);
	process.exitCode = failures.length ? 1 : 0;
}

main().catch((error: unknown) => {
	process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
	process.exit(1);
});
