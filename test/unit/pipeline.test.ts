/** The item pipeline's scheduling: calls leave while later items are still being read. */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { READ_SLICE_MS, runOperation, type Operation, type PreparedItem } from '../../nodes/HuggingFaceInference/operations/pipeline';
import type { ExecutionScope } from '../../nodes/HuggingFaceInference/operations/scope';

/** Holds the thread like n8n's expression engine does when it reads one item's parameters. */
function busy(ms: number): void {
	const end = Date.now() + ms;
	while (Date.now() < end) {
		// spin
	}
}

function scopeFor(items: number): ExecutionScope {
	const input: INodeExecutionData[] = Array.from({ length: items }, (_, i) => ({ json: { i } }));
	const ctx = {
		getInputData: () => input,
		// "On Error: Continue": items are read while calls are in flight (see prepareAllFirst).
		continueOnFail: () => true,
		getNode: () => ({ name: 'Hugging Face Inference', type: 'n8n-nodes-huggingface-inference.huggingFaceInference', typeVersion: 1, parameters: {} }),
	} as unknown as IExecuteFunctions;
	const scope = {
		ctx,
		transport: { maxConcurrency: 4, redact: (text: string) => text },
		startUnit: async () => undefined,
		endUnit: () => undefined,
		refusal: () => undefined,
		addSpend: () => undefined,
		forUnit: () => scope,
	};
	return scope as unknown as ExecutionScope;
}

describe('runOperation', () => {
	test('while items are still being read, the event loop gets a turn at least every few ms so calls can leave', async () => {
		const items = 40;
		const readMs = 1;
		let read = 0;
		const readWhenSent: number[] = [];
		const operation: Operation<null> = {
			prepareAllFirst: true,
			prepare(_scope, itemIndex): PreparedItem<null> {
				busy(readMs);
				read++;
				return { itemIndex, model: 'm', provider: 'p', params: null };
			},
			async run(_scope, unit) {
				readWhenSent.push(read);
				return unit.map(() => ({ json: { ok: true } }));
			},
		};
		const [success, quota] = await runOperation(scopeFor(items), operation, async () => undefined);
		expect(success).toHaveLength(items);
		expect(quota).toHaveLength(0);
		// The first call left after a slice of reading, not after every item was read.
		expect(readWhenSent[0]).toBeLessThanOrEqual(Math.ceil(READ_SLICE_MS / readMs) + 2);
		expect(readWhenSent[0]).toBeLessThan(items);
		// And calls kept leaving during the reading, not in one rush at its end.
		expect(readWhenSent.filter((count) => count < items).length).toBeGreaterThan(items / 4);
	});
});
