/** The limiter: how many router calls may be in flight, and how a 429 slows the execution down. */
import { ADAPTIVE_CEILING, AdaptiveLimiter } from '../../nodes/shared/transport/limiter';

describe('AdaptiveLimiter', () => {
	const flush = async () => await new Promise((resolve) => setImmediate(resolve));
	const far = () => Date.now() + 60_000;
	const waits: number[] = [];
	const wait = async (ms: number) => {
		waits.push(ms);
		await new Promise((resolve) => setTimeout(resolve, ms));
	};
	beforeEach(() => (waits.length = 0));

	test('a fixed level lets that many through, and the next one when one is released', async () => {
		const limiter = new AdaptiveLimiter(2);
		let entered = 0;
		const tasks = Array.from({ length: 4 }, async () => {
			await limiter.acquire(far(), wait);
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

	test('adaptive: one call first, doubling with each clean answer up to 32', async () => {
		const limiter = new AdaptiveLimiter();
		expect(limiter.limit).toBe(1);
		expect(limiter.maxLevel).toBe(ADAPTIVE_CEILING);
		let entered = 0;
		const tasks = Array.from({ length: 3 }, async () => {
			await limiter.acquire(far(), wait);
			entered++;
		});
		await flush();
		expect(entered).toBe(1);
		limiter.onSuccess(); // 1 -> 2: the two waiting may start, the first still in flight
		await flush();
		expect(entered).toBe(2);
		limiter.onSuccess(); // 2 -> 4
		await flush();
		expect(entered).toBe(3);
		await Promise.all(tasks);
		expect(limiter.limit).toBe(4);
		for (let index = 0; index < 10; index++) limiter.onSuccess();
		expect(limiter.limit).toBe(32);
	});

	test('a 429 halves the level and the level it learnt holds: clean answers no longer raise it', () => {
		const limiter = new AdaptiveLimiter();
		for (let index = 0; index < 4; index++) limiter.onSuccess();
		expect(limiter.limit).toBe(16);
		limiter.onRateLimited(0);
		expect(limiter.limit).toBe(8);
		for (let index = 0; index < 100; index++) limiter.onSuccess();
		expect(limiter.limit).toBe(8);
	});

	test('one burst of 429s halves the level once: attempts sent before the cut do not cut again', async () => {
		const limiter = new AdaptiveLimiter(8);
		const epoch = (await limiter.acquire(far(), wait))!;
		limiter.release();
		limiter.onRateLimited(epoch);
		expect(limiter.limit).toBe(4);
		for (let index = 0; index < 7; index++) limiter.onRateLimited(epoch);
		expect(limiter.limit).toBe(4);
		// A 429 for an attempt sent under the new level cuts again.
		const later = (await limiter.acquire(far(), wait))!;
		limiter.release();
		limiter.onRateLimited(later);
		expect(limiter.limit).toBe(2);
	});

	test('Retry-After holds every call back until then, slots held meanwhile', async () => {
		const limiter = new AdaptiveLimiter(4);
		const epoch = (await limiter.acquire(far(), wait))!;
		limiter.onRateLimited(epoch, 120);
		limiter.release();
		expect(limiter.limit).toBe(2);
		const started = Date.now();
		const pair = Promise.all([limiter.acquire(far(), wait), limiter.acquire(far(), wait)]);
		// A third call finds both slots held by the two pausing: it waits in line and never pauses itself.
		const thirdWaits: number[] = [];
		let thirdEntered = false;
		const third = limiter.acquire(far(), async (ms) => void thirdWaits.push(ms)).then(() => (thirdEntered = true));
		await pair;
		expect(Date.now() - started).toBeGreaterThanOrEqual(110);
		expect(waits.length).toBeGreaterThanOrEqual(2);
		await flush();
		expect(thirdEntered).toBe(false);
		limiter.release();
		await third;
		expect(thirdWaits).toEqual([]);
	});

	test('a pause that ends after the deadline gives no slot and does not wait', async () => {
		const limiter = new AdaptiveLimiter(1);
		const epoch = (await limiter.acquire(far(), wait))!;
		limiter.onRateLimited(epoch, 30_000);
		limiter.release();
		expect(await limiter.acquire(Date.now() + 1000, wait)).toBeUndefined();
		expect(waits).toEqual([]);
		// The slot was not kept (at level 1 a kept slot would leave this one waiting for ever).
		expect(await limiter.acquire(Date.now() + 1000, wait)).toBeUndefined();
	});

	test('at one call, 429s without Retry-After pause a little, longer burst after burst; a clean answer resets it', async () => {
		let now = Date.now();
		const clock = jest.spyOn(Date, 'now').mockImplementation(() => now);
		try {
			const limiter = new AdaptiveLimiter(1);
			const pauses: number[] = [];
			const advance = async (ms: number) => {
				pauses.push(ms);
				now += ms;
			};
			const deadline = now + 600_000;
			for (let burst = 0; burst < 8; burst++) {
				const epoch = (await limiter.acquire(deadline, advance))!;
				limiter.onRateLimited(epoch);
				limiter.release();
			}
			expect(pauses).toEqual([50, 100, 200, 400, 800, 1600, 2000]);
			limiter.onSuccess();
			pauses.length = 0;
			now += 10_000;
			const epoch = (await limiter.acquire(deadline, advance))!;
			limiter.onRateLimited(epoch);
			limiter.release();
			await limiter.acquire(deadline, advance);
			expect(pauses).toEqual([50]);
		} finally {
			clock.mockRestore();
		}
	});

	test('while a burst can still halve the level it does not pause too; at one call the pauses start at 50 ms', async () => {
		let now = Date.now();
		const clock = jest.spyOn(Date, 'now').mockImplementation(() => now);
		try {
			const limiter = new AdaptiveLimiter();
			for (let index = 0; index < 5; index++) limiter.onSuccess();
			expect(limiter.limit).toBe(32);
			const pauses: number[] = [];
			const advance = async (ms: number) => {
				pauses.push(ms);
				now += ms;
			};
			const deadline = now + 600_000;
			// The ramp overshoots the router's cap: burst after burst, 32 -> 16 -> 8 -> 4 -> 2 -> 1, no pause.
			for (const level of [16, 8, 4, 2, 1]) {
				const epoch = (await limiter.acquire(deadline, advance))!;
				limiter.onRateLimited(epoch);
				limiter.release();
				expect(limiter.limit).toBe(level);
			}
			expect(pauses).toEqual([]);
			// Nothing left to halve: now a burst waits, the first time 50 ms.
			const epoch = (await limiter.acquire(deadline, advance))!;
			limiter.onRateLimited(epoch);
			limiter.release();
			await limiter.acquire(deadline, advance);
			expect(pauses).toEqual([50]);
			expect(limiter.limit).toBe(1);
		} finally {
			clock.mockRestore();
		}
	});

	test('a stopped execution ends the wait and gives the slot back', async () => {
		const limiter = new AdaptiveLimiter(1);
		const epoch = (await limiter.acquire(far(), wait))!;
		limiter.onRateLimited(epoch, 10_000);
		limiter.release();
		await expect(
			limiter.acquire(far(), async () => {
				throw new Error('stopped');
			}),
		).rejects.toThrow('stopped');
		expect(await limiter.acquire(Date.now() + 1000, wait)).toBeUndefined();
	});

	test('a fixed level below 1 still lets one through', async () => {
		const limiter = new AdaptiveLimiter(0);
		await limiter.acquire(far(), wait);
		expect(limiter.limit).toBe(1);
	});
});
