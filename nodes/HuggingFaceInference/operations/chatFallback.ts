/** Chat: the Fallback Models option and the checks against the router's catalogue before any call. */
import { NodeApiError, type IDataObject, type JsonObject } from 'n8n-workflow';

import { capabilityProblem } from '../../shared/catalogue/capabilities';
import { FallbackError, callWithFallbacks, canFallBack, deadRoutes, describeTried, parseFallbackModels, type ChatRoute, type FallbackFailure } from '../../shared/chat/fallback';
import { badInput } from '../../shared/parameters';
import { QuotaExhaustedError } from '../../shared/transport/errors';
import type { ExecutionScope } from './scope';

/** Reads Fallback Models for one item; an entry that is no Hub id fails the item before any call. */
export function readFallbackModels(scope: ExecutionScope, itemIndex: number, options: IDataObject, primary: ChatRoute): ChatRoute[] {
	const parsed = parseFallbackModels(options.fallbackModels, primary);
	if ('invalid' in parsed) {
		throw badInput(
			scope.ctx,
			itemIndex,
			'Fallback Models',
			`has "${parsed.invalid}", which is not a Hugging Face model ID`,
			'Give Hub model IDs separated by commas, such as Qwen/Qwen2.5-72B-Instruct, openai/gpt-oss-120b (an ID may end in :provider, such as :groq).',
		);
	}
	return parsed.routes;
}

/**
 * A JSON schema response format on a model whose providers all say they return no structured
 * output fails the item before the call (a pinned provider is judged alone). Where the catalogue is
 * unreachable, does not know the model or lacks the field, nothing is refused.
 */
export async function checkStructuredOutput(scope: ExecutionScope, itemIndex: number, routes: ChatRoute[]): Promise<void> {
	let models;
	try {
		models = await scope.catalogue.models();
	} catch {
		return;
	}
	for (const [index, route] of routes.entries()) {
		const found = capabilityProblem(models, route.model, route.provider, 'structuredOutput');
		if (found) {
			throw badInput(scope.ctx, itemIndex, index ? `Fallback model ${route.model}` : 'Response Format "JSON Schema"', `cannot be used: ${found.problem}`, found.fix);
		}
	}
}

/** The models that could not serve in this execution, for this router and account. */
function memoryFor(scope: ExecutionScope) {
	return deadRoutes(scope.ctx.getExecutionId(), `${scope.transport.routerUrl}\u0000${scope.transport.account}`);
}

/**
 * Calls the primary route, then the fallbacks while the models cannot serve (shared/chat/fallback.ts).
 * After fallbacks were involved, a failure is the last model's, with the others in its description.
 */
export async function chatWithFallbacks<T>(
	scope: ExecutionScope,
	itemIndex: number,
	routes: ChatRoute[],
	call: (route: ChatRoute) => Promise<T>,
): Promise<{ result: T; route: ChatRoute; tried: FallbackFailure[] }> {
	return await callWithFallbacks(routes, memoryFor(scope), call).catch((error: unknown) => {
		if (!(error instanceof FallbackError)) throw error;
		const inner = error.error;
		// A 402, and a failure of the first model before any other was asked, end the item as without fallbacks.
		if (inner instanceof QuotaExhaustedError || (error.route === routes[0] && !error.tried.length)) throw inner;
		throw fallbackNodeError(scope, itemIndex, error);
	});
}

/** After fallbacks were involved: the last model's failure, the others in the description. */
function fallbackNodeError(scope: ExecutionScope, itemIndex: number, error: FallbackError): NodeApiError {
	const inner = error.error;
	const failure = (inner as { failure?: { httpCode: number | null; message: string } }).failure ?? { httpCode: null, message: error.message };
	const { route } = error;
	const where = `${route.provider === 'auto' ? 'auto-routed' : route.provider} / ${route.model}`;
	const message = scope.transport.redact(`${failure.message} (${failure.httpCode ? `HTTP ${failure.httpCode}, ` : ''}${where})`);
	const description = scope.transport.redact(
		[
			describeTried(error.tried),
			canFallBack(inner)
				? 'No model could answer: try again later, or add other Fallback Models.'
				: 'The next fallback model was not asked: this failure is not one of a model that cannot serve (the request, the token or the credits would fail the same).',
		].join(' '),
	);
	const httpCode = failure.httpCode ? String(failure.httpCode) : undefined;
	return new NodeApiError(scope.ctx.getNode(), { message: failure.message, httpCode } as JsonObject, { message, description, httpCode, itemIndex });
}
