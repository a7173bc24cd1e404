/**
 * How the chat model sub-node adds the cost to n8n's token-usage log (costLog.ts): by completion id
 * for a plain answer, by token counts for a streamed one, and LangChain's streamed counts where the
 * SDK's parser reads none.
 */
import { CallCosts, logCostWithTokenUsage } from '../../nodes/LmChatHuggingFaceInference/costLog';

/** The SDK 0.31 adapter's own parser: it reads input_tokens and output_tokens only. */
const sdkParser = (result: { llmOutput?: { tokenUsage?: Record<string, number> } } | undefined) => {
	const completionTokens = result?.llmOutput?.tokenUsage?.output_tokens ?? 0;
	const promptTokens = result?.llmOutput?.tokenUsage?.input_tokens ?? 0;
	return { completionTokens, promptTokens, totalTokens: completionTokens + promptTokens };
};

function adapterWith(costs: CallCosts) {
	const tracing = { name: 'N8nLlmTracing', options: { tokensUsageParser: sdkParser } };
	const adapter = { callbacks: [tracing], bindTools: () => ({ callbacks: [{ name: 'N8nLlmTracing', options: { tokensUsageParser: sdkParser } }] }) };
	expect(logCostWithTokenUsage(adapter, costs)).toBe(true);
	return { parse: (result: unknown) => tracing.options.tokensUsageParser(result as never), adapter };
}

test('a plain answer gets its cost by completion id; its counts are the SDK parser\'s', () => {
	const costs = new CallCosts();
	costs.add('chatcmpl-1', 0.002);
	const { parse } = adapterWith(costs);
	expect(parse({ llmOutput: { id: 'chatcmpl-1', tokenUsage: { input_tokens: 10, output_tokens: 4 } } })).toEqual({
		promptTokens: 10,
		completionTokens: 4,
		totalTokens: 14,
		cost: 0.002,
	});
	expect(parse({ llmOutput: { id: 'chatcmpl-unknown', tokenUsage: { input_tokens: 1, output_tokens: 1 } } })).not.toHaveProperty('cost');
});

test('streamed answers: LangChain\'s counts are logged, and each cost is found once by them, oldest first', () => {
	const costs = new CallCosts();
	costs.addStreamed({ promptTokens: 18, completionTokens: 5 }, 0.1);
	costs.addStreamed({ promptTokens: 7, completionTokens: 3 }, 0.2);
	costs.addStreamed({ promptTokens: 18, completionTokens: 5 }, 0.3);
	const { parse } = adapterWith(costs);
	const streamed = (promptTokens: number, completionTokens: number) =>
		parse({ llmOutput: { tokenUsage: { promptTokens, completionTokens, totalTokens: promptTokens + completionTokens } } });
	expect(streamed(7, 3)).toEqual({ promptTokens: 7, completionTokens: 3, totalTokens: 10, cost: 0.2 });
	expect(streamed(18, 5)).toEqual({ promptTokens: 18, completionTokens: 5, totalTokens: 23, cost: 0.1 });
	expect(streamed(18, 5)).toEqual({ promptTokens: 18, completionTokens: 5, totalTokens: 23, cost: 0.3 });
	// Taken once: a fourth answer with the same counts has no known cost.
	expect(streamed(18, 5)).toEqual({ promptTokens: 18, completionTokens: 5, totalTokens: 23 });
});

test('a model bound to tools (the Agent) logs the same way', () => {
	const costs = new CallCosts();
	costs.add('chatcmpl-2', 0.5);
	const { adapter } = adapterWith(costs);
	const bound = adapter.bindTools() as { callbacks: Array<{ options: { tokensUsageParser: (r: unknown) => unknown } }> };
	expect(bound.callbacks[0].options.tokensUsageParser({ llmOutput: { id: 'chatcmpl-2', tokenUsage: { input_tokens: 1, output_tokens: 2 } } })).toEqual(
		expect.objectContaining({ cost: 0.5 }),
	);
});

test('an adapter whose methods and tracing options are read-only is left as it is, without a throw', () => {
	const costs = new CallCosts();
	const options = Object.freeze({ tokensUsageParser: sdkParser });
	const tracing = Object.freeze({ name: 'N8nLlmTracing', options });
	const bindTools = () => ({});
	const adapter = Object.freeze({ callbacks: [tracing], bindTools });
	expect(logCostWithTokenUsage(adapter, costs)).toBe(false);
	expect(adapter.bindTools).toBe(bindTools);
	expect(options.tokensUsageParser).toBe(sdkParser);
});
