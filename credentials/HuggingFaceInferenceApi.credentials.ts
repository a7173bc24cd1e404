import type { IAuthenticateGeneric, ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

/**
 * A Hugging Face access token, sent as a Bearer token to the router and the Hub.
 *
 * The credential test lives on the node (`testedBy`), not here: it has to look inside the
 * whoami-v2 answer for the fine-grained permission, which a declarative `test` cannot do, and in
 * n8n a declarative `test` would win over `testedBy`.
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
}
