/**
 * Between n8n's AI node SDK messages and the router's OpenAI-compatible chat format. Type imports
 * only: the SDK itself is loaded lazily in supplyData, so these files load on any n8n.
 */
import type { FinishReason, GenerateResult, Message, MessageContent, Tool } from '@n8n/ai-node-sdk';
import type OpenAI from 'openai';

import { reasoningTokens, splitReasoning } from '../shared/chat/reasoning';
import type { ChatCompletion } from '../shared/transport/chat';

type WireMessage = OpenAI.Chat.Completions.ChatCompletionMessageParam;
type WireContentPart = OpenAI.Chat.Completions.ChatCompletionContentPart;
type WireToolCall = OpenAI.Chat.Completions.ChatCompletionMessageFunctionToolCall;
type WireTool = OpenAI.Chat.Completions.ChatCompletionFunctionTool;

/** The SDK's way to turn a tool's input schema (JSON Schema or Zod) into JSON Schema. */
export type ToolSchemaReader = (tool: Tool & { type: 'function' }) => unknown;

function textOf(content: MessageContent[]): string {
	return content
		.filter((part): part is Extract<MessageContent, { type: 'text' }> => part.type === 'text')
		.map((part) => part.text)
		.join('');
}

/** A tool's answer as the text the model reads: n8n gives the tool node's items serialised, or content parts. */
function toolResultText(result: unknown): string {
	if (typeof result === 'string') return result;
	if (Array.isArray(result) && result.every((part) => part && typeof part === 'object' && 'type' in part)) {
		return textOf(result as MessageContent[]);
	}
	return JSON.stringify(result ?? null);
}

function imagePart(part: Extract<MessageContent, { type: 'file' }>): WireContentPart | undefined {
	const url = part.providerMetadata?.url;
	if (typeof url === 'string' && url) return { type: 'image_url', image_url: { url } };
	if (!part.mediaType?.startsWith('image/')) return undefined;
	const base64 = typeof part.data === 'string' ? part.data : Buffer.from(part.data).toString('base64');
	if (!base64) return undefined;
	return { type: 'image_url', image_url: { url: base64.startsWith('data:') ? base64 : `data:${part.mediaType};base64,${base64}` } };
}

function userContent(content: MessageContent[]): string | WireContentPart[] {
	const images = content.filter((part) => part.type === 'file').map((part) => imagePart(part as Extract<MessageContent, { type: 'file' }>));
	const text = textOf(content);
	const parts = images.filter((part): part is WireContentPart => part !== undefined);
	return parts.length ? [{ type: 'text', text }, ...parts] : text;
}

/**
 * SDK messages -> router messages. An assistant turn that called tools keeps its calls (its text
 * may be empty: n8n replays it with `content: []`); each tool result becomes one `tool` message.
 */
export function toWireMessages(messages: Message[]): WireMessage[] {
	const wire: WireMessage[] = [];
	let generatedIds = 0;
	for (const message of messages) {
		switch (message.role) {
			case 'system':
				wire.push({ role: 'system', content: textOf(message.content) });
				break;
			case 'user':
				wire.push({ role: 'user', content: userContent(message.content) });
				break;
			case 'assistant': {
				const toolCalls: WireToolCall[] = message.content
					.filter((part): part is Extract<MessageContent, { type: 'tool-call' }> => part.type === 'tool-call')
					.map((part) => ({
						id: part.toolCallId || `call_${++generatedIds}`,
						type: 'function',
						function: { name: part.toolName, arguments: part.input || '{}' },
					}));
				const text = textOf(message.content);
				wire.push(toolCalls.length ? { role: 'assistant', content: text || null, tool_calls: toolCalls } : { role: 'assistant', content: text });
				break;
			}
			case 'tool':
				for (const part of message.content) {
					if (part.type !== 'tool-result') continue;
					wire.push({ role: 'tool', tool_call_id: part.toolCallId, content: toolResultText(part.result) });
				}
				break;
		}
	}
	return wire;
}

/** Function tools in the OpenAI shape; provider-native tools have no meaning on the router. */
export function toWireTools(tools: Tool[], readSchema: ToolSchemaReader): WireTool[] {
	return tools
		.filter((tool): tool is Tool & { type: 'function' } => tool.type === 'function')
		.map((tool) => ({
			type: 'function',
			function: {
				name: tool.name,
				description: tool.description,
				parameters: (readSchema(tool) ?? { type: 'object', properties: {} }) as Record<string, unknown>,
			},
		}));
}

export function toFinishReason(reason: string | null | undefined): FinishReason {
	switch (reason) {
		case 'stop':
		case 'eos_token':
		case 'stop_sequence':
			return 'stop';
		case 'length':
			return 'length';
		case 'tool_calls':
		case 'function_call':
			return 'tool-calls';
		case 'content_filter':
			return 'content-filter';
		default:
			return 'other';
	}
}

/** A router completion -> the SDK's result: text, tool calls, finish reason and token usage. */
export function fromWireCompletion(completion: ChatCompletion, metadata: Record<string, unknown>): GenerateResult {
	const choice = completion.choices?.[0];
	const content: MessageContent[] = [];
	// A reasoning model's thinking comes first, as a reasoning block: LangChain keeps it out of the answer's text.
	const { content: text, reasoning } = splitReasoning(choice?.message, typeof choice?.message?.content === 'string' ? choice.message.content : '');
	if (reasoning) content.push({ type: 'reasoning', text: reasoning });
	if (text) content.push({ type: 'text', text });
	for (const call of choice?.message?.tool_calls ?? []) {
		if (call.type !== 'function') continue;
		content.push({ type: 'tool-call', toolCallId: call.id, toolName: call.function.name, input: call.function.arguments || '{}' });
	}
	if (!content.some((part) => part.type !== 'reasoning')) content.push({ type: 'text', text: '' });
	const promptTokens = completion.usage?.prompt_tokens ?? 0;
	const completionTokens = completion.usage?.completion_tokens ?? 0;
	// Some providers say "stop" beside tool calls; the calls are what matter.
	const finishReason = choice?.message?.tool_calls?.length ? 'tool-calls' : toFinishReason(choice?.finish_reason);
	return {
		id: completion.id || undefined,
		finishReason,
		message: { role: 'assistant', content, id: completion.id || undefined },
		usage: completion.usage
			? {
					promptTokens,
					completionTokens,
					totalTokens: completion.usage.total_tokens ?? promptTokens + completionTokens,
					...(reasoningTokens(completion.usage) !== undefined ? { outputTokenDetails: { reasoning: reasoningTokens(completion.usage) } } : {}),
				}
			: undefined,
		providerMetadata: metadata,
	};
}
