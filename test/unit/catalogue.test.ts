import { costUsd } from '../../nodes/shared/catalogue/RouterCatalogue';
import { chatModelLabel } from '../../nodes/shared/methods/listSearch';

describe('costUsd', () => {
	test('is rounded to 10 significant digits, so float noise never reaches an item', () => {
		// (10 × 0.1 + 5 × 0.56) / 1e6 is 0.0000038000000000000005 in floating point.
		expect((10 * 0.1 + 5 * 0.56) / 1_000_000).not.toBe(0.0000038);
		expect(costUsd({ input: 0.1, output: 0.56 }, 10, 5)).toBe(0.0000038);
		expect(costUsd({ input: 0.05, output: 0.08 }, 12, 3)).toBe(0.00000084);
		expect(String(costUsd({ input: 0.1, output: 0.56 }, 10, 5))).toBe('0.0000038');
	});

	test('keeps real precision: 10 digits survive', () => {
		expect(costUsd({ input: 0.123456789, output: 0 }, 1_000_000, 0)).toBe(0.123456789);
		expect(costUsd({ input: 1, output: 3 }, 123_456, 7_891)).toBe(0.147129);
	});

	test('is null where no price is known, zero for zero tokens', () => {
		expect(costUsd(undefined, 10, 5)).toBeNull();
		expect(costUsd({ input: 0.1, output: 0.5 }, 0, 0)).toBe(0);
	});
});

describe('chat model label in the picker', () => {
	test('names the cheapest output price right after the id, and counts live providers only', () => {
		const label = chatModelLabel({
			id: 'org/model',
			providers: [
				{ provider: 'a', status: 'live', pricing: { input: 0.1, output: 0.5 } },
				{ provider: 'b', status: 'live', pricing: { input: 0.2, output: 0.25 } },
				{ provider: 'c', status: 'error', pricing: { input: 0.01, output: 0.01 } },
			],
		});
		// c is failing: neither its price nor itself counts.
		expect(label).toBe('org/model · from $0.25/M out · 2 providers');
	});

	test('says "price not published" where no provider publishes one', () => {
		expect(chatModelLabel({ id: 'org/model', providers: [{ provider: 'hf-inference', status: 'live' }] })).toBe(
			'org/model · price not published · 1 provider',
		);
	});
});
