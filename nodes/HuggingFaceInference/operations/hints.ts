import { TEXT_TOO_LONG, failureHint, isModelNotSupported, type HintWording } from '../../shared/failureHints';
import type { RouterCallError } from '../../shared/transport/errors';
import type { OperationName } from './parameters';
import type { PreparedItem } from './pipeline';
import type { ExecutionScope } from './scope';

/** Lists the providers that do serve the item's model (per operation: catalogue or mapping). */
export type ProvidersHint = (scope: ExecutionScope, item: PreparedItem<unknown>) => Promise<string | undefined>;

const NODE_WORDING: Omit<HintWording, 'tooLarge'> = {
	tooManyRequests:
		'The provider kept answering "Too Many Requests" until the item\'s Timeout ran out, though the node slowed down. Raise Timeout, set a lower Concurrency, or try another provider.',
	brokenStream: 'The provider failed in the middle of a streamed answer on every attempt. Try again later, turn off Stream, or pick another provider.',
};

/** After a 413, what makes the request smaller: only embeddings have Truncate. */
const TOO_LARGE: Record<OperationName, string> = {
	chat: 'The request is larger than the provider accepts. Shorten the messages, or send fewer or smaller images.',
	embedding: TEXT_TOO_LONG,
	image: 'The prompt is longer than the model accepts. Shorten it.',
	textToVideo: 'The prompt is longer than the model accepts. Shorten it.',
	imageToImage: 'The picture is larger than the provider accepts. Send a smaller picture.',
	speechToText: 'The recording is larger than the provider accepts. Send a shorter or more compressed recording (MP3 or OGG rather than WAV).',
	textToSpeech: 'The text is longer than the model accepts. Split it into shorter pieces.',
};

/** The description shown under an error: what the user can do about it. */
export async function describeFailure(
	scope: ExecutionScope,
	error: RouterCallError,
	item: PreparedItem<unknown>,
	providersHint: ProvidersHint,
	operation: OperationName,
): Promise<string | undefined> {
	if (isModelNotSupported(error.failure)) return await providersHint(scope, item);
	return failureHint(error.failure, item.model, { ...NODE_WORDING, tooLarge: TOO_LARGE[operation] });
}
