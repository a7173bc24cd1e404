import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { nodeParameter } from './nodeParameter';
import type { ExecutionSettings } from './scope';

export type OperationName = 'chat' | 'image' | 'embedding' | 'speechToText' | 'imageToImage' | 'textToSpeech';

export const ROUTING_POLICIES = ['fastest', 'cheapest', 'preferred'] as const;

const PROVIDER_ID = /^[a-z0-9][a-z0-9-]*$/;

/** Raised before any request: names the item and the field, and says what to fix. */
export function badInput(ctx: IExecuteFunctions, itemIndex: number, field: string, problem: string, fix: string): NodeOperationError {
	return new NodeOperationError(ctx.getNode(), `${field} ${problem} (item ${itemIndex})`, {
		itemIndex,
		description: fix,
	});
}

export function readOptions(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	return nodeParameter(ctx, 'options', itemIndex, {}) as IDataObject;
}

/** The Hub model id from the resource locator (or a plain string), trimmed and checked. */
export function readModel(ctx: IExecuteFunctions, itemIndex: number): string {
	const raw = nodeParameter(ctx, 'model', itemIndex, '', { extractValue: true }) as unknown;
	const model = typeof raw === 'string' ? raw.trim() : '';
	if (!model) {
		throw badInput(ctx, itemIndex, 'Model', 'is empty', 'Choose a model from the list, or enter a Hugging Face model ID such as meta-llama/Llama-3.1-8B-Instruct.');
	}
	if (/\s/.test(model) || model.includes(':')) {
		throw badInput(
			ctx,
			itemIndex,
			'Model',
			`"${model}" is not a Hugging Face model ID`,
			'Enter the ID as it appears on the Hub (owner/name, no spaces), and choose the provider in the Provider field rather than with a ":provider" suffix.',
		);
	}
	return model;
}

export function readProvider(ctx: IExecuteFunctions, itemIndex: number): string {
	const raw = nodeParameter(ctx, 'provider', itemIndex, 'auto') as unknown;
	const provider = (typeof raw === 'string' ? raw : '').trim().toLowerCase() || 'auto';
	if (!PROVIDER_ID.test(provider)) {
		throw badInput(
			ctx,
			itemIndex,
			'Provider',
			`"${String(raw)}" is not a provider ID`,
			'Use auto, fastest, cheapest, preferred, or a provider ID in lower case such as groq, together or fal-ai.',
		);
	}
	return provider;
}

/** An optional number option: undefined when unset, an error for the item when not a number in range. */
export function readNumber(
	ctx: IExecuteFunctions,
	itemIndex: number,
	options: IDataObject,
	key: string,
	label: string,
	rule: { min?: number; max?: number; integer?: boolean; exclusiveMin?: boolean } = {},
): number | undefined {
	const raw = options[key];
	if (raw === undefined || raw === null || raw === '') return undefined;
	const value = typeof raw === 'number' ? raw : Number(String(raw).trim());
	const range =
		rule.min !== undefined && rule.max !== undefined
			? `between ${rule.min} and ${rule.max}`
			: rule.min !== undefined
				? `${rule.exclusiveMin ? 'greater than' : 'at least'} ${rule.min}`
				: 'a number';
	const what = `${rule.integer ? 'a whole number' : 'a number'}${range === 'a number' ? '' : ` ${range}`}`;
	if (
		!Number.isFinite(value) ||
		(rule.integer && !Number.isInteger(value)) ||
		(rule.min !== undefined && (rule.exclusiveMin ? value <= rule.min : value < rule.min)) ||
		(rule.max !== undefined && value > rule.max)
	) {
		throw badInput(ctx, itemIndex, label, `must be ${what}, got ${JSON.stringify(raw)}`, `Set ${label} to ${what}, or remove the option.`);
	}
	return value;
}

/** Time for one item when the Timeout option is unset: a picture or a long recording takes minutes. */
export const DEFAULT_TIMEOUT_MS: Record<OperationName, number> = {
	chat: 120_000,
	embedding: 120_000,
	image: 300_000,
	speechToText: 300_000,
	imageToImage: 300_000,
	textToSpeech: 300_000,
};

/** Settings that hold for the whole execution, read once from the first item. */
export function readExecutionSettings(ctx: IExecuteFunctions, operation: OperationName): ExecutionSettings {
	const options = ctx.getInputData().length ? readOptions(ctx, 0) : {};
	const timeoutMs = readNumber(ctx, 0, options, 'timeout', 'Timeout', { min: 1, integer: true }) ?? DEFAULT_TIMEOUT_MS[operation];
	const maxRetries = readNumber(ctx, 0, options, 'maxRetries', 'Max Retries', { min: 0, max: 10, integer: true }) ?? 2;
	// Unset: the limiter finds the level the router allows, starting from one call.
	const concurrency = readNumber(ctx, 0, options, 'concurrency', 'Concurrency', { min: 1, max: 64, integer: true });
	// 0 (or no value) means no limit; the guard counts chat calls, the only ones with published prices.
	const maxCostUsd = (operation === 'chat' && readNumber(ctx, 0, options, 'maxCostUsd', 'Max Cost per Execution (USD)', { min: 0 })) || null;
	const skipAfterQuota = options.skipAfterQuota === undefined ? true : Boolean(options.skipAfterQuota);
	const pollIntervalMs = readNumber(ctx, 0, options, 'pollInterval', 'Poll Interval', { min: 10, integer: true }) ?? 1000;
	return { timeoutMs, maxRetries, concurrency, maxCostUsd, skipAfterQuota, pollIntervalMs };
}
