/**
 * Fidelity check: replays every recorded real interaction against the emulator and compares status,
 * content-type family and body structure. Skipped when the shared fixtures are not present.
 */
import { recordedInteractions, recordedPresent } from '../recorded-fixtures';
import { RETIRED_PROVIDERS } from './catalogue';
import { startEmulator, type Emulator } from './index';
import { decodePngHeader } from './png';
import { contentFamily, shapeOf, sseEvents } from './shape';

interface Interaction {
	task: string;
	label: string;
	source: string;
	request: { method: string; url: string; headers: Record<string, string | string[]>; body: unknown };
	response: { status: number; headers: Record<string, string>; body: unknown };
}

const d = recordedPresent ? describe : describe.skip;
const interactions = recordedInteractions<Interaction>();
const rows: Array<[string, Interaction]> = interactions.map((i, n) => [`#${n} ${i.task}: ${i.label}`, i]);

const TOKEN = 'hf_recorded_valid';

/** A recorded mapping without the providers that have left the router since (catalogue.ts RETIRED_PROVIDERS). */
function withoutRetired(body: unknown): unknown {
	const mapping = (body as { inferenceProviderMapping?: unknown } | null)?.inferenceProviderMapping;
	if (!mapping || typeof mapping !== 'object' || Array.isArray(mapping)) return body;
	const kept = Object.fromEntries(Object.entries(mapping).filter(([provider]) => !RETIRED_PROVIDERS.includes(provider)));
	return { ...(body as object), inferenceProviderMapping: kept };
}

function headerOf(h: Record<string, string>, name: string): string | undefined {
	const key = Object.keys(h).find((k) => k.toLowerCase() === name.toLowerCase());
	return key ? h[key] : undefined;
}

d('recorded router/Hub interactions replayed against the emulator', () => {
	let emu: Emulator;
	beforeAll(async () => {
		emu = await startEmulator({ tokens: { [TOKEN]: { credits: 100, role: 'write' } } });
	});
	afterAll(async () => {
		await emu.close();
	});

	test.each(rows.length > 0 ? rows : [['(none)', undefined as unknown as Interaction]])('%s', async (_label, rec) => {
		const src = new URL(rec.request.url);
		const url = `${emu.url}${src.pathname}${src.search}`;
		const headers: Record<string, string> = {};
		for (const [k, v] of Object.entries(rec.request.headers)) {
			if (['host', 'content-length', 'authorization'].includes(k.toLowerCase())) continue;
			headers[k] = Array.isArray(v) ? v.join(', ') : v;
		}
		headers.Authorization = `Bearer ${rec.response.status === 401 ? 'hf_this_token_is_not_valid' : TOKEN}`;
		if (rec.request.body !== null && rec.request.body !== undefined && !Object.keys(headers).some((k) => k.toLowerCase() === 'content-type')) {
			headers['Content-Type'] = 'application/json';
		}
		// The cassettes kept only Accept/Content-Type; the official clients always send Prefer: wait to replicate.
		if (src.pathname.startsWith('/replicate/') && /prefer:\s*wait/i.test(rec.label.replace('Prefer:wait', 'prefer: wait'))) headers.Prefer = 'wait';
		const res = await fetch(url, {
			method: rec.request.method,
			headers,
			body: rec.request.body === null || rec.request.body === undefined ? undefined : JSON.stringify(rec.request.body),
		});
		// Recorded before its provider left the router (2026-07-01): the route is unknown now.
		if (RETIRED_PROVIDERS.includes(src.pathname.split('/')[1])) {
			expect(res.status).toBe(404);
			return;
		}
		expect(res.status).toBe(rec.response.status);
		expect(res.headers.get('x-request-id')).toBeTruthy();
		const recordedFamily = contentFamily(headerOf(rec.response.headers, 'content-type'));
		expect(contentFamily(res.headers.get('content-type'))).toBe(recordedFamily);
		if (rec.response.status === 401) {
			expect(res.headers.get('x-error-message')).toBe(headerOf(rec.response.headers, 'x-error-message'));
		}

		if (recordedFamily === 'image') {
			const bytes = Buffer.from(await res.arrayBuffer());
			expect(() => decodePngHeader(bytes)).not.toThrow();
			return;
		}
		const text = await res.text();
		if (recordedFamily === 'event-stream') {
			const recorded = sseEvents(rec.response.body as string);
			const actual = sseEvents(text);
			expect(actual.lines.every((l) => l.startsWith('data: '))).toBe(true);
			expect(recorded.events.length).toBeGreaterThan(1);
			// role/first chunk and a content chunk have the recorded structure
			expect(shapeOf(recorded.events[0], actual.events[0])).toEqual([]);
			expect(shapeOf(recorded.events[1], actual.events[1])).toEqual([]);
			for (const ev of actual.events) expect((ev as { object?: string }).object).toBe('chat.completion.chunk');
			const recordedBody = rec.response.body as string;
			const recordedTruncated = recordedBody.includes('<truncated>');
			if (recordedBody.includes('data: [DONE]')) expect(actual.done).toBe(true);
			else if (!recordedTruncated || /no \[DONE\]/i.test(rec.label)) expect(actual.done).toBe(false);
			else expect(actual.done).toBe(true); // truncated recording: the provider's usual framing
			return;
		}
		const body = JSON.parse(text) as unknown;
		expect(shapeOf(withoutRetired(rec.response.body), body)).toEqual([]);
		if (rec.response.status >= 400) {
			// error wording: the same message template as recorded
			const recordedError = (rec.response.body as { error?: unknown }).error;
			if (typeof recordedError === 'string') expect((body as { error: string }).error).toBe(recordedError);
		}
	});
});
