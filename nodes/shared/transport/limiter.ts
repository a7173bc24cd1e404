import { StartSpacing } from './startSpacing';

/** The adaptive level never goes past this many calls in flight. */
export const ADAPTIVE_CEILING = 32;

/** After this long with nothing in flight, an account's limiter forgets what it learnt: probing again from one call. */
export const QUIET_MS = 60_000;

/** Pause after a 429 without Retry-After when the level cannot go lower: doubles per such burst. */
const FIRST_PAUSE_MS = 50;
const LONGEST_PAUSE_MS = 2000;

/** What the transport's retries (retry.ts) ask of a limiter. */
export interface CallLimiter {
	/** Calls this caller may have in flight now. */
	readonly limit: number;
	/** How many calls this caller may ever have in flight at once: the number of workers worth running. */
	readonly maxLevel: number;
	/**
	 * Waits for a slot, then for the end of any hold a 429 asked for (the slot is held meanwhile:
	 * nobody may send then anyway). Returns the epoch to give onRateLimited, or undefined, without
	 * a slot, when the hold ends after `deadline`. `wait` sleeps (and throws when the execution is
	 * stopped); `again` is for a call tried again after a 429: it goes first among its caller's.
	 */
	acquire(deadline: number, wait: (ms: number) => Promise<void>, again?: boolean): Promise<number | undefined>;
	release(): void;
	/** A clean answer; `elapsedMs` from the slot's start to the answer. */
	onSuccess(elapsedMs?: number): void;
	/** A 429 for an attempt that acquired its slot at `epoch`; `retryAfterMs` as the router asked. */
	onRateLimited(epoch: number, retryAfterMs?: number): void;
}

/** How one caller (a run of the node, a sub-node) uses its account's limiter. */
export interface LaneOptions {
	/** The Concurrency the user set: that many from the start, not waiting for the probe. */
	fixedLevel?: number;
	/** Adaptive, but never more than this many in flight for this caller (default ADAPTIVE_CEILING). */
	maxInFlight?: number;
}

/**
 * One burst of 429s: the calls in flight when its first 429 came back, how many of them were
 * refused, and the level its halving set.
 */
interface Burst {
	epoch: number;
	inFlight: number;
	refused: number;
	halved: number;
}

/**
 * Caps the router calls in flight for one account on one router, for every caller in the n8n
 * process (each execution of each workflow, the sub-nodes), and is the one place a 429 acts on.
 *
 * Adaptive: one call first, so an account without credits costs one call. Its clean answer shows
 * that the account works, and the level opens to the ceiling for the router to say where its cap
 * is: one burst of 429s costs less than rounds of doubling up to it. A burst of 429s (those of the
 * attempts sent before its first 429 came back) halves the level once and stops the growth; while
 * its 429s come in, the level also drops to the calls the router kept serving beside them (in
 * flight at the burst, minus those refused), so that the calls released afterwards fit. The level
 * learnt holds for every later caller until the account has been quiet (nothing in flight) for
 * QUIET_MS. A 429's Retry-After holds every call of the account back until then, and the 429s of
 * one burst are one hold. Without one, the lower level is the whole answer; only at one call
 * (nothing left to halve) does a burst pause briefly, longer each time. Once a burst has set the
 * level, starts are spaced out (StartSpacing). Free slots go to the waiting caller with the fewest
 * calls in flight, so that no execution starves another.
 */
export class AccountLimiter {
	/** Calls in flight for the account, every caller together. */
	inFlight = 0;

	private level = 1;

	private growing = true;

	/** Bumped at every cut: a 429 for an attempt started before it belongs to a burst already counted. */
	private epoch = 0;

	private burst?: Burst;

	private pausedUntil = 0;

	/** Bursts at one call (no halving possible) since the last clean answer: each pauses longer. */
	private stalls = 0;

	private lastActive: number;

	private readonly spacing = new StartSpacing();

	/** Callers with calls waiting, in turn order. */
	private readonly turns: ExecutionLane[] = [];

	constructor(readonly now: () => number = Date.now) {
		this.lastActive = now();
	}

	/** A caller's view: its own cap and waiting line, this account's level, holds and bursts. */
	lane(options: LaneOptions = {}): ExecutionLane {
		return new ExecutionLane(this, options);
	}

	/** The account level, for callers that follow it. */
	get learntLevel(): number {
		return this.level;
	}

	/** Nothing in flight or waiting, and quiet long enough that forgetting it changes nothing. */
	get idle(): boolean {
		return this.inFlight === 0 && !this.turns.length && this.now() - this.lastActive >= QUIET_MS;
	}

	limitFor(lane: ExecutionLane): number {
		return lane.fixed && this.growing ? lane.cap : Math.min(lane.cap, this.level);
	}

	async acquire(lane: ExecutionLane, deadline: number, wait: (ms: number) => Promise<void>, again: boolean): Promise<number | undefined> {
		if (this.idle) this.forget();
		if (!this.turns.length && this.mayStart(lane)) this.take(lane);
		else {
			await new Promise<void>((resolve) => {
				if (again) lane.waiting.unshift(resolve);
				else lane.waiting.push(resolve);
				if (!this.turns.includes(lane)) this.turns.push(lane);
				this.wake();
			});
		}
		// Adaptive calls are spaced out once a burst has set the level; a fixed Concurrency is as the user set it.
		const startAt = lane.fixed || this.growing ? 0 : this.spacing.startAt(this.now(), this.level, this.pausedUntil);
		const holdUntil = () => Math.max(this.pausedUntil, startAt);
		let settled = false;
		try {
			for (let pause = holdUntil() - this.now(); pause > 0; pause = holdUntil() - this.now()) {
				if (holdUntil() >= deadline) {
					this.release(lane);
					settled = true;
					return undefined;
				}
				await wait(pause);
			}
			settled = true;
		} finally {
			// A stop during the hold (`wait` throws) gives the slot back; the error goes on as it is.
			if (!settled) this.release(lane);
		}
		return this.epoch;
	}

	release(lane: ExecutionLane): void {
		lane.inFlight--;
		this.inFlight--;
		this.lastActive = this.now();
		this.wake();
	}

	onSuccess(elapsedMs?: number): void {
		this.stalls = 0;
		this.spacing.answered(elapsedMs);
		if (this.growing && this.level < ADAPTIVE_CEILING) {
			this.level = ADAPTIVE_CEILING;
			this.wake();
		}
	}

	onRateLimited(epoch: number, retryAfterMs?: number): void {
		const now = this.now();
		this.lastActive = now;
		if (epoch < this.epoch) {
			// Sent before the last cut: a burst already counted.
			const burst = this.burst;
			if (burst?.epoch === epoch) {
				burst.refused++;
				this.level = this.servedOr(burst, Math.min(this.level, burst.inFlight - burst.refused));
			}
			// The 429s of one burst are one hold, lasting until the last of them may be tried again.
			if (retryAfterMs !== undefined) this.pausedUntil = Math.max(this.pausedUntil, now + retryAfterMs);
			return;
		}
		this.epoch++;
		// While the probe still grows, a caller with a fixed level may have more in flight than the
		// account level: then that is what is halved.
		const base = this.growing ? Math.max(this.level, this.inFlight) : this.level;
		this.growing = false;
		const burst: Burst = { epoch, inFlight: this.inFlight, refused: 1, halved: Math.max(1, Math.floor(base / 2)) };
		this.burst = burst;
		this.level = this.servedOr(burst, Math.min(burst.halved, burst.inFlight - 1));
		if (retryAfterMs !== undefined) this.pausedUntil = Math.max(this.pausedUntil, now + retryAfterMs);
		else if (base === 1) {
			// At one call there is nothing left to halve: wait a little, longer burst after burst. A
			// lower level is slowdown enough otherwise (a pause on top only idles the slots left).
			const pause = Math.min(LONGEST_PAUSE_MS, FIRST_PAUSE_MS * 2 ** this.stalls);
			this.stalls++;
			this.pausedUntil = Math.max(this.pausedUntil, now + pause);
		}
	}

	/**
	 * The level a burst leaves: `served`, the calls in flight at the burst not (yet) refused, which
	 * the router kept serving beside the 429s; while not one was served, that says nothing about
	 * how many it serves, and the halving stands.
	 */
	private servedOr(burst: Burst, served: number): number {
		return burst.inFlight - burst.refused >= 1 ? Math.max(1, served) : burst.halved;
	}

	/** Back to probing: a fresh account as far as any caller can tell. */
	private forget(): void {
		this.level = 1;
		this.growing = true;
		this.stalls = 0;
		this.burst = undefined;
		this.spacing.forget();
		this.epoch++;
	}

	private mayStart(lane: ExecutionLane): boolean {
		if (lane.inFlight >= lane.cap) return false;
		return (lane.fixed && this.growing) || this.inFlight < this.level;
	}

	private take(lane: ExecutionLane): void {
		lane.inFlight++;
		this.inFlight++;
		this.lastActive = this.now();
	}

	/**
	 * Hands free slots out, one at a time, to the waiting caller with the fewest calls in flight
	 * (the longest waiting first among equals): callers sharing the account each hold an equal
	 * share of its level, and none starves another.
	 */
	private wake(): void {
		for (;;) {
			let chosen = -1;
			this.turns.forEach((lane, index) => {
				if (this.mayStart(lane) && (chosen < 0 || lane.inFlight < this.turns[chosen].inFlight)) chosen = index;
			});
			if (chosen < 0) return;
			const [lane] = this.turns.splice(chosen, 1);
			this.take(lane);
			lane.waiting.shift()!();
			if (lane.waiting.length) this.turns.push(lane);
		}
	}
}

/** One caller's use of an account limiter: what retry.ts holds as its limiter. */
export class ExecutionLane implements CallLimiter {
	inFlight = 0;

	/** Each waiter is handed its slot (inFlight already counted) when it is woken. */
	readonly waiting: Array<() => void> = [];

	readonly cap: number;

	readonly fixed: boolean;

	constructor(
		readonly account: AccountLimiter,
		options: LaneOptions,
	) {
		this.fixed = options.fixedLevel !== undefined;
		this.cap = Math.max(1, Math.floor(options.fixedLevel ?? options.maxInFlight ?? ADAPTIVE_CEILING));
	}

	get limit(): number {
		return this.account.limitFor(this);
	}

	get maxLevel(): number {
		return this.cap;
	}

	async acquire(deadline: number, wait: (ms: number) => Promise<void>, again = false): Promise<number | undefined> {
		return await this.account.acquire(this, deadline, wait, again);
	}

	release(): void {
		this.account.release(this);
	}

	onSuccess(elapsedMs?: number): void {
		this.account.onSuccess(elapsedMs);
	}

	onRateLimited(epoch: number, retryAfterMs?: number): void {
		this.account.onRateLimited(epoch, retryAfterMs);
	}
}

/** A limiter of its own, shared with nobody (a caller without an account, tests): `fixedLevel` as for LaneOptions. */
export class AdaptiveLimiter extends ExecutionLane {
	constructor(fixedLevel?: number, now?: () => number) {
		super(new AccountLimiter(now), { fixedLevel });
	}
}
