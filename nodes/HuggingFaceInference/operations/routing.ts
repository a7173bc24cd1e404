import { NodeOperationError } from 'n8n-workflow';

import { mappingServesTask, type ProviderMappingEntry } from '../../shared/catalogue/RouterCatalogue';
import { getProviderModule, servesTask } from '../../shared/providers';
import { loraFromMapping } from '../../shared/providers/lora';
import { TASK_KEYS, type HubTask, type ProviderCall, type ProviderModule, type ProviderTask } from '../../shared/providers/types';
import type { PreparedItem } from './pipeline';
import { ROUTING_POLICIES, badInput } from './parameters';
import type { ExecutionScope } from './scope';

export interface ResolvedProvider {
	module: ProviderModule;
	entry: ProviderMappingEntry;
	/** What the provider module needs for this unit's calls: transport, deadline, both model ids. */
	call: ProviderCall;
}

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
		return mappingServesTask(entry, task) && module !== undefined && hasTask(module);
	});
	const live = usable.filter((entry) => entry.status === 'live');
	const entry = item.provider === 'auto' ? live[0] : usable.find((candidate) => candidate.provider === item.provider);
	if (!entry) {
		const names = live.map((candidate) => candidate.provider);
		const notLive = usable.filter((candidate) => candidate.status !== 'live').map((candidate) => `${candidate.provider} (${candidate.status})`);
		const asked = item.provider === 'auto' ? 'No live Inference Provider serves' : `Provider "${item.provider}" does not serve`;
		throw new NodeOperationError(scope.ctx.getNode(), `${asked} ${item.model} for ${task} (item ${item.itemIndex})`, {
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
		pollIntervalMs: scope.settings.pollIntervalMs,
		lora: loraFromMapping(entry),
	};
	return { module: getProviderModule(entry.provider)!, entry, call };
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
