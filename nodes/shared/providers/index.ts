import { deepinfra } from './deepinfra';
import { falAi } from './fal-ai';
import { hfInference } from './hf-inference';
import { novita } from './novita';
import { nscale } from './nscale';
import { replicate } from './replicate';
import { scaleway } from './scaleway';
import { together } from './together';
import { TASK_KEYS, type ProviderModule, type ProviderTask } from './types';
import { wavespeed } from './wavespeed';
import { zaiOrg } from './zai-org';

/**
 * Every provider this node can call on its per-provider routes, keyed by the id the Hub uses in
 * `inferenceProviderMapping`. Adding a provider is one file in this folder and one row here.
 * (Chat needs no row: it goes through the router's OpenAI-compatible `/v1` for every provider.)
 */
export const PROVIDERS: Record<string, ProviderModule> = {
	'hf-inference': hfInference,
	together,
	nscale,
	'fal-ai': falAi,
	replicate,
	wavespeed,
	'zai-org': zaiOrg,
	deepinfra,
	scaleway,
	novita,
};

export function getProviderModule(id: string): ProviderModule | undefined {
	return Object.prototype.hasOwnProperty.call(PROVIDERS, id) ? PROVIDERS[id] : undefined;
}

/** A provider's helper for one task, typed by the task: `taskHelper('together', 'text-to-image')?.generate`. */
export type TaskHelper<T extends ProviderTask> = NonNullable<ProviderModule[(typeof TASK_KEYS)[T]]>;

/** The one answer to "does this provider serve this task?": its helper, or undefined. */
export function taskHelper<T extends ProviderTask>(provider: string, task: T): TaskHelper<T> | undefined {
	const module = getProviderModule(provider);
	return module?.[TASK_KEYS[task]] as TaskHelper<T> | undefined;
}

export function isProviderTask(task: string): task is ProviderTask {
	return Object.prototype.hasOwnProperty.call(TASK_KEYS, task);
}

/** Ids of the providers that serve a task, in table order. */
export function providersForTask(task: ProviderTask): string[] {
	return Object.keys(PROVIDERS).filter((id) => taskHelper(id, task) !== undefined);
}

export type { ProviderModule, ProviderTask } from './types';
