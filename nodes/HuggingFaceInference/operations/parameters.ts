import type { IExecuteFunctions } from 'n8n-workflow';

import { readNumber, readOptions } from '../../shared/parameters';
import type { ExecutionSettings } from './scope';

export { ROUTING_POLICIES, badInput, readModel, readNumber, readOptions, readProvider } from '../../shared/parameters';

export type OperationName = 'chat' | 'image' | 'embedding' | 'speechToText' | 'imageToImage' | 'textToSpeech' | 'textToVideo';

/** Time for one item when the Timeout option is unset: a picture or a long recording takes minutes. */
export const DEFAULT_TIMEOUT_MS: Record<OperationName, number> = {
	chat: 120_000,
	embedding: 120_000,
	image: 300_000,
	speechToText: 300_000,
	imageToImage: 300_000,
	textToSpeech: 300_000,
	textToVideo: 600_000,
};

/** Settings that hold for the whole execution, read once from the first item. */
export function readExecutionSettings(ctx: IExecuteFunctions, operation: OperationName): ExecutionSettings {
	const options = ctx.getInputData().length ? readOptions(ctx, 0) : {};
	// 0 is the option's default: the operation's own budget.
	const timeoutMs = readNumber(ctx, 0, options, 'timeout', 'Timeout', { min: 0, integer: true }) || DEFAULT_TIMEOUT_MS[operation];
	const maxRetries = readNumber(ctx, 0, options, 'maxRetries', 'Max Retries', { min: 0, max: 10, integer: true }) ?? 2;
	// Unset: the limiter finds the level the router allows, starting from one call.
	const concurrency = readNumber(ctx, 0, options, 'concurrency', 'Concurrency', { min: 1, max: 64, integer: true });
	// 0 (or no value) means no limit; the guard counts chat calls, the only ones with published prices.
	const maxCostUsd = (operation === 'chat' && readNumber(ctx, 0, options, 'maxCostUsd', 'Max Cost per Execution (USD)', { min: 0 })) || null;
	const skipAfterQuota = options.skipAfterQuota === undefined ? true : Boolean(options.skipAfterQuota);
	const pollIntervalMs = readNumber(ctx, 0, options, 'pollInterval', 'Poll Interval', { min: 10, integer: true }) ?? 1000;
	return { timeoutMs, maxRetries, concurrency, maxCostUsd, skipAfterQuota, pollIntervalMs };
}
