/**
 * Reasoning models on the router: the effort asked for, and the thinking they return.
 *
 * Request: `reasoning_effort` (huggingface.js packages/tasks chat-completion `ChatCompletionInput`:
 * "Common values: none, minimal, low, medium, high, xhigh. Support and defaults are provider and
 * model-dependent"; openai-node `Shared.ReasoningEffort`). Unset, nothing is sent.
 *
 * Answer: neither huggingface.js (`ChatCompletionOutputMessage`, `ChatCompletionStreamOutputDelta`
 * leave other keys open) nor openai-node names the thinking; OpenAI-compatible providers send it
 * beside `content`, in the message and in stream deltas, as `reasoning_content` (DeepSeek, Novita,
 * Baseten, SGLang; what @langchain/openai reads into `additional_kwargs.reasoning_content`) or
 * `reasoning` (Groq, Cerebras, Together, vLLM since it renamed the field). A provider that sends it
 * raw puts it at the head of `content` between `<think>` and `</think>` (Cerebras' `raw` format for
 * Qwen3, models served without a reasoning parser): taken out of the content here too.
 */
import type { INodeProperties } from 'n8n-workflow';

export const REASONING_EFFORTS = ['none', 'minimal', 'low', 'medium', 'high', 'xhigh'] as const;
export type ReasoningEffort = (typeof REASONING_EFFORTS)[number];

export const reasoningEffortOption: INodeProperties = {
	displayName: 'Reasoning Effort',
	name: 'reasoningEffort',
	type: 'options',
	options: [
		{ name: 'Extra High', value: 'xhigh' },
		{ name: 'High', value: 'high' },
		{ name: 'Low', value: 'low' },
		{ name: 'Medium', value: 'medium' },
		{ name: 'Minimal', value: 'minimal' },
		{ name: 'None', value: 'none', description: 'Turn thinking off, where the model allows it' },
	],
	default: 'medium',
	description:
		'How much a reasoning model thinks before it answers (sent as reasoning_effort). Which values a model takes depends on the model and provider. Not added, nothing is sent and the model uses its default.',
};

/** The effort to send, or undefined where none is set; an unknown value is reported by `onUnknown`. */
export function readReasoningEffort(value: unknown, onUnknown: (value: string) => never): ReasoningEffort | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const effort = String(value);
	if (!(REASONING_EFFORTS as readonly string[]).includes(effort)) onUnknown(effort);
	return effort as ReasoningEffort;
}

/** The piece of thinking a message or stream delta carries, under either name ('' for none). */
export function reasoningPiece(part: unknown): string {
	const record = part as { reasoning_content?: unknown; reasoning?: unknown } | null | undefined;
	if (typeof record?.reasoning_content === 'string') return record.reasoning_content;
	if (typeof record?.reasoning === 'string') return record.reasoning;
	return '';
}

/** A message's content and its thinking apart: the provider's field, else a leading `<think>` block. */
export function splitReasoning(message: unknown, content: string): { content: string; reasoning: string | null } {
	const field = reasoningPiece(message);
	if (field) return { content, reasoning: field };
	const raw = /^\s*<think>([\s\S]*?)<\/think>\s*/.exec(content);
	if (raw) return { content: content.slice(raw[0].length), reasoning: raw[1].trim() || null };
	return { content, reasoning: null };
}

/** Reasoning tokens, where the usage reports them (`completion_tokens_details.reasoning_tokens`). */
export function reasoningTokens(usage: unknown): number | undefined {
	const tokens = (usage as { completion_tokens_details?: { reasoning_tokens?: unknown } } | null | undefined)?.completion_tokens_details?.reasoning_tokens;
	return typeof tokens === 'number' ? tokens : undefined;
}
