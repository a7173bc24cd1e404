/** Reading the fields of a parsed JSON request body, the same way in every route. */

export type Obj = Record<string, unknown>;

/** A JSON object (not an array, not null), else undefined. */
export function obj(v: unknown): Obj | undefined {
	return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : undefined;
}

export function num(v: unknown, fallback: number): number {
	return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
}

/** A string with something other than white space in it. */
export function nonEmpty(v: unknown): v is string {
	return typeof v === 'string' && v.trim().length > 0;
}
