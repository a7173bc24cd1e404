import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

const TOKEN_PAGE = 'https://huggingface.co/settings/tokens';
const DEFAULT_HUB = 'https://huggingface.co';

/**
 * A model id the Hub can never hold ("--" is not allowed in a repo name: huggingface_hub
 * utils/_validators.py validate_repo_id), so the router can only refuse it: no provider is ever
 * called or paid.
 */
export const CREDENTIAL_PROBE_MODEL = 'n8n-credential-test/no--such--model';

/** The router's 401 body, word for word (recorded: /work/shared/fixtures/hf-router, "error 401"). */
const ROUTER_INVALID_TOKEN = 'Invalid username or password.';

/**
 * A URL on the default Hub goes to the credential's Hub URL when that is another one (a mirror, a
 * gateway, a local test server), as huggingface_hub's HF_ENDPOINT does for every Hub URL: an HTTP
 * Request node that downloads `https://huggingface.co/.../resolve/...` with this credential reaches
 * the configured Hub.
 */
function toConfiguredHub(url: unknown, hubUrl: string): unknown {
	if (typeof url !== 'string' || !hubUrl || hubUrl === DEFAULT_HUB) return url;
	return url === DEFAULT_HUB || url.startsWith(`${DEFAULT_HUB}/`) ? `${hubUrl}${url.slice(DEFAULT_HUB.length)}` : url;
}

/**
 * A Hugging Face access token, sent as a Bearer token to the router and the Hub.
 *
 * The test (declarative: n8n sends it itself) asks the router for a chat completion from a model
 * that cannot exist. The router checks the token, then its "Make calls to Inference Providers"
 * permission, and only then looks for a provider of the model (docs/credential-test.md gives the
 * evidence), so: a bad token gets 401 `{"error": "Invalid username or password."}`, a token
 * without the permission 403 `{"error": "This authentication method does not have sufficient
 * permissions to call Inference Providers on behalf of user <name>"}`, and a good token an
 * OpenAI-style refusal of the model (`{"error": {"message", "type", "code"}}`) before any provider
 * is called: no credits are spent. n8n keeps only the answer's body (ignoreHttpStatusErrors) and
 * fails the test when a rule's `key` holds its `value`: the 401's exact text, or an `error` that
 * is plain text (the shape of the router's own refusals of a token; a refused model is an object).
 */
export class HuggingFaceInferenceApi implements ICredentialType {
	name = 'huggingFaceInferenceApi';

	displayName = 'Hugging Face Inference API';

	documentationUrl = 'https://huggingface.co/docs/inference-providers/index';

	icon: Icon = {
		light: 'file:../nodes/HuggingFaceInference/huggingface.svg',
		dark: 'file:../nodes/HuggingFaceInference/huggingface.dark.svg',
	};

	properties: INodeProperties[] = [
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'A Hugging Face token with the "Make calls to Inference Providers" permission. Create one at https://huggingface.co/settings/tokens/new?tokenType=fineGrained.',
		},
		{
			displayName: 'Bill To Organization',
			name: 'billTo',
			type: 'string',
			default: '',
			placeholder: 'my-org',
			description:
				'Organization whose credits pay for the calls (sent as X-HF-Bill-To). Leave empty to bill your own account.',
		},
		{
			displayName: 'Router URL',
			name: 'routerUrl',
			type: 'string',
			default: 'https://router.huggingface.co',
			description:
				'The Hugging Face router. Change it only to go through a proxy, a gateway or a local test server.',
		},
		{
			displayName: 'Hub URL',
			name: 'hubUrl',
			type: 'string',
			default: 'https://huggingface.co',
			description:
				'The Hugging Face Hub, used for the model catalogue and provider mapping. An HTTP Request node that uses this credential to download from https://huggingface.co/... is sent here too (a Hub mirror, as HF_ENDPOINT in huggingface_hub).',
		},
	];

	/** The Bearer token on every request; a URL on the default Hub goes to the configured Hub URL. */
	async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		const hubUrl = String(credentials.hubUrl ?? '')
			.trim()
			.replace(/\/+$/, '');
		// HTTP Request nodes send n8n's older request options (`uri`), the node's own requests `url`.
		const options = requestOptions as IHttpRequestOptions & { uri?: unknown };
		const authenticated: IHttpRequestOptions & { uri?: unknown } = {
			...options,
			headers: { ...(options.headers ?? {}), Authorization: `Bearer ${String(credentials.accessToken ?? '')}` },
		};
		if (options.url !== undefined) authenticated.url = toConfiguredHub(options.url, hubUrl) as string;
		if (options.uri !== undefined) authenticated.uri = toConfiguredHub(options.uri, hubUrl);
		if (options.baseURL !== undefined) authenticated.baseURL = toConfiguredHub(options.baseURL, hubUrl) as string;
		return authenticated;
	}

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{ String($credentials.routerUrl || "https://router.huggingface.co").replace(/\\/+$/, "") }}',
			url: '/v1/chat/completions',
			method: 'POST',
			headers: { Accept: 'application/json' },
			body: {
				model: CREDENTIAL_PROBE_MODEL,
				messages: [{ role: 'user', content: 'n8n credential test' }],
				max_tokens: 1,
				stream: false,
			},
			json: true,
			ignoreHttpStatusErrors: true,
		},
		rules: [
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'error',
					value: ROUTER_INVALID_TOKEN,
					message: `Hugging Face does not accept this token (HTTP 401). Copy it again, or create a new one at ${TOKEN_PAGE} with "Make calls to Inference Providers".`,
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					// lodash get: an `error` that is text (a refused model's `error` is an object).
					key: 'error.constructor.name',
					value: 'String',
					message: `Hugging Face knows this token but refused it for Inference Providers (HTTP 403): it lacks the permission "Make calls to Inference Providers". Edit the token at ${TOKEN_PAGE} (fine-grained: tick "Make calls to Inference Providers" and save), or create a new one with it.`,
				},
			},
		],
	};
}
