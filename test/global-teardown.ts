import { rmSync } from 'fs';

import { TEST_TMP_ENV } from './global-setup';

export default async function globalTeardown(): Promise<void> {
	const dir = process.env[TEST_TMP_ENV];
	if (dir) rmSync(dir, { recursive: true, force: true });
}
