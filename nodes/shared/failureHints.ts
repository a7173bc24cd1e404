import type { RouterFailure } from './transport/errors';

/**
 * What a user can do about a failed call, said under its error by the node and its sub-nodes
 * alike. Only the advice that names an option differs: the sub-nodes have no Concurrency or Stream,
 * and only embeddings have Truncate.
 */
export interface HintWording {
	/** After 429s that lasted the whole Timeout. */
	tooManyRequests: string;
	/** After a streamed answer broke off. */
	brokenStream: string;
	/** After a 413: the input is too large, and what can make it smaller depends on the operation. */
	tooLarge: string;
}

/** A 413 where Truncate can help: embeddings. */
export const TEXT_TOO_LONG =
	'The text is longer than the model accepts. Turn on Truncate in Options (hf-inference cuts the text to the model\'s length), or split the text into shorter chunks.';

const TOKEN_PAGE = 'https://huggingface.co/settings/tokens';

/** The provider named does not serve the model: the caller lists (or points to) those that do. */
export function isModelNotSupported(failure: RouterFailure): boolean {
	return failure.httpCode === 400 && (failure.code === 'model_not_supported' || /not supported by provider/i.test(failure.message));
}

/** The description shown under an error, or undefined where there is nothing better to say than its message. */
export function failureHint(failure: RouterFailure, model: string, wording: HintWording): string | undefined {
	const { httpCode, code } = failure;
	switch (httpCode) {
		case 401:
			return `Hugging Face rejected the access token. Check the token in the Hugging Face Inference API credential, or create a new one at ${TOKEN_PAGE}.`;
		case 403:
			return `The token needs the "Make calls to Inference Providers" permission. Edit the token at ${TOKEN_PAGE} (fine-grained tokens: tick "Make calls to Inference Providers"), or create a new one with it.`;
		case 404:
			return `Check the model ID: it must exist on the Hub (https://huggingface.co/${model}) and be served by an Inference Provider.`;
		case 413:
			return wording.tooLarge;
		case 422:
			return 'The provider refused the parameters. Check the options (sizes, token limits, steps) against what the model accepts.';
		case 429:
			return wording.tooManyRequests;
		default:
			break;
	}
	if (httpCode !== null && httpCode >= 500) {
		return 'The provider failed on its side after every retry. Try again later, raise Max Retries, or pick another provider.';
	}
	if (code === 'ETIMEDOUT') return 'Raise the Timeout option, or try a faster provider.';
	if (code === 'MALFORMED_BODY') {
		return 'The answer was cut short or was not JSON on every attempt. Try again later, raise Max Retries, or pick another provider.';
	}
	if (code === 'STREAM_ERROR') return wording.brokenStream;
	if (code === 'JOB_FAILED') {
		return 'The provider ran the job and it failed, for the reason in the message: check the input (the file, the prompt, the options) against what the model takes, try again, or pick another provider.';
	}
	if (code === 'NOT_EVENT_STREAM') {
		return 'The provider did not send this answer as an event stream. Pick another provider, or ask for the whole answer at once (turn off Stream, where the node has it). It was not sent again: the provider may have billed it.';
	}
	if (code === 'PREDICTION_STILL_RUNNING') {
		return 'Replicate did not finish within its wait, and the router gives no way to follow the prediction (Hugging Face\'s own clients stop here too). Try again (a warm model often finishes within the wait), ask for less work (fewer steps, a smaller size, a shorter text), or pick another provider.';
	}
	if (code === 'UNSUPPORTED_MEDIA') return 'Convert the file to a type the provider takes, or pick another provider.';
	// Network codes only (ECONNRESET, EAI_AGAIN, UND_ERR_SOCKET...): a provider's own failure is no connection problem.
	if (httpCode === null && code && /^(E[A-Z_]+|UND_ERR_[A-Z_]+)$/.test(code)) {
		return `The connection to Hugging Face failed (${code}) on every attempt. Check the network, proxy or firewall between n8n and the router, or raise Max Retries.`;
	}
	return undefined;
}
