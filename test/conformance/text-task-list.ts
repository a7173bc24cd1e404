import type { ProviderTask } from '../../nodes/shared/providers';

/** The text tasks, whose client calls are in text-tasks.test.ts (the other tasks': conformance.test.ts). */
export const TEXT_TASKS = ['text-classification', 'zero-shot-classification', 'token-classification', 'translation', 'summarization', 'question-answering'] as const satisfies readonly ProviderTask[];

export type TextTask = (typeof TEXT_TASKS)[number];
