import { failureHint, isModelNotSupported, type HintWording } from '../../shared/failureHints';
import type { RouterCallError } from '../../shared/transport/errors';
import type { ExecutionScope } from './scope';
import { isProviderTask } from '../../shared/providers';
import { mappingProvidersHint } from './routing';
import type { OperationDescriptor, PreparedItem, ProvidersHint } from './types';

const NODE_WORDING: Omit<HintWording, 'tooLarge'> = {
	tooManyRequests:
		'The provider kept answering "Too Many Requests" until the item\'s Timeout ran out, though the node slowed down. Raise Timeout, set a lower Concurrency, or try another provider.',
	brokenStream: 'The provider failed in the middle of a streamed answer on every attempt. Try again later, turn off Stream, or pick another provider.',
};

/** Who the Hub maps for an operation's tasks: the hint of every per-provider operation. */
function mappedProviders([task, ...others]: OperationDescriptor['hubTasks']): ProvidersHint {
	return isProviderTask(task) ? mappingProvidersHint(task, [task, ...others]) : async () => undefined;
}

/** The description shown under an error: what the user can do about it, in the operation's own words. */
export async function describeFailure(
	scope: ExecutionScope,
	error: RouterCallError,
	item: PreparedItem<unknown>,
	operation: Pick<OperationDescriptor, 'providersHint' | 'tooLarge' | 'hubTasks'>,
): Promise<string | undefined> {
	if (isModelNotSupported(error.failure)) return await (operation.providersHint ?? mappedProviders(operation.hubTasks))(scope, item);
	return failureHint(error.failure, item.model, { ...NODE_WORDING, tooLarge: operation.tooLarge });
}
