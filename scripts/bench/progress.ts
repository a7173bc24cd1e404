/** What `npm run bench` prints, with a heartbeat: a line at least every 10 s while it runs. */
let lastLineAt = Date.now();
let phase = 'starting';
let phaseSince = Date.now();

export function log(line = ''): void {
	process.stdout.write(`${line}\n`);
	lastLineAt = Date.now();
}

/** Prints `line` and remembers it as what the bench is doing, for the heartbeat. */
export function step(what: string): void {
	phase = what;
	phaseSince = Date.now();
	log(`[bench] ${what}...`);
}

/** Starts the heartbeat; returns the function that stops it. */
export function startHeartbeat(everyMs = 10_000): () => void {
	const timer = setInterval(() => {
		if (Date.now() - lastLineAt < everyMs - 500) return;
		log(`[bench]   still ${phase} (${((Date.now() - phaseSince) / 1000).toFixed(0)} s)`);
	}, 1000);
	timer.unref();
	return () => clearInterval(timer);
}
