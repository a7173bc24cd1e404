/**
 * The account's limiter is shared by the executions of one n8n process (issue 24): what one
 * execution learnt about the router's cap is where the next execution starts, and executions
 * running side by side ramp up together rather than each on its own. Through n8n's engine against
 * the emulator's concurrency cap (429 above it).
 */
import { TOKEN, routerCalls } from './support';
import { account, chat, count, expectTokenNeverLeaked, inputItems, kit, run, useFaultEmulator } from './fault-kit';

useFaultEmulator();

const CAP = 4;

test('a second execution starts at the level the first learnt: several calls at once, no ramp, fewer 429s', async () => {
	kit.emulator.setLatency(30);
	kit.emulator.setConcurrencyCap(CAP);
	const first = await run({ parameters: chat() });
	expect(account(first).success).toHaveLength(50);
	const firstCalls = routerCalls(kit.emulator);
	// The first execution probed: one call, then more, overshooting the cap once.
	const firstByArrival = [...firstCalls].sort((a, b) => a.receivedAt! - b.receivedAt!);
	expect(firstByArrival[1].receivedAt!).toBeGreaterThanOrEqual(firstByArrival[0].answeredAt!);
	const firstRefused = count(firstCalls, 429);
	expect(firstRefused).toBeGreaterThanOrEqual(CAP);

	kit.emulator.reset();
	kit.emulator.setCredits(TOKEN, 1000);
	kit.emulator.setLatency(30);
	kit.emulator.setConcurrencyCap(CAP);
	const second = await run({ parameters: chat() });
	expect(account(second).success).toHaveLength(50);
	const calls = routerCalls(kit.emulator);
	const byArrival = [...calls].sort((a, b) => a.receivedAt! - b.receivedAt!);
	// Several calls went out before the first answer came back: the level learnt, not one call.
	const beforeFirstAnswer = byArrival.filter((call) => call.receivedAt! < byArrival[0].answeredAt!);
	expect(beforeFirstAnswer.length).toBeGreaterThan(1);
	expect(count(calls, 429)).toBeLessThan(firstRefused);
});

test('two executions side by side share one ramp: the account is probed with one call, not one per execution', async () => {
	kit.emulator.setLatency(30);
	kit.emulator.setConcurrencyCap(CAP);
	const [a, b] = await Promise.all([run({ parameters: chat(), items: inputItems(25) }), run({ parameters: chat(), items: inputItems(25) })]);
	expect(account(a, 25).success).toHaveLength(25);
	expect(account(b, 25).success).toHaveLength(25);
	const calls = routerCalls(kit.emulator);
	expect(count(calls, 200)).toBe(50);
	// One probe for the account: the second call (whichever execution it is from) left after the first answer.
	const byArrival = [...calls].sort((x, y) => x.receivedAt! - y.receivedAt!);
	expect(byArrival[1].receivedAt!).toBeGreaterThanOrEqual(byArrival[0].answeredAt!);
});

test('no output item, error, or run data of this file contains the token', () => expectTokenNeverLeaked());
