/**
 * Progress for the long steps of `npm start` (and anything else that wants it): "step k/n: what",
 * then a heartbeat line every 8 s (so at least every 10 s on a loaded machine) with the elapsed
 * time, then "done in".
 *
 * The heartbeat runs in a tiny child process writing to the same terminal, because some steps
 * (npm build, pack, install) run synchronously and block this process's event loop.
 */
import { spawn } from 'child_process';

export interface Steps {
	/** Runs one step with a heartbeat (unless the step prints its own); its result is returned. */
	run<T>(what: string, work: () => T | Promise<T>, options?: { ownProgress?: boolean }): Promise<T>;
	elapsed(): string;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(0)} s`;

/** Prints `${prefix} ... still <what> (N s)` every `everyMs` until the returned stop() is called. */
export function heartbeat(prefix: string, what: string, everyMs = 8_000): () => void {
	const script = `
		const t0 = Date.now();
		setInterval(() => {
			try { process.kill(${process.pid}, 0); } catch { process.exit(0); }
			process.stdout.write(${JSON.stringify(`${prefix}   ... still ${what} (`)} + Math.round((Date.now() - t0) / 1000) + ' s)\\n');
		}, ${everyMs});`;
	const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'inherit', 'inherit'] });
	child.unref();
	return () => {
		child.kill();
	};
}

export function steps(prefix: string, total: number, log: (message: string) => void): Steps {
	const started = Date.now();
	let index = 0;
	return {
		async run<T>(what: string, work: () => T | Promise<T>, options: { ownProgress?: boolean } = {}): Promise<T> {
			index += 1;
			const t0 = Date.now();
			log(`step ${index}/${total}: ${what}...`);
			const stop = options.ownProgress ? () => undefined : heartbeat(prefix, what);
			try {
				const result = await work();
				log(`step ${index}/${total}: done in ${seconds(Date.now() - t0)} (${seconds(Date.now() - started)} since start)`);
				return result;
			} finally {
				stop();
			}
		},
		elapsed: () => seconds(Date.now() - started),
	};
}
