import {
	NodeApiError,
	NodeOperationError,
	sleep,
	type INodeExecutionData,
	type JsonObject,
} from 'n8n-workflow';

import { QuotaExhaustedError, RouterCallError } from '../../shared/transport/errors';
import { everyItemFailed, toOutputs, type Outcome } from './outputs';
import type { ExecutionScope } from './scope';
import type { Operation, PreparedItem } from './types';

export type { ItemSuccess, Operation, PreparedItem } from './types';

/** Turns a transport failure into the n8n error the user sees, naming item, provider and model. */
export type ErrorDescriber = (error: RouterCallError, item: PreparedItem<unknown>) => Promise<string | undefined>;

/** A tiny async queue: the reader waits for units while the producer is still preparing. */
class UnitQueue<T> {
	private readonly units: T[] = [];

	private readonly waiters: Array<(unit: T | undefined) => void> = [];

	private closed = false;

	push(unit: T): void {
		const waiter = this.waiters.shift();
		if (waiter) waiter(unit);
		else this.units.push(unit);
	}

	close(): void {
		this.closed = true;
		for (const waiter of this.waiters.splice(0)) waiter(undefined);
	}

	async next(): Promise<T | undefined> {
		if (this.units.length) return this.units.shift();
		if (this.closed) return undefined;
		return await new Promise((resolve) => this.waiters.push(resolve));
	}
}

/** n8n's own sleep: nodes may not use timers (or setImmediate) themselves. */
const yieldToEventLoop = async () => await sleep(0);

/**
 * How long item reading may hold the event loop before answers in flight get their turn. An
 * answer needs several turns of the loop before the next call leaves (response, agent, connect):
 * reading 8 items (about 6 ms of expressions in n8n 2.41) between turns held the first rounds of
 * npm run bench back by 40 to 110 ms each.
 */
export const READ_SLICE_MS = 2;

/**
 * Runs one operation over every input item: concurrently up to the configured limit, in batches
 * where the operation batches, and with every item ending in exactly one place: Success (output 0),
 * Quota Exhausted (output 1), or n8n's error handling. Output order and pairedItem follow the input.
 */
export async function runOperation<P>(
	scope: ExecutionScope,
	operation: Operation<P>,
	describeError: ErrorDescriber,
): Promise<INodeExecutionData[][]> {
	const { ctx } = scope;
	const items = ctx.getInputData();
	const outcomes: Array<Outcome | undefined> = new Array(items.length);
	const continueOnFail = ctx.continueOnFail();
	// With "On Error: Stop Workflow", chat and image read every item before the first call, so a
	// bad item stops the run before any credit is spent. With "Continue" a bad item only fails
	// itself, so requests go out while later items are still being read.
	const prepareAllFirst = operation.prepareAllFirst && !continueOnFail;
	let fatal: Error | undefined;

	const queue = new UnitQueue<Array<PreparedItem<P>>>();
	let batchSize: number;
	try {
		batchSize = Math.max(1, operation.batchSize?.(scope) ?? 1);
	} catch (error) {
		return everyItemFailed(ctx, error);
	}

	const runUnit = async (unit: Array<PreparedItem<P>>) => {
		const { provider } = unit[0];
		await scope.startUnit();
		const refusal = scope.refusal(provider);
		if (refusal) {
			scope.endUnit(false);
			for (const item of unit) outcomes[item.itemIndex] = { kind: 'quota', ...refusal, provider: item.provider, model: item.model };
			return;
		}
		try {
			// A scope whose transport asks again before every billed attempt (see forUnit).
			const results = await operation.run(scope.forUnit(provider), unit);
			unit.forEach((item, index) => {
				scope.addSpend(results[index].spendUsd ?? results[index].costUsd);
				outcomes[item.itemIndex] = { kind: 'success', data: results[index] };
			});
		} catch (error) {
			if (error instanceof QuotaExhaustedError) {
				// The unit's transport already recorded a router 402 for the account (scope.forUnit).
				for (const item of unit) {
					outcomes[item.itemIndex] = { kind: 'quota', message: error.message, local: error.local, provider: item.provider, model: item.model };
				}
				return;
			}
			for (const item of unit) {
				const nodeError = await toNodeError(scope, error, item, describeError);
				outcomes[item.itemIndex] = { kind: 'error', error: nodeError, provider: item.provider, model: item.model };
				if (!continueOnFail) fatal ??= nodeError;
			}
		} finally {
			scope.endUnit(true);
		}
	};

	// As many workers as calls may ever be in flight; the transport's limiter decides how many do.
	const workers = Array.from({ length: scope.transport.maxConcurrency }, async () => {
		for (let unit = await queue.next(); unit; unit = await queue.next()) {
			if (fatal) continue;
			await runUnit(unit);
		}
	});

	const prepared: Array<PreparedItem<P>> = [];
	let pending: Array<PreparedItem<P>> = [];
	const flush = () => {
		if (pending.length) queue.push(pending);
		pending = [];
	};
	const enqueue = (item: PreparedItem<P>) => {
		const key = operation.batchKey?.(item);
		if (pending.length && (pending.length >= batchSize || key !== operation.batchKey?.(pending[0]))) flush();
		pending.push(item);
		if (pending.length >= batchSize) flush();
	};

	let sliceStart = Date.now();
	for (let itemIndex = 0; itemIndex < items.length && !fatal; itemIndex++) {
		try {
			const item = await operation.prepare(scope, itemIndex);
			if (prepareAllFirst) prepared.push(item);
			else enqueue(item);
		} catch (error) {
			const nodeError =
				error instanceof NodeOperationError || error instanceof NodeApiError
					? error
					: new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
			outcomes[itemIndex] = { kind: 'error', error: nodeError };
			if (!continueOnFail) fatal = nodeError;
		}
		// Let requests already queued go out while the remaining items are read.
		if (!prepareAllFirst && Date.now() - sliceStart >= READ_SLICE_MS) {
			await yieldToEventLoop();
			sliceStart = Date.now();
		}
	}
	if (prepareAllFirst && !fatal) prepared.forEach(enqueue);
	flush();
	queue.close();
	await Promise.all(workers);

	if (fatal) throw fatal;
	return toOutputs(ctx, items, outcomes);
}

async function toNodeError<P>(
	scope: ExecutionScope,
	error: unknown,
	item: PreparedItem<P>,
	describeError: ErrorDescriber,
): Promise<NodeApiError | NodeOperationError> {
	const node = scope.ctx.getNode();
	const where = `${item.provider === 'auto' ? 'auto-routed' : item.provider} / ${item.model}`;
	if (error instanceof RouterCallError) {
		const { failure } = error;
		const hint = await describeError(error, item as PreparedItem<unknown>).catch(() => undefined);
		const message = scope.transport.redact(
			failure.httpCode ? `${failure.message} (HTTP ${failure.httpCode}, ${where})` : `${failure.message} (${where})`,
		);
		const description = hint ? scope.transport.redact(hint) : undefined;
		if (failure.httpCode) {
			return new NodeApiError(node, { message: failure.message, httpCode: String(failure.httpCode) } as JsonObject, {
				message,
				description,
				httpCode: String(failure.httpCode),
				itemIndex: item.itemIndex,
			});
		}
		return new NodeOperationError(node, message, { description, itemIndex: item.itemIndex });
	}
	if (error instanceof NodeOperationError || error instanceof NodeApiError) {
		// A batch shares one failure: each item gets its own error, pointing at itself, in its
		// message too (`... (item 0)` names the batch's first item).
		const failedItem = error.context.itemIndex;
		if (failedItem === undefined || failedItem === item.itemIndex) return error;
		const message = error.message.replace(new RegExp(`\\(item ${String(failedItem)}([,)])`), `(item ${item.itemIndex}$1`);
		return new NodeOperationError(node, message, { description: error.description ?? undefined, itemIndex: item.itemIndex });
	}
	const message = scope.transport.redact(error instanceof Error ? error.message : String(error));
	return new NodeOperationError(node, `${message} (${where})`, { itemIndex: item.itemIndex });
}
