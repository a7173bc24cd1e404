import type { IDataObject } from 'n8n-workflow';

/**
 * `={{ $json.text }}`, `={{ $json.a.b[0] }}`, `={{ $json["a b"] }}`: a plain read of the item's
 * own json, the way most prompts and texts are mapped. n8n evaluates each such expression in its
 * expression runtime at about 0.5 ms an item (npm run bench, n8n 2.41); reading the property
 * gives the same string for a fraction of that. Anything else is left to n8n.
 */
const JSON_READ = /^=\{\{\s*\$json((?:\.[A-Za-z_$][\w$]*|\[(?:"[^"\\]*"|'[^'\\]*'|\d+)\])+)\s*\}\}$/;
const SEGMENT = /\.([A-Za-z_$][\w$]*)|\[(?:"([^"\\]*)"|'([^'\\]*)'|(\d+))\]/g;

/** Returned when a value is not (only) made of plain reads that give strings: ask n8n. */
export const ASK_N8N = Symbol('ask n8n');

/**
 * The string an expression that only reads the item's json gives, or ASK_N8N: for any other
 * expression, and whenever the value read is not a string (n8n's own typing then applies).
 * Own properties only: `$json.constructor` and the like go to n8n.
 */
export function readJsonString(expression: string, json: IDataObject): string | typeof ASK_N8N {
	const match = JSON_READ.exec(expression);
	if (!match) return ASK_N8N;
	let value: unknown = json;
	for (const [, dotted, doubleQuoted, singleQuoted, index] of match[1].matchAll(SEGMENT)) {
		const key = dotted ?? doubleQuoted ?? singleQuoted ?? index;
		if (value === null || typeof value !== 'object' || !Object.prototype.hasOwnProperty.call(value, key)) return ASK_N8N;
		value = (value as Record<string, unknown>)[key];
	}
	return typeof value === 'string' ? value : ASK_N8N;
}

/**
 * A parameter value (string, list or collection) with each expression replaced by the string it
 * reads, as a new value; ASK_N8N when any expression in it is more than a plain read.
 */
export function resolveJsonReads(value: unknown, json: IDataObject): unknown {
	if (typeof value === 'string') return value.startsWith('=') ? readJsonString(value, json) : value;
	if (value && typeof value === 'object') {
		const resolved: Record<string, unknown> | unknown[] = Array.isArray(value) ? [] : {};
		for (const [key, entry] of Object.entries(value)) {
			const read = resolveJsonReads(entry, json);
			if (read === ASK_N8N) return ASK_N8N;
			(resolved as Record<string, unknown>)[key] = read;
		}
		return resolved;
	}
	return value;
}
