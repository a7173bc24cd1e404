import { NodeOperationError, type INode } from 'n8n-workflow';

import { mappingServesTask, type ProviderMappingEntry, type RouterCatalogue } from '../catalogue/RouterCatalogue';
import type { RouterTransport } from '../transport/RouterTransport';
import { getProviderModule, taskHelper, type TaskHelper } from './index';
import { loraFromMapping } from './lora';
import type { HubTask, ProviderCall, ProviderTask } from './types';

export interface ResolvedProvider<T extends ProviderTask = ProviderTask> {
	/** The provider's helper for the task. */
	helper: TaskHelper<T>;
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
 * The mapping's entries this node can call for the task, each with its provider's helper: the one
 * place that decides whether a provider serves a model for a task (calls, hints and the picker).
 */
export function servingEntries<T extends ProviderTask>(
	mapping: ProviderMappingEntry[],
	task: T,
	mappedAs: readonly HubTask[] = [task],
): Array<{ entry: ProviderMappingEntry; helper: TaskHelper<T> }> {
	return mapping.flatMap((entry) => {
		const helper = taskHelper(entry.provider, task);
		return helper && mappedAs.some((hubTask) => mappingServesTask(entry, hubTask)) ? [{ entry, helper }] : [];
	});
}

/**
 * Finds which provider serves the item's model for the task, and its own id for the model, from the
 * Hub's provider mapping (fetched once per model per execution). `auto` takes the first live one.
 * `mappedAs`: the Hub tasks whose mapping entries the task's helper serves (Edit Image also takes a
 * model mapped for image-text-to-image: with an input picture the clients send the same request).
 */
export async function resolveServingProvider<T extends ProviderTask>(
	scope: ResolveScope,
	item: { model: string; provider: string; itemIndex?: number },
	task: T,
	mappedAs: readonly HubTask[] = [task],
): Promise<ResolvedProvider<T>> {
	const usable = servingEntries(await scope.catalogue.mapping(item.model), task, mappedAs);
	const live = usable.filter((candidate) => candidate.entry.status === 'live');
	const chosen = item.provider === 'auto' ? live[0] : usable.find((candidate) => candidate.entry.provider === item.provider);
	if (!chosen) {
		const names = live.map((candidate) => candidate.entry.provider);
		const notLive = usable.filter((candidate) => candidate.entry.status !== 'live').map(({ entry }) => `${entry.provider} (${entry.status})`);
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
	const { entry, helper } = chosen;
	const call: ProviderCall = {
		transport: scope.transport,
		deadline: scope.transport.deadline(),
		hubModelId: item.model,
		providerModelId: entry.providerId,
		pollIntervalMs: scope.pollIntervalMs,
		lora: loraFromMapping(entry),
		parametersAt: getProviderModule(entry.provider)?.parametersAt,
	};
	return { helper, entry, call };
}

