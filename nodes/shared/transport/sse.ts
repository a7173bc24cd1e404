/**
 * Server-sent events, read the way the openai client reads the router's chat streams
 * (openai-node `src/core/streaming.ts`, `_iterSSEMessages` and `LineDecoder`): `data:` lines joined
 * by newlines, `event:` names, comments ignored, an event dispatched at each blank line.
 */
export interface ServerSentEvent {
	event: string | null;
	data: string;
}

/** Splits a byte stream into lines (LF, CRLF or CR), keeping a multi-byte character that straddles two chunks whole. */
async function* lines(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
	const decoder = new TextDecoder();
	let pending = '';
	for await (const chunk of chunks) {
		pending += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
		let start = 0;
		for (let index = 0; index < pending.length; index++) {
			const char = pending[index];
			if (char !== '\n' && char !== '\r') continue;
			// A CR at the very end may be the first half of a CRLF that the next chunk completes.
			if (char === '\r' && index === pending.length - 1) break;
			yield pending.slice(start, index);
			if (char === '\r' && pending[index + 1] === '\n') index++;
			start = index + 1;
		}
		pending = pending.slice(start);
	}
	pending += decoder.decode();
	if (pending) yield* pending.split(/\r\n|\r|\n/);
}

export async function* serverSentEvents(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<ServerSentEvent> {
	let event: string | null = null;
	let data: string[] = [];
	for await (const line of lines(chunks)) {
		if (line === '') {
			if (data.length || event !== null) yield { event, data: data.join('\n') };
			event = null;
			data = [];
			continue;
		}
		if (line.startsWith(':')) continue;
		const colon = line.indexOf(':');
		const field = colon < 0 ? line : line.slice(0, colon);
		let value = colon < 0 ? '' : line.slice(colon + 1);
		if (value.startsWith(' ')) value = value.slice(1);
		if (field === 'event') event = value;
		else if (field === 'data') data.push(value);
	}
	// A stream cut right after its last event, without the blank line, still delivers it.
	if (data.length) yield { event, data: data.join('\n') };
}
