/**
 * One 402 memory (nodes/shared/quotaMemory.ts) for the node and both sub-nodes: what a run of the
 * node learns holds for later runs of the same execution (a loop), per account and provider; a
 * sub-node's memory covers every call of the account; another execution starts afresh.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import { ExecutionScope, type ExecutionSettings } from '../../nodes/HuggingFaceInference/operations/scope';
import { executionQuota } from '../../nodes/shared/quotaMemory';
import type { RouterTransport } from '../../nodes/shared/transport/RouterTransport';

const SETTINGS: ExecutionSettings = { timeoutMs: 1000, maxRetries: 0, concurrency: undefined, maxCostUsd: null, skipAfterQuota: true, pollIntervalMs: 10 };
const ACCOUNT = { credentialId: 'cred-1', billTo: '' };

function scopeIn(executionId: string, settings = SETTINGS): ExecutionScope {
	const ctx = { getExecutionId: () => executionId } as unknown as IExecuteFunctions;
	return new ExecutionScope(ctx, {} as RouterTransport, settings, ACCOUNT);
}

test('a 402 seen by one run of the node is known to the next run of the same execution, for that provider only', () => {
	scopeIn('exec-a').markExhausted('fal-ai', 'You have exceeded your monthly included credits');
	expect(scopeIn('exec-a').refusal('fal-ai')).toEqual({ message: 'You have exceeded your monthly included credits', local: false });
	expect(scopeIn('exec-a').refusal('replicate')).toBeUndefined();
	expect(scopeIn('exec-b').refusal('fal-ai')).toBeUndefined();
});

test('with Skip After Quota Exhausted off, the memory is not asked', () => {
	scopeIn('exec-c').markExhausted('together', 'depleted');
	expect(scopeIn('exec-c', { ...SETTINGS, skipAfterQuota: false }).refusal('together')).toBeUndefined();
});

test('the node and the sub-nodes keep one store: an account-wide entry and a provider\'s are apart', () => {
	executionQuota('exec-d', ACCOUNT).remember('depleted for the account');
	expect(executionQuota('exec-d', ACCOUNT).refusal()).toBe('depleted for the account');
	expect(scopeIn('exec-d').refusal('groq')).toBeUndefined();
	scopeIn('exec-d').markExhausted('groq', 'depleted on groq');
	expect(executionQuota('exec-d', ACCOUNT, 'groq').refusal()).toBe('depleted on groq');
	expect(executionQuota('exec-d', { ...ACCOUNT, billTo: 'my-org' }, 'groq').refusal()).toBeUndefined();
});
