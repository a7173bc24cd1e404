import { existsSync, readFileSync } from 'fs';
import { resolve } from 'path';

/**
 * Router traffic recorded from the real Hugging Face router, in the project's shared folder beside
 * the repository. A clone without that folder skips the tests that replay it; jest's global setup
 * says so once (test/global-setup.ts).
 */
export const RECORDED_PATH = resolve(__dirname, '../../shared/fixtures/hf-router/recorded.json');

export const recordedPresent = existsSync(RECORDED_PATH);

export function recordedInteractions<T>(): T[] {
	return recordedPresent ? (JSON.parse(readFileSync(RECORDED_PATH, 'utf8')) as { interactions: T[] }).interactions : [];
}
