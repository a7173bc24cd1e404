import { NodeApiError, type INode, type JsonObject } from 'n8n-workflow';

import { TEXT_TOO_LONG, failureHint, isModelNotSupported, type HintWording } from './failureHints';
import { QuotaExhaustedError, RouterCallError } from './transport/errors';

/** What a user can do once the credits are gone; said wherever a 402 ends a call. */
export const CREDITS_WHAT_TO_DO =
	'To continue: upgrade the account to PRO (more monthly credits), buy pre-paid credits at https://huggingface.co/settings/billing, bill an organization that has credits (Bill To in the credential), or use another Hugging Face credential (for an AI Agent: enable its fallback model on a second credential).';

/**
 * A 402 (Payment Required) as a node error for the sub-nodes. Its message itself says that the
 * credits are exhausted, because a root node's error output keeps only the message.
 */
export function creditsExhaustedError(
	node: INode,
	huggingFaceMessage: string,
	where: { model: string; provider: string },
	seenEarlier = false,
): NodeApiError {
	const message = `Hugging Face credits exhausted (402 Payment Required) for ${describeRoute(where)}: ${huggingFaceMessage}`;
	return new NodeApiError(node, { message: huggingFaceMessage, httpCode: '402' } as JsonObject, {
		message,
		description: seenEarlier
			? `No request was sent: this account answered 402 earlier in this execution. ${CREDITS_WHAT_TO_DO}`
			: CREDITS_WHAT_TO_DO,
		httpCode: '402',
	});
}

/** Where a sub-node's call went, as its errors name it: `cheapest / meta-llama/Llama-3.1-8B-Instruct`. */
export function describeRoute(where: { model: string; provider: string }): string {
	return `${where.provider === 'auto' ? 'auto-routed' : where.provider} / ${where.model}`;
}

/** The sub-nodes' Options hold Timeout and Max Retries (and Truncate for embeddings); the Agent or chain decides on streaming. */
const SUB_NODE_TOO_MANY_REQUESTS =
	'The provider kept answering "Too Many Requests" until the Timeout ran out, though the calls slowed down. Raise Timeout in Options, or try another provider.';
const SUB_NODE_BROKEN_STREAM = 'The provider failed in the middle of a streamed answer. Try again, or pick another provider.';

export const CHAT_MODEL_HINTS: HintWording = {
	tooManyRequests: SUB_NODE_TOO_MANY_REQUESTS,
	brokenStream: SUB_NODE_BROKEN_STREAM,
	tooLarge: 'The conversation is larger than the provider accepts. Shorten it (fewer or shorter messages, smaller images, fewer tools), or pick a model with a longer context.',
};

export const EMBEDDINGS_HINTS: HintWording = { tooManyRequests: SUB_NODE_TOO_MANY_REQUESTS, brokenStream: SUB_NODE_BROKEN_STREAM, tooLarge: TEXT_TOO_LONG };

/** A failed transport call as a sub-node's error (the transport has already redacted the token). */
export function subNodeError(node: INode, error: unknown, where: { model: string; provider: string }, hints: HintWording): Error {
	if (error instanceof QuotaExhaustedError) return creditsExhaustedError(node, error.message, where);
	if (error instanceof RouterCallError) {
		const { failure } = error;
		return new NodeApiError(node, { message: failure.message } as JsonObject, {
			message: `${failure.message} (${describeRoute(where)})`,
			httpCode: failure.httpCode === null ? undefined : String(failure.httpCode),
			description:
				failure.code === 'model_not_supported' || isModelNotSupported(failure)
					? 'Pick a provider that serves this model, or use auto.'
					: failureHint(failure, where.model, hints),
		});
	}
	return error instanceof Error ? error : new Error(String(error));
}
