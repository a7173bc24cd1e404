/**
 * While `npm start` runs, its n8n home holds npm-start.json (mode 600): where its n8n answers and
 * in which mode, so that `npm run evaluate` records into the history that this n8n shows instead
 * of starting another n8n.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { join } from 'path';

export interface StartState {
	/** The editor's URL (http://localhost:<port>). */
	url: string;
	/** The `npm start` process. */
	pid: number;
	/** Offline emulator (no HF_TOKEN) or the real router. */
	offline: boolean;
}

const stateFile = (home: string) => join(home, 'npm-start.json');

export function writeStartState(home: string, state: StartState): void {
	writeFileSync(stateFile(home), `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
}

export function clearStartState(home: string): void {
	rmSync(stateFile(home), { force: true });
}

/** The running `npm start` of this home, if its process is still alive. */
export function runningStart(home: string): StartState | undefined {
	if (!existsSync(stateFile(home))) return undefined;
	try {
		const state = JSON.parse(readFileSync(stateFile(home), 'utf8')) as StartState;
		process.kill(state.pid, 0);
		return state;
	} catch {
		return undefined;
	}
}
