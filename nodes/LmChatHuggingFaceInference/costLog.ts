/**
 * n8n logs a model's token usage on the sub-node's run data through the tracing handler that the
 * SDK's supplyModel attaches; with a custom model that handler keeps the token counts but drops
 * the cost. This adds the cost of each answer (by completion id, where the router's catalogue
 * has a price) to what it logs, the field n8n's own OpenAI model logs it in (`tokenUsage.cost`).
 * A model bound to tools (what the Agent does) is a new adapter with a new handler: bindTools is
 * wrapped so that it gets the same. Internal to the SDK 0.31 adapter: where its shape differs,
 * nothing is changed.
 */

interface TokenUsageParser {
	(result: { llmOutput?: { id?: unknown } } | undefined): Record<string, unknown>;
}

interface TracingHandler {
	name?: unknown;
	options?: { tokensUsageParser?: TokenUsageParser };
}

export function logCostWithTokenUsage(model: unknown, costs: Map<string, number>): boolean {
	const adapter = model as { callbacks?: unknown; bindTools?: (...args: unknown[]) => unknown } | null;
	if (typeof adapter?.bindTools === 'function') {
		const bindTools = adapter.bindTools;
		adapter.bindTools = (...args: unknown[]) => {
			const bound = bindTools.apply(adapter, args);
			logCostWithTokenUsage(bound, costs);
			return bound;
		};
	}
	const callbacks = adapter?.callbacks;
	if (!Array.isArray(callbacks)) return false;
	const tracing = callbacks.find(
		(handler: TracingHandler) => handler?.name === 'N8nLlmTracing' && typeof handler.options?.tokensUsageParser === 'function',
	) as TracingHandler | undefined;
	if (!tracing?.options?.tokensUsageParser) return false;
	const parse = tracing.options.tokensUsageParser;
	tracing.options.tokensUsageParser = (result) => {
		const usage = parse(result);
		const id = result?.llmOutput?.id;
		const cost = typeof id === 'string' ? costs.get(id) : undefined;
		return cost === undefined ? usage : { ...usage, cost };
	};
	return true;
}
