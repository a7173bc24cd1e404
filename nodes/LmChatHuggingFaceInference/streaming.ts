import { QuotaExhaustedError, RouterCallError, malformedBody } from '../shared/transport/errors';
import { CHAT_PATH, classifyStreamError, streamedAnswerChunks, type ChatChunk, type ChatRequest } from '../shared/transport/chat';
import type { RouterTransport } from '../shared/transport/RouterTransport';

/**
 * A chat answer handed on chunk by chunk while the router's event stream brings it, on the
 * transport's streamed call (its retries, limiter, redaction and 402 handling). The chunks are
 * read inside the transport's attempt and passed out one at a time, each once the consumer asks
 * for it; `onAnswer` gets the answer's headers (which provider served it) before its first chunk.
 * Until the first chunk is handed on, a failure is retried as usual; after it, a failure ends the
 * stream (what was shown cannot be taken back), and so does the consumer stopping early.
 */
export async function* streamChatChunks(
	transport: RouterTransport,
	body: ChatRequest,
	onAnswer?: (headers: Record<string, string>) => void,
): AsyncGenerator<ChatChunk> {
	const queue: ChatChunk[] = [];
	let finished = false;
	let failure: unknown;
	let closed = false;
	let wakeConsumer: (() => void) | undefined;
	let wakeProducer: (() => void) | undefined;
	const wake = () => {
		wakeConsumer?.();
		wakeConsumer = undefined;
	};

	const streamed = { ...body, stream: true, stream_options: { include_usage: true } };
	const request = { method: 'POST' as const, url: CHAT_PATH, body: streamed, headers: { Accept: 'text/event-stream' }, deadline: transport.deadline() };
	transport
		.requestStream(request, async (events, signal, headers) => {
			onAnswer?.(headers);
			let handedOn = false;
			let answered = false;
			let broken: unknown;
			try {
				// A plain JSON answer in place of the events comes as one chunk; anything else is a final error.
				for await (const chunk of streamedAnswerChunks(events, headers, (text) => transport.redact(text))) {
					answered ||= !!chunk.choices?.length;
					queue.push(chunk);
					handedOn = true;
					wake();
					await new Promise<void>((resolve) => (wakeProducer = resolve));
					if (closed) break;
				}
			} catch (error) {
				broken = error;
			}
			if (closed) throw new RouterCallError({ kind: 'final', httpCode: null, message: 'The stream was closed by its reader' });
			if (broken === undefined && signal.aborted) broken = new Error('aborted');
			if (broken !== undefined) throw afterPieces(transport, broken, handedOn, signal);
			// No choice in any chunk (its usage alone) showed nothing: retried, as a plain answer without one is.
			if (!answered) throw new RouterCallError(malformedBody(handedOn ? 'The router answered without any choices' : 'The stream ended without any answer'));
		})
		.then(
			() => (finished = true),
			(error: unknown) => {
				failure = error;
				finished = true;
			},
		)
		.finally(wake);

	try {
		while (true) {
			if (queue.length) {
				yield queue.shift()!;
				const resume = wakeProducer;
				wakeProducer = undefined;
				resume?.();
				continue;
			}
			if (finished) {
				if (failure !== undefined) throw failure;
				return;
			}
			await new Promise<void>((resolve) => (wakeConsumer = resolve));
		}
	} finally {
		closed = true;
		wakeProducer?.();
	}
}

/**
 * What a broken stream throws: before any piece was handed on, the failure as it is (the transport
 * classifies and retries it); after, a final error (no retry), in the transport's words, redacted.
 */
function afterPieces(transport: RouterTransport, error: unknown, handedOn: boolean, signal: AbortSignal): unknown {
	if (!handedOn || error instanceof RouterCallError || error instanceof QuotaExhaustedError) return error;
	const cut = signal.aborted ? { code: 'ETIMEDOUT', message: 'The stream was cut at the timeout' } : classifyStreamError(error);
	return new RouterCallError({ kind: 'final', httpCode: null, code: cut.code, message: transport.redact(cut.message) });
}
