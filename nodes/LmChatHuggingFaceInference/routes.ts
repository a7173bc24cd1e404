/**
 * The chat model sub-node's routes: its model, then its Fallback Models (nodes/shared/chat/fallback.ts),
 * checked against the router's catalogue before any call, and their failures in words.
 */
import { NodeOperationError, type INode } from 'n8n-workflow';

import { capabilityProblem, type Capability } from '../shared/catalogue/capabilities';
import type { RouterCatalogue } from '../shared/catalogue/RouterCatalogue';
import { FallbackError, type ChatRoute } from '../shared/chat/fallback';
import { CHAT_MODEL_HINTS, subNodeError } from '../shared/nodeErrors';
import type { ChatRequest } from '../shared/transport/chat';

const NEEDS: Record<Capability, string> = { tools: 'with tools', structuredOutput: 'with a JSON schema response format' };

/**
 * Tools bound by an Agent, or a JSON schema response format, on a model whose live providers all
 * say they cannot (a pinned provider: that one), fail before any chat call, naming models that
 * can. The message says it all: an Agent's error output keeps only the message. Where the
 * catalogue is unreachable, does not know the model or lacks the field, nothing is refused.
 */
export async function refuseIncapableRoutes(node: INode, catalogue: RouterCatalogue, routes: ChatRoute[], request: ChatRequest): Promise<void> {
	const needs: Capability[] = [];
	if (request.tools?.length) needs.push('tools');
	if ((request.response_format as { type?: string } | undefined)?.type === 'json_schema') needs.push('structuredOutput');
	if (!needs.length) return;
	let models;
	try {
		models = await catalogue.models();
	} catch {
		return;
	}
	for (const [index, route] of routes.entries()) {
		for (const need of needs) {
			const found = capabilityProblem(models, route.model, route.provider, need);
			if (!found) continue;
			const which = index ? `Fallback model ${route.model}` : route.model;
			throw new NodeOperationError(node, `${which} cannot be used ${NEEDS[need]}: ${found.problem}. ${found.fix}`, {
				description: `No request was sent. ${found.fix}`,
			});
		}
	}
}

/** A failed call as the sub-node's error: the model that failed last, and the ones that failed before it. */
export function chatRouteError(node: INode, error: unknown, primary: ChatRoute): Error {
	if (!(error instanceof FallbackError)) return subNodeError(node, error, primary, CHAT_MODEL_HINTS);
	const failed = subNodeError(node, error.error, error.route, CHAT_MODEL_HINTS);
	if (!error.tried.length) return failed;
	const before = error.tried.map((entry) => `${entry.model} (${entry.httpCode === null ? 'no answer' : `HTTP ${entry.httpCode}`})`).join(', ');
	failed.message = `${failed.message}; fallback models tried before it: ${before}`;
	return failed;
}
