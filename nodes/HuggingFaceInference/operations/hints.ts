import { failureHint, isModelNotSupported, type HintWording } from '../../shared/failureHints';
import type { RouterCallError } from '../../shared/transport/errors';
import type { ExecutionScope } from './scope';
import type { OperationDescriptor, PreparedItem } from './types';

const NODE_WORDING: Omit<HintWording, 'tooLarge'> = {
	tooManyRequests:
		'The provider kept answering "Too Many Requests" until the item\'s Timeout ran out, though the node slowed down. Raise Timeout, set a lower Concurrency, or try another provider.',
	brokenStream: 'The provider failed in the middle of a streamed answer on every attempt. Try again later, turn off Stream, or pick another provider.',
};

/** The description shown under an error: what the user can do about it, in the operation's own words. */
export async function describeFailure(
	scope: ExecutionScope,
	error: RouterCallError,
	item: PreparedItem<unknown>,
	operation: Pick<OperationDescriptor, 'providersHint' | 'tooLarge'>,
): Promise<string | undefined> {
	if (isModelNotSupported(error.failure)) return await operation.providersHint(scope, item);
	return failureHint(error.failure, item.model, { ...NODE_WORDING, tooLarge: operation.tooLarge });
}
