import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

const TOKEN_PAGE = 'https://huggingface.co/settings/tokens';

/**
 * A Hugging Face access token, sent as a Bearer token to the router and the Hub.
 *
 * The test is declarative (n8n sends it with its own HTTP helpers): it asks the Hub whose token
 * this is. A declarative test cannot look inside the answer for the fine-grained permission
 * "Make calls to Inference Providers"; a token without it gets a 403 from the router on its first
 * call, and the node's error says which permission to tick.
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
			description: 'The Hugging Face Hub, used for the model catalogue, provider mapping and token check',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.accessToken}}',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{ String($credentials.hubUrl || "https://huggingface.co").replace(/\\/+$/, "") }}',
			url: '/api/whoami-v2',
			method: 'GET',
			headers: { Accept: 'application/json' },
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message: `Hugging Face does not accept this token (HTTP 401). Copy it again, or create a new one at ${TOKEN_PAGE} with "Make calls to Inference Providers".`,
				},
			},
		],
	};
}
