/**
 * What the fault-injection suites share: one emulator per test file, 50 input items, the chat call
 * they make, and the accounting that checks every item ends in exactly one place.
 */
import type { IBinaryKeyData, IDataObject, INodeExecutionData, IPairedItemData } from 'n8n-workflow';

import type { Emulator, RecordedRequest } from '../emulator';
import { TOKEN, chatParameters, routerCalls, runHuggingFace, startTestEmulator, type RunOptions } from './support';

export const N = 50;
export const MODEL = 'meta-llama/Llama-3.1-8B-Instruct';
export const PROVIDER = 'groq';

/** The test file's emulator, and everything its runs produced (scanned for the token at the end). */
export const kit = { emulator: undefined as unknown as Emulator, produced: [] as unknown[] };

/** One emulator for the test file, reset with fresh credits before each test. */
export function useFaultEmulator(): void {
	beforeAll(async () => {
		kit.emulator = await startTestEmulator();
	});
	afterAll(async () => await kit.emulator.close());
	beforeEach(() => {
		kit.emulator.reset();
		kit.emulator.setCredits(TOKEN, 1000);
	});
}

/** The last test of a file: none of its outputs, errors or run data holds the token. */
export function expectTokenNeverLeaked(): void {
	expect(kit.produced.length).toBeGreaterThan(5);
	// The scan does find the token where it is.
	expect(allStrings([{ nested: new Error(`x ${TOKEN}`) }]).some((text) => text.includes(TOKEN))).toBe(true);
	expect(allStrings(kit.produced).filter((text) => text.includes(TOKEN))).toEqual([]);
}

export type RunResult = Awaited<ReturnType<typeof runHuggingFace>>;

export function inputItems(count = N): NonNullable<RunOptions['items']> {
	return Array.from({ length: count }, (_, index) => ({
		json: { q: `question ${index}`, index, nested: { keep: [index, 'as is'] } },
		binary: {
			note: { data: Buffer.from(`note for item ${index}`).toString('base64'), mimeType: 'text/plain', fileName: `note-${index}.txt` },
		},
	}));
}

export const chat = (options: IDataObject = {}, provider = PROVIDER) => chatParameters(MODEL, provider, '={{ $json.q }}', options);

export async function run(options: RunOptions): Promise<RunResult> {
	const result = await runHuggingFace(kit.emulator, { items: inputItems(), ...options });
	kit.produced.push(result.run.data, result.outputs, result.error);
	return result;
}

export const pairedIndex = (item: INodeExecutionData): number => {
	const paired = item.pairedItem as IPairedItemData | number | undefined;
	return typeof paired === 'number' ? paired : (paired as IPairedItemData).item;
};

export interface Tally {
	success: INodeExecutionData[];
	quota: INodeExecutionData[];
	/** Error items, wherever n8n put them (output 0 with json.error, or the error output). */
	errors: INodeExecutionData[];
}

/**
 * Checks that the 50 items add up across the outputs, each input exactly once, and that each
 * output item belongs to the input its pairedItem names: a success answers that item's question,
 * a Quota Exhausted item is that input (json and binary) plus the quota fields, an error item
 * names that item.
 */
export function account(result: RunResult, count = N): Tally {
	expect(result.error).toBeUndefined();
	const inputs = result.getNodeOutputs('Items')[0];
	expect(inputs).toHaveLength(count);
	const [out0 = [], quota = [], errorOutput = []] = result.outputs;
	const success = out0.filter((item) => item.json.error === undefined);
	const errors = [...out0.filter((item) => item.json.error !== undefined), ...errorOutput];

	expect(success.length + quota.length + errors.length).toBe(count);
	expect([...out0, ...quota, ...errorOutput].map(pairedIndex).sort((a, b) => a - b)).toEqual(Array.from({ length: count }, (_, index) => index));

	for (const item of success) {
		const index = pairedIndex(item);
		expect(item.json.content).toMatch(new RegExp(`You said: question ${index}$`));
		expect(item.json.model).toBe(MODEL);
	}
	for (const item of quota) {
		const input = inputs[pairedIndex(item)];
		const { quotaExhausted, error, ...rest } = item.json;
		expect(rest).toEqual(input.json);
		expect(quotaExhausted).toBe(true);
		expect(error).toMatchObject({ httpCode: 402, provider: expect.any(String), model: MODEL, message: expect.any(String) });
		expect(item.binary).toEqual(input.binary as IBinaryKeyData);
	}
	for (const item of errors) {
		const index = pairedIndex(item);
		expect(typeof item.json.error).toBe('string');
		expect(item.json.details).toMatchObject({ itemIndex: index, model: MODEL });
		// On the error output n8n merges the input item's json in.
		if (errorOutput.includes(item)) expect(item.json).toMatchObject(inputs[index].json);
	}
	return { success, quota, errors };
}

/** Cost of one chat call of this suite's shape, as the kit.emulator charges it. */
export async function costOfOneCall(): Promise<number> {
	await runHuggingFace(kit.emulator, { parameters: chat(), items: inputItems(1) });
	const [call] = routerCalls(kit.emulator);
	expect(call.cost).toBeGreaterThan(0);
	kit.emulator.reset();
	return call.cost!;
}

/** The router calls of each item (told apart by the question it asks), in arrival order. */
export function attemptsByItem(calls: RecordedRequest[]): Map<number, RecordedRequest[]> {
	const byItem = new Map<number, RecordedRequest[]>();
	for (const call of calls) {
		const { messages } = call.body as { messages: Array<{ content: string }> };
		const index = Number(/question (\d+)$/.exec(messages[messages.length - 1].content)![1]);
		byItem.set(index, [...(byItem.get(index) ?? []), call]);
	}
	return byItem;
}

export const statuses = (calls: RecordedRequest[]) => calls.map((call) => call.status);
export const count = (calls: RecordedRequest[], status: number) => calls.filter((call) => call.status === status).length;

/** Every string inside a value, Error properties included (message, description, cause...), stack left out. */
export function allStrings(value: unknown, seen = new WeakSet<object>(), out: string[] = []): string[] {
	if (typeof value === 'string') out.push(value);
	else if (Buffer.isBuffer(value)) out.push(value.toString('utf8'));
	else if (value && typeof value === 'object') {
		if (seen.has(value)) return out;
		seen.add(value);
		const keys = value instanceof Error ? Object.getOwnPropertyNames(value) : Object.keys(value);
		for (const key of keys) {
			if (key === 'stack') continue;
			out.push(key);
			allStrings((value as Record<string, unknown>)[key], seen, out);
		}
	}
	return out;
}
