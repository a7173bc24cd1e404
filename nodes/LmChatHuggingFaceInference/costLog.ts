/**
 * n8n logs a model's token usage on the sub-node's run data through the tracing handler that the
 * SDK's supplyModel attaches; with a custom model that handler keeps the token counts but drops
 * the cost. This adds the cost of each answer (by completion id, where the router's catalogue
 * has a price) to what it logs, the field n8n's own OpenAI model logs it in (`tokenUsage.cost`).
 * A model bound to tools (what the Agent does) is a new adapter with a new handler: bindTools is
 * wrapped so that it gets the same. Internal to the SDK 0.31 adapter: where its shape differs,
 * nothing is changed. A streamed answer reaches that handler with its token counts and no
 * completion id (LangChain builds its llmOutput from the last piece's usage), so its cost is found
 * by those counts instead: the oldest streamed answer with the same counts.
 */

export interface StreamedUsage {
	promptTokens: number;
	completionTokens: number;
}

/** The costs of one sub-node's answers until n8n logs them: by completion id, or by token counts. */
export class CallCosts {
	private readonly byId = new Map<string, number>();

	private readonly streamed: Array<StreamedUsage & { cost: number }> = [];

	add(completionId: string, cost: number): void {
		this.byId.set(completionId, cost);
	}

	addStreamed(usage: StreamedUsage, cost: number): void {
		this.streamed.push({ ...usage, cost });
	}

	/** The cost for n8n's log entry: by completion id where it has one, else (taken once) by its token counts. */
	take(id: unknown, usage: Record<string, unknown>): number | undefined {
		if (typeof id === 'string') return this.byId.get(id);
		const index = this.streamed.findIndex((s) => s.promptTokens === usage.promptTokens && s.completionTokens === usage.completionTokens);
		return index < 0 ? undefined : this.streamed.splice(index, 1)[0].cost;
	}
}

interface TokenUsageParser {
	(result: { llmOutput?: { id?: unknown; tokenUsage?: unknown } } | undefined): Record<string, unknown>;
}

/**
 * The SDK's parser reads the adapter's names (input_tokens, output_tokens); LangChain logs a
 * streamed answer under its own (promptTokens, completionTokens), which that parser reads as 0,
 * so n8n would log an estimate. Where it read nothing, the streamed counts are taken.
 */
function withStreamedCounts(usage: Record<string, unknown>, logged: unknown): Record<string, unknown> {
	const counts = logged as { promptTokens?: unknown; completionTokens?: unknown } | undefined;
	if (usage.completionTokens || typeof counts?.completionTokens !== 'number') return usage;
	const promptTokens = typeof counts.promptTokens === 'number' ? counts.promptTokens : 0;
	return { ...usage, promptTokens, completionTokens: counts.completionTokens, totalTokens: promptTokens + counts.completionTokens };
}

interface TracingHandler {
	name?: unknown;
	options?: { tokensUsageParser?: TokenUsageParser };
}

export function logCostWithTokenUsage(model: unknown, costs: CallCosts): boolean {
	const adapter = model as { callbacks?: unknown; bindTools?: (...args: unknown[]) => unknown } | null;
	if (typeof adapter?.bindTools === 'function') {
		const bindTools = adapter.bindTools;
		replaceWhereWritable(adapter, 'bindTools', (...args: unknown[]) => {
			const bound = bindTools.apply(adapter, args);
			logCostWithTokenUsage(bound, costs);
			return bound;
		});
	}
	const callbacks = adapter?.callbacks;
	if (!Array.isArray(callbacks)) return false;
	const tracing = callbacks.find(
		(handler: TracingHandler) => handler?.name === 'N8nLlmTracing' && typeof handler.options?.tokensUsageParser === 'function',
	) as TracingHandler | undefined;
	if (!tracing?.options?.tokensUsageParser) return false;
	const parse = tracing.options.tokensUsageParser;
	return replaceWhereWritable(tracing.options, 'tokensUsageParser', (result) => {
		const usage = withStreamedCounts(parse(result), result?.llmOutput?.tokenUsage);
		const cost = costs.take(result?.llmOutput?.id, usage);
		return cost === undefined ? usage : { ...usage, cost };
	});
}

/** Sets a property where the object lets us; where it is read-only (frozen), nothing is changed. */
function replaceWhereWritable<T extends object, K extends keyof T>(target: T, key: K, value: T[K]): boolean {
	try {
		target[key] = value;
		return target[key] === value;
	} catch {
		return false;
	}
}
