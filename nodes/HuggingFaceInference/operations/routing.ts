import { NodeOperationError } from 'n8n-workflow';

import type { ProviderMappingEntry } from '../catalogue/RouterCatalogue';
import { getProviderModule } from '../providers';
import type { HubTask, ProviderModule } from '../providers/types';
import type { PreparedItem } from './pipeline';
import { ROUTING_POLICIES, badInput } from './parameters';
import type { ExecutionScope } from './scope';

export interface ResolvedProvider {
	module: ProviderModule;
	entry: ProviderMappingEntry;
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
 * Finds which provider serves the item's model for the task, and its own id for the model, from the
 * Hub's provider mapping (fetched once per model per execution). `auto` takes the first live one.
 */
export async function resolveProvider(
	scope: ExecutionScope,
	item: PreparedItem<unknown>,
	task: HubTask,
	hasTask: (module: ProviderModule) => boolean,
): Promise<ResolvedProvider> {
	const mapping = await scope.catalogue.mapping(item.model);
	const usable = mapping.filter((entry) => {
		const module = getProviderModule(entry.provider);
		return entry.task === task && module !== undefined && hasTask(module);
	});
	const live = usable.filter((entry) => entry.status === 'live');
	const entry = item.provider === 'auto' ? live[0] : usable.find((candidate) => candidate.provider === item.provider);
	if (!entry) {
		const names = live.map((candidate) => candidate.provider);
		const asked = item.provider === 'auto' ? 'No live Inference Provider serves' : `Provider "${item.provider}" does not serve`;
		throw new NodeOperationError(scope.ctx.getNode(), `${asked} ${item.model} for ${task} (item ${item.itemIndex})`, {
			itemIndex: item.itemIndex,
			description: names.length
				? `Providers that serve it: ${names.join(', ')}. Pick one of them in Provider, or use auto.`
				: `No provider this node supports serves ${item.model} for ${task}. Pick another model.`,
		});
	}
	return { module: getProviderModule(entry.provider)!, entry };
}

/** For a provider's "model not supported" answer: the providers the mapping lists for the task. */
export function mappingProvidersHint(task: HubTask) {
	return async (scope: ExecutionScope, item: PreparedItem<unknown>): Promise<string | undefined> => {
		const mapping = await scope.catalogue.mapping(item.model);
		const live = mapping.filter((entry) => entry.task === task && entry.status === 'live').map((entry) => entry.provider);
		return live.length ? `${item.model} is served for ${task} by: ${live.join(', ')}.` : undefined;
	};
}
