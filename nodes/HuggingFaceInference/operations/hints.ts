import { TEXT_TOO_LONG, failureHint, isModelNotSupported, type HintWording } from '../../shared/failureHints';
import type { RouterCallError } from '../../shared/transport/errors';
import type { PreparedItem } from './pipeline';
import type { ExecutionScope } from './scope';

/** Lists the providers that do serve the item's model (per operation: catalogue or mapping). */
export type ProvidersHint = (scope: ExecutionScope, item: PreparedItem<unknown>) => Promise<string | undefined>;

const NODE_WORDING: HintWording = {
	tooManyRequests:
		'The provider kept answering "Too Many Requests" until the item\'s Timeout ran out, though the node slowed down. Raise Timeout, set a lower Concurrency, or try another provider.',
	brokenStream: 'The provider failed in the middle of a streamed answer on every attempt. Try again later, turn off Stream, or pick another provider.',
	tooLarge: TEXT_TOO_LONG,
};

/** The description shown under an error: what the user can do about it. */
export async function describeFailure(
	scope: ExecutionScope,
	error: RouterCallError,
	item: PreparedItem<unknown>,
	providersHint: ProvidersHint,
): Promise<string | undefined> {
	if (isModelNotSupported(error.failure)) return await providersHint(scope, item);
	return failureHint(error.failure, item.model, NODE_WORDING);
}
