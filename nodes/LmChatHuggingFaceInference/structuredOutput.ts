/**
 * LangChain's structured output (`withStructuredOutput`) through the SDK's LangChain adapter.
 *
 * n8n's Evaluation node AI metrics (n8n-nodes-base nodes/Evaluation/utils/metricHandlers.ts) and
 * other callers pipe a prompt into `llm.withStructuredOutput(zodSchema)`. The adapter of n8n's AI
 * node SDK 0.31 inherits LangChain's base implementation, which binds the schema as a tool and
 * then refuses the answer ("Input is not an AIMessageChunk": the adapter's `_generate` returns an
 * AIMessage). So the adapter's `withStructuredOutput` is replaced here, as @langchain/openai's
 * ChatOpenAI does it (n8n's own OpenAI model): method `jsonSchema` (the default) sends
 * `response_format: {type: "json_schema", json_schema: {name, schema, strict}}`, the router's
 * structured output (hub-docs inference-providers guides/structured-output.md); `functionCalling`
 * binds the schema as the one tool and forces it with `tool_choice`; `jsonMode` asks for
 * `json_object`. The schema becomes JSON Schema by LangChain's own conversion (the base
 * implementation's, caught when it binds its tool), so Zod 3, Zod 4 and JSON Schema all work.
 * Where the adapter's shape differs, nothing is replaced.
 */
import type { Tool } from '@n8n/ai-node-sdk';
import { NodeOperationError, type INode } from 'n8n-workflow';
import type OpenAI from 'openai';

/** The name of the tool that carries a structured-output request from the adapter to the model. */
export const STRUCTURED_OUTPUT_TOOL = '__huggingface_structured_output__';

export type StructuredMethod = 'jsonSchema' | 'functionCalling' | 'jsonMode';

export interface StructuredOutputSpec {
	method: StructuredMethod;
	name: string;
	description?: string;
	schema: Record<string, unknown>;
	strict?: boolean;
}

type ChatRequest = OpenAI.Chat.Completions.ChatCompletionCreateParamsNonStreaming;

/** The spec a bound tool carries, or undefined for an ordinary tool. */
export function structuredSpecOf(tool: Tool, readSchema: (tool: Tool & { type: 'function' }) => unknown): StructuredOutputSpec | undefined {
	if (tool.type !== 'function' || tool.name !== STRUCTURED_OUTPUT_TOOL) return undefined;
	const spec = JSON.parse(tool.description ?? '{}') as Omit<StructuredOutputSpec, 'schema'>;
	return { ...spec, schema: (readSchema(tool) ?? { type: 'object', properties: {} }) as Record<string, unknown> };
}

/** What the request carries for a structured answer. */
export function structuredRequest(spec: StructuredOutputSpec): Partial<ChatRequest> {
	switch (spec.method) {
		case 'functionCalling':
			return {
				tools: [{ type: 'function', function: { name: spec.name, description: spec.description, parameters: spec.schema } }],
				tool_choice: { type: 'function', function: { name: spec.name } },
			};
		case 'jsonMode':
			return { response_format: { type: 'json_object' } };
		default:
			return {
				response_format: {
					type: 'json_schema',
					json_schema: { name: spec.name, schema: spec.schema, ...(spec.description ? { description: spec.description } : {}), ...(spec.strict !== undefined ? { strict: spec.strict } : {}) },
				},
			};
	}
}

const METHODS: Record<string, StructuredMethod> = {
	jsonSchema: 'jsonSchema',
	json_schema: 'jsonSchema',
	functionCalling: 'functionCalling',
	function_calling: 'functionCalling',
	jsonMode: 'jsonMode',
	json_mode: 'jsonMode',
};

interface StructuredConfig {
	name?: string;
	method?: string;
	includeRaw?: boolean;
	strict?: boolean;
}

interface AdapterLike {
	bindTools(tools: unknown[]): { pipe(step: (message: unknown) => unknown): unknown };
	withStructuredOutput(schema: unknown, config?: StructuredConfig): unknown;
}

/**
 * The schema as the one function tool LangChain's base `withStructuredOutput` makes of it (its own
 * Zod / Standard Schema to JSON Schema conversion), caught as it binds it.
 */
function schemaAsTool(base: AdapterLike['withStructuredOutput'], adapter: AdapterLike, schema: unknown, name?: string) {
	let caught: { name?: string; description?: string; parameters?: unknown } | undefined;
	const probe = Object.create(adapter) as AdapterLike;
	probe.bindTools = (tools: unknown[]) => {
		caught = (tools[0] as { function?: typeof caught })?.function;
		return adapter as unknown as ReturnType<AdapterLike['bindTools']>;
	};
	base.call(probe, schema, name ? { name } : undefined);
	return caught;
}

/** A JSON answer, bare or in a Markdown fence. */
function parseJson(text: string): unknown {
	const trimmed = text.trim();
	const fenced = /^```(?:json)?\s*([\s\S]*?)\s*```$/i.exec(trimmed);
	return JSON.parse(fenced ? fenced[1] : trimmed);
}

/** The structured answer: the forced tool's arguments, else the JSON of the text. */
function parseAnswer(node: INode, message: unknown, name: string): unknown {
	const answer = message as { tool_calls?: Array<{ name?: string; args?: unknown }>; text?: unknown; content?: unknown };
	const call = answer.tool_calls?.find((toolCall) => toolCall.name === name);
	if (call) return call.args;
	const text = typeof answer.text === 'string' ? answer.text : typeof answer.content === 'string' ? answer.content : '';
	try {
		return parseJson(text);
	} catch (error) {
		throw new NodeOperationError(node, `The model's answer is not the JSON object asked for (${(error as Error).message})`, {
			description: `Answer (first 200 characters): ${text.slice(0, 200)}. Try a model or provider that supports structured output, or a larger Max Tokens.`,
		});
	}
}

/** Replaces the adapter's `withStructuredOutput` (see the file comment); false where its shape differs. */
export function supportStructuredOutput(model: unknown, node: INode): boolean {
	const adapter = model as AdapterLike | null;
	if (typeof adapter?.bindTools !== 'function' || typeof adapter.withStructuredOutput !== 'function') return false;
	const base = adapter.withStructuredOutput;
	const replacement = (schema: unknown, config?: StructuredConfig) => {
		const method = METHODS[config?.method ?? 'jsonSchema'];
		if (!method) throw new NodeOperationError(node, `Structured output method "${config?.method}" is not known: use jsonSchema, functionCalling or jsonMode`);
		const tool = schemaAsTool(base, adapter, schema, config?.name);
		const name = (config?.name ?? tool?.name ?? 'extract').replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64);
		const spec: Omit<StructuredOutputSpec, 'schema'> = { method, name, description: tool?.description, strict: config?.strict };
		const bound = adapter.bindTools([{ type: 'function', function: { name: STRUCTURED_OUTPUT_TOOL, description: JSON.stringify(spec), parameters: tool?.parameters ?? schema } }]);
		if (!config?.includeRaw) return bound.pipe((message) => parseAnswer(node, message, name));
		return bound.pipe((raw) => {
			try {
				return { raw, parsed: parseAnswer(node, raw, name) };
			} catch (error) {
				return { raw, parsed: null, parsing_error: error };
			}
		});
	};
	try {
		adapter.withStructuredOutput = replacement as AdapterLike['withStructuredOutput'];
		return adapter.withStructuredOutput === replacement;
	} catch {
		return false;
	}
}
