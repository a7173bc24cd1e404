import { NodeOperationError, type IDataObject } from 'n8n-workflow';

import { costUsd } from '../../shared/catalogue/RouterCatalogue';
import { readReasoningEffort, reasoningEffortOption, reasoningTokens, splitReasoning } from '../../shared/chat/reasoning';
import { routedModel } from '../../shared/chat/routing';
import { fallbackModelsOption, maxTokensOption, temperatureOption, topPOption } from '../../shared/descriptions';
import { badInput, readModel, readNumber, readOptions, readProvider, splitList } from '../../shared/parameters';
import {
	frequencyPenaltyOption,
	imageBinaryPropertyOption,
	imageDetailOption,
	imageUrlsOption,
	jsonSchemaNameOption,
	jsonSchemaOption,
	maxCostUsdOption,
	presencePenaltyOption,
	responseFormatOption,
	seedOption,
	stopOption,
	streamOption,
} from '../descriptions/options';
import { messagesProperty } from '../descriptions/parameters';
import {
	buildMessages,
	checkGenericImages,
	imageParts,
	parseJsonReply,
	readImageSources,
	readMessages,
	readResponseFormat,
	type ChatParams,
	type ChatRequest,
} from './chatRequest';
import { chatWithFallbacks, checkStructuredOutput, readFallbackModels } from './chatFallback';
import { readExtraParameters } from './readers';
import type { ExecutionScope } from './scope';
import type { OperationDescriptor, PreparedItem } from './types';

/** For a "model not supported by provider" answer: the providers that do serve the chat model. */
async function chatProvidersHint(scope: ExecutionScope, item: PreparedItem<unknown>): Promise<string | undefined> {
	const model = await scope.catalogue.model(item.model);
	const live = (model?.providers ?? []).filter((entry) => entry.status === 'live').map((entry) => entry.provider);
	return live.length
		? `${item.model} is served by: ${live.join(', ')}. Pick one of them in Provider, or use auto.`
		: `${item.model} is not served by any Inference Provider right now. Pick another model.`;
}

/** Body keys the chat operation owns, whether or not an item sets them. */
const CHAT_OWN_KEYS = new Set(['model', 'messages', 'stream', 'stream_options']);

export const chat: OperationDescriptor<ChatParams> = {
	displayName: 'Chat',
	description: 'Send messages to a chat model and get its reply',
	action: 'Chat with a model',
	hubTasks: ['conversational'],
	parameters: [messagesProperty],
	options: [
		fallbackModelsOption,
		frequencyPenaltyOption,
		imageBinaryPropertyOption,
		imageDetailOption,
		imageUrlsOption,
		jsonSchemaOption,
		jsonSchemaNameOption,
		maxCostUsdOption,
		maxTokensOption,
		presencePenaltyOption,
		reasoningEffortOption,
		responseFormatOption,
		seedOption,
		stopOption,
		streamOption,
		temperatureOption,
		topPOption,
	],
	timeoutMs: 120_000,
	tooLarge: 'The request is larger than the provider accepts. Shorten the messages, or send fewer or smaller images.',
	providersHint: chatProvidersHint,
	countsSpend: true,
	outputFields: ['content', 'model', 'provider', 'providerModelId', 'finishReason', 'usage', 'latencyMs', 'costUsd', 'reasoning'],
	execute: {
		prepareAllFirst: true,

		async prepare(scope, itemIndex) {
			const { ctx } = scope;
			const model = readModel(ctx, itemIndex);
			const provider = readProvider(ctx, itemIndex);
			const messages = readMessages(ctx, itemIndex);
			const options = readOptions(ctx, itemIndex);

			const request: ChatRequest = { model: routedModel(model, provider), messages: [] };
			const maxTokens = readNumber(ctx, itemIndex, options, 'maxTokens', 'Max Tokens', { min: 1, integer: true });
			if (maxTokens !== undefined) request.max_tokens = maxTokens;
			const temperature = readNumber(ctx, itemIndex, options, 'temperature', 'Temperature', { min: 0, max: 2 });
			if (temperature !== undefined) request.temperature = temperature;
			const topP = readNumber(ctx, itemIndex, options, 'topP', 'Top P', { min: 0, max: 1 });
			if (topP !== undefined) request.top_p = topP;
			const seed = readNumber(ctx, itemIndex, options, 'seed', 'Seed', { integer: true });
			if (seed !== undefined) request.seed = seed;
			const frequencyPenalty = readNumber(ctx, itemIndex, options, 'frequencyPenalty', 'Frequency Penalty', { min: -2, max: 2 });
			if (frequencyPenalty !== undefined) request.frequency_penalty = frequencyPenalty;
			const presencePenalty = readNumber(ctx, itemIndex, options, 'presencePenalty', 'Presence Penalty', { min: -2, max: 2 });
			if (presencePenalty !== undefined) request.presence_penalty = presencePenalty;
			const stop = splitList(options.stop);
			if (stop.length) request.stop = stop;
			const reasoningEffort = readReasoningEffort(options.reasoningEffort, (value) => {
				throw badInput(ctx, itemIndex, 'Reasoning Effort', `"${value}" is not known`, 'Use none, minimal, low, medium, high or xhigh.');
			});
			if (reasoningEffort) request.reasoning_effort = reasoningEffort;
			const { kind: responseFormat, response_format } = readResponseFormat(ctx, itemIndex, options);
			if (response_format) request.response_format = response_format;
			// Extra Parameters only add what the node does not set; never the model, messages or stream.
			for (const [key, value] of Object.entries(readExtraParameters(scope, itemIndex, options) ?? {})) {
				if (!(key in request) && !CHAT_OWN_KEYS.has(key)) (request as unknown as Record<string, unknown>)[key] = value;
			}

			const images = readImageSources(ctx, itemIndex, options);
			await checkGenericImages(ctx, itemIndex, images);
			if (images.length && !messages.some((message) => message.role === 'user')) {
				throw badInput(ctx, itemIndex, 'Messages', 'have no user message to attach the images to', 'Add a message with the role "user": the images go with the last one.');
			}
			const fallbacks = readFallbackModels(scope, itemIndex, options, { model, provider });
			if (responseFormat === 'json_schema') await checkStructuredOutput(scope, itemIndex, [{ model, provider }, ...fallbacks]);
			return { itemIndex, model, provider, params: { request, messages, images, responseFormat, stream: options.stream === true, fallbacks } };
		},

		async run(scope, [item]) {
			// Prices come from the catalogue, fetched once per execution: start it beside the first
			// completions rather than after them.
			void scope.catalogue.models().catch(() => undefined);
			const started = Date.now();
			const messages = buildMessages(item.params.messages, await imageParts(scope.ctx, item.itemIndex, item.params.images));
			const fallbacks = item.params.fallbacks ?? [];
			// Each model has its own Timeout and retries; the next is asked only when one cannot serve.
			const {
				result: { completion, headers },
				route,
				tried,
			} = await chatWithFallbacks(scope, item.itemIndex, [{ model: item.model, provider: item.provider }, ...fallbacks], async (to) =>
				await scope.transport.chatCompletion({ ...item.params.request, model: routedModel(to.model, to.provider), messages }, scope.transport.deadline(), item.params.stream),
			);
			const latencyMs = Date.now() - started;
			const choice = completion.choices[0];
			// A reasoning model's thinking goes to json.reasoning, never into the content.
			const { content, reasoning } = splitReasoning(choice?.message, typeof choice?.message?.content === 'string' ? choice.message.content : '');
			// The router says which provider served a routed call; else report the one asked for.
			const servedBy = headers['x-inference-provider'] || route.provider;
			const promptTokens = completion.usage?.prompt_tokens ?? 0;
			const completionTokens = completion.usage?.completion_tokens ?? 0;
			const price = completion.usage ? await scope.catalogue.price(route.model, servedBy) : undefined;
			const cost = costUsd(price, promptTokens, completionTokens);
			// Where the price is unknown the spend guard still counts the call, at the model's dearest price.
			const spend = cost ?? costUsd(await scope.catalogue.highestPrice(route.model), promptTokens, completionTokens) ?? undefined;

			const json: IDataObject = {
				content,
				model: route.model,
				provider: servedBy,
				providerModelId: completion.model,
				finishReason: choice?.finish_reason ?? null,
				usage: {
					promptTokens,
					completionTokens,
					totalTokens: completion.usage?.total_tokens ?? promptTokens + completionTokens,
				},
				latencyMs,
				costUsd: cost,
			};
			if (headers['x-request-id']) json.requestId = headers['x-request-id'];
			json.reasoning = reasoning;
			const thinkingTokens = reasoningTokens(completion.usage);
			if (thinkingTokens !== undefined) (json.usage as IDataObject).reasoningTokens = thinkingTokens;
			if (fallbacks.length) json.fallbacksTried = tried as unknown as IDataObject[];
			if (item.params.responseFormat !== 'text') {
				try {
					json.json = parseJsonReply(content) as IDataObject;
				} catch {
					// The call was paid for even though its reply is unusable.
					scope.addSpend(spend);
					throw new NodeOperationError(
						scope.ctx.getNode(),
						`The model's reply is not valid JSON (item ${item.itemIndex}, ${servedBy} / ${route.model})`,
						{
							itemIndex: item.itemIndex,
							description: `Reply (first 300 characters): ${content.slice(0, 300)}. Try a model that supports structured output, a lower temperature, or a larger Max Tokens (finish reason: ${choice?.finish_reason}).`,
						},
					);
				}
			}
			return [{ json, costUsd: cost, spendUsd: spend }];
		},
	},
};

