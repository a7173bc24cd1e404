import type { IDataObject } from 'n8n-workflow';

import { itemParameter } from '../../shared/nodeParameter';
import { badInput, readNumber } from '../../shared/parameters';
import type { ImageEditParameters, RequestParameters } from '../../shared/providers/types';
import type { ExecutionScope } from './scope';

/** Readers several operations share; each refusal names the item and the field, and says what to fix. */

/** A required text parameter (`text`, `prompt`, ...): an object given by an expression is sent as JSON. */
export function readRequiredText(scope: ExecutionScope, itemIndex: number, name: string, label: string, fix: string): string {
	const raw = itemParameter(scope.ctx, name, itemIndex, '') as unknown;
	const text = raw === null || raw === undefined ? '' : typeof raw === 'string' ? raw : JSON.stringify(raw);
	if (!text.trim()) throw badInput(scope.ctx, itemIndex, label, 'is empty', fix);
	return text;
}

/** A prompt: trimmed, required. */
export function readPrompt(scope: ExecutionScope, itemIndex: number, what: string): string {
	return readRequiredText(scope, itemIndex, 'prompt', 'Prompt', `Describe the ${what} to generate, or map it from the input with an expression.`).trim();
}

export function readDimension(scope: ExecutionScope, itemIndex: number, options: IDataObject, key: 'width' | 'height', label: string): number | undefined {
	const value = readNumber(scope.ctx, itemIndex, options, key, label, { integer: true });
	if (value !== undefined && (value <= 0 || value % 8 !== 0)) {
		throw badInput(scope.ctx, itemIndex, label, `must be a positive multiple of 8, got ${value}`, `Use for example ${Math.max(8, Math.round(value / 8) * 8)}.`);
	}
	return value;
}

/** The options image generation, image editing and video generation share: steps, guidance, seed, negative prompt. */
export function readDiffusionOptions(scope: ExecutionScope, itemIndex: number, options: IDataObject): ImageEditParameters {
	const { ctx } = scope;
	const parameters: ImageEditParameters = {};
	const steps = readNumber(ctx, itemIndex, options, 'numInferenceSteps', 'Number of Inference Steps', { min: 1, max: 500, integer: true });
	if (steps !== undefined) parameters.numInferenceSteps = steps;
	const guidance = readNumber(ctx, itemIndex, options, 'guidanceScale', 'Guidance Scale', { min: 0 });
	if (guidance !== undefined) parameters.guidanceScale = guidance;
	const seed = readNumber(ctx, itemIndex, options, 'seed', 'Seed', { integer: true });
	if (seed !== undefined) parameters.seed = seed;
	const negativePrompt = String(options.negativePrompt ?? '').trim();
	if (negativePrompt) parameters.negativePrompt = negativePrompt;
	return parameters;
}

/** The binary property a generated file is written to (option Binary Property, default data). */
export function readOutputProperty(scope: ExecutionScope, itemIndex: number, options: IDataObject, what: string): string {
	const binaryPropertyName = String(options.binaryPropertyName ?? 'data').trim();
	if (!binaryPropertyName) {
		throw badInput(scope.ctx, itemIndex, 'Binary Property', 'is empty', `Name the binary property to write the ${what} to, for example data.`);
	}
	return binaryPropertyName;
}

/**
 * The Extra Parameters option: a JSON object (as text or as an object an expression gives), never
 * one that sets the model. Undefined when unset or empty.
 */
export function readExtraParameters(scope: ExecutionScope, itemIndex: number, options: IDataObject): Record<string, unknown> | undefined {
	const raw = options.extraParameters;
	if (raw === undefined || raw === null || (typeof raw === 'string' && !raw.trim())) return undefined;
	let value: unknown = raw;
	if (typeof raw === 'string') {
		try {
			value = JSON.parse(raw);
		} catch (error) {
			throw badInput(scope.ctx, itemIndex, 'Extra Parameters', `is not valid JSON (${(error as Error).message})`, 'Give a JSON object, for example {"output_format": "mp3"}.');
		}
	}
	if (!value || typeof value !== 'object' || Array.isArray(value)) {
		throw badInput(scope.ctx, itemIndex, 'Extra Parameters', 'is not a JSON object', 'Give a JSON object of parameter names and values, for example {"output_format": "mp3"}.');
	}
	if ('model' in value) {
		throw badInput(scope.ctx, itemIndex, 'Extra Parameters', 'may not set the model', 'Choose the model in the Model field and remove "model" from Extra Parameters.');
	}
	return Object.keys(value).length ? (value as Record<string, unknown>) : undefined;
}

/** The call's extra parameters: the operation's named ones (unset left out) and the user's. */
export function requestParameters(scope: ExecutionScope, itemIndex: number, options: IDataObject, named: Record<string, unknown> = {}): RequestParameters {
	const defined = Object.fromEntries(Object.entries(named).filter(([, value]) => value !== undefined && value !== ''));
	const user = readExtraParameters(scope, itemIndex, options);
	return { ...(Object.keys(defined).length ? { named: defined } : {}), ...(user ? { user } : {}) };
}
