import { NodeOperationError, type INode } from 'n8n-workflow';

import { mappingServesTask, type ProviderMappingEntry, type RouterCatalogue } from '../catalogue/RouterCatalogue';
import type { RouterTransport } from '../transport/RouterTransport';
import { getProviderModule } from './index';
import { loraFromMapping } from './lora';
import type { HubTask, ProviderCall, ProviderModule } from './types';

export interface ResolvedProvider {
	module: ProviderModule;
	entry: ProviderMappingEntry;
	/** What the provider module needs for this unit's calls: transport, deadline, both model ids. */
	call: ProviderCall;
}

/** What resolving needs: the node (for errors), the catalogue cache and the transport to call with. */
export interface ResolveScope {
	node: INode;
	catalogue: RouterCatalogue;
	transport: RouterTransport;
	pollIntervalMs: number;
}

/**
 * Finds which provider serves the item's model for the task, and its own id for the model, from the
 * Hub's provider mapping (fetched once per model per execution). `auto` takes the first live one.
 */
export async function resolveServingProvider(
	scope: ResolveScope,
	item: { model: string; provider: string; itemIndex?: number },
	task: HubTask,
	hasTask: (module: ProviderModule) => boolean,
): Promise<ResolvedProvider> {
	const mapping = await scope.catalogue.mapping(item.model);
	const usable = mapping.filter((entry) => {
		const module = getProviderModule(entry.provider);
		return mappingServesTask(entry, task) && module !== undefined && hasTask(module);
	});
	const live = usable.filter((entry) => entry.status === 'live');
	const entry = item.provider === 'auto' ? live[0] : usable.find((candidate) => candidate.provider === item.provider);
	if (!entry) {
		const names = live.map((candidate) => candidate.provider);
		const notLive = usable.filter((candidate) => candidate.status !== 'live').map((candidate) => `${candidate.provider} (${candidate.status})`);
		const asked = item.provider === 'auto' ? 'No live Inference Provider serves' : `Provider "${item.provider}" does not serve`;
		const where = item.itemIndex === undefined ? '' : ` (item ${item.itemIndex})`;
		throw new NodeOperationError(scope.node, `${asked} ${item.model} for ${task}${where}`, {
			itemIndex: item.itemIndex,
			description: names.length
				? `Providers that serve it: ${names.join(', ')}. Pick one of them in Provider, or use auto.`
				: notLive.length
					? `The Hub lists ${item.model} for ${task} only with providers that are not live: ${notLive.join(', ')}. Pick one of them in Provider to try it anyway, or pick another model.`
					: `No provider this node supports serves ${item.model} for ${task}. Pick another model.`,
		});
	}
	const call: ProviderCall = {
		transport: scope.transport,
		deadline: scope.transport.deadline(),
		hubModelId: item.model,
		providerModelId: entry.providerId,
		pollIntervalMs: scope.pollIntervalMs,
		lora: loraFromMapping(entry),
	};
	return { module: getProviderModule(entry.provider)!, entry, call };
}

