import type { ChatModel, ChatModelConfig, GenerateResult, Message, StreamChunk, Tool } from '@n8n/ai-node-sdk';
import { NodeApiError, type INode, type JsonObject } from 'n8n-workflow';

import { costUsd, type RouterCatalogue } from '../shared/catalogue/RouterCatalogue';
import { reasoningPiece, reasoningTokens, type ReasoningEffort } from '../shared/chat/reasoning';
import { callWithFallbacks, deadRoutes, type ChatRoute, type DeadRoutes } from '../shared/chat/fallback';
import { routedModel } from '../shared/chat/routing';
import type { ChatChunk, ChatRequest } from '../shared/transport/chat';
import { creditsExhaustedError, describeRoute } from '../shared/nodeErrors';
import type { ExecutionQuota } from '../shared/quotaMemory';
import type { RouterTransport } from '../shared/transport/RouterTransport';
import type { StreamedUsage } from './costLog';
import { streamChatChunks } from './streaming';
import { fromWireCompletion, toFinishReason, toWireMessages, toWireTools, type ToolSchemaReader } from './messages';
import { structuredRequest, structuredSpecOf, type StructuredOutputSpec } from './structuredOutput';
import { chatRouteError, refuseIncapableRoutes } from './routes';

export interface ChatModelSettings {
	/** Hub model id. */
	model: string;
	/** `auto`, a routing policy or a provider id: sent as the model suffix. */
	provider: string;
	maxTokens?: number;
	temperature?: number;
	topP?: number;
	responseFormat: 'text' | 'json_object' | 'json_schema';
	/** With responseFormat json_schema: the schema every plain answer follows. */
	jsonSchema?: { name: string; schema: Record<string, unknown> };
	/** Sent as `reasoning_effort`; unset, nothing is sent. */
	reasoningEffort?: ReasoningEffort;
	/** Fallback Models, in order, asked when the model cannot serve (shared/chat/fallback.ts). */
	fallbackModels?: ChatRoute[];
}

export interface ChatModelDependencies {
	node: INode;
	transport: RouterTransport;
	catalogue: RouterCatalogue;
	readToolSchema: ToolSchemaReader;
	/** What this execution has learnt about the account: a 402 seen ends later calls without a request. */
	quota: ExecutionQuota;
	/** Told the cost of each answer whose price is known, by completion id (for n8n's token usage log). */
	onCost?: (completionId: string, costUsd: number) => void;
	/** The same for a streamed answer, which n8n logs by its token counts only (no completion id). */
	onStreamedCost?: (usage: StreamedUsage, costUsd: number) => void;
	/** The models that could not serve in this execution (per account); one per model instance when unset. */
	deadRoutes?: DeadRoutes;
}

let instances = 0;

/**
 * A chat model for n8n's AI nodes (Agent, chains) on the router's OpenAI-compatible endpoint,
 * through our own transport: its retries, redaction and 402 handling (a 402 ends the call at once
 * with a message that says the credits are exhausted, so an Agent's fallback model takes over).
 */
export class HuggingFaceChatModel implements ChatModel {
	readonly provider = 'huggingface';

	readonly modelId: string;

	defaultConfig?: ChatModelConfig;

	private tools: Tool[] = [];

	/** Set by LangChain's withStructuredOutput (structuredOutput.ts): how this model's answers are structured. */
	private structured?: StructuredOutputSpec;
	private readonly memory: DeadRoutes;

	/** The model, then its fallback models. */
	get routes(): ChatRoute[] {
		return [{ model: this.settings.model, provider: this.settings.provider }, ...(this.settings.fallbackModels ?? [])];
	}

	constructor(
		private readonly deps: ChatModelDependencies,
		private readonly settings: ChatModelSettings,
	) {
		this.modelId = settings.model;
		this.memory = deps.deadRoutes ?? deadRoutes(`model-${++instances}`, '');
		this.defaultConfig = { maxTokens: settings.maxTokens, temperature: settings.temperature, topP: settings.topP };
	}

	withTools(tools: Tool[]): ChatModel {
		const bound = new HuggingFaceChatModel(this.deps, this.settings);
		bound.structured = this.structured;
		for (const tool of tools) {
			const spec = structuredSpecOf(tool, this.deps.readToolSchema as (tool: Tool) => unknown);
			if (spec) bound.structured = spec;
			else bound.tools.push(tool);
		}
		bound.tools = [...this.tools, ...bound.tools];
		return bound;
	}

	/** The request body, with the tools bound by the Agent and the call's own settings over the node's. */
	buildRequest(messages: Message[], config?: ChatModelConfig): ChatRequest {
		const merged: ChatModelConfig = { ...this.defaultConfig, ...definedOnly(config) };
		const request: ChatRequest = { model: routedModel(this.settings.model, this.settings.provider), messages: toWireMessages(messages) };
		const tools = toWireTools(this.tools, this.deps.readToolSchema);
		if (tools.length) request.tools = tools;
		if (merged.maxTokens !== undefined) request.max_tokens = merged.maxTokens;
		if (merged.temperature !== undefined) request.temperature = merged.temperature;
		if (merged.topP !== undefined) request.top_p = merged.topP;
		// LangChain's own name for them, which the SDK's adapter passes on as it is (a chain's `stop`).
		const stop = merged.stopSequences ?? (config as { stop?: unknown } | undefined)?.stop;
		if (Array.isArray(stop) && stop.length) request.stop = stop.map(String);
		if (merged.seed !== undefined) request.seed = merged.seed;
		if (merged.presencePenalty !== undefined) request.presence_penalty = merged.presencePenalty;
		if (merged.frequencyPenalty !== undefined) request.frequency_penalty = merged.frequencyPenalty;
		if (this.settings.reasoningEffort) request.reasoning_effort = this.settings.reasoningEffort;
		// A structured answer LangChain asked for (withStructuredOutput) is this call's format.
		if (this.structured) return { ...request, ...structuredRequest(this.structured) };
		// JSON mode would stop the model from calling tools; it applies to plain answers only.
		if (this.settings.responseFormat === 'json_object' && !tools.length) request.response_format = { type: 'json_object' };
		if (this.settings.responseFormat === 'json_schema' && this.settings.jsonSchema && !tools.length) {
			request.response_format = { type: 'json_schema', json_schema: { ...this.settings.jsonSchema, strict: true } };
		}
		return request;
	}

	/**
	 * The SDK streams to n8n's Chat Trigger through this: each piece of text and of a tool call is
	 * handed on as the router's event stream brings it, then the finish reason and the token usage.
	 */
	async *stream(messages: Message[], config?: ChatModelConfig): AsyncIterable<StreamChunk> {
		const request = this.buildRequest(messages, config);
		const { transport, catalogue, node } = this.deps;
		this.refuseAfterQuota();
		const prices = catalogue.models().catch(() => undefined);
		await refuseIncapableRoutes(node, catalogue, this.routes, request);
		let servedBy: string | undefined;
		let finishReason: string | null = null;
		let calledTools = false;
		let usage: ChatChunk['usage'];
		// The router names a call (id) only in its first piece and tells calls apart by index; the
		// SDK's adapter puts every piece under index 0, and LangChain then merges pieces by id. So
		// each piece carries its call's id: two calls in one turn stay two calls.
		const callIds = new Map<number, string>();
		const onAnswer = (headers: Record<string, string>) => (servedBy = headers['x-inference-provider'] || servedBy);
		// A fallback model is asked only until the first piece is out: what was shown stays.
		let opened;
		try {
			opened = await callWithFallbacks(this.routes, this.memory, async (to) => {
				const iterator = streamChatChunks(transport, { ...request, model: routedModel(to.model, to.provider) }, onAnswer)[Symbol.asyncIterator]();
				return { iterator, first: await iterator.next() };
			});
		} catch (error) {
			throw chatRouteError(node, error, this.routes[0]);
		}
		const { route, tried } = opened;
		const { iterator, first } = opened.result;
		try {
			for (let step = first; !step.done; step = await iterator.next()) {
				const chunk = step.value;
				if (chunk.usage) usage = chunk.usage;
				for (const choice of chunk.choices ?? []) {
					// A reasoning model's thinking, as the SDK takes it: a reasoning block, apart from the answer.
					const thinking = reasoningPiece(choice.delta);
					if (thinking) yield { type: 'content', content: { type: 'reasoning', text: thinking } };
					if (choice.delta?.content) yield { type: 'text-delta', delta: choice.delta.content };
					for (const call of choice.delta?.tool_calls ?? []) {
						calledTools = true;
						const index = call.index ?? 0;
						if (call.id) callIds.set(index, call.id);
						const id = call.id || callIds.get(index);
						yield { type: 'tool-call-delta', id, name: call.function?.name || undefined, argumentsDelta: call.function?.arguments ?? '' };
					}
					if (choice.finish_reason) finishReason = choice.finish_reason;
				}
			}
		} catch (error) {
			throw chatRouteError(node, error, route);
		} finally {
			await iterator.return?.(undefined);
		}
		const promptTokens = usage?.prompt_tokens ?? 0;
		const completionTokens = usage?.completion_tokens ?? 0;
		if (usage) {
			// Known before the finish piece goes out: n8n logs the usage when the stream ends.
			await prices;
			const price = await catalogue.price(route.model, servedBy ?? route.provider).catch(() => undefined);
			const cost = costUsd(price, promptTokens, completionTokens);
			if (cost !== null) this.deps.onStreamedCost?.({ promptTokens, completionTokens }, cost);
		}
		yield {
			type: 'finish',
			finishReason: calledTools ? 'tool-calls' : toFinishReason(finishReason),
			usage: usage
				? {
						promptTokens,
						completionTokens,
						totalTokens: usage.total_tokens ?? promptTokens + completionTokens,
						...(reasoningTokens(usage) !== undefined ? { outputTokenDetails: { reasoning: reasoningTokens(usage) } } : {}),
					}
				: undefined,
			...(this.settings.fallbackModels?.length ? { providerMetadata: { hubModel: route.model, fallbacksTried: tried } } : {}),
		};
	}

	/** One 402 per account and execution: the Agent asks its primary model again on every turn. */
	private refuseAfterQuota(): void {
		const exhausted = this.deps.quota.refusal();
		if (exhausted) throw creditsExhaustedError(this.deps.node, exhausted, this.settings, true);
	}

	async generate(messages: Message[], config?: ChatModelConfig): Promise<GenerateResult> {
		const request = this.buildRequest(messages, config);
		const { transport, catalogue, node } = this.deps;
		this.refuseAfterQuota();
		// Prices come from the router's catalogue: fetch it beside the completion, not after it.
		const prices = catalogue.models().catch(() => undefined);
		await refuseIncapableRoutes(node, catalogue, this.routes, request);
		let answered;
		try {
			answered = await callWithFallbacks(this.routes, this.memory, async (to) =>
				await transport.chatCompletion({ ...request, model: routedModel(to.model, to.provider) }, transport.deadline(), false),
			);
		} catch (error) {
			throw chatRouteError(node, error, this.routes[0]);
		}
		const { route, tried } = answered;
		const { completion, headers } = answered.result;
		if (!completion.choices.length) {
			throw new NodeApiError(node, { message: 'no choices' } as JsonObject, {
				message: `The router answered without any choices (${describeRoute(this.settings)})`,
				description: 'The provider sent an empty answer. Try again, or pick another provider.',
			});
		}
		const servedBy = headers['x-inference-provider'] || route.provider;
		await prices;
		const price = completion.usage ? await catalogue.price(route.model, servedBy).catch(() => undefined) : undefined;
		const cost = costUsd(price, completion.usage?.prompt_tokens ?? 0, completion.usage?.completion_tokens ?? 0);
		if (cost !== null && completion.id) this.deps.onCost?.(completion.id, cost);
		return fromWireCompletion(completion, {
			model: this.settings.model,
			// The model that answered, and those that could not before it (with Fallback Models).
			...(this.settings.fallbackModels?.length ? { hubModel: route.model, fallbacksTried: tried } : {}),
			// n8n's LangChain adapter (@n8n/ai-utilities) overwrites `provider` with this model's own
			// 'huggingface': `servedBy` keeps which Inference Provider answered.
			servedBy,
			provider: servedBy,
			providerModelId: completion.model,
			costUsd: cost,
		});
	}
}

function definedOnly(config: ChatModelConfig | undefined): ChatModelConfig {
	const result: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(config ?? {})) if (value !== undefined) result[key] = value;
	return result as ChatModelConfig;
}
