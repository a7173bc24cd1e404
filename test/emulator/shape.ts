/**
 * Structural comparison of a recorded JSON body with an emulator body. Recorded keys must exist
 * with the same JSON type; arrays compare element shape and nesting; recorded truncation markers
 * ("...(768 floats total)", "...(8 items total)") stand for the elided elements and give the length.
 */

const MARKER = /^\.\.\.\((\d+) (?:floats|items) total\)$/;

export function jsonType(v: unknown): string {
	if (v === null) return 'null';
	if (Array.isArray(v)) return 'array';
	return typeof v;
}

/** Returns a list of differences (empty when `actual` has the recorded shape). */
export function shapeOf(recorded: unknown, actual: unknown, path = '$'): string[] {
	const rt = jsonType(recorded);
	const at = jsonType(actual);
	if (rt !== at) return [`${path}: expected ${rt}, got ${at}`];
	if (rt === 'object') {
		const r = recorded as Record<string, unknown>;
		const a = actual as Record<string, unknown>;
		const diffs: string[] = [];
		for (const key of Object.keys(r)) {
			if (!(key in a)) diffs.push(`${path}.${key}: missing`);
			else diffs.push(...shapeOf(r[key], a[key], `${path}.${key}`));
		}
		return diffs;
	}
	if (rt === 'array') {
		const r = recorded as unknown[];
		const a = actual as unknown[];
		const diffs: string[] = [];
		let elements = r;
		const last = r[r.length - 1];
		if (typeof last === 'string' && MARKER.test(last)) {
			const expected = Number(MARKER.exec(last)![1]);
			elements = r.slice(0, -1);
			if (a.length !== expected) diffs.push(`${path}: expected ${expected} elements (recorded marker), got ${a.length}`);
		}
		if (elements.length > 0) {
			const template = elements[0];
			a.forEach((el, i) => {
				if (diffs.length < 20) diffs.push(...shapeOf(template, el, `${path}[${i}]`));
			});
		}
		return diffs;
	}
	return [];
}

/** `data: ` payloads of an SSE body (JSON-parsed where possible; '[DONE]' kept as a string). */
export function sseEvents(body: string): { events: unknown[]; lines: string[]; done: boolean } {
	const lines = body.split(/\n\n/).map((l) => l.replace(/^\n+/, '')).filter((l) => l.length > 0);
	const events: unknown[] = [];
	let done = false;
	for (const l of lines) {
		if (!l.startsWith('data: ')) continue;
		const payload = l.slice(6);
		if (payload.trim() === '[DONE]') {
			done = true;
			continue;
		}
		try {
			events.push(JSON.parse(payload));
		} catch {
			/* a recorded stream is cut off mid-chunk */
		}
	}
	return { events, lines, done };
}

export function contentFamily(contentType: string | null | undefined): 'json' | 'event-stream' | 'image' | 'text' | 'other' {
	const ct = (contentType ?? '').toLowerCase();
	if (ct.includes('event-stream')) return 'event-stream';
	if (ct.includes('json')) return 'json';
	if (ct.startsWith('image/')) return 'image';
	if (ct.startsWith('text/')) return 'text';
	return 'other';
}
