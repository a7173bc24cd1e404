/**
 * The limiter: how many router calls may be in flight for one account, shared by every caller in
 * the n8n process (each execution, the sub-nodes), and how a 429 slows them all down. A fake
 * clock that only the waits move: nothing here depends on how fast the machine is.
 */
import { accountLimiter, accountLimiterCount, forgetAccountLimiters, limiterKey } from '../../nodes/shared/transport/accountLimiters';
import { ADAPTIVE_CEILING, AccountLimiter, AdaptiveLimiter, QUIET_MS, type CallLimiter } from '../../nodes/shared/transport/limiter';

const flush = async () => await new Promise((resolve) => setImmediate(resolve));

/** A clock for one test: `wait` (what the limiter sleeps with) moves it and records the waits. */
function fakeClock(start = 1_000_000) {
	const clock = {
		now: start,
		waits: [] as number[],
		read: () => clock.now,
		wait: async (ms: number) => {
			clock.waits.push(ms);
			clock.now += ms;
		},
		far: () => clock.now + 600_000,
	};
	return clock;
}

/** Starts `count` calls on `lane`; each resolves with its epoch once it holds a slot. */
function start(lane: CallLimiter, count: number, clock: ReturnType<typeof fakeClock>, log?: string[], name?: string) {
	return Array.from({ length: count }, async () => {
		const epoch = await lane.acquire(clock.far(), clock.wait);
		if (log && name) log.push(name);
		return epoch!;
	});
}

/**
 * An account at `level`, nothing in flight: one clean answer opens it to the ceiling; below that,
 * a burst in which the router served `level` of the ceiling's calls and refused the rest sets it.
 */
async function rampedTo(account: AccountLimiter, level: number, clock: ReturnType<typeof fakeClock>) {
	const lane = account.lane();
	await lane.acquire(clock.far(), clock.wait);
	lane.onSuccess();
	lane.release();
	if (level >= ADAPTIVE_CEILING) return;
	const epochs = await Promise.all(start(lane, ADAPTIVE_CEILING, clock));
	for (const epoch of epochs.slice(level)) {
		lane.onRateLimited(epoch);
		lane.release();
	}
	for (const _ of epochs.slice(0, level)) {
		lane.onSuccess();
		lane.release();
	}
	expect(account.learntLevel).toBe(level);
}

describe('AccountLimiter: one caller', () => {
	test('a fixed level lets that many through, and the next one when one is released', async () => {
		const clock = fakeClock();
		const limiter = new AdaptiveLimiter(2, clock.read);
		let entered = 0;
		const tasks = start(limiter, 4, clock).map(async (task) => {
			await task;
			entered++;
		});
		await flush();
		expect(entered).toBe(2);
		limiter.release();
		await flush();
		expect(entered).toBe(3);
		limiter.release();
		limiter.release();
		limiter.release();
		await Promise.all(tasks);
		expect(entered).toBe(4);
		// A fixed level never grows past what the user set.
		for (let index = 0; index < 10; index++) limiter.onSuccess();
		expect(limiter.limit).toBe(2);
		expect(limiter.maxLevel).toBe(2);
	});

	test('adaptive: one call first; once it is answered cleanly, the account works and opens to 32', async () => {
		const clock = fakeClock();
		const limiter = new AdaptiveLimiter(undefined, clock.read);
		expect(limiter.limit).toBe(1);
		expect(limiter.maxLevel).toBe(ADAPTIVE_CEILING);
		let entered = 0;
		const tasks = start(limiter, 3, clock).map(async (task) => {
			await task;
			entered++;
		});
		await flush();
		expect(entered).toBe(1);
		// A 402 or a dead token would have cost this one call only; a clean answer opens the ceiling.
		limiter.onSuccess();
		await flush();
		expect(entered).toBe(3);
		await Promise.all(tasks);
		expect(limiter.limit).toBe(ADAPTIVE_CEILING);
	});

	test('a burst of 429s halves the level once, and the level learnt holds: clean answers no longer raise it', async () => {
		const clock = fakeClock();
		const account = new AccountLimiter(clock.read);
		await rampedTo(account, 16, clock);
		const lane = account.lane();
		const epochs = await Promise.all(start(lane, 16, clock));
		// Two of the sixteen are refused: the first halves (16 -> 8), the second, sent before that cut, does not cut again.
		lane.onRateLimited(epochs[0]);
		lane.release();
		expect(lane.limit).toBe(8);
		lane.onRateLimited(epochs[1]);
		lane.release();
		expect(lane.limit).toBe(8);
		for (let index = 0; index < 14; index++) {
			lane.onSuccess();
			lane.release();
		}
		expect(lane.limit).toBe(8);
		// A 429 for an attempt sent under the new level is a new burst: it halves again.
		const later = (await lane.acquire(clock.far(), clock.wait))!;
		lane.onRateLimited(later);
		lane.release();
		expect(lane.limit).toBe(4);
	});

	test('a burst also brings the level down to the calls the router served beside it: 32 in flight, 24 refused -> 8', async () => {
		const clock = fakeClock();
		const account = new AccountLimiter(clock.read);
		await rampedTo(account, 32, clock);
		const lane = account.lane();
		const epochs = await Promise.all(start(lane, 32, clock));
		lane.onRateLimited(epochs[0]);
		lane.release();
		expect(lane.limit).toBe(16); // halved once
		for (const epoch of epochs.slice(1, 24)) {
			lane.onRateLimited(epoch);
			lane.release();
		}
		expect(lane.limit).toBe(8);
		// The refused calls tried again wait for the 8 still served: no ninth call goes out.
		let retried = 0;
		const retries = Array.from({ length: 24 }, async () => {
			await lane.acquire(clock.far(), clock.wait, true);
			retried++;
		});
		await flush();
		expect(retried).toBe(0);
		lane.onSuccess();
		lane.release();
		await flush();
		expect(retried).toBe(1);
		expect(account.inFlight).toBe(8);
		for (let index = 0; index < 7 + 24; index++) lane.release();
		await Promise.all(retries);
	});

	test('Retry-After: the 429s of one burst are one hold, until the last of them may be tried again; the level still halves once', async () => {
		const clock = fakeClock();
		const account = new AccountLimiter(clock.read);
		await rampedTo(account, 32, clock);
		const lane = account.lane();
		const epochs = await Promise.all(start(lane, 32, clock));
		const burstStart = clock.now;
		// 24 refusals arriving over 24 ms, each naming Retry-After: 1.
		for (const epoch of epochs.slice(0, 24)) {
			lane.onRateLimited(epoch, 1000);
			lane.release();
			clock.now += 1;
		}
		expect(lane.limit).toBe(8);
		// The 8 served answer; the 24 refused try again: 8 at a time, all within the one hold.
		for (let index = 0; index < 8; index++) {
			lane.onSuccess();
			lane.release();
		}
		clock.waits.length = 0;
		const retried = await Promise.all(Array.from({ length: 8 }, async () => await lane.acquire(clock.far(), clock.wait, true)));
		// One hold, ending 1 s after the burst's last 429: no refused call is tried again sooner than it was asked.
		expect(clock.now).toBe(burstStart + 23 + 1000);
		expect(clock.waits).toEqual([1000 + 23 - 24]);
		// Released at the level the router serves: they all fit, no second burst, no second hold.
		expect(account.inFlight).toBe(8);
		for (const epoch of retried) expect(epoch).toBe(retried[0]);
		for (let index = 0; index < 8; index++) {
			lane.onSuccess();
			lane.release();
		}
		clock.waits.length = 0;
		await lane.acquire(clock.far(), clock.wait);
		expect(clock.waits).toEqual([]);
	});

	test('Retry-After: a longer wait named within the same burst extends the hold', async () => {
		const clock = fakeClock();
		const limiter = new AdaptiveLimiter(4, clock.read);
		const epochs = await Promise.all(start(limiter, 4, clock));
		limiter.onRateLimited(epochs[0], 1000);
		limiter.onRateLimited(epochs[1], 1000);
		limiter.onRateLimited(epochs[2], 3000);
		for (let index = 0; index < 4; index++) limiter.release();
		await limiter.acquire(clock.far(), clock.wait);
		expect(clock.waits).toEqual([3000]);
	});

	test('once a burst has set the level, starts are spaced the quickest answer / level apart: never while probing, never for a fixed Concurrency', async () => {
		const clock = fakeClock();
		const account = new AccountLimiter(clock.read);
		const lane = account.lane();
		// Probing: the first answer (40 ms) opens the ceiling, and the calls it frees start together.
		await lane.acquire(clock.far(), clock.wait);
		lane.onSuccess(40);
		lane.release();
		const opened = await Promise.all(start(lane, ADAPTIVE_CEILING, clock));
		expect(clock.waits).toEqual([]);
		// The router served 8 of them, each in 50 ms: level 8, and 40 ms stays the quickest answer.
		for (const epoch of opened.slice(8)) {
			lane.onRateLimited(epoch);
			lane.release();
		}
		for (const _ of opened.slice(0, 8)) {
			lane.onSuccess(50);
			lane.release();
		}
		expect(lane.limit).toBe(8);
		// Eight calls granted at once start 40 / 8 = 5 ms apart: all of them within one answer time.
		const began = clock.now;
		await Promise.all(start(lane, 8, clock));
		expect(clock.waits).toEqual(Array.from({ length: 7 }, () => 5));
		expect(clock.now - began).toBe(35);
		for (let index = 0; index < 8; index++) lane.release();
		// A Concurrency the user fixed starts its calls as it asked.
		clock.waits.length = 0;
		const fixed = account.lane({ fixedLevel: 4 });
		await Promise.all(start(fixed, 4, clock));
		expect(clock.waits).toEqual([]);
	});

	test('starts closer than 1 ms apart are not spaced: answers of 4 ms at level 8', async () => {
		const clock = fakeClock();
		const account = new AccountLimiter(clock.read);
		const lane = account.lane();
		await lane.acquire(clock.far(), clock.wait);
		lane.onSuccess(4);
		lane.release();
		const opened = await Promise.all(start(lane, ADAPTIVE_CEILING, clock));
		for (const epoch of opened.slice(8)) {
			lane.onRateLimited(epoch);
			lane.release();
		}
		for (const _ of opened.slice(0, 8)) lane.release();
		expect(lane.limit).toBe(8);
		await Promise.all(start(lane, 8, clock));
		expect(clock.waits).toEqual([]);
	});

	test('a hold that ends after the deadline gives no slot and does not wait', async () => {
		const clock = fakeClock();
		const limiter = new AdaptiveLimiter(1, clock.read);
		const epoch = (await limiter.acquire(clock.far(), clock.wait))!;
		limiter.onRateLimited(epoch, 30_000);
		limiter.release();
		expect(await limiter.acquire(clock.now + 1000, clock.wait)).toBeUndefined();
		expect(clock.waits).toEqual([]);
		// The slot was not kept (at level 1 a kept slot would leave this one waiting for ever).
		expect(await limiter.acquire(clock.now + 1000, clock.wait)).toBeUndefined();
	});

	test('at one call, 429s without Retry-After pause a little, longer burst after burst; a clean answer resets it', async () => {
		const clock = fakeClock();
		const limiter = new AdaptiveLimiter(1, clock.read);
		for (let burst = 0; burst < 8; burst++) {
			const epoch = (await limiter.acquire(clock.far(), clock.wait))!;
			limiter.onRateLimited(epoch);
			limiter.release();
		}
		expect(clock.waits).toEqual([50, 100, 200, 400, 800, 1600, 2000]);
		limiter.onSuccess();
		clock.waits.length = 0;
		clock.now += 10_000;
		const epoch = (await limiter.acquire(clock.far(), clock.wait))!;
		limiter.onRateLimited(epoch);
		limiter.release();
		await limiter.acquire(clock.far(), clock.wait);
		expect(clock.waits).toEqual([50]);
	});

	test('a burst in which every call in flight was refused halves the level and says nothing more; no pause while the level can go lower', async () => {
		const clock = fakeClock();
		const account = new AccountLimiter(clock.read);
		await rampedTo(account, 32, clock);
		const lane = account.lane();
		// Burst after burst, every call in flight refused: 32 -> 16 -> 8 -> 4 -> 2 -> 1, no pause.
		for (const level of [16, 8, 4, 2, 1]) {
			const epochs = await Promise.all(start(lane, lane.limit, clock));
			for (const epoch of epochs) lane.onRateLimited(epoch);
			for (const _ of epochs) lane.release();
			expect(lane.limit).toBe(level);
		}
		expect(clock.waits).toEqual([]);
		// Nothing left to lower: now a burst waits, the first time 50 ms.
		const epoch = (await lane.acquire(clock.far(), clock.wait))!;
		lane.onRateLimited(epoch);
		lane.release();
		await lane.acquire(clock.far(), clock.wait);
		expect(clock.waits).toEqual([50]);
		expect(lane.limit).toBe(1);
	});

	test('a stopped execution ends the wait and gives the slot back', async () => {
		const clock = fakeClock();
		const limiter = new AdaptiveLimiter(1, clock.read);
		const epoch = (await limiter.acquire(clock.far(), clock.wait))!;
		limiter.onRateLimited(epoch, 10_000);
		limiter.release();
		await expect(
			limiter.acquire(clock.far(), async () => {
				throw new Error('stopped');
			}),
		).rejects.toThrow('stopped');
		expect(await limiter.acquire(clock.now + 1000, clock.wait)).toBeUndefined();
	});

	test('a fixed level below 1 still lets one through', async () => {
		const clock = fakeClock();
		const limiter = new AdaptiveLimiter(0, clock.read);
		await limiter.acquire(clock.far(), clock.wait);
		expect(limiter.limit).toBe(1);
	});
});

describe('AccountLimiter: callers sharing one account', () => {
	test('the level one execution learnt is where the next one starts', async () => {
		const clock = fakeClock();
		const account = new AccountLimiter(clock.read);
		await rampedTo(account, 32, clock);
		const first = account.lane();
		const epochs = await Promise.all(start(first, 32, clock));
		for (const epoch of epochs.slice(0, 24)) first.onRateLimited(epoch);
		for (const _ of epochs) first.release();
		expect(first.limit).toBe(8);
		// A later execution: 8 at once from its first call, not one; and no more.
		const next = account.lane();
		expect(next.limit).toBe(8);
		let entered = 0;
		start(next, 9, clock).forEach((task) => void task.then(() => entered++));
		await flush();
		expect(entered).toBe(8);
	});

	test('a Retry-After hold applies to every execution of the account', async () => {
		const clock = fakeClock();
		const account = new AccountLimiter(clock.read);
		const one = account.lane();
		const epoch = (await one.acquire(clock.far(), clock.wait))!;
		one.onRateLimited(epoch, 2000);
		one.release();
		await account.lane().acquire(clock.far(), clock.wait);
		expect(clock.waits).toEqual([2000]);
	});

	test('after a quiet spell with nothing in flight, the account is probed again from one call', async () => {
		const clock = fakeClock();
		const account = new AccountLimiter(clock.read);
		await rampedTo(account, 32, clock);
		const lane = account.lane();
		const epochs = await Promise.all(start(lane, 32, clock));
		for (const epoch of epochs.slice(0, 24)) lane.onRateLimited(epoch);
		for (const _ of epochs) lane.release();
		expect(account.learntLevel).toBe(8);
		// Just short of the quiet spell: still what it learnt.
		clock.now += QUIET_MS - 1;
		const soon = account.lane();
		await soon.acquire(clock.far(), clock.wait);
		expect(soon.limit).toBe(8);
		soon.onSuccess();
		soon.release();
		expect(account.learntLevel).toBe(8); // learnt: clean answers do not raise it
		// Quiet for the whole spell: forgotten, one call first, then the ceiling again.
		clock.now += QUIET_MS;
		expect(account.idle).toBe(true);
		const later = account.lane();
		let entered = 0;
		start(later, 3, clock).forEach((task) => void task.then(() => entered++));
		await flush();
		expect(entered).toBe(1);
		expect(later.limit).toBe(1);
		later.onSuccess();
		await flush();
		expect(later.limit).toBe(ADAPTIVE_CEILING);
		expect(entered).toBe(3);
	});

	test('executions take turns: a free slot goes to the waiting execution with the fewest calls in flight, so each holds an equal share', async () => {
		const clock = fakeClock();
		const account = new AccountLimiter(clock.read);
		await rampedTo(account, 8, clock);
		const lanes = ['A', 'B', 'C', 'D'].map((name) => ({ name, lane: account.lane() }));
		const grants: string[] = [];
		// A fired first and took all 8 slots; B, C and D queued ten calls each behind it.
		const tasks = lanes.flatMap(({ name, lane }) => start(lane, 10, clock, grants, name));
		await flush();
		expect(grants).toEqual(Array.from({ length: 8 }, () => 'A'));
		const [a, b, c, d] = lanes.map(({ lane }) => lane);
		for (let index = 0; index < 6; index++) {
			a.release();
			await flush();
		}
		expect(grants.slice(8)).toEqual(['B', 'C', 'D', 'B', 'C', 'D']);
		expect([a, b, c, d].map((lane) => lane.inFlight)).toEqual([2, 2, 2, 2]);
		// From then on each call that ends hands its slot to the execution it belonged to: shares stay equal.
		for (const lane of [c, a, d, b, b, a]) {
			lane.release();
			await flush();
		}
		expect(grants.slice(14)).toEqual(['C', 'A', 'D', 'B', 'B', 'A']);
		expect([a, b, c, d].map((lane) => lane.inFlight)).toEqual([2, 2, 2, 2]);
		// And every execution gets through all of its calls.
		for (let index = 0; index < 40; index++) {
			const busiest = [a, b, c, d].reduce((most, lane) => (lane.inFlight > most.inFlight ? lane : most));
			if (busiest.inFlight) busiest.release();
			await flush();
		}
		await Promise.all(tasks);
		for (const name of ['A', 'B', 'C', 'D']) expect(grants.filter((granted) => granted === name)).toHaveLength(10);
	});

	test('a caller at its own cap does not hold the others back', async () => {
		const clock = fakeClock();
		const account = new AccountLimiter(clock.read);
		await rampedTo(account, 8, clock);
		const small = account.lane({ maxInFlight: 2 });
		const other = account.lane();
		const order: string[] = [];
		start(small, 5, clock, order, 'small');
		await flush();
		expect(order).toEqual(['small', 'small']);
		start(other, 3, clock, order, 'other');
		await flush();
		expect(order).toEqual(['small', 'small', 'other', 'other', 'other']);
		expect(small.maxLevel).toBe(2);
	});

	test('a fixed Concurrency starts at its level while the account is still probing, and its calls count for the account', async () => {
		const clock = fakeClock();
		const account = new AccountLimiter(clock.read);
		const fixed = account.lane({ fixedLevel: 3 });
		const adaptive = account.lane();
		const order: string[] = [];
		start(fixed, 4, clock, order, 'fixed');
		await flush();
		expect(order).toEqual(['fixed', 'fixed', 'fixed']);
		start(adaptive, 1, clock, order, 'adaptive');
		await flush();
		// The account's probe is at one call and three are in flight: the adaptive caller waits.
		expect(order).toHaveLength(3);
		// A 429 to the fixed caller is the account's too: halved from the 3 in flight, for both callers.
		fixed.onRateLimited(0);
		fixed.release();
		expect(fixed.limit).toBe(1);
		expect(adaptive.limit).toBe(1);
	});
});

describe('the process-wide limiters, one per account and router', () => {
	beforeEach(() => forgetAccountLimiters());
	const account = { credentialId: 'cred-1', billTo: '', routerUrl: 'https://router.huggingface.co', accessToken: 'hf_secret_token_value' };

	test('one limiter per credential, organization billed and router; never keyed by the token in clear', () => {
		const limiter = accountLimiter(account);
		expect(accountLimiter({ ...account, routerUrl: 'https://router.huggingface.co/' })).toBe(limiter);
		expect(accountLimiter({ ...account, accessToken: 'hf_other' })).toBe(limiter);
		expect(accountLimiter({ ...account, billTo: 'my-org' })).not.toBe(limiter);
		expect(accountLimiter({ ...account, credentialId: 'cred-2' })).not.toBe(limiter);
		expect(accountLimiter({ ...account, routerUrl: 'http://127.0.0.1:9999' })).not.toBe(limiter);
		// Without a credential id, by the token's hash.
		const noId = { ...account, credentialId: '' };
		expect(limiterKey(noId)).not.toContain(account.accessToken);
		expect(accountLimiter(noId)).toBe(accountLimiter({ ...noId }));
		expect(accountLimiter(noId)).not.toBe(accountLimiter({ ...noId, accessToken: 'hf_other' }));
	});

	test('bounded: idle accounts are forgotten as new ones arrive, and never more than 256 are kept', () => {
		let now = 5_000_000;
		const clock = jest.spyOn(Date, 'now').mockImplementation(() => now);
		try {
			for (let index = 0; index < 300; index++) accountLimiter({ ...account, credentialId: `cred-${index}` });
			expect(accountLimiterCount()).toBeLessThanOrEqual(256);
			now += QUIET_MS;
			accountLimiter({ ...account, credentialId: 'a-new-one' });
			expect(accountLimiterCount()).toBe(1);
		} finally {
			clock.mockRestore();
		}
	});
});
