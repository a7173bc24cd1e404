import type OpenAI from 'openai';

import { reasoningPiece } from '../chat/reasoning';
import { RouterCallError, classifyHttpFailure, classifyTransportError, extractErrorMessage, malformedBody, type RouterFailure } from './errors';
import { readAtMost } from './http';
import { serverSentEvents } from './sse';

export type ChatRequest = OpenAI.Chat.Completions.ChatCompletionCreateParamsNonStreaming;
export type ChatCompletion = OpenAI.Chat.Completions.ChatCompletion;
export type ChatChunk = OpenAI.Chat.Completions.ChatCompletionChunk;

export interface ChatCallResult {
	completion: ChatCompletion;
	headers: Record<string, string>;
}

export const CHAT_PATH = '/v1/chat/completions';

/** An error the provider sent in-band, inside a 200 event stream: it failed mid-answer. */
export class InBandStreamError extends Error {
	constructor(readonly error: unknown) {
		super('The stream carried an error');
		this.name = 'InBandStreamError';
	}
}

/** The chunks of a chat stream, as the openai client yields them (`Stream.fromSSEResponse`). */
export async function* chatChunks(body: AsyncIterable<Buffer | string>): AsyncGenerator<ChatChunk> {
	let done = false;
	for await (const message of serverSentEvents(body)) {
		// Like the client, read on to the end (the connection stays reusable) but ignore what follows [DONE].
		if (done) continue;
		if (message.data.startsWith('[DONE]')) {
			done = true;
			continue;
		}
		if (message.event !== null && message.event.startsWith('thread.')) continue;
		// A SyntaxError here is a cut or garbled stream: the transport retries it.
		const data = JSON.parse(message.data) as ChatChunk & { error?: unknown };
		if (data && data.error) throw new InBandStreamError(data.error);
		yield data;
	}
}

/**
 * Whether a streamed chat request got the event stream it asked for. huggingface.js
 * (src/utils/request.ts `innerStreamingRequest`) refuses any other content type: "server does not
 * support event stream content type".
 */
export function isEventStream(headers: Record<string, string>): boolean {
	return /^\s*text\/event-stream/i.test(headers['content-type'] ?? '');
}

/**
 * A streamed chat request answered with something else, read whole. A JSON chat completion is the
 * answer itself (a provider that does not stream); anything else is final, never retried: the
 * provider has answered, and billed, already. `redact` keeps the token out of the message.
 */
export async function readPlainChatAnswer(body: AsyncIterable<Buffer | string>, headers: Record<string, string>, redact: (text: string) => string): Promise<ChatCompletion> {
	const text = (await readAtMost(body, 32 * 1024 * 1024)).toString('utf8');
	let parsed: unknown;
	try {
		parsed = JSON.parse(text);
	} catch {
		parsed = undefined;
	}
	const record = parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
	if (record && Array.isArray(record.choices) && record.choices.length) return record as unknown as ChatCompletion;
	const contentType = (headers['content-type'] ?? '').split(';')[0].trim() || 'no content type';
	const providerWords = record ? extractErrorMessage(record, '') : '';
	const message =
		providerWords ||
		`The provider answered a streamed chat with ${contentType}, not an event stream (text/event-stream): server does not support event stream content type`;
	throw new RouterCallError({ kind: 'final', httpCode: null, code: 'NOT_EVENT_STREAM', message: redact(message) });
}

/** A whole completion as the one chunk a stream of it would fold into: its text, tool calls, finish reason and usage. */
export function completionAsChunk(completion: ChatCompletion): ChatChunk {
	return {
		id: completion.id,
		object: 'chat.completion.chunk',
		created: completion.created,
		model: completion.model,
		choices: completion.choices.map((choice) => ({
			index: choice.index ?? 0,
			delta: {
				role: 'assistant',
				content: choice.message?.content ?? null,
				...(reasoningPiece(choice.message) ? { reasoning_content: reasoningPiece(choice.message) } : {}),
				...(choice.message?.tool_calls?.length
					? {
							tool_calls: choice.message.tool_calls.flatMap((call, index) =>
								call.type === 'function' ? [{ index, id: call.id, type: 'function' as const, function: { ...call.function } }] : [],
							),
						}
					: {}),
			},
			finish_reason: choice.finish_reason ?? null,
			logprobs: null,
		})),
		...(completion.usage ? { usage: completion.usage } : {}),
	};
}

/** The chunks of a streamed chat answer: its events, or the one chunk of a plain answer in their place. */
export async function* streamedAnswerChunks(body: AsyncIterable<Buffer | string>, headers: Record<string, string>, redact: (text: string) => string): AsyncGenerator<ChatChunk> {
	if (isEventStream(headers)) yield* chatChunks(body);
	else yield completionAsChunk(await readPlainChatAnswer(body, headers, redact));
}

type ToolCallDelta = OpenAI.Chat.Completions.ChatCompletionChunk.Choice.Delta.ToolCall;
type ToolCall = OpenAI.Chat.Completions.ChatCompletionMessageFunctionToolCall;

/**
 * Streamed tool calls put back together as openai-node's ChatCompletionStream does: deltas of one
 * `index` belong to one call; its id, type and name come once (first), its arguments in pieces.
 */
class ToolCallFolder {
	private readonly calls = new Map<number, ToolCall>();

	add(deltas: ToolCallDelta[]): void {
		for (const delta of deltas) {
			const index = typeof delta.index === 'number' ? delta.index : this.calls.size;
			const call = this.calls.get(index) ?? { id: '', type: 'function', function: { name: '', arguments: '' } };
			if (delta.id) call.id = delta.id;
			if (delta.function?.name) call.function.name += delta.function.name;
			if (delta.function?.arguments) call.function.arguments += delta.function.arguments;
			this.calls.set(index, call);
		}
	}

	folded(): { tool_calls?: ToolCall[] } {
		if (!this.calls.size) return {};
		return { tool_calls: [...this.calls.entries()].sort(([a], [b]) => a - b).map(([, call]) => call) };
	}
}

/**
 * Folds an SSE chat stream into the shape of a non-streamed completion; undefined when it held no
 * chunk, no choice when none of its chunks had one (a stream of its usage alone).
 */
export async function collectChatStream(body: AsyncIterable<Buffer | string>): Promise<ChatCompletion | undefined> {
	let chunkCount = 0;
	let choiceCount = 0;
	let content = '';
	// A reasoning model's thinking, under either name the providers stream it (../chat/reasoning.ts).
	let reasoning = '';
	let finishReason: string | null = null;
	let model = '';
	let id = '';
	let created = 0;
	let usage: OpenAI.Completions.CompletionUsage | undefined;
	const toolCalls = new ToolCallFolder();
	for await (const chunk of chatChunks(body)) {
		chunkCount++;
		id ||= chunk.id;
		model ||= chunk.model;
		created ||= chunk.created;
		if (chunk.usage) usage = chunk.usage;
		for (const choice of chunk.choices ?? []) {
			choiceCount++;
			if (choice.delta?.content) content += choice.delta.content;
			reasoning += reasoningPiece(choice.delta);
			if (choice.delta?.tool_calls) toolCalls.add(choice.delta.tool_calls);
			if (choice.finish_reason) finishReason = choice.finish_reason;
		}
	}
	if (!chunkCount) return undefined;
	const message = { role: 'assistant' as const, content, refusal: null, ...toolCalls.folded(), ...(reasoning ? { reasoning_content: reasoning } : {}) };
	const choice = {
		index: 0,
		logprobs: null,
		finish_reason: (finishReason ?? 'stop') as OpenAI.Chat.Completions.ChatCompletion.Choice['finish_reason'],
		message,
	};
	return { id, model, created, object: 'chat.completion', choices: choiceCount ? [choice] : [], usage };
}

/**
 * A streamed chat answer folded into one completion; one that is no event stream is read as a
 * plain answer or refused as final (readPlainChatAnswer): never retried, since it was billed.
 */
export async function collectStreamedAnswer(body: AsyncIterable<Buffer | string>, headers: Record<string, string>, redact: (text: string) => string): Promise<ChatCompletion | undefined> {
	return isEventStream(headers) ? await collectChatStream(body) : await readPlainChatAnswer(body, headers, redact);
}

/** What broke a 200 event stream: the provider's in-band error, a garbled event, or a cut connection. */
export function classifyStreamError(error: unknown): RouterFailure {
	if (error instanceof InBandStreamError) {
		const inner = classifyHttpFailure(500, { error: error.error }, undefined);
		return { ...inner, kind: 'retryable', httpCode: null, code: 'STREAM_ERROR' };
	}
	// By name: a SyntaxError may come from another realm.
	const named = error as { name?: unknown; message?: unknown } | null;
	if (named?.name === 'SyntaxError') {
		return malformedBody(`The router answered with a body that is not valid JSON: ${String(named.message)}`);
	}
	const failure = classifyTransportError(error);
	// The connection broke after a 200: the answer was cut, worth another attempt.
	return failure.kind === 'final' ? { ...failure, kind: 'retryable' } : failure;
}
