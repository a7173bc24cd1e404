/**
 * Deterministic chat completions: validation, reply content and token counts (what the answer
 * says; how each provider shapes it, as a response or stream chunks: chat-answers.ts).
 */
import { judgeVerdict, metricVerdict } from './judge';
import { reasoningFor, validateReasoningEffort } from './reasoning';
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
	reasoning_effort?: unknown;
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
	/** A reasoning model's thinking (reasoning.ts), in stream pieces; counted in completionTokens. */
	reasoningPieces: string[];
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
	return validateReasoningEffort(b.reasoning_effort);
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

/** The balanced `{...}` starting at `start` (braces inside strings ignored), or undefined. */
function jsonObjectAt(text: string, start: number): string | undefined {
	if (text[start] !== '{') return undefined;
	let depth = 0;
	let inString = false;
	for (let i = start; i < text.length; i++) {
		const c = text[i];
		if (inString) {
			if (c === '\\') i++;
			else if (c === '"') inString = false;
		} else if (c === '"') inString = true;
		else if (c === '{') depth++;
		else if (c === '}' && --depth === 0) return text.slice(start, i + 1);
	}
	return undefined;
}

/**
 * The tools the last user message asks for: each "call the tool X with {...}" names one, so a
 * message naming two gets two calls in one answer (OpenAI's parallel tool calls, which
 * OpenAI-compatible providers stream under index 0, 1, ...). `tool_choice` narrows or forces it.
 */
function pickTools(body: ChatBody, userText: string): Array<{ name: string; parameters: unknown; args?: unknown }> {
	if (!Array.isArray(body.tools) || body.tools.length === 0) return [];
	const tools = (body.tools as Array<{ function?: { name?: string; parameters?: unknown } }>)
		.filter((t) => t && t.function && typeof t.function.name === 'string')
		.map((t) => ({ name: t.function!.name as string, parameters: t.function!.parameters }));
	if (tools.length === 0 || body.tool_choice === 'none') return [];
	const mentions = [...userText.matchAll(/\bcall (?:the )?(?:tool|function) [`"']?([\w.-]+)[`"']?(\s+with\s+)?/gi)].map((mention) => {
		const json = mention[2] ? jsonObjectAt(userText, mention.index + mention[0].length) : undefined;
		let args: unknown;
		if (json) {
			try {
				args = JSON.parse(json);
			} catch {
				args = undefined;
			}
		}
		return { name: mention[1], args };
	});
	const choice = body.tool_choice as { function?: { name?: string } } | string | undefined;
	if (typeof choice === 'object' && choice?.function?.name) {
		const t = tools.find((x) => x.name === choice.function!.name);
		return t ? [{ ...t, args: mentions[0]?.args }] : [];
	}
	const mentioned = mentions.flatMap((m) => {
		const t = tools.find((x) => x.name === m.name);
		return t ? [{ ...t, args: m.args }] : [];
	});
	if (mentioned.length) return mentioned;
	if (choice === 'required') return [tools[0]];
	return [];
}

/** The full (untruncated) reply for a chat body. Exported so tests can compute expectations. */
export function chatReply(body: ChatBody, provider: string, providerModelId: string): { content: string | null; toolCalls?: ToolCall[]; imagesSeen: number } {
	const messages = (Array.isArray(body.messages) ? body.messages : []) as Message[];
	const user = lastUserMessage(messages);
	const userText = user ? messageText(user.content) : '';
	const imagesSeen = messages.reduce((n, m) => n + (m.role === 'user' ? countImagesIn(m.content) : 0), 0);
	const last = messages[messages.length - 1];

	// One of n8n's Evaluation metric prompts: its verdict, as a forced tool's arguments, as the
	// json_schema answer, or as the JSON text its system prompt asks for.
	const metric = metricVerdict(userText);
	if (last && last.role !== 'tool') {
		const picked = pickTools(body, userText);
		if (picked.length) {
			const toolCalls = picked.map((tool, index): ToolCall => {
				const args = tool.args ?? (metric && hasScore(tool.parameters) ? metric : fillSchema(tool.parameters ?? { type: 'object', properties: {} }, tool.name));
				// The first call's id is what a single call always had: recorded runs stay valid.
				const id = `call_${hashString(`${tool.name}\u0000${userText}${index ? `\u0000${index}` : ''}`).toString(36)}`;
				return { id, type: 'function', function: { name: tool.name, arguments: JSON.stringify(args) } };
			});
			return { content: null, toolCalls, imagesSeen };
		}
	}

	const verdict = judgeVerdict(userText);
	if (verdict) return { content: verdict, imagesSeen };
	if (metric && (!body.response_format || body.response_format.type === 'json_object' || hasScore(body.response_format.json_schema?.schema))) {
		return { content: JSON.stringify(metric), imagesSeen };
	}

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

function hasScore(schema: unknown): boolean {
	const properties = (schema as { properties?: Record<string, unknown> } | undefined)?.properties;
	return !!properties && typeof properties === 'object' && 'score' in properties;
}

/** A reasoning model's thinking for this body (reasoning.ts), as a reasoning provider returns it; undefined with effort "none". */
export function expectedReasoning(body: ChatBody): string | undefined {
	const messages = (Array.isArray(body.messages) ? body.messages : []) as Message[];
	const user = lastUserMessage(messages);
	return reasoningFor(user ? messageText(user.content) : '', body.reasoning_effort);
}

/**
 * `replyOverride`: the content to answer instead (a degraded model). `reasons`: the provider
 * returns a reasoning model's thinking; it comes first and counts against `max_tokens`.
 */
export function planChat(body: ChatBody, provider: string, providerModelId: string, replyOverride?: string, reasons = false): ChatPlan {
	const messages = (body.messages as unknown[]) ?? [];
	const reply = replyOverride === undefined ? chatReply(body, provider, providerModelId) : { content: replyOverride, imagesSeen: 0 };
	const promptTokens = countPromptTokens(messages);
	const maxRaw = body.max_tokens ?? body.max_completion_tokens;
	const maxTokens = typeof maxRaw === 'number' ? maxRaw : Infinity;
	const thinking = reasons ? expectedReasoning(body) : undefined;
	const reasoningPieces = splitPieces(thinking ?? '').slice(0, maxTokens);
	if (reply.toolCalls) {
		const completionTokens = reply.toolCalls.reduce((sum, call) => sum + splitPieces(call.function.arguments).length + 5, reasoningPieces.length);
		return { content: null, toolCalls: reply.toolCalls, pieces: [], promptTokens, completionTokens, finishReason: 'tool_calls', imagesSeen: reply.imagesSeen, reasoningPieces };
	}
	let pieces = splitPieces(reply.content ?? '');
	let finishReason: ChatPlan['finishReason'] = 'stop';
	const left = maxTokens - reasoningPieces.length;
	if (pieces.length > left) {
		pieces = pieces.slice(0, left);
		finishReason = 'length';
	}
	return { content: pieces.join(''), pieces, promptTokens, completionTokens: reasoningPieces.length + pieces.length, finishReason, imagesSeen: reply.imagesSeen, reasoningPieces };
}
