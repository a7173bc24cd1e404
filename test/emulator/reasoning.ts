/**
 * Reasoning models: what they think before they answer, and where each provider puts it.
 *
 * Request: `reasoning_effort` (huggingface.js packages/tasks chat-completion `ChatCompletionInput`:
 * "Common values: none, minimal, low, medium, high, xhigh. Support and defaults are provider and
 * model-dependent"). Answer: the reasoning text beside `content`, under the field the provider
 * uses (an offer's `reasoningField`):
 * - `reasoning_content` (message and stream delta): DeepSeek's API, Novita (novita.ai/docs/guides/
 *   llm-reasoning: `delta.reasoning_content` for deepseek/deepseek-r1), Baseten; what
 *   @langchain/openai reads into `additional_kwargs.reasoning_content`.
 * - `reasoning` (message and stream delta): Groq (console.groq.com/docs/reasoning, `message.reasoning`
 *   with the default `reasoning_format: parsed`), Cerebras (inference-docs.cerebras.ai/capabilities/
 *   reasoning: `message.reasoning`, streamed in `delta.reasoning`), Together (docs.together.ai
 *   reasoning: "a separate reasoning field alongside content"), vLLM (which renamed
 *   `reasoning_content` to `reasoning`).
 * Reasoning tokens count in `completion_tokens` and are reported in
 * `usage.completion_tokens_details.reasoning_tokens` (the OpenAI usage shape, huggingface.js
 * packages/tasks chat-completion spec-oai/stream_output.json).
 *
 * The emulated text is deterministic so a test can predict it: `expectedReasoning(body)`.
 * `reasoning_effort: "none"` turns the thinking off (what hybrid models do); any other value, or
 * none at all, thinks.
 */
export const REASONING_EFFORTS = ['none', 'minimal', 'low', 'medium', 'high', 'xhigh'] as const;

export type ReasoningField = 'reasoning_content' | 'reasoning';

/** A 400 message for a `reasoning_effort` the providers would refuse, else null. */
export function validateReasoningEffort(value: unknown): string | null {
	if (value === undefined || value === null) return null;
	if (typeof value !== 'string' || !(REASONING_EFFORTS as readonly string[]).includes(value)) {
		return `reasoning_effort: unknown variant \`${String(value)}\`, expected one of ${REASONING_EFFORTS.map((e) => `\`${e}\``).join(', ')}`;
	}
	return null;
}

/**
 * The reasoning a reasoning model writes for a request whose last user text is `userText`, or
 * undefined when `reasoning_effort` is "none".
 */
export function reasoningFor(userText: string, effort: unknown): string | undefined {
	if (effort === 'none') return undefined;
	const level = typeof effort === 'string' ? effort : 'default';
	const words = userText.split(/\s+/).filter(Boolean);
	const gist = words.slice(0, 8).join(' ') + (words.length > 8 ? ' …' : '');
	return `Thinking (effort ${level}): the user wrote "${gist}". I answer as asked.`;
}
