/** Starts closer together than this are not spaced out: a timer cannot wait less. */
const SHORTEST_SPACING_MS = 1;

/**
 * Spaces an account's calls out once its level is known, the quickest answer / level apart. Calls
 * that start together are answered together, and n8n then handles all their answers before any of
 * the calls they free can leave, round after round. Spaced out, each answer frees its slot while
 * the others are still on their way. The spacing never lowers the rate: the level's calls still
 * all start within the quickest answer time.
 */
export class StartSpacing {
	/** The quickest clean answer since the account was last probed. */
	private answerMs?: number;

	/** The earliest time the next spaced call may start. */
	private nextStartAt = 0;

	/** A clean answer, `elapsedMs` after its call started. */
	answered(elapsedMs: number | undefined): void {
		if (elapsedMs !== undefined && elapsedMs >= 0) this.answerMs = Math.min(this.answerMs ?? Infinity, elapsedMs);
	}

	/** When a call granted at `now` may start, at `level` calls in flight, no sooner than `heldUntil`. */
	startAt(now: number, level: number, heldUntil: number): number {
		const spacing = this.answerMs === undefined ? 0 : this.answerMs / level;
		if (spacing < SHORTEST_SPACING_MS) return now;
		const start = Math.max(now, this.nextStartAt, heldUntil);
		this.nextStartAt = start + spacing;
		return start;
	}

	forget(): void {
		this.answerMs = undefined;
		this.nextStartAt = 0;
	}
}
