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
	test('names the cheapest live output price right after the id, short, and leaves failing providers out', () => {
		const label = chatModelLabel({
			id: 'org/model',
			providers: [
				{ provider: 'a', status: 'live', pricing: { input: 0.1, output: 0.5 } },
				{ provider: 'b', status: 'live', pricing: { input: 0.2, output: 0.25 } },
				{ provider: 'c', status: 'error', pricing: { input: 0.01, output: 0.01 }, supports_tools: true, context_length: 1_000_000 },
			],
		});
		// c is failing: neither its price, its tools nor its context counts.
		expect(label).toBe('org/model · $0.25/M');
	});

	test('says "price unknown" where no provider publishes one', () => {
		expect(chatModelLabel({ id: 'org/model', providers: [{ provider: 'hf-inference', status: 'live' }] })).toBe('org/model · price unknown');
	});

	test('then tools, JSON (structured output) and the longest context, where a live provider says so', () => {
		const label = chatModelLabel({
			id: 'org/model',
			providers: [
				{ provider: 'a', status: 'live', pricing: { input: 0.05, output: 0.08 }, supports_tools: false, supports_structured_output: true, context_length: 32768 },
				{ provider: 'b', status: 'live', pricing: { input: 0.1, output: 0.1 }, supports_tools: true, supports_structured_output: false, context_length: 131072 },
			],
		});
		expect(label).toBe('org/model · $0.08/M · tools · JSON · 128k');
	});

	test('"free" in place of the price where a live provider is free (is_free)', () => {
		const label = chatModelLabel({
			id: 'org/model',
			providers: [
				{ provider: 'a', status: 'live', is_free: true, context_length: 128000 },
				{ provider: 'b', status: 'live', pricing: { input: 0.1, output: 0.4 } },
			],
		});
		expect(label).toBe('org/model · free · 128k');
	});

	test('small prices read sensibly, never as $0.000', () => {
		const label = (output: number) => chatModelLabel({ id: 'm', providers: [{ provider: 'a', status: 'live', pricing: { input: 0, output } }] });
		expect(label(0.004)).toBe('m · <$0.01/M');
		expect(label(0.02)).toBe('m · $0.02/M');
		expect(label(0.05)).toBe('m · $0.05/M');
		expect(label(0.1)).toBe('m · $0.1/M');
		expect(label(1.1)).toBe('m · $1.1/M');
		expect(label(2.19)).toBe('m · $2.19/M');
		expect(label(10)).toBe('m · $10/M');
		expect(label(0)).toBe('m · $0/M');
	});

	test('stays short: a long id with every detail fits in about 64 characters', () => {
		const label = chatModelLabel({
			id: 'meta-llama/Llama-3.1-8B-Instruct',
			providers: [{ provider: 'a', status: 'live', pricing: { input: 0.05, output: 0.08 }, supports_tools: true, supports_structured_output: true, context_length: 131072 }],
		});
		expect(label).toBe('meta-llama/Llama-3.1-8B-Instruct · $0.08/M · tools · JSON · 128k');
		expect(label.length).toBeLessThanOrEqual(64);
	});
});
