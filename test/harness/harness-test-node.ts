/** The dummy credential and node type the harness's own tests run (they call the echo server). */
import type {
	ICredentialTestFunctions,
	ICredentialType,
	ICredentialsDecrypted,
	IDataObject,
	IExecuteFunctions,
	ILoadOptionsFunctions,
	INodeCredentialTestResult,
	INodeExecutionData,
	INodeListSearchResult,
	INodePropertyOptions,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { baseUrl } from './harness-echo-server';

export class TestApi implements ICredentialType {
	name = 'testApi';
	displayName = 'Test API';
	properties: ICredentialType['properties'] = [
		{ displayName: 'Access Token', name: 'accessToken', type: 'string', typeOptions: { password: true }, default: '' },
		{ displayName: 'Base URL', name: 'baseUrl', type: 'string', default: 'http://127.0.0.1:1' },
		// only given by its default: proves the defaults are applied before authenticate()
		{ displayName: 'Scheme', name: 'scheme', type: 'string', default: 'Bearer' },
	];
	authenticate = {
		type: 'generic' as const,
		properties: {
			headers: { Authorization: '={{$credentials.scheme}} {{$credentials.accessToken}}' },
			qs: { client: '=harness-{{$credentials.scheme.toLowerCase()}}' },
		},
	};
}

/** Same credential, tested declaratively (the CLI prefers a credential's own `test`). */
export class TestApiWithRequestTest extends TestApi {
	test = {
		request: { baseURL: '={{$credentials.baseUrl}}', url: '/whoami' },
		rules: [
			{ type: 'responseCode' as const, properties: { value: 401, message: 'Token rejected' } },
		],
	};
}

export const description: INodeTypeDescription = {
	displayName: 'Harness Test Node',
	name: 'harnessTestNode',
	group: ['transform'],
	version: [1, 2],
	description: 'Dummy node proving the harness',
	defaults: { name: 'Harness Test Node' },
	inputs: [NodeConnectionTypes.Main],
	outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
	outputNames: ['Success', 'Quota Exhausted'],
	credentials: [{ name: 'testApi', required: true, testedBy: 'testApiConnection' }],
	properties: [
		{ displayName: 'Text', name: 'text', type: 'string', default: '' },
		{ displayName: 'Fail On', name: 'failOn', type: 'string', default: 'BOOM' },
		{ displayName: 'Model Prefix', name: 'modelPrefix', type: 'string', default: 'org/' },
	],
};

export class HarnessTestNode implements INodeType {
	description = description;

	methods = {
		listSearch: {
			async searchModels(
				this: ILoadOptionsFunctions,
				filter?: string,
				paginationToken?: string,
			): Promise<INodeListSearchResult> {
				const creds = await this.getCredentials<{ baseUrl: string }>('testApi');
				const prefix = this.getCurrentNodeParameter('modelPrefix') as string;
				const res = (await this.helpers.httpRequestWithAuthentication.call(this, 'testApi', {
					url: `${creds.baseUrl}/models`,
					qs: { filter: `${prefix}${filter ?? ''}`, page: paginationToken ?? '0' },
					json: true,
				})) as { models: Array<{ id: string; name: string }>; next: string | null; auth: string };
				return {
					results: res.models.map((m) => ({ name: m.name, value: m.id, description: res.auth })),
					paginationToken: res.next ?? undefined,
				};
			},
		},
		loadOptions: {
			async getModels(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
				const creds = await this.getCredentials<{ baseUrl: string }>('testApi');
				const text = this.getNodeParameter('text', '') as string;
				const res = (await this.helpers.httpRequestWithAuthentication.call(this, 'testApi', {
					url: `${creds.baseUrl}/models`,
					qs: { filter: text },
					json: true,
				})) as { models: Array<{ id: string; name: string }> };
				return res.models.map((m) => ({ name: m.name, value: m.id }));
			},
		},
		credentialTest: {
			async testApiConnection(
				this: ICredentialTestFunctions,
				credential: ICredentialsDecrypted,
			): Promise<INodeCredentialTestResult> {
				const data = credential.data as { baseUrl: string; accessToken: string; scheme: string };
				try {
					await this.helpers.request({
						uri: `${data.baseUrl}/whoami`,
						headers: { Authorization: `${data.scheme} ${data.accessToken}` },
						json: true,
					});
				} catch (error) {
					return { status: 'Error', message: `Rejected: ${(error as Error).message}` };
				}
				return { status: 'OK', message: 'Connection successful' };
			},
		},
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const success: INodeExecutionData[] = [];
		const quota: INodeExecutionData[] = [];
		const { baseUrl } = await this.getCredentials<{ baseUrl: string }>('testApi');
		for (let i = 0; i < items.length; i++) {
			try {
				const text = this.getNodeParameter('text', i) as string;
				if (text === this.getNodeParameter('failOn', i)) {
					throw new NodeOperationError(this.getNode(), `Cannot process "${text}"`, { itemIndex: i });
				}
				const res = (await this.helpers.httpRequestWithAuthentication.call(this, 'testApi', {
					method: 'POST',
					url: `${baseUrl}/echo`,
					body: { text },
					json: true,
				})) as { auth: string; received: IDataObject };

				const out: INodeExecutionData = {
					json: { text, auth: res.auth, echoed: res.received.text },
					pairedItem: { item: i },
				};
				let png = Buffer.from(`\x89PNG-${text}`, 'latin1');
				if (items[i].binary?.input) {
					const input = await this.helpers.getBinaryDataBuffer(i, 'input');
					png = Buffer.concat([png, input]);
				}
				out.binary = { data: await this.helpers.prepareBinaryData(png, 'x.png', 'image/png') };
				(items[i].json.quota ? quota : success).push(out);
			} catch (error) {
				if (this.continueOnFail()) {
					success.push({ json: { error: (error as Error).message }, pairedItem: { item: i } });
					continue;
				}
				throw error;
			}
		}
		return [success, quota];
	}
}

export const TYPE = 'n8n-nodes-harness-test.harnessTestNode';
export const baseOpts = () => ({
	nodeType: new HarnessTestNode(),
	typeName: TYPE,
	credentialTypes: [new TestApi()],
	credentials: { testApi: { accessToken: 'tok-1', baseUrl: baseUrl() } },
	parameters: { text: '={{ $json.text.toUpperCase() }}' },
});
export const inputItems = () => [
	{ json: { text: 'alpha' } },
	{ json: { text: 'beta', quota: true } },
	{ json: { text: 'gamma' }, binary: { input: { data: Buffer.from([1, 2, 3, 250]).toString('base64'), mimeType: 'application/octet-stream', fileName: 'in.bin' } } },
];
