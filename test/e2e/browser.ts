/**
 * Headless Chromium for pages a user looks at (the evaluation's trend page): a screenshot to look
 * at, and the DOM as the browser built it. `.ci/run` installs Chromium (`apt-get install -y chromium`)
 * when it is missing.
 */
import { spawnSync } from 'child_process';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

/** Chromium's flags for a test (the team's list): no sandbox, no GPU, nothing from the network but the page. */
export const CHROMIUM_FLAGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];

const CANDIDATES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

export function findChromium(): string {
	for (const name of [process.env.CHROMIUM_BIN, ...CANDIDATES]) {
		if (!name) continue;
		const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
		if (found.status === 0 && found.stdout.trim()) return found.stdout.trim();
	}
	throw new Error('headless Chromium is needed to look at the trend page: apt-get install -y chromium (or set CHROMIUM_BIN)');
}

function chromium(args: string[], timeoutMs = 60_000): string {
	const profile = mkdtempSync(join(tmpdir(), 'hf-chromium-'));
	try {
		const result = spawnSync(
			findChromium(),
			[
				'--headless',
				...CHROMIUM_FLAGS,
				`--user-data-dir=${profile}`,
				...args,
			],
			{ encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 },
		);
		if (result.status !== 0) throw new Error(`chromium ${args.join(' ')} exited with ${result.status}: ${result.stderr.slice(-2000)}`);
		return result.stdout;
	} finally {
		rmSync(profile, { recursive: true, force: true });
	}
}

/** Saves a PNG of the page as a browser window of this size shows it. */
export function screenshot(url: string, file: string, size: { width: number; height: number }): void {
	chromium([`--window-size=${size.width},${size.height}`, '--hide-scrollbars', `--screenshot=${file}`, url]);
}

/** The page's DOM after the browser parsed it (serialized). */
export function renderedDom(url: string): string {
	return chromium(['--dump-dom', url]);
}
