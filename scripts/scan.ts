/**
 * `npm run scan`: n8n's own community package scanner (`@n8n/scan-community-package`, what n8n runs
 * before it verifies a package for every n8n, Cloud included) over what we ship and what we write:
 *
 *   1. the packed tarball, as n8n scans the published package: `**\/*.js` and `package.json`;
 *   2. the sources, as n8n scans the attested source checkout: `package.json` and
 *      `{nodes,credentials}/**\/*.{js,ts,json}`.
 *
 * The scanner normally downloads both from the registry and GitHub; its `analyzePackage(dir, patterns)`
 * runs the same ESLint configuration on a local folder. Exit code 1 on any error.
 */
import { spawnSync } from 'child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';

import { buildAndPack } from '../test/e2e/n8n';

interface AnalysisResult {
	passed: boolean;
	message?: string;
	details?: string;
}

interface Scanner {
	analyzePackage(dir: string, patterns: string[]): Promise<AnalysisResult>;
	SOURCE_FILE_PATTERNS: string[];
}

const REPO_ROOT = resolve(__dirname, '..');
/** The patterns n8n's scanner uses for the published tarball (see `analyzePackageByName`). */
const TARBALL_PATTERNS = ['**/*.js', 'package.json'];

function log(message: string): void {
	process.stderr.write(`[scan] ${message}\n`);
}

async function main(): Promise<void> {
	// The package has no types (nor an exports map): its scanner module, by path.
	const specifier = '@n8n/scan-community-package/scanner/scanner.mjs';
	const scanner = (await import(specifier)) as Scanner;
	const work = mkdtempSync(join(tmpdir(), 'hf-scan-'));
	try {
		log('building and packing...');
		const tarball = buildAndPack(join(work, 'pack'));
		const unpacked = join(work, 'package');
		mkdirSync(unpacked);
		const untar = spawnSync('tar', ['-xzf', tarball, '-C', unpacked, '--strip-components=1'], { encoding: 'utf8' });
		if (untar.status !== 0) throw new Error(`tar failed: ${untar.stderr}`);

		const legs: Array<[string, string, string[]]> = [
			[`tarball ${tarball.split('/').pop()}`, unpacked, TARBALL_PATTERNS],
			['sources', REPO_ROOT, scanner.SOURCE_FILE_PATTERNS],
		];
		let failed = false;
		for (const [label, dir, patterns] of legs) {
			log(`analysing the ${label} (${patterns.join(', ')})...`);
			const result = await scanner.analyzePackage(dir, patterns);
			if (result.passed) {
				console.log(`PASS  ${label}: 0 errors (${result.message ?? 'no ESLint violations'})`);
			} else {
				failed = true;
				console.log(`FAIL  ${label}: ${result.message}`);
				if (result.details) console.log(result.details);
			}
		}
		process.exitCode = failed ? 1 : 0;
	} finally {
		rmSync(work, { recursive: true, force: true });
	}
}

main().catch((error: unknown) => {
	console.error(error);
	process.exitCode = 1;
});
