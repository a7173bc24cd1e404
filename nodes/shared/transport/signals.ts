import type { IExecuteFunctions } from 'n8n-workflow';

import { RouterCallError } from './errors';
import type { TransportContext } from './types';

/** Set when the user stops the execution: waits, polls and requests in flight end at once. */
export function executionCancelSignal(ctx: TransportContext): AbortSignal | undefined {
	const execute = ctx as Partial<IExecuteFunctions>;
	return typeof execute.getExecutionCancelSignal === 'function' ? execute.getExecutionCancelSignal() : undefined;
}

/** Aborts one attempt at its share of the item's budget, or when the execution is stopped. */
export function attemptSignal(ctx: TransportContext, remainingMs: number): AbortSignal {
	const timeout = AbortSignal.timeout(Math.max(1, Math.round(remainingMs)));
	const cancel = executionCancelSignal(ctx);
	return cancel ? AbortSignal.any([timeout, cancel]) : timeout;
}

export function throwIfCancelled(ctx: TransportContext): void {
	if (executionCancelSignal(ctx)?.aborted) {
		throw new RouterCallError({ kind: 'final', httpCode: null, code: 'CANCELLED', message: 'The execution was stopped' });
	}
}
