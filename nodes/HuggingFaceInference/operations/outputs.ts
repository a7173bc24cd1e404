import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import type { ItemSuccess } from './types';

/** Where one input item ended: Success, Quota Exhausted, or an error for n8n's error handling. */
export type Outcome =
	| { kind: 'success'; data: ItemSuccess }
	| { kind: 'quota'; message: string; local: boolean; provider: string; model: string }
	| { kind: 'error'; error: NodeApiError | NodeOperationError; provider?: string; model?: string };

/**
 * The node's two outputs, [Success, Quota Exhausted], from one outcome per input item, in input
 * order. An AI agent reads only the first output of a tool: there a quota item goes with the
 * others, still marked quotaExhausted, rather than vanish.
 */
export function toOutputs(ctx: IExecuteFunctions, items: INodeExecutionData[], outcomes: Array<Outcome | undefined>): INodeExecutionData[][] {
	const usedAsTool = ctx.getNode().type.endsWith('Tool');
	const [success, quota] = assembleOutputs(items, outcomes);
	return usedAsTool ? [[...success, ...quota].sort(byPairedItem), []] : [success, quota];
}

/**
 * A failure before any item could run (a setting the whole execution shares, read from the first
 * item, or the credential). Under "Stop Workflow" it stops the node. Under "Continue" every item
 * fails with it: a throw there would make n8n pass the input items on to Success as they came.
 */
export function everyItemFailed(ctx: IExecuteFunctions, error: unknown): INodeExecutionData[][] {
	const nodeError =
		error instanceof NodeOperationError || error instanceof NodeApiError
			? error
			: new NodeOperationError(ctx.getNode(), error as Error);
	if (!ctx.continueOnFail()) throw nodeError;
	const items = ctx.getInputData();
	return toOutputs(ctx, items, items.map((): Outcome => ({ kind: 'error', error: nodeError })));
}

function byPairedItem(a: INodeExecutionData, b: INodeExecutionData): number {
	return (a.pairedItem as { item: number }).item - (b.pairedItem as { item: number }).item;
}

function assembleOutputs(items: INodeExecutionData[], outcomes: Array<Outcome | undefined>): INodeExecutionData[][] {
	const success: INodeExecutionData[] = [];
	const quota: INodeExecutionData[] = [];
	outcomes.forEach((outcome, itemIndex) => {
		const pairedItem = { item: itemIndex };
		if (!outcome) throw new Error(`Internal error: item ${itemIndex} has no outcome`);
		if (outcome.kind === 'success') {
			success.push({ json: outcome.data.json, ...(outcome.data.binary ? { binary: outcome.data.binary } : {}), pairedItem });
		} else if (outcome.kind === 'quota') {
			quota.push(quotaItem(items[itemIndex], outcome, itemIndex));
		} else {
			// Only `error` and `details`, and no `item.error`: n8n then routes the item to the error
			// output (continueErrorOutput) merged with the input item's json, and keeps the details.
			// An `item.error` would make n8n replace the json by `{error: message}` (normalizeNodeErrors).
			success.push({ json: { error: outcome.error.message, details: errorDetails(outcome) }, pairedItem });
		}
	});
	return [success, quota];
}

function errorDetails(outcome: { error: NodeApiError | NodeOperationError; provider?: string; model?: string }): IDataObject {
	const { error } = outcome;
	const details: IDataObject = {};
	if (error instanceof NodeApiError && error.httpCode) details.httpCode = Number(error.httpCode) || error.httpCode;
	if (error.description) details.description = error.description;
	if (outcome.provider) details.provider = outcome.provider;
	if (outcome.model) details.model = outcome.model;
	if (error.context.itemIndex !== undefined) details.itemIndex = error.context.itemIndex as number;
	return details;
}

/** The input item as it came in, plus the quota signal the contract promises. */
function quotaItem(
	input: INodeExecutionData,
	outcome: { message: string; local: boolean; provider: string; model: string },
	itemIndex: number,
): INodeExecutionData {
	return {
		json: {
			...input.json,
			quotaExhausted: true,
			error: {
				httpCode: 402,
				message: outcome.message,
				provider: outcome.provider,
				model: outcome.model,
				...(outcome.local ? { local: true } : {}),
			},
		},
		...(input.binary ? { binary: input.binary } : {}),
		pairedItem: { item: itemIndex },
	};
}

