import type { IExecuteFunctions } from 'n8n-workflow';

import { readMaxRetries, readNumber, readOptions } from '../../shared/parameters';
import type { ExecutionSettings } from './scope';

import type { OperationDescriptor } from './types';

/** Settings that hold for the whole execution, read once from the first item. */
export function readExecutionSettings(ctx: IExecuteFunctions, operation: Pick<OperationDescriptor, 'timeoutMs' | 'countsSpend'>): ExecutionSettings {
	const options = ctx.getInputData().length ? readOptions(ctx, 0) : {};
	// 0 is the option's default: the operation's own budget.
	const timeoutMs = readNumber(ctx, 0, options, 'timeout', 'Timeout', { min: 0, integer: true }) || operation.timeoutMs;
	const maxRetries = readMaxRetries(ctx, 0, options);
	// Unset: the limiter finds the level the router allows, starting from one call.
	const concurrency = readNumber(ctx, 0, options, 'concurrency', 'Concurrency', { min: 1, max: 64, integer: true });
	// 0 (or no value) means no limit; the guard counts chat calls, the only ones with published prices.
	const maxCostUsd = (operation.countsSpend === true && readNumber(ctx, 0, options, 'maxCostUsd', 'Max Cost per Execution (USD)', { min: 0 })) || null;
	const skipAfterQuota = options.skipAfterQuota === undefined ? true : Boolean(options.skipAfterQuota);
	const pollIntervalMs = readNumber(ctx, 0, options, 'pollInterval', 'Poll Interval', { min: 10, integer: true }) ?? 1000;
	return { timeoutMs, maxRetries, concurrency, maxCostUsd, skipAfterQuota, pollIntervalMs };
}
