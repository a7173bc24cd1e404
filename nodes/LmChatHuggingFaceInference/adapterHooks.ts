/**
 * Where n8n shows a reasoning model's thinking. The model reports it the SDK's way (a `reasoning`
 * content block, in the answer and in streamed pieces: messages.ts, HuggingFaceChatModel.stream),
 * which the SDK's LangChain adapter turns into a LangChain `reasoning` block: kept out of the
 * answer's text. Two places n8n reads are beyond the SDK's reach, so the adapter's output is
 * completed here:
 * - `additional_kwargs.reasoning_content`, where @langchain/openai puts a provider's
 *   `reasoning_content` (n8n's OpenAI and DeepSeek models) and where n8n's Agent looks for it
 *   (@n8n/n8n-nodes-langchain utils/agent-execution: `createEngineRequests`, `buildSteps`);
 * - the generation's `generationInfo.reasoning`: n8n's run data for the model (N8nLlmTracing
 *   `handleLLMEnd`) keeps only each generation's `text` and `generationInfo`.
 * Internal to the SDK 0.31 adapter (`_generate`, `_streamResponseChunks`): where its shape
 * differs, nothing is changed.
 */

type Decorate = (adapter: unknown) => void;

/** Applies `decorate` to the adapter and to each adapter its bindTools makes (the Agent binds its tools). */
export function decorateAdapters(model: unknown, decorate: Decorate): void {
	decorate(model);
	const adapter = model as { bindTools?: (...args: unknown[]) => unknown } | null;
	if (typeof adapter?.bindTools !== 'function') return;
	const bindTools = adapter.bindTools;
	replaceWhereWritable(adapter, 'bindTools', (...args: unknown[]) => {
		const bound = bindTools.apply(adapter, args);
		decorateAdapters(bound, decorate);
		return bound;
	});
}

/** The thinking in a LangChain message's content blocks ('' for none). */
export function reasoningInContent(content: unknown): string {
	if (!Array.isArray(content)) return '';
	return content
		.filter((block: { type?: unknown; reasoning?: unknown }) => block?.type === 'reasoning' && typeof block.reasoning === 'string')
		.map((block: { reasoning: string }) => block.reasoning)
		.join('');
}

interface Generation {
	message?: { content?: unknown; additional_kwargs?: Record<string, unknown> };
	generationInfo?: Record<string, unknown>;
}

interface AdapterInternals {
	_generate?: (...args: unknown[]) => Promise<{ generations?: Generation[] }>;
	_streamResponseChunks?: (...args: unknown[]) => AsyncIterable<Generation>;
}

/** Copies the thinking to `additional_kwargs.reasoning_content` and `generationInfo.reasoning` (see the file comment). */
export function reportReasoning(model: unknown): void {
	const adapter = model as AdapterInternals | null;
	const generate = adapter?._generate;
	if (typeof generate === 'function') {
		replaceWhereWritable(adapter!, '_generate', async (...args: unknown[]) => {
			const result = await generate.apply(adapter, args);
			for (const generation of result?.generations ?? []) {
				const reasoning = reasoningInContent(generation.message?.content);
				if (!reasoning || !generation.message) continue;
				generation.message.additional_kwargs = { ...generation.message.additional_kwargs, reasoning_content: reasoning };
				generation.generationInfo = { ...generation.generationInfo, reasoning };
			}
			return result;
		});
	}
	const stream = adapter?._streamResponseChunks;
	if (typeof stream === 'function') {
		replaceWhereWritable(adapter!, '_streamResponseChunks', async function* (...args: unknown[]) {
			let reasoning = '';
			for await (const chunk of stream.apply(adapter, args)) {
				const piece = reasoningInContent(chunk?.message?.content);
				// LangChain joins the pieces' additional_kwargs strings into the whole thinking.
				if (piece && chunk.message) {
					reasoning += piece;
					chunk.message.additional_kwargs = { ...chunk.message.additional_kwargs, reasoning_content: piece };
				}
				if (reasoning && chunk?.generationInfo?.finish_reason !== undefined) chunk.generationInfo = { ...chunk.generationInfo, reasoning };
				yield chunk;
			}
		});
	}
}

function replaceWhereWritable<T extends object, K extends keyof T>(target: T, key: K, value: T[K]): void {
	try {
		target[key] = value;
	} catch {
		// Read-only (frozen): left as it is.
	}
}
