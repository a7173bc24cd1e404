/**
 * Caps the requests in flight for one node execution. A 429 halves the cap (down to 1); a run of
 * successes raises it again by one, up to the configured concurrency. This lets a large run go as
 * fast as the router allows without turning a rate limit into failed items.
 */
export class AdaptiveLimiter {
	private inFlight = 0;

	private current: number;

	private successesSinceChange = 0;

	private lastCutAt = 0;

	private readonly waiting: Array<() => void> = [];

	constructor(private readonly max: number) {
		this.current = Math.max(1, max);
	}

	get limit(): number {
		return this.current;
	}

	async acquire(): Promise<void> {
		if (this.inFlight < this.current) {
			this.inFlight++;
			return;
		}
		await new Promise<void>((resolve) => this.waiting.push(resolve));
	}

	release(): void {
		this.inFlight--;
		this.wakeWaiting();
	}

	/**
	 * One burst of 429s halves the cap once: an attempt that started before the last cut was sent
	 * under the old cap and says nothing new.
	 */
	onRateLimited(attemptStartedAt = Date.now()): void {
		if (attemptStartedAt < this.lastCutAt) return;
		this.lastCutAt = Date.now();
		this.current = Math.max(1, Math.floor(this.current / 2));
		this.successesSinceChange = 0;
	}

	onSuccess(): void {
		if (this.current >= this.max) return;
		if (++this.successesSinceChange >= this.current) {
			this.current++;
			this.successesSinceChange = 0;
			this.wakeWaiting();
		}
	}

	private wakeWaiting(): void {
		while (this.inFlight < this.current && this.waiting.length) {
			this.inFlight++;
			this.waiting.shift()!();
		}
	}
}
