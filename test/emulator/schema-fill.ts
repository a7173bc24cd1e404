/** Fill a JSON Schema with type-appropriate example values (structured output, tool arguments). */

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Schema = Record<string, unknown>;

function isObj(v: unknown): v is Schema {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function resolveRef(ref: string, root: Schema): Schema | undefined {
	if (!ref.startsWith('#/')) return undefined;
	let cur: unknown = root;
	for (const part of ref.slice(2).split('/')) {
		if (!isObj(cur)) return undefined;
		cur = cur[part.replace(/~1/g, '/').replace(/~0/g, '~')];
	}
	return isObj(cur) ? cur : undefined;
}

export function fillSchema(schema: unknown, name = 'value', root?: Schema, depth = 0): Json {
	if (!isObj(schema) || depth > 8) return null;
	const top = root ?? schema;
	if (typeof schema.$ref === 'string') return fillSchema(resolveRef(schema.$ref, top), name, top, depth + 1);
	if ('const' in schema) return schema.const as Json;
	if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0] as Json;
	if ('default' in schema && schema.default !== undefined) return schema.default as Json;
	for (const key of ['anyOf', 'oneOf', 'allOf']) {
		const alts = schema[key];
		if (Array.isArray(alts) && alts.length > 0) {
			const pick = alts.find((a) => !(isObj(a) && a.type === 'null')) ?? alts[0];
			return fillSchema(pick, name, top, depth + 1);
		}
	}
	let type = schema.type;
	if (Array.isArray(type)) type = type.find((t) => t !== 'null') ?? type[0];
	if (type === undefined) type = isObj(schema.properties) ? 'object' : isObj(schema.items) ? 'array' : 'string';
	switch (type) {
		case 'object': {
			const out: { [k: string]: Json } = {};
			const props = isObj(schema.properties) ? schema.properties : {};
			const required = Array.isArray(schema.required) ? (schema.required as string[]) : [];
			for (const key of [...required, ...Object.keys(props)]) {
				if (key in out) continue;
				out[key] = fillSchema(props[key] ?? { type: 'string' }, key, top, depth + 1);
			}
			return out;
		}
		case 'array': {
			const n = Math.max(1, typeof schema.minItems === 'number' ? schema.minItems : 1);
			return Array.from({ length: n }, () => fillSchema(schema.items ?? { type: 'string' }, name, top, depth + 1));
		}
		case 'integer': {
			const min = typeof schema.minimum === 'number' ? Math.ceil(schema.minimum) : undefined;
			return min !== undefined && min > 1 ? min : typeof schema.maximum === 'number' && schema.maximum < 1 ? Math.floor(schema.maximum) : 1;
		}
		case 'number': {
			const min = typeof schema.minimum === 'number' ? schema.minimum : undefined;
			return min !== undefined && min > 1.5 ? min : typeof schema.maximum === 'number' && schema.maximum < 1.5 ? schema.maximum : 1.5;
		}
		case 'boolean':
			return true;
		case 'null':
			return null;
		default: {
			switch (schema.format) {
				case 'date':
					return '2025-01-01';
				case 'date-time':
					return '2025-01-01T00:00:00Z';
				case 'email':
					return 'user@example.com';
				case 'uri':
				case 'url':
					return 'https://example.com';
			}
			let s = `example ${name}`;
			if (typeof schema.minLength === 'number' && s.length < schema.minLength) s = s.padEnd(schema.minLength, 'x');
			if (typeof schema.maxLength === 'number' && s.length > schema.maxLength) s = s.slice(0, schema.maxLength);
			return s;
		}
	}
}
