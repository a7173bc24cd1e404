/** Chat: reading an item's messages, images and response format, and assembling the request's messages. */
import type OpenAI from 'openai';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { fileHead, sniffImage } from './media';
import { itemParameter, type ParameterContext } from '../../shared/nodeParameter';
import { badInput, splitList } from '../../shared/parameters';

type ChatMessage = OpenAI.Chat.Completions.ChatCompletionMessageParam;
type ContentPart = OpenAI.Chat.Completions.ChatCompletionContentPart;
export type ChatRequest = OpenAI.Chat.Completions.ChatCompletionCreateParamsNonStreaming;

export interface ChatParams {
	/** Everything but the messages, which are assembled with their images at call time. */
	request: ChatRequest;
	messages: Array<{ role: string; content: string }>;
	images: ImageSource[];
	responseFormat: 'text' | 'json_object' | 'json_schema';
	stream: boolean;
	/** Fallback Models, in order (operations/chatFallback.ts). */
	fallbacks?: Array<{ model: string; provider: string }>;
}

const ROLES = new Set(['system', 'user', 'assistant']);

export function readMessages(ctx: IExecuteFunctions, itemIndex: number): Array<{ role: string; content: string }> {
	const raw = itemParameter(ctx, 'messages.values', itemIndex, []) as unknown;
	const messages = Array.isArray(raw) ? (raw as IDataObject[]) : [];
	if (!messages.length) {
		throw badInput(ctx, itemIndex, 'Messages', 'is empty', 'Add at least one message with the role "user" and some content.');
	}
	return messages.map((message, position) => {
		const role = String(message.role ?? 'user');
		if (!ROLES.has(role)) {
			throw badInput(ctx, itemIndex, `Message ${position + 1} role`, `"${role}" is not a known role`, 'Use system, user or assistant.');
		}
		const content = message.content === undefined || message.content === null ? '' : String(message.content);
		if (!content.trim()) {
			throw badInput(ctx, itemIndex, `Message ${position + 1} content`, 'is empty', 'Write the message, or map it from the input with an expression such as {{ $json.question }}.');
		}
		return { role, content };
	});
}

type ImageDetail = 'auto' | 'low' | 'high';

/** Types a file gets when its real one is unknown: its bytes decide. */
const GENERIC_TYPES = new Set(['', 'application/octet-stream', 'binary/octet-stream']);

/** An image for a vision model, checked in prepare and read only when its call is made. */
export type ImageSource = { binaryProperty: string; mimeType: string; detail: ImageDetail } | { url: string; detail: ImageDetail };

/**
 * A file stored under a generic type is judged by its first bytes when its item is read, not at
 * its call: under "Stop Workflow" one that is no picture stops the run before any credit is spent.
 */
export async function checkGenericImages(ctx: IExecuteFunctions, itemIndex: number, sources: ImageSource[]): Promise<void> {
	for (const source of sources) {
		if (!('binaryProperty' in source) || source.mimeType.startsWith('image/')) continue;
		const { head, size } = await fileHead(ctx, ctx.getInputData()[itemIndex].binary![source.binaryProperty]);
		if (!sniffImage(head)) {
			throw badInput(ctx, itemIndex, 'Image Binary Property', `"${source.binaryProperty}" holds ${size} bytes that are not an image`, 'Attach a PNG, JPEG, WEBP or GIF image.');
		}
	}
}

/** Images for vision models: binary properties of the item, or URLs. Checked here, read in run(). */
export function readImageSources(ctx: IExecuteFunctions, itemIndex: number, options: IDataObject): ImageSource[] {
	const sources: ImageSource[] = [];
	const detail = (options.imageDetail as ImageDetail | undefined) ?? 'auto';
	const item = ctx.getInputData()[itemIndex];
	for (const property of splitList(options.imageBinaryProperty)) {
		const binary = item.binary?.[property];
		if (!binary) {
			throw badInput(
				ctx,
				itemIndex,
				'Image Binary Property',
				`"${property}" is not on the input item`,
				`The item has ${item.binary ? `the binary properties ${Object.keys(item.binary).join(', ')}` : 'no binary data'}. Name one of those, or remove the option.`,
			);
		}
		// A file stored under a generic type (a download without one) is judged by its bytes when sent.
		const mimeType = binary.mimeType?.split(';')[0].trim().toLowerCase() ?? '';
		if (!mimeType.startsWith('image/') && !GENERIC_TYPES.has(mimeType)) {
			throw badInput(ctx, itemIndex, 'Image Binary Property', `"${property}" holds ${mimeType || 'data of unknown type'}, not an image`, 'Attach a PNG, JPEG, WEBP or GIF image.');
		}
		sources.push({ binaryProperty: property, mimeType, detail });
	}
	for (const url of splitList(options.imageUrls)) {
		if (!/^(https?:\/\/|data:image\/)/.test(url)) {
			throw badInput(ctx, itemIndex, 'Image URLs', `"${url.slice(0, 80)}" is not an http(s) or data: URL`, 'Give one image URL per line.');
		}
		sources.push({ url, detail });
	}
	return sources;
}

/** Reads the images of one item as OpenAI image_url parts, just before its call: never all items' images at once. */
export async function imageParts(ctx: IExecuteFunctions, itemIndex: number, sources: ImageSource[]): Promise<ContentPart[]> {
	const parts: ContentPart[] = [];
	for (const source of sources) {
		if ('url' in source) {
			parts.push({ type: 'image_url', image_url: { url: source.url, detail: source.detail } });
			continue;
		}
		const buffer = await ctx.helpers.getBinaryDataBuffer(itemIndex, source.binaryProperty);
		// Its first bytes name its type, as for Edit Image; an image label is trusted where they say
		// nothing (a file under a generic type passed checkGenericImages when its item was read).
		const mimeType = sniffImage(buffer)?.mimeType ?? source.mimeType;
		parts.push({ type: 'image_url', image_url: { url: `data:${mimeType};base64,${buffer.toString('base64')}`, detail: source.detail } });
	}
	return parts;
}

export function buildMessages(messages: Array<{ role: string; content: string }>, imageParts: ContentPart[]): ChatMessage[] {
	const lastUser = messages.map((message) => message.role).lastIndexOf('user');
	return messages.map((message, position) => {
		if (imageParts.length && position === lastUser) {
			return { role: 'user', content: [{ type: 'text', text: message.content }, ...imageParts] };
		}
		return { role: message.role, content: message.content } as ChatMessage;
	});
}

export function readResponseFormat(ctx: ParameterContext, itemIndex: number, options: IDataObject): Pick<ChatRequest, 'response_format'> & { kind: ChatParams['responseFormat'] } {
	const kind = (options.responseFormat as string | undefined) ?? 'text';
	if (kind === 'text') return { kind };
	if (kind === 'json_object') return { kind, response_format: { type: 'json_object' } };
	if (kind !== 'json_schema') {
		throw badInput(ctx, itemIndex, 'Response Format', `"${kind}" is not known`, 'Use text, json_object or json_schema.');
	}
	const rawSchema = options.jsonSchema;
	let schema: unknown = rawSchema;
	if (typeof rawSchema === 'string') {
		try {
			schema = JSON.parse(rawSchema);
		} catch (error) {
			throw badInput(ctx, itemIndex, 'JSON Schema', `is not valid JSON (${(error as Error).message})`, 'Paste a JSON Schema object, for example {"type": "object", "properties": {"answer": {"type": "string"}}, "required": ["answer"]}.');
		}
	}
	if (!schema || typeof schema !== 'object' || Array.isArray(schema)) {
		throw badInput(ctx, itemIndex, 'JSON Schema', 'is missing or not an object', 'Give the JSON Schema of the object the model must answer with.');
	}
	const name = String(options.jsonSchemaName || 'response').replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64);
	return {
		kind,
		response_format: { type: 'json_schema', json_schema: { name, schema: schema as Record<string, unknown>, strict: true } },
	};
}

/** Parses a JSON reply; some models wrap it in a Markdown code fence. */
export function parseJsonReply(content: string): unknown {
	const trimmed = content.trim();
	const fenced = /^```(?:json)?\s*([\s\S]*?)\s*```$/i.exec(trimmed);
	return JSON.parse(fenced ? fenced[1] : trimmed);
}

