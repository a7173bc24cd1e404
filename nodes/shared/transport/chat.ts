import type OpenAI from 'openai';

import { classifyHttpFailure, classifyTransportError, malformedBody, type RouterFailure } from './errors';
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
			if (choice.delta?.tool_calls) toolCalls.add(choice.delta.tool_calls);
			if (choice.finish_reason) finishReason = choice.finish_reason;
		}
	}
	if (!chunkCount) return undefined;
	const message = { role: 'assistant' as const, content, refusal: null, ...toolCalls.folded() };
	const choice = {
		index: 0,
		logprobs: null,
		finish_reason: (finishReason ?? 'stop') as OpenAI.Chat.Completions.ChatCompletion.Choice['finish_reason'],
		message,
	};
	return { id, model, created, object: 'chat.completion', choices: choiceCount ? [choice] : [], usage };
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
