/**
 * Deterministic chat completions: validation, reply content, token counts and the per-provider
 * response / stream-chunk shapes seen in the recordings (together, cerebras, hf-inference TGI,
 * OpenAI-style for everyone else).
 */
import { judgeVerdict } from './judge';
import { fillSchema } from './schema-fill';
import { hashString } from './vectors';

export interface ChatBody {
	model?: unknown;
	messages?: unknown;
	stream?: unknown;
	stream_options?: { include_usage?: boolean };
	max_tokens?: unknown;
	max_completion_tokens?: unknown;
	temperature?: unknown;
	response_format?: { type?: string; json_schema?: { name?: string; schema?: unknown }; value?: unknown; schema?: unknown };
	tools?: unknown;
	tool_choice?: unknown;
}

interface Message {
	role: string;
	content?: unknown;
	tool_call_id?: string;
	tool_calls?: Array<{ id?: string; function?: { name?: string } }>;
}

export interface ToolCall {
	id: string;
	type: 'function';
	function: { name: string; arguments: string };
}

export interface ChatPlan {
	content: string | null;
	toolCalls?: ToolCall[];
	/** Content split into stream pieces (one "token" each). */
	pieces: string[];
	promptTokens: number;
	completionTokens: number;
	finishReason: 'stop' | 'length' | 'tool_calls';
	imagesSeen: number;
}

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

const ROLES = ['system', 'user', 'assistant', 'tool', 'developer', 'function'];

/** Returns an error message when the body is not a valid chat request, else null. */
export function validateChatBody(body: unknown): string | null {
	if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'Request body must be a JSON object';
	const b = body as ChatBody;
	if (b.messages === undefined) return 'messages: field required';
	if (!Array.isArray(b.messages)) return `messages: invalid type: expected a sequence, got ${typeof b.messages}`;
	if (b.messages.length === 0) return 'messages: must contain at least one message';
	for (let i = 0; i < b.messages.length; i++) {
		const m = b.messages[i] as unknown;
		if (typeof m !== 'object' || m === null) return `messages[${i}]: expected an object`;
		const msg = m as Message;
		if (typeof msg.role !== 'string' || !ROLES.includes(msg.role)) return `messages[${i}].role: unknown variant \`${String(msg.role)}\`, expected one of ${ROLES.map((r) => `\`${r}\``).join(', ')}`;
		const c = msg.content;
		if (c !== undefined && c !== null && typeof c !== 'string' && !Array.isArray(c)) return `messages[${i}].content: expected a string or an array of content parts`;
		if ((c === undefined || c === null) && !(msg.role === 'assistant' && Array.isArray(msg.tool_calls))) return `messages[${i}].content: field required`;
	}
	const maxTokens = b.max_tokens ?? b.max_completion_tokens;
	if (maxTokens !== undefined && maxTokens !== null && (typeof maxTokens !== 'number' || !Number.isInteger(maxTokens) || maxTokens < 1)) {
		return 'max_tokens: must be a positive integer';
	}
	if (b.temperature !== undefined && b.temperature !== null && (typeof b.temperature !== 'number' || b.temperature < 0 || b.temperature > 2)) {
		return 'temperature: must be a number between 0 and 2';
	}
	if (b.stream !== undefined && b.stream !== null && typeof b.stream !== 'boolean') return 'stream: expected a boolean';
	return null;
}

export function messageText(content: unknown): string {
	if (typeof content === 'string') return content;
	if (Array.isArray(content)) {
		return content
			.map((p) => (typeof p === 'object' && p !== null && (p as { type?: string }).type === 'text' ? String((p as { text?: unknown }).text ?? '') : ''))
			.filter((s) => s.length > 0)
			.join('\n');
	}
	return '';
}

export function countImagesIn(content: unknown): number {
	if (!Array.isArray(content)) return 0;
	return content.filter((p) => typeof p === 'object' && p !== null && (p as { type?: string }).type === 'image_url').length;
}

function words(text: string): number {
	return text.split(/\s+/).filter((w) => w.length > 0).length;
}

/** Prompt tokens: per message 4 + ceil(words * 1.3) (+85 per image), plus 3. */
export function countPromptTokens(messages: unknown[]): number {
	let total = 3;
	for (const m of messages) {
		const msg = m as Message;
		total += 4 + Math.ceil(words(messageText(msg.content)) * 1.3) + 85 * countImagesIn(msg.content);
	}
	return total;
}

/** Split text into stream pieces ("Deep", " learning", " is", ...); joining them gives the text back. */
export function splitPieces(text: string): string[] {
	return text.match(/\s*\S+|\s+$/g) ?? [];
}

function lastUserMessage(messages: Message[]): Message | undefined {
	for (let i = messages.length - 1; i >= 0; i--) if (messages[i].role === 'user') return messages[i];
	return undefined;
}

function pickTool(body: ChatBody, userText: string): { name: string; parameters: unknown; args?: unknown } | undefined {
	if (!Array.isArray(body.tools) || body.tools.length === 0) return undefined;
	const tools = (body.tools as Array<{ function?: { name?: string; parameters?: unknown } }>)
		.filter((t) => t && t.function && typeof t.function.name === 'string')
		.map((t) => ({ name: t.function!.name as string, parameters: t.function!.parameters }));
	if (tools.length === 0 || body.tool_choice === 'none') return undefined;
	const mention = /\bcall (?:the )?(?:tool|function) [`"']?([\w.-]+)[`"']?(?:\s+with\s+(\{.*\}))?/i.exec(userText);
	let args: unknown;
	if (mention?.[2]) {
		try {
			args = JSON.parse(mention[2]);
		} catch {
			args = undefined;
		}
	}
	const choice = body.tool_choice as { function?: { name?: string } } | string | undefined;
	if (typeof choice === 'object' && choice?.function?.name) {
		const t = tools.find((x) => x.name === choice.function!.name);
		return t ? { ...t, args } : undefined;
	}
	const mentioned = mention ? tools.find((x) => x.name === mention[1]) : undefined;
	if (mentioned) return { ...mentioned, args };
	if (choice === 'required') return tools[0];
	return undefined;
}

/** The full (untruncated) reply for a chat body. Exported so tests can compute expectations. */
export function chatReply(body: ChatBody, provider: string, providerModelId: string): { content: string | null; toolCalls?: ToolCall[]; imagesSeen: number } {
	const messages = (Array.isArray(body.messages) ? body.messages : []) as Message[];
	const user = lastUserMessage(messages);
	const userText = user ? messageText(user.content) : '';
	const imagesSeen = messages.reduce((n, m) => n + (m.role === 'user' ? countImagesIn(m.content) : 0), 0);
	const last = messages[messages.length - 1];

	if (last && last.role !== 'tool') {
		const tool = pickTool(body, userText);
		if (tool) {
			const args = tool.args ?? fillSchema(tool.parameters ?? { type: 'object', properties: {} }, tool.name);
			const id = `call_${hashString(`${tool.name}\u0000${userText}`).toString(36)}`;
			return { content: null, toolCalls: [{ id, type: 'function', function: { name: tool.name, arguments: JSON.stringify(args) } }], imagesSeen };
		}
	}

	const verdict = judgeVerdict(userText);
	if (verdict) return { content: verdict, imagesSeen };

	const exact = /Reply with exactly: ?(.*)/.exec(userText);
	if (exact) return { content: exact[1], imagesSeen };

	const rf = body.response_format;
	if (rf && (rf.type === 'json_schema' || rf.type === 'json')) {
		const schema = rf.json_schema?.schema ?? rf.value ?? rf.schema ?? { type: 'object' };
		return { content: JSON.stringify(fillSchema(schema, rf.json_schema?.name ?? 'value')), imagesSeen };
	}
	if (rf && rf.type === 'json_object') {
		const obj: Record<string, unknown> = { answer: `You said: ${userText}` };
		if (imagesSeen > 0) obj.images_seen = imagesSeen;
		return { content: JSON.stringify(obj), imagesSeen };
	}

	let text: string;
	if (last && last.role === 'tool') {
		const callId = last.tool_call_id;
		let name = 'tool';
		for (const m of messages) for (const tc of m.tool_calls ?? []) if (tc.id === callId && tc.function?.name) name = tc.function.name;
		text = `[${provider}/${providerModelId}] Tool ${name} returned: ${messageText(last.content)}`;
	} else {
		text = `[${provider}/${providerModelId}] You said: ${userText}`;
	}
	if (imagesSeen > 0) text += ` (saw ${imagesSeen} image${imagesSeen === 1 ? '' : 's'})`;
	return { content: text, imagesSeen };
}

/** `replyOverride`: the content to answer instead (a degraded model). */
export function planChat(body: ChatBody, provider: string, providerModelId: string, replyOverride?: string): ChatPlan {
	const messages = (body.messages as unknown[]) ?? [];
	const reply = replyOverride === undefined ? chatReply(body, provider, providerModelId) : { content: replyOverride, imagesSeen: 0 };
	const promptTokens = countPromptTokens(messages);
	const maxRaw = body.max_tokens ?? body.max_completion_tokens;
	const maxTokens = typeof maxRaw === 'number' ? maxRaw : Infinity;
	if (reply.toolCalls) {
		const completionTokens = splitPieces(reply.toolCalls[0].function.arguments).length + 5;
		return { content: null, toolCalls: reply.toolCalls, pieces: [], promptTokens, completionTokens, finishReason: 'tool_calls', imagesSeen: reply.imagesSeen };
	}
	let pieces = splitPieces(reply.content ?? '');
	let finishReason: ChatPlan['finishReason'] = 'stop';
	if (pieces.length > maxTokens) {
		pieces = pieces.slice(0, maxTokens);
		finishReason = 'length';
	}
	return { content: pieces.join(''), pieces, promptTokens, completionTokens: pieces.length, finishReason, imagesSeen: reply.imagesSeen };
}

export interface ChatMeta {
	id: string;
	created: number;
	/** Provider's own model id. */
	model: string;
}

function usageOf(plan: ChatPlan): { prompt_tokens: number; completion_tokens: number; total_tokens: number } {
	return { prompt_tokens: plan.promptTokens, completion_tokens: plan.completionTokens, total_tokens: plan.promptTokens + plan.completionTokens };
}

export function chatId(style: ChatStyle, seed: string): string {
	const h = hashString(seed).toString(16).padStart(8, '0');
	if (style === 'tgi') return '';
	if (style === 'together') return `${h}${hashString(`x${seed}`).toString(16).padStart(8, '0')}`;
	return `chatcmpl-${h}-${hashString(`y${seed}`).toString(16).padStart(8, '0')}`;
}

export function buildCompletion(style: ChatStyle, plan: ChatPlan, meta: ChatMeta): Record<string, unknown> {
	const usage = usageOf(plan);
	const message: Record<string, unknown> = { role: 'assistant', content: plan.content };
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
			for (const p of plan.pieces) chunks.push(base([{ index: 0, delta: { content: p }, logprobs: null, finish_reason: null }]));
			for (const toolDelta of toolDeltas) chunks.push(base([{ index: 0, delta: toolDelta, logprobs: null, finish_reason: null }]));
			chunks.push(base([{ index: 0, delta: {}, logprobs: null, finish_reason: plan.finishReason }]));
			if (includeUsage) chunks.push({ ...base([]), usage });
			return chunks;
		}
	}
}
