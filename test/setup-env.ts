import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

// n8n-core writes an instance key under $N8N_USER_FOLDER/.n8n; never let a test touch the home
// folder. Each test file gets its own folder inside the run's temp folder (test/global-setup.ts),
// which is removed when the run ends.
if (!process.env.N8N_USER_FOLDER || !process.env.N8N_USER_FOLDER.startsWith(tmpdir())) {
	process.env.N8N_USER_FOLDER = mkdtempSync(join(process.env.HF_N8N_TEST_TMP || tmpdir(), 'hf-n8n-test-'));
}
