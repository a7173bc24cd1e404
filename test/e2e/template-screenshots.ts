/**
 * Every template as a newcomer meets it under `npm start` (offline): opened in the editor at
 * 1440x900, run with the main "Execute workflow" button, as imported, then a PNG of the canvas;
 * and what the browser asked for in vain (404s). Checks fail loudly: the run ends without an
 * error, the expected nodes ran.
 *
 * Usage, with `npm start` running (no HF_TOKEN):  npx tsx test/e2e/template-screenshots.ts
 * Env: N8N_URL (default http://localhost:5678), HF_N8N_HOME (to find the owner's login, as npm
 * start), CHROMIUM (default /usr/bin/chromium), SCREENSHOTS_DIR (default .e2e-artifacts/templates).
 */
import { mkdirSync } from 'fs';
import { join, resolve } from 'path';

import { chromium, type Page } from 'playwright-core';

import { startHome } from '../../scripts/offline-account';
import { readOwnerLogin } from '../../scripts/owner-login';
import { CHROMIUM_FLAGS } from './browser';
import { loadTemplates, type TemplateKey } from './templates';

const N8N_URL = process.env.N8N_URL || 'http://localhost:5678';
const OUT = resolve(process.env.SCREENSHOTS_DIR || join(__dirname, '..', '..', '.e2e-artifacts', 'templates'));

const failures: string[] = [];
const check = (ok: boolean, what: string) => {
	process.stdout.write(`${ok ? 'ok  ' : 'FAIL'} ${what}\n`);
	if (!ok) failures.push(what);
};

/** Runs the open workflow with the main button; true when the editor saw it finish. */
async function executeMain(page: Page): Promise<boolean> {
	await page.locator('[data-test-id="execute-workflow-button"]').click();
	await page.waitForTimeout(1500);
	const waiting = await page.getByText(/Waiting for trigger event/i).count();
	if (waiting) return false;
	await page.locator('[data-test-id="stop-execution-button"]').waitFor({ state: 'hidden', timeout: 180_000 });
	await page.waitForTimeout(2000);
	return true;
}

async function main(): Promise<void> {
	mkdirSync(OUT, { recursive: true });
	const owner = readOwnerLogin(startHome());
	if (!owner) throw new Error(`no owner login in ${startHome()}: run npm start first`);
	const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: CHROMIUM_FLAGS });
	const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
	page.setDefaultTimeout(60_000);
	const missing = new Set<string>();
	page.on('response', (response) => {
		if (response.status() === 404) missing.add(new URL(response.url()).pathname);
	});
	try {
		await page.goto(`${N8N_URL}/home/workflows`);
		await page.locator('[data-test-id="emailOrLdapLoginId"] input').fill(owner.email);
		await page.locator('[data-test-id="password"] input').fill(owner.password);
		await page.locator('[data-test-id="form-submit-button"]').click();
		await page.waitForURL((url) => !url.pathname.startsWith('/signin'));
		const templates = loadTemplates();
		for (const key of Object.keys(templates) as TemplateKey[]) {
			const template = templates[key];
			await page.goto(`${N8N_URL}/workflow/${template.id}`);
			await page.locator('[data-test-id="canvas-node"]').first().waitFor();
			await page.waitForTimeout(2500);
			await page.screenshot({ path: join(OUT, `${key}-opened.png`) });
			const finished = await executeMain(page);
			await page.screenshot({ path: join(OUT, `${key}-run.png`) });
			const failed = await page.locator('[data-test-id="canvas-node"].error, [data-test-id="canvas-node-status-error"]').count();
			check(finished && failed === 0, `${template.name}: the main button ran it to the end${finished ? '' : ' (it waits for a trigger event)'}${failed ? `; ${failed} node(s) failed` : ''}`);
			process.stdout.write(`     ${join(OUT, `${key}-run.png`)}\n`);
		}
	} finally {
		await browser.close();
	}
	process.stdout.write(`\n404s the editor met: ${missing.size ? [...missing].join(', ') : 'none'}\n`);
	process.stdout.write(`${failures.length ? `${failures.length} check(s) failed` : 'all checks passed'}; screenshots in ${OUT}\n`);
	process.exitCode = failures.length ? 1 : 0;
}

main().catch((error: unknown) => {
	process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
	process.exit(1);
});
