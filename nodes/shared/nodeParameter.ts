import type { IDataObject, IExecuteFunctions, IGetNodeParameterOptions, ISupplyDataFunctions, NodeParameterValueType } from 'n8n-workflow';

import { ASK_N8N, resolveJsonReads } from './itemJsonRead';

/** The node running, or a sub-node supplying its model. */
export type ParameterContext = IExecuteFunctions | ISupplyDataFunctions;

/** Per execution (one context object each): the parameters read once, by name and read options. */
const readOnce = new WeakMap<ParameterContext, Map<string, NodeParameterValueType | object>>();

/**
 * Per execution: the node's parameters as saved (expressions unresolved). `ctx.getNode()` deep-copies
 * the whole node on every call (n8n-core 2.41), about 10 µs each, several times per item otherwise.
 */
const savedParameters = new WeakMap<ParameterContext, IDataObject>();

function saved(ctx: ParameterContext, top: string): unknown {
	let parameters = savedParameters.get(ctx);
	if (!parameters) savedParameters.set(ctx, (parameters = ctx.getNode().parameters));
	return parameters[top];
}

function holdsExpression(value: unknown): boolean {
	if (typeof value === 'string') return value.startsWith('=');
	if (Array.isArray(value)) return value.some(holdsExpression);
	if (value && typeof value === 'object') return Object.values(value).some(holdsExpression);
	return false;
}

/**
 * `ctx.getNodeParameter`, read once per execution when the parameter holds no expression: then it
 * is the same for every item, and n8n's per-item read (copying, resolving, cleaning the whole
 * value) is a good part of the node's own time per item. A parameter with an expression anywhere
 * in it is read for each item, as n8n does. The value read once is shared: treat it as read-only.
 */
export function nodeParameter(
	ctx: ParameterContext,
	name: string,
	itemIndex: number,
	fallback: unknown,
	options?: IGetNodeParameterOptions,
): NodeParameterValueType | object {
	const raw = saved(ctx, name.split('.')[0]);
	if (holdsExpression(raw)) return ctx.getNodeParameter(name, itemIndex, fallback, options);
	let values = readOnce.get(ctx);
	if (!values) readOnce.set(ctx, (values = new Map()));
	const key = options ? `${name}\u0000${JSON.stringify(options)}` : name;
	if (!values.has(key)) values.set(key, ctx.getNodeParameter(name, 0, fallback, options));
	return values.get(key)!;
}

/**
 * A parameter read for one item of the node's own input: nodeParameter, except that a value whose
 * expressions are all plain reads of the item's json (`{{ $json.text }}`) that give strings is
 * read from the item directly (itemJsonRead.ts). n8n gives the same strings, at the cost of its
 * expression runtime per item. Sub-nodes do not use it: their `$json` is not their own input.
 */
export function itemParameter(ctx: IExecuteFunctions, name: string, itemIndex: number, fallback: unknown): NodeParameterValueType | object {
	const [top, ...path] = name.split('.');
	let raw: unknown = saved(ctx, top);
	if (!holdsExpression(raw)) return nodeParameter(ctx, name, itemIndex, fallback);
	for (const key of path) raw = raw && typeof raw === 'object' ? (raw as IDataObject)[key] : undefined;
	const json = ctx.getInputData()[itemIndex]?.json;
	if (raw !== undefined && json) {
		const read = resolveJsonReads(raw, json);
		if (read !== ASK_N8N) return read as NodeParameterValueType | object;
	}
	return ctx.getNodeParameter(name, itemIndex, fallback);
}
