import { rmSync } from 'fs';

import { E2E_WORK_ENV } from './n8n';

export default async function globalTeardown(): Promise<void> {
	const workDir = process.env[E2E_WORK_ENV];
	if (workDir && process.env.HF_N8N_KEEP_HOME !== '1') rmSync(workDir, { recursive: true, force: true });
}
