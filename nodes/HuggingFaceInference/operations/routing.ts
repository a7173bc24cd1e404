import { NodeOperationError, type IDataObject } from 'n8n-workflow';

import { ROUTING_POLICIES, badInput, readModel, readOptions, readProvider } from '../../shared/parameters';
import { resolveServingProvider, servingEntries, type ResolvedProvider } from '../../shared/providers/resolve';
import type { HubTask, ProviderTask } from '../../shared/providers/types';
import { requestParameters } from './readers';
import type { ExecutionScope } from './scope';
import type { PreparedItem, ProvidersHint } from './types';

export type { ResolvedProvider } from '../../shared/providers/resolve';

/**
 * Runs an item's checks so that a refusal names the provider and the model, as the errors of a
 * call do: `Prompt is empty (item 2, fal-ai / black-forest-labs/FLUX.1-dev)`.
 */
export function checkNamingProviderAndModel<T>(scope: ExecutionScope, itemIndex: number, provider: string, model: string, check: () => T): T {
	let refusal: unknown;
	try {
		return check();
	} catch (error) {
		refusal = error;
	}
	// Anything but an input check's own NodeOperationError goes on as it is.
	if (!(refusal instanceof NodeOperationError)) throw refusal;
	const where = `${provider === 'auto' ? 'auto-routed' : provider} / ${model}`;
	const message = /\(item \d+\)$/.test(refusal.message)
		? refusal.message.replace(/\(item (\d+)\)$/, `(item $1, ${where})`)
		: `${refusal.message} (item ${itemIndex}, ${where})`;
	throw new NodeOperationError(scope.ctx.getNode(), message, { itemIndex, description: refusal.description ?? undefined });
}

/** Chat routing policies mean nothing on the per-provider routes that images and embeddings use. */
export function rejectRoutingPolicy(scope: ExecutionScope, itemIndex: number, provider: string, task: string): void {
	if ((ROUTING_POLICIES as readonly string[]).includes(provider)) {
		throw badInput(
			scope.ctx,
			itemIndex,
			'Provider',
			`"${provider}" is a chat routing policy and does not apply to ${task}`,
			'Use auto, or pick a provider that serves the model (for example hf-inference, together, fal-ai or replicate).',
		);
	}
}

/**
 * The common start of every per-provider operation's prepare: model and provider read, a chat
 * routing policy refused, then the operation's own reading (`read`), whose refusals name the
 * provider and model, and the request parameters beyond the typed ones: the operation's `named`
 * options (under the names providers read) and the Extra Parameters option.
 */
export function prepareRouted<P>(
	scope: ExecutionScope,
	itemIndex: number,
	task: string,
	read: (options: IDataObject) => P,
	named?: (options: IDataObject) => Record<string, unknown>,
): PreparedItem<P> {
	const { ctx } = scope;
	const model = readModel(ctx, itemIndex);
	const provider = readProvider(ctx, itemIndex);
	return checkNamingProviderAndModel(scope, itemIndex, provider, model, () => {
		rejectRoutingPolicy(scope, itemIndex, provider, task);
		const options = readOptions(ctx, itemIndex);
		const params = read(options);
		const extra = requestParameters(scope, itemIndex, options, named?.(options));
		return { itemIndex, model, provider, params, ...(extra.named || extra.user ? { extra } : {}) };
	});
}

/**
 * Finds which provider serves the item's model for the task (see shared/providers/resolve), with a
 * deadline for this unit's calls, and its helper typed by the task.
 */
export async function resolveTask<T extends ProviderTask>(
	scope: ExecutionScope,
	item: PreparedItem<unknown>,
	task: T,
	mappedAs?: readonly HubTask[],
): Promise<ResolvedProvider<T>> {
	const resolved = await resolveServingProvider(
		{ node: scope.ctx.getNode(), catalogue: scope.catalogue, transport: scope.transport, pollIntervalMs: scope.settings.pollIntervalMs },
		{ model: item.model, provider: item.provider, itemIndex: item.itemIndex },
		task,
		mappedAs,
	);
	return item.extra ? { ...resolved, call: { ...resolved.call, extra: item.extra } } : resolved;
}

/** The json fields every per-provider answer starts with: who served which model. */
export function servedBy(item: PreparedItem<unknown>, resolved: { entry: ResolvedProvider['entry'] }): IDataObject {
	return { model: item.model, provider: resolved.entry.provider, providerModelId: resolved.entry.providerId };
}

/** For a provider's "model not supported" answer: the providers the mapping lists for the task. */
export function mappingProvidersHint(task: ProviderTask, mappedAs?: readonly HubTask[]): ProvidersHint {
	return async (scope, item) => {
		const served = servingEntries(await scope.catalogue.mapping(item.model), task, mappedAs);
		// Only live providers this node can call for the task: naming another would send the user nowhere.
		const live = served.filter(({ entry }) => entry.status === 'live').map(({ entry }) => entry.provider);
		return live.length ? `${item.model} is served for ${task} by: ${live.join(', ')}.` : undefined;
	};
}
