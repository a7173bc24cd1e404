/**
 * The conformance matrix, taken from the official client's own provider × task table
 * (`PROVIDERS` of huggingface.js `src/lib/getProviderHelper.ts`, exported by
 * `@huggingface/inference`), not from the node's: a pair the client serves and the node does not
 * must be listed in DELIBERATELY_NOT_SERVED with its reason, or the suite fails.
 */
import { PROVIDERS as CLIENT_PROVIDERS } from '@huggingface/inference';

import { OPERATIONS } from '../../nodes/HuggingFaceInference/operations';
import { PROVIDERS, isProviderTask, taskHelper } from '../../nodes/shared/providers';
import { TASK_KEYS, type ProviderTask } from '../../nodes/shared/providers/types';

/** The router's providers since 2026-07-01, when black-forest-labs, clarifai, hyperbolic, nebius, nvidia and sambanova left it. */
export const ROUTER_PROVIDERS = [
	'baseten', 'cerebras', 'cohere', 'deepinfra', 'fal-ai', 'featherless-ai', 'fireworks-ai', 'groq', 'hf-inference', 'novita',
	'nscale', 'openai', 'ovhcloud', 'publicai', 'replicate', 'scaleway', 'together', 'wavespeed', 'zai-org',
];

/** The node's per-provider tasks (one operation each), and chat, which goes through the router's `/v1` for every provider. */
export const PER_PROVIDER_TASKS = Object.keys(TASK_KEYS) as ProviderTask[];
export const CHAT_TASK = 'conversational';
/**
 * Hub tasks an operation serves through another task's helper (from the operations' descriptors:
 * Edit Image takes models mapped image-text-to-image with its image-to-image helper).
 */
export const SERVED_AS: Record<string, ProviderTask> = Object.fromEntries(
	Object.values(OPERATIONS).flatMap(({ hubTasks: [own, ...others] }) => (isProviderTask(own) ? others.map((task) => [task, own]) : [])),
);
/** Tasks the client serves that the node has no operation for yet: the media-input video tasks. */
export const COMING_TASKS = ['image-to-video', 'image-text-to-video'].filter((task) => !(task in SERVED_AS) && !(PER_PROVIDER_TASKS as string[]).includes(task));
/** The tasks of the matrix; the client's other tasks (text-generation, image-segmentation, ...) are outside the node's scope. */
export const MATRIX_TASKS: string[] = [...PER_PROVIDER_TASKS, ...Object.keys(SERVED_AS), CHAT_TASK, ...COMING_TASKS];

export interface Pair {
	provider: string;
	task: string;
}

export const pairName = ({ provider, task }: Pair): string => `${provider} / ${task}`;

const NOVITA_I2V =
	'not yet: Image to Video has no novita helper (huggingface.js NovitaImageTextToVideoTask); the operation serves fal-ai, wavespeed and together';

/**
 * Every pair of the client's table, within MATRIX_TASKS, that the node does not serve, and why.
 * The providers that left the router on 2026-07-01 are not here: the client (4.13.30) no longer
 * lists them either, so no pair of theirs is in its table.
 */
export const DELIBERATELY_NOT_SERVED: Record<string, string> = {
	'novita / image-text-to-video': NOVITA_I2V,
	// huggingface.js providers/openai.ts: OpenAIConversationalTask passes clientSideRoutingOnly.
	'openai / conversational':
		'client-side routing only: huggingface.js sends it to api.openai.com with the user\'s own OpenAI key, never through the router with a Hugging Face token, which is all the node sends',
};

/** Every (provider, task) of the client's table, in its order. */
export function allClientPairs(): Pair[] {
	return Object.entries(CLIENT_PROVIDERS).flatMap(([provider, tasks]) => Object.keys(tasks ?? {}).map((task) => ({ provider, task })));
}

function clientServes({ provider, task }: Pair): boolean {
	return !!(CLIENT_PROVIDERS as Record<string, Record<string, unknown> | undefined>)[provider]?.[task];
}

export function clientPairs(): Pair[] {
	return allClientPairs().filter((pair) => MATRIX_TASKS.includes(pair.task));
}

/** Pairs of the client's table for tasks the node has no operation for, nor one planned. */
export function outOfScopePairs(): Pair[] {
	return allClientPairs().filter((pair) => !MATRIX_TASKS.includes(pair.task));
}

/**
 * Whether the node serves a pair: a per-provider task by its provider module's helper; chat for
 * every provider the router reaches with a Hugging Face token (the node sends `model:provider`
 * to `/v1`), so every chat pair not listed as deliberately not served.
 */
export function nodeServes({ provider, task }: Pair): boolean {
	if (task === CHAT_TASK) return !(pairName({ provider, task }) in DELIBERATELY_NOT_SERVED);
	if (task in SERVED_AS) return taskHelper(provider, SERVED_AS[task]) !== undefined && clientServes({ provider, task });
	if (!(PER_PROVIDER_TASKS as string[]).includes(task)) return false;
	return taskHelper(provider, task as ProviderTask) !== undefined;
}

/** The node's own (provider, per-provider task) pairs: each must be one the client vouches for. */
export function nodePairs(): Pair[] {
	return Object.keys(PROVIDERS).flatMap((provider) => PER_PROVIDER_TASKS.filter((task) => taskHelper(provider, task) !== undefined).map((task) => ({ provider, task })));
}

export interface Matrix {
	served: Pair[];
	notServed: Array<Pair & { reason: string }>;
	/** Pairs neither served nor listed, or both: must be empty. */
	unexplained: Array<Pair & { why: string }>;
}

export function buildMatrix(): Matrix {
	const matrix: Matrix = { served: [], notServed: [], unexplained: [] };
	for (const pair of clientPairs()) {
		const reason = DELIBERATELY_NOT_SERVED[pairName(pair)];
		const served = nodeServes(pair);
		if (served && reason !== undefined) matrix.unexplained.push({ ...pair, why: 'served, yet listed as deliberately not served' });
		else if (served) matrix.served.push(pair);
		else if (reason !== undefined) matrix.notServed.push({ ...pair, reason });
		else matrix.unexplained.push({ ...pair, why: 'the client serves it, the node does not, and no reason is given' });
	}
	return matrix;
}
