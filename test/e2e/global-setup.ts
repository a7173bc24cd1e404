import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

import { E2E_WORK_ENV, ensureN8nInstalled, preparePackage } from './n8n';

/** Installs n8n (cached) and builds, packs and prepares our package once for the whole run. */
export default async function globalSetup(): Promise<void> {
	const started = Date.now();
	process.stdout.write('\n[e2e] checking the n8n install (scripts/install-n8n.sh)...\n');
	ensureN8nInstalled();
	const afterInstall = Date.now();

	const workDir = mkdtempSync(join(tmpdir(), 'hf-n8n-e2e-work-'));
	// Inherited by the test workers (and read in this process with --runInBand).
	process.env[E2E_WORK_ENV] = workDir;
	process.stdout.write('[e2e] building, packing and preparing n8n-nodes-huggingface-inference...\n');
	try {
		preparePackage(workDir);
	} catch (error) {
		// globalTeardown does not run when globalSetup fails.
		rmSync(workDir, { recursive: true, force: true });
		throw error;
	}
	const done = Date.now();
	process.stdout.write(
		`[e2e] ready: n8n check ${((afterInstall - started) / 1000).toFixed(1)}s, ` +
			`build+pack+install package ${((done - afterInstall) / 1000).toFixed(1)}s (work dir ${workDir})\n`,
	);
}
