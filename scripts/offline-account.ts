/**
 * Where `npm start` leaves the address of its offline emulator, so that `npm run credits:reset`
 * (scripts/credits-reset.ts) can refill the pretend credits while n8n keeps running.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { homedir } from 'os';
import { join } from 'path';

/** The persistent n8n home of `npm start` (your workflows and executions live there). */
export function startHome(): string {
	return process.env.HF_N8N_HOME || join(homedir(), '.cache', 'n8n-nodes-huggingface-inference', 'home');
}

const stateFile = (home: string) => join(home, 'offline-emulator.json');

export const CREDITS_PAGE_PATH = '/__emulator/credits';

/** Appended to the emulator's 402 message under `npm start`. */
export const OFFLINE_REFILL_HINT =
	'[OFFLINE EMULATOR of npm start: these are pretend credits. Refill them without a restart: run `npm run credits:reset` in the repository, or open the page printed at start (/__emulator/credits) and press "Reset offline credits".]';

export function writeOfflineState(home: string, url: string): void {
	writeFileSync(stateFile(home), `${JSON.stringify({ url, pid: process.pid }, null, 2)}\n`);
}

export function clearOfflineState(home: string): void {
	rmSync(stateFile(home), { force: true });
}

export function readOfflineState(home: string): { url: string; pid: number } | undefined {
	if (!existsSync(stateFile(home))) return undefined;
	try {
		return JSON.parse(readFileSync(stateFile(home), 'utf8')) as { url: string; pid: number };
	} catch {
		return undefined;
	}
}
