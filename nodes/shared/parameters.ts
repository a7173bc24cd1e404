import { NodeOperationError, type IDataObject } from 'n8n-workflow';

import { nodeParameter, type ParameterContext } from './nodeParameter';

/**
 * Readers for the parameters the node and its sub-nodes share (model, provider, options). Every
 * refusal names the item and the field, and says what to fix.
 */
export type { ParameterContext } from './nodeParameter';

export const ROUTING_POLICIES = ['fastest', 'cheapest', 'preferred'] as const;

/** A provider id or routing policy as the router spells them. */
export const PROVIDER_ID = /^[a-z0-9][a-z0-9-]*$/;

/** Raised before any request: names the item and the field, and says what to fix. */
export function badInput(ctx: ParameterContext, itemIndex: number, field: string, problem: string, fix: string): NodeOperationError {
	return new NodeOperationError(ctx.getNode(), `${field} ${problem} (item ${itemIndex})`, {
		itemIndex,
		description: fix,
	});
}

export function readOptions(ctx: ParameterContext, itemIndex: number): IDataObject {
	return nodeParameter(ctx, 'options', itemIndex, {}) as IDataObject;
}

/** The Hub model id from the resource locator (or a plain string), trimmed and checked. */
export function readModel(ctx: ParameterContext, itemIndex: number): string {
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

export function readProvider(ctx: ParameterContext, itemIndex: number): string {
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
	ctx: ParameterContext,
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


/** Max Retries, as the node and both sub-nodes describe it (descriptions.ts maxRetriesOption): 2 when unset. */
export function readMaxRetries(ctx: ParameterContext, itemIndex: number, options: IDataObject): number {
	return readNumber(ctx, itemIndex, options, 'maxRetries', 'Max Retries', { min: 0, max: 10, integer: true }) ?? 2;
}

/** A list option: an array an expression gives, or comma- or newline-separated text; entries trimmed, empty ones dropped. */
export function splitList(value: unknown): string[] {
	const entries = Array.isArray(value) ? value.map(String) : typeof value === 'string' ? value.split(/[\n,]/) : [];
	return entries.map((entry) => entry.trim()).filter(Boolean);
}
