import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Imported first by index.ts, before anything constructs n8n's Logger / InstanceSettings
// (both read env once, lazily).

// n8n-core writes an instance key under $N8N_USER_FOLDER/.n8n. Jest's test/setup-env.ts already
// points it at a temp folder; do the same when the harness is used from a plain script.
if (!process.env.N8N_USER_FOLDER || !process.env.N8N_USER_FOLDER.startsWith(tmpdir())) {
	const created = mkdtempSync(join(tmpdir(), 'hf-n8n-harness-'));
	process.env.N8N_USER_FOLDER = created;
	// Gone when the script ends: nothing is left in the temp folder.
	process.on('exit', () => rmSync(created, { recursive: true, force: true }));
}

// n8n-core's ErrorReporter logs every node error; keep test output quiet unless asked for
// (run with N8N_LOG_LEVEL=debug to see engine logs).
process.env.N8N_LOG_LEVEL ??= 'silent';

export {};
