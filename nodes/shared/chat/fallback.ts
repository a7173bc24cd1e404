/**
 * Fallback models for chat, shared by the node's Chat and the chat model sub-node: which failures
 * let the next model answer (`canFallBack`, the one place that decides), the order the models are
 * tried in, and what an execution has learnt about models that could not serve.
 */
import { isModelNotSupported } from '../failureHints';
import { PROVIDER_ID, splitList } from '../parameters';
import { QuotaExhaustedError, RouterCallError } from '../transport/errors';

/** A model and how it is routed (`auto`, a policy or a provider id), as the node's Provider field. */
export interface ChatRoute {
	model: string;
	provider: string;
}

/** A model that could not answer, as `json.fallbacksTried` lists it. */
export interface FallbackFailure {
	model: string;
	httpCode: number | null;
	message: string;
	/** Not called for this item: it failed so earlier in this execution (its failure then). */
	skipped?: true;
	/** The provider or policy it was asked through, where it is not the node's own. */
	provider?: string;
}

/**
 * The Fallback Models option: Hub ids, comma- or newline-separated, in order. An entry may name its
 * own provider or policy with the router's suffix (`Qwen/Qwen2.5-72B-Instruct:together`); without
 * one it is routed as the node's Provider says. Entries equal to the primary route are dropped.
 */
export function parseFallbackModels(raw: unknown, primary: ChatRoute): { routes: ChatRoute[] } | { invalid: string } {
	const entries = splitList(raw);
	const routes: ChatRoute[] = [];
	const seen = new Set([routeKey(primary)]);
	for (const entry of entries) {
		const colon = entry.lastIndexOf(':');
		const model = colon === -1 ? entry : entry.slice(0, colon);
		const provider = colon === -1 ? primary.provider : entry.slice(colon + 1).toLowerCase() || 'auto';
		if (!model || /\s/.test(model) || model.includes(':') || !PROVIDER_ID.test(provider)) return { invalid: entry };
		const route = { model, provider };
		if (seen.has(routeKey(route))) continue;
		seen.add(routeKey(route));
		routes.push(route);
	}
	return { routes };
}

function routeKey(route: ChatRoute): string {
	return `${route.model.toLowerCase()}:${route.provider}`;
}

/**
 * Whether the next model may answer after this failure: the model cannot serve (5xx, 408 or 429
 * after its retries, a timeout or cut connection after its retries, 404, `model_not_supported`, no
 * live provider). Never after a 402 (every model of the account would answer the same), a 401 or
 * 403 (the token), nor after the item's own bad input (400 otherwise, 413, 422): another model
 * would be sent the same.
 */
export function canFallBack(error: unknown): boolean {
	if (error instanceof QuotaExhaustedError || !(error instanceof RouterCallError)) return false;
	const { httpCode, kind, code, message } = error.failure;
	if (httpCode === null) return kind === 'retryable' || code === 'ETIMEDOUT';
	if (httpCode === 402 || httpCode === 401 || httpCode === 403) return false;
	if (httpCode === 404 || httpCode === 408 || httpCode === 429 || httpCode >= 500) return true;
	return httpCode === 400 && (isModelNotSupported(error.failure) || /not supported by any provider|no live provider/i.test(message));
}

/** Executions remembered at once; the oldest is forgotten first. */
const REMEMBERED = 2000;

const failed = new Map<string, FallbackFailure>();

/** What one execution has learnt about routes that could not serve (per account). */
export interface DeadRoutes {
	get(route: ChatRoute): FallbackFailure | undefined;
	remember(route: ChatRoute, failure: FallbackFailure): void;
	forget(route: ChatRoute): void;
}

/**
 * The routes that could not serve in this execution, for this account (`scope`: the router and
 * who pays). Kept per execution only: a model down for a minute is asked first again by the next
 * execution.
 */
export function deadRoutes(executionId: string, scope: string): DeadRoutes {
	const key = (route: ChatRoute) => `${executionId}\u0000${scope}\u0000${routeKey(route)}`;
	return {
		get: (route) => failed.get(key(route)),
		remember(route, failure) {
			failed.delete(key(route));
			failed.set(key(route), failure);
			while (failed.size > REMEMBERED) failed.delete(failed.keys().next().value as string);
		},
		forget: (route) => void failed.delete(key(route)),
	};
}

/** A failure after fallback models were involved: the route it came from and what failed before. */
export class FallbackError extends Error {
	constructor(
		readonly error: unknown,
		readonly route: ChatRoute,
		readonly tried: FallbackFailure[],
	) {
		super(error instanceof Error ? error.message : String(error));
		this.name = 'FallbackError';
	}
}

function failureOf(route: ChatRoute, error: unknown, primary: ChatRoute): FallbackFailure {
	const failure = error instanceof RouterCallError ? error.failure : { httpCode: null, message: String((error as Error)?.message ?? error) };
	return { model: route.model, httpCode: failure.httpCode, message: failure.message, ...(route.provider !== primary.provider ? { provider: route.provider } : {}) };
}

/**
 * Calls the routes in order until one answers. A route that could not serve earlier in this
 * execution is not asked first again: it is listed as skipped and asked only after all the others
 * failed. A failure that may not fall back ends the call at once. With one route, its error is
 * thrown as it is; with fallbacks, a RouterCallError comes wrapped in a FallbackError (a 402 and
 * anything that is no router failure come as they are).
 */
export async function callWithFallbacks<T>(
	routes: ChatRoute[],
	memory: DeadRoutes,
	call: (route: ChatRoute) => Promise<T>,
): Promise<{ result: T; route: ChatRoute; tried: FallbackFailure[] }> {
	const [primary] = routes;
	if (routes.length === 1) return { result: await call(primary), route: primary, tried: [] };
	const tried: FallbackFailure[] = [];
	const deferred: ChatRoute[] = [];
	let last: { error: RouterCallError; route: ChatRoute } | undefined;
	// Promise callbacks rather than try/catch: what is thrown here goes on as it is (the callers make the node errors).
	const attempt = async (route: ChatRoute): Promise<{ result: T } | undefined> =>
		await call(route).then(
			(result) => {
				memory.forget(route);
				return { result };
			},
			(error: unknown) => {
				if (!(error instanceof RouterCallError)) throw error;
				if (!canFallBack(error)) throw new FallbackError(error, route, tried);
				const failure = failureOf(route, error, primary);
				memory.remember(route, failure);
				tried.push(failure);
				last = { error, route };
				return undefined;
			},
		);
	for (const route of routes) {
		const known = memory.get(route);
		if (known) {
			tried.push({ ...known, skipped: true });
			deferred.push(route);
			continue;
		}
		const answered = await attempt(route);
		if (answered) return { ...answered, route, tried };
	}
	for (const route of deferred) {
		// Asked again now that nothing else answered: its earlier failure leaves the list.
		const earlier = tried.findIndex((entry) => entry.skipped && entry.model === route.model && (entry.provider ?? primary.provider) === route.provider);
		if (earlier !== -1) tried.splice(earlier, 1);
		const answered = await attempt(route);
		if (answered) return { ...answered, route, tried };
	}
	// Every route failed: the last failure is the error, the others went before it.
	tried.pop();
	throw new FallbackError(last!.error, last!.route, tried);
}

/** The models that failed before, in words, for an error's description. */
export function describeTried(tried: FallbackFailure[]): string {
	if (!tried.length) return '';
	const each = tried.map((entry) => `${entry.model}${entry.provider ? `:${entry.provider}` : ''} (${entry.httpCode === null ? 'no answer' : `HTTP ${entry.httpCode}`}: ${entry.message}${entry.skipped ? ', earlier in this execution' : ''})`);
	return `Before it, these could not answer: ${each.join('; ')}.`;
}
