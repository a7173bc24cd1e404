/**
 * The per-provider chat response / stream-chunk shapes seen in the recordings (together, cerebras,
 * hf-inference TGI, OpenAI-style for everyone else) around a planned answer (chat.ts).
 */
import type { ChatPlan, ToolCall } from './chat';
import type { ReasoningField } from './reasoning';
import { hashString } from './vectors';

export type ChatStyle = 'openai' | 'together' | 'cerebras' | 'tgi';

export function styleFor(provider: string): ChatStyle {
	if (provider === 'together') return 'together';
	if (provider === 'cerebras') return 'cerebras';
	if (provider === 'hf-inference') return 'tgi';
	return 'openai';
}

/** Providers whose SSE stream ends at EOF without `data: [DONE]` (as recorded). */
export function streamEndsWithDone(provider: string): boolean {
	return provider !== 'cerebras';
}

export interface ChatMeta {
	id: string;
	created: number;
	/** Provider's own model id. */
	model: string;
	/** Where this provider puts a reasoning model's thinking (reasoning.ts); none when it does not reason. */
	reasoningField?: ReasoningField;
}

function usageOf(plan: ChatPlan): Record<string, unknown> {
	const usage: Record<string, unknown> = { prompt_tokens: plan.promptTokens, completion_tokens: plan.completionTokens, total_tokens: plan.promptTokens + plan.completionTokens };
	if (plan.reasoningPieces.length) usage.completion_tokens_details = { reasoning_tokens: plan.reasoningPieces.length };
	return usage;
}

/** The thinking beside the message's content, under the provider's field (none when it did not think). */
function reasoningOf(plan: ChatPlan, meta: ChatMeta): Record<string, string> {
	return meta.reasoningField && plan.reasoningPieces.length ? { [meta.reasoningField]: plan.reasoningPieces.join('') } : {};
}

/**
 * The thinking streamed ahead of the answer, one piece per delta under the provider's field:
 * DeepSeek-style providers send `content: null` beside `reasoning_content`; Groq and Cerebras send
 * the `reasoning` piece alone.
 */
function reasoningDeltas(plan: ChatPlan, meta: ChatMeta): Array<Record<string, unknown>> {
	const field = meta.reasoningField;
	if (!field) return [];
	return plan.reasoningPieces.map((piece) => (field === 'reasoning_content' ? { content: null, reasoning_content: piece } : { reasoning: piece }));
}

export function chatId(style: ChatStyle, seed: string): string {
	const h = hashString(seed).toString(16).padStart(8, '0');
	if (style === 'tgi') return '';
	if (style === 'together') return `${h}${hashString(`x${seed}`).toString(16).padStart(8, '0')}`;
	return `chatcmpl-${h}-${hashString(`y${seed}`).toString(16).padStart(8, '0')}`;
}

export function buildCompletion(style: ChatStyle, plan: ChatPlan, meta: ChatMeta): Record<string, unknown> {
	const usage = usageOf(plan);
	const message: Record<string, unknown> = { role: 'assistant', content: plan.content, ...reasoningOf(plan, meta) };
	if (plan.toolCalls) message.tool_calls = plan.toolCalls;
	switch (style) {
		case 'together':
			if (!plan.toolCalls) message.tool_calls = [];
			return {
				id: meta.id,
				object: 'chat.completion',
				created: meta.created,
				model: meta.model,
				prompt: [],
				choices: [{ finish_reason: plan.finishReason, seed: hashString(meta.id) * 1000, logprobs: null, index: 0, message }],
				usage,
			};
		case 'cerebras':
			return {
				id: meta.id,
				choices: [{ finish_reason: plan.finishReason, index: 0, message, logprobs: null }],
				created: meta.created,
				model: meta.model,
				system_fingerprint: 'fp_5fb719f1e4',
				object: 'chat.completion',
				usage,
				time_info: { queue_time: 0.0001, prompt_time: 0.0027, completion_time: plan.completionTokens / 2000, total_time: 0.003 + plan.completionTokens / 2000, created: meta.created },
			};
		case 'tgi':
			return {
				object: 'chat.completion',
				id: meta.id,
				created: meta.created,
				model: meta.model,
				system_fingerprint: '3.2.1-native',
				choices: [{ index: 0, message, logprobs: null, finish_reason: plan.finishReason }],
				usage,
			};
		default:
			return {
				id: meta.id,
				object: 'chat.completion',
				created: meta.created,
				model: meta.model,
				choices: [{ index: 0, message, finish_reason: plan.finishReason, logprobs: null }],
				usage,
				system_fingerprint: null,
			};
	}
}

/**
 * Streamed tool calls, as OpenAI-compatible providers send them (the OpenAI streaming format that
 * openai-node's ChatCompletionStream and huggingface.js's chatCompletionStream accumulate): per
 * call, a first delta with its index, id, type and name and empty arguments, then the arguments in
 * pieces under the same index; the finish reason `tool_calls` comes in the last chunk.
 */
export function toolCallDeltas(toolCalls: ToolCall[]): Array<{ tool_calls: Array<Record<string, unknown>> }> {
	const deltas: Array<{ tool_calls: Array<Record<string, unknown>> }> = [];
	toolCalls.forEach((call, index) => {
		deltas.push({ tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.function.name, arguments: '' } }] });
		for (const piece of call.function.arguments.match(/[\s\S]{1,8}/g) ?? []) {
			deltas.push({ tool_calls: [{ index, function: { arguments: piece } }] });
		}
	});
	return deltas;
}

/** All SSE chunk objects of a streamed answer (without the final `[DONE]`). */
export function buildChunks(style: ChatStyle, plan: ChatPlan, meta: ChatMeta, includeUsage: boolean): Record<string, unknown>[] {
	const usage = usageOf(plan);
	const chunks: Record<string, unknown>[] = [];
	const toolDeltas = plan.toolCalls ? toolCallDeltas(plan.toolCalls) : [];
	switch (style) {
		case 'together': {
			const base = (choice: Record<string, unknown>, u: unknown): Record<string, unknown> => ({
				id: meta.id,
				object: 'chat.completion.chunk',
				created: meta.created,
				choices: [choice],
				model: meta.model,
				usage: u,
			});
			for (const delta of reasoningDeltas(plan, meta)) chunks.push(base({ index: 0, text: '', logprobs: null, finish_reason: null, seed: null, delta: { token_id: 0, role: 'assistant', content: '', tool_calls: null, ...delta } }, null));
			plan.pieces.forEach((p) => {
				chunks.push(base({ index: 0, text: p, logprobs: null, finish_reason: null, seed: null, delta: { token_id: hashString(p) % 128000, role: 'assistant', content: p, tool_calls: null } }, null));
			});
			for (const toolDelta of toolDeltas) chunks.push(base({ index: 0, text: '', logprobs: null, finish_reason: null, seed: null, delta: { token_id: 0, role: 'assistant', content: null, ...toolDelta } }, null));
			chunks.push(base({ index: 0, text: '', logprobs: null, finish_reason: plan.finishReason, seed: hashString(meta.id), delta: { token_id: 128009, role: 'assistant', content: '', tool_calls: null } }, usage));
			return chunks;
		}
		case 'cerebras': {
			const base = (choice: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
				id: meta.id,
				choices: [choice],
				created: meta.created,
				model: meta.model,
				system_fingerprint: 'fp_5fb719f1e4',
				object: 'chat.completion.chunk',
				...extra,
			});
			chunks.push(base({ delta: { role: 'assistant' }, index: 0 }));
			for (const delta of reasoningDeltas(plan, meta)) chunks.push(base({ delta, index: 0 }));
			for (const p of plan.pieces) chunks.push(base({ delta: { content: p }, index: 0 }));
			for (const toolDelta of toolDeltas) chunks.push(base({ delta: toolDelta, index: 0 }));
			chunks.push(base({ delta: {}, finish_reason: plan.finishReason, index: 0 }, { usage, time_info: { queue_time: 0.0001, prompt_time: 0.0027, completion_time: 0.01, total_time: 0.013, created: meta.created } }));
			return chunks;
		}
		case 'tgi': {
			const base = (choices: unknown[], u: unknown): Record<string, unknown> => ({
				object: 'chat.completion.chunk',
				id: meta.id,
				created: meta.created,
				model: meta.model,
				system_fingerprint: '3.2.1-native',
				choices,
				usage: u,
			});
			plan.pieces.forEach((p) => chunks.push(base([{ index: 0, delta: { role: 'assistant', content: p }, logprobs: null, finish_reason: null }], null)));
			for (const toolDelta of toolDeltas) chunks.push(base([{ index: 0, delta: { role: 'assistant', ...toolDelta }, logprobs: null, finish_reason: null }], null));
			chunks.push(base([{ index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: plan.finishReason }], null));
			if (includeUsage) chunks.push(base([], usage));
			return chunks;
		}
		default: {
			const base = (choices: unknown[]): Record<string, unknown> => {
				const c: Record<string, unknown> = { id: meta.id, object: 'chat.completion.chunk', created: meta.created, model: meta.model, system_fingerprint: null, choices };
				if (includeUsage) c.usage = null;
				return c;
			};
			chunks.push(base([{ index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }]));
			for (const delta of reasoningDeltas(plan, meta)) chunks.push(base([{ index: 0, delta, logprobs: null, finish_reason: null }]));
			for (const p of plan.pieces) chunks.push(base([{ index: 0, delta: { content: p }, logprobs: null, finish_reason: null }]));
			for (const toolDelta of toolDeltas) chunks.push(base([{ index: 0, delta: toolDelta, logprobs: null, finish_reason: null }]));
			chunks.push(base([{ index: 0, delta: {}, logprobs: null, finish_reason: plan.finishReason }]));
			if (includeUsage) chunks.push({ ...base([]), usage });
			return chunks;
		}
	}
}
