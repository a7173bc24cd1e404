/** The adaptive level never goes past this many calls in flight. */
export const ADAPTIVE_CEILING = 32;

/** Pause after a 429 without Retry-After when the level cannot go lower: doubles per such burst. */
const FIRST_PAUSE_MS = 50;
const LONGEST_PAUSE_MS = 2000;

/**
 * Caps the router calls in flight for one node execution, and is the one place a 429 acts on.
 *
 * Adaptive (the default): one call first, so an account without credits costs one call; the
 * level doubles with each clean answer up to the ceiling. A 429 halves it and stops the growth:
 * the learnt level holds for the rest of the execution. A fixed level (the Concurrency option)
 * starts where the user put it and only goes down. A 429's Retry-After holds every call back
 * until then; without one, the halving is the whole answer while it lowers the level, and only
 * at one call (nothing left to halve) does a burst pause briefly, longer each time.
 */
export class AdaptiveLimiter {
	private inFlight = 0;

	private current: number;

	private readonly ceiling: number;

	private growing: boolean;

	/** Bumped at every cut: a 429 for an attempt started before it is the same burst. */
	private epoch = 0;

	private pausedUntil = 0;

	/** Bursts at one call (no halving possible) since the last clean answer: each pauses longer. */
	private stalls = 0;

	/** Each waiter is handed its slot (inFlight already counted) when it is woken. */
	private readonly waiting: Array<() => void> = [];

	/** `fixedLevel` as the user set it; undefined for the adaptive default. */
	constructor(fixedLevel?: number) {
		const adaptive = fixedLevel === undefined;
		this.ceiling = adaptive ? ADAPTIVE_CEILING : Math.max(1, Math.floor(fixedLevel));
		this.current = adaptive ? 1 : this.ceiling;
		this.growing = adaptive;
	}

	get limit(): number {
		return this.current;
	}

	/** How many calls may ever be in flight at once: the number of workers worth running. */
	get maxLevel(): number {
		return this.ceiling;
	}

	/**
	 * Waits for a slot, then for the end of any pause a 429 asked for (the slot is held meanwhile:
	 * nobody may send then anyway). Returns the epoch to give onRateLimited, or undefined, without
	 * a slot, when the pause ends after `deadline`. `wait` sleeps (and throws when the execution is
	 * stopped); `again` is for a call tried again after a 429.
	 */
	async acquire(deadline: number, wait: (ms: number) => Promise<void>, again = false): Promise<number | undefined> {
		if (this.inFlight < this.current && !this.waiting.length) this.inFlight++;
		// A call tried again after a 429 goes first: its item's budget is already running.
		else await new Promise<void>((resolve) => (again ? this.waiting.unshift(resolve) : this.waiting.push(resolve)));
		let settled = false;
		try {
			for (let pause = this.pausedUntil - Date.now(); pause > 0; pause = this.pausedUntil - Date.now()) {
				if (this.pausedUntil >= deadline) {
					this.release();
					settled = true;
					return undefined;
				}
				await wait(pause);
			}
			settled = true;
		} finally {
			// A stop during the pause (`wait` throws) gives the slot back; the error goes on as it is.
			if (!settled) this.release();
		}
		return this.epoch;
	}

	release(): void {
		this.inFlight--;
		this.wake();
	}

	onSuccess(): void {
		this.stalls = 0;
		if (this.growing && this.current < this.ceiling) {
			this.current = Math.min(this.ceiling, this.current * 2);
			this.wake();
		}
	}

	/** A 429 for an attempt that acquired its slot at `epoch`; `retryAfterMs` as the router asked. */
	onRateLimited(epoch: number, retryAfterMs?: number): void {
		const now = Date.now();
		// Every call waits what the router asked of any one of them.
		if (retryAfterMs !== undefined) this.pausedUntil = Math.max(this.pausedUntil, now + retryAfterMs);
		// One burst of 429s cuts once: attempts sent before the last cut say nothing new.
		if (epoch < this.epoch) return;
		this.epoch++;
		this.growing = false;
		const halved = Math.max(1, Math.floor(this.current / 2));
		const reduced = halved < this.current;
		this.current = halved;
		// A halving is slowdown enough: the calls it holds back are the pause, and a pause on top
		// (measured in npm run bench: 100 ms after the ramp's second cut) only idles the slots left.
		// At one call there is nothing left to halve: wait a little, longer burst after burst.
		if (retryAfterMs === undefined && !reduced) {
			const pause = Math.min(LONGEST_PAUSE_MS, FIRST_PAUSE_MS * 2 ** this.stalls);
			this.stalls++;
			this.pausedUntil = Math.max(this.pausedUntil, now + pause);
		}
	}

	private wake(): void {
		while (this.inFlight < this.current && this.waiting.length) {
			this.inFlight++;
			this.waiting.shift()!();
		}
	}
}
