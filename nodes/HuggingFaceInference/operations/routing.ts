import { NodeOperationError } from 'n8n-workflow';

import { mappingServesTask } from '../../shared/catalogue/RouterCatalogue';
import { getProviderModule, servesTask } from '../../shared/providers';
import { resolveServingProvider, type ResolvedProvider } from '../../shared/providers/resolve';
import { TASK_KEYS, type HubTask, type ProviderModule, type ProviderTask } from '../../shared/providers/types';
import type { PreparedItem } from './pipeline';
import { ROUTING_POLICIES, badInput } from './parameters';
import type { ExecutionScope } from './scope';

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
 * Finds which provider serves the item's model for the task (see shared/providers/resolve), with a
 * deadline for this unit's calls.
 */
export async function resolveProvider(
	scope: ExecutionScope,
	item: PreparedItem<unknown>,
	task: HubTask,
	hasTask: (module: ProviderModule) => boolean,
): Promise<ResolvedProvider> {
	return await resolveServingProvider(
		{ node: scope.ctx.getNode(), catalogue: scope.catalogue, transport: scope.transport, pollIntervalMs: scope.settings.pollIntervalMs },
		{ model: item.model, provider: item.provider, itemIndex: item.itemIndex },
		task,
		hasTask,
	);
}

function providerServes(provider: string, task: HubTask): boolean {
	const module = getProviderModule(provider);
	if (!module) return false;
	return task in TASK_KEYS ? servesTask(module, task as ProviderTask) : true;
}

/** For a provider's "model not supported" answer: the providers the mapping lists for the task. */
export function mappingProvidersHint(task: HubTask) {
	return async (scope: ExecutionScope, item: PreparedItem<unknown>): Promise<string | undefined> => {
		const mapping = await scope.catalogue.mapping(item.model);
		// Only providers this node can call for the task: naming another would send the user nowhere.
		const live = mapping
			.filter((entry) => mappingServesTask(entry, task) && entry.status === 'live' && providerServes(entry.provider, task))
			.map((entry) => entry.provider);
		return live.length ? `${item.model} is served for ${task} by: ${live.join(', ')}.` : undefined;
	};
}
