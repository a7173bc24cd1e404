import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

import { RECORDED_PATH, recordedPresent } from './recorded-fixtures';

/** Where every test file's throwaway N8N_USER_FOLDER goes; global-teardown.ts removes it. */
export const TEST_TMP_ENV = 'HF_N8N_TEST_TMP';

export default async function globalSetup(): Promise<void> {
	// Inherited by the workers, which start after this.
	process.env[TEST_TMP_ENV] = mkdtempSync(join(tmpdir(), 'hf-n8n-test-'));
	if (!recordedPresent) {
		// One quiet line (console.warn in a test file would print a code frame per file).
		process.stdout.write(`\nnote: recorded router traffic not found at ${RECORDED_PATH}; the tests that replay it are skipped.\n`);
	}
}
