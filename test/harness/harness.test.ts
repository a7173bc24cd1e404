import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

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

import { HuggingFaceInferenceApi } from '../../credentials/HuggingFaceInferenceApi.credentials';
import {
	ITEMS_NODE,
	NODE_UNDER_TEST,
	binaryStoragePath,
	callListSearch,
	callLoadOptions,
	runNode,
	testCredential,
} from './index';

// ---------------------------------------------------------------------------------------------
// A local HTTP server standing in for an API.
// ---------------------------------------------------------------------------------------------
interface Recorded {
	method: string;
	url: string;
	headers: IncomingHttpHeaders;
	body: string;
}
const requests: Recorded[] = [];
let server: Server;
let baseUrl: string;

const MODELS = Array.from({ length: 5 }, (_, i) => ({ id: `org/model-${i}`, name: `Model ${i}` }));

beforeAll(async () => {
	server = createServer((req, res) => {
		let body = '';
		req.on('data', (c: Buffer) => (body += c.toString()));
		req.on('end', () => {
			requests.push({ method: req.method!, url: req.url!, headers: req.headers, body });
			const url = new URL(req.url!, 'http://x');
			const json = (status: number, data: unknown) => {
				res.writeHead(status, { 'content-type': 'application/json' });
				res.end(JSON.stringify(data));
			};
			if (url.pathname === '/echo') {
				return json(200, { auth: req.headers.authorization ?? null, received: JSON.parse(body || '{}') });
			}
			if (url.pathname === '/models') {
				const filter = url.searchParams.get('filter') ?? '';
				const page = Number(url.searchParams.get('page') ?? 0);
				const matching = MODELS.filter((m) => m.id.includes(filter));
				const slice = matching.slice(page * 2, page * 2 + 2);
				return json(200, {
					auth: req.headers.authorization ?? null,
					models: slice,
					next: page * 2 + 2 < matching.length ? String(page + 1) : null,
				});
			}
			if (url.pathname === '/whoami') {
				if (req.headers.authorization === 'Bearer good-token') return json(200, { name: 'tester' });
				return json(401, { error: 'Invalid credentials' });
			}
			json(404, { error: 'not found' });
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
	await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
	requests.length = 0;
});

// ---------------------------------------------------------------------------------------------
// Dummy credential + node types.
// ---------------------------------------------------------------------------------------------
class TestApi implements ICredentialType {
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
class TestApiWithRequestTest extends TestApi {
	test = {
		request: { baseURL: '={{$credentials.baseUrl}}', url: '/whoami' },
		rules: [
			{ type: 'responseCode' as const, properties: { value: 401, message: 'Token rejected' } },
		],
	};
}

const description: INodeTypeDescription = {
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

class HarnessTestNode implements INodeType {
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

const TYPE = 'n8n-nodes-harness-test.harnessTestNode';
const baseOpts = () => ({
	nodeType: new HarnessTestNode(),
	typeName: TYPE,
	credentialTypes: [new TestApi()],
	credentials: { testApi: { accessToken: 'tok-1', baseUrl } },
	parameters: { text: '={{ $json.text.toUpperCase() }}' },
});
const inputItems = () => [
	{ json: { text: 'alpha' } },
	{ json: { text: 'beta', quota: true } },
	{ json: { text: 'gamma' }, binary: { input: { data: Buffer.from([1, 2, 3, 250]).toString('base64'), mimeType: 'application/octet-stream', fileName: 'in.bin' } } },
];

// ---------------------------------------------------------------------------------------------
describe('runNode', () => {
	it.each(['default', 'filesystem'] as const)(
		'routes items, resolves expressions, authenticates and stores binaries (%s mode)',
		async (binaryMode) => {
			const { outputs, error, run, getBinaryBuffer } = await runNode({
				...baseOpts(),
				items: inputItems(),
				binaryMode,
			});
			expect(error).toBeUndefined();
			expect(run.status).toBe('success');
			expect(outputs).toHaveLength(2);
			expect(outputs[0].map((i) => i.json.text)).toEqual(['ALPHA', 'GAMMA']);
			expect(outputs[1].map((i) => i.json.text)).toEqual(['BETA']);
			expect(outputs[0].map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 2 }]);
			expect(outputs[1][0].pairedItem).toEqual({ item: 1 });

			// generic auth with {{$credentials.*}} expressions + credential default (scheme)
			expect(outputs[0][0].json.auth).toBe('Bearer tok-1');
			expect(requests).toHaveLength(3);
			for (const r of requests) {
				expect(r.headers.authorization).toBe('Bearer tok-1');
				expect(r.url).toBe('/echo?client=harness-bearer');
			}
			expect(requests.map((r) => JSON.parse(r.body).text)).toEqual(['ALPHA', 'BETA', 'GAMMA']);

			// binary round trip
			const bin = outputs[0][0].binary!.data;
			expect(bin.mimeType).toBe('image/png');
			expect(bin.fileName).toBe('x.png');
			expect(await getBinaryBuffer(outputs[0][0], 'data')).toEqual(Buffer.from('\x89PNG-ALPHA', 'latin1'));
			// input binary (stored by the Items node through the same service) read back by the node
			expect(await getBinaryBuffer(outputs[0][1], 'data')).toEqual(
				Buffer.concat([Buffer.from('\x89PNG-GAMMA', 'latin1'), Buffer.from([1, 2, 3, 250])]),
			);
			const inputBinary = run.data.resultData.runData[ITEMS_NODE][0].data!.main[0]![2].binary!.input;

			if (binaryMode === 'default') {
				expect(bin.id).toBeUndefined();
				expect(Buffer.from(bin.data, 'base64')).toEqual(Buffer.from('\x89PNG-ALPHA', 'latin1'));
				expect(inputBinary.id).toBeUndefined();
			} else {
				expect(bin.id).toMatch(/^filesystem-v2:/);
				expect(bin.data).toBe('filesystem-v2');
				expect(bin.bytes).toBe(10);
				expect(inputBinary.id).toMatch(/^filesystem-v2:/);
				// it really is a file under the harness's storage folder
				const fileId = bin.id!.split(':')[1];
				expect(existsSync(join(binaryStoragePath(), fileId))).toBe(true);
			}
		},
	);

	it('stops the workflow with the node error (onError = stopWorkflow)', async () => {
		const { outputs, error, run } = await runNode({
			...baseOpts(),
			items: [{ json: { text: 'ok' } }, { json: { text: 'boom' } }],
		});
		expect(run.status).toBe('error');
		// the engine stores a plain copy of the NodeOperationError; the harness rebuilds an Error
		expect(error).toBeInstanceOf(Error);
		expect(error!.message).toBe('Cannot process "BOOM"');
		expect((error as unknown as { node: { name: string } }).node.name).toBe(NODE_UNDER_TEST);
		expect((error as unknown as { context: IDataObject }).context.itemIndex).toBe(1);
		expect(outputs).toEqual([[], []]);
		expect(run.data.resultData.runData[NODE_UNDER_TEST][0].error?.message).toBe('Cannot process "BOOM"');
	});

	it('keeps going with continueOnFail (error item on output 0)', async () => {
		const { outputs, error } = await runNode({
			...baseOpts(),
			items: [{ json: { text: 'ok' } }, { json: { text: 'boom' } }],
			settings: { continueOnFail: true },
		});
		expect(error).toBeUndefined();
		expect(outputs[0]).toHaveLength(2);
		expect(outputs[0][1].json).toEqual({ error: 'Cannot process "BOOM"' });
		expect(outputs[0][1].pairedItem).toEqual({ item: 1 });
	});

	it('routes failed items to the error output (onError = continueErrorOutput)', async () => {
		const { outputs, error } = await runNode({
			...baseOpts(),
			items: [{ json: { text: 'ok' } }, { json: { text: 'boom' } }, { json: { text: 'q', quota: true } }],
			settings: { onError: 'continueErrorOutput' },
		});
		expect(error).toBeUndefined();
		expect(outputs).toHaveLength(3);
		expect(outputs[0].map((i) => i.json.text)).toEqual(['OK']);
		expect(outputs[1].map((i) => i.json.text)).toEqual(['Q']);
		expect(outputs[2]).toHaveLength(1);
		expect(outputs[2][0].json.error).toBe('Cannot process "BOOM"');
		expect(outputs[2][0].pairedItem).toEqual({ item: 1 });
	});

	it('continueRegularOutput keeps the error item on the regular output', async () => {
		const { outputs } = await runNode({
			...baseOpts(),
			items: [{ json: { text: 'boom' } }],
			settings: { onError: 'continueRegularOutput' },
		});
		expect(outputs).toHaveLength(2);
		expect(outputs[0][0].json).toEqual({ error: 'Cannot process "BOOM"' });
	});

	it('runs downstream extra nodes connected to the second output', async () => {
		const collector: INodeType = {
			description: {
				displayName: 'Collect',
				name: 'collect',
				group: ['transform'],
				version: 1,
				description: '',
				defaults: { name: 'Collect' },
				inputs: [NodeConnectionTypes.Main],
				outputs: [NodeConnectionTypes.Main],
				properties: [{ displayName: 'Tag', name: 'tag', type: 'string', default: '' }],
			},
			async execute(this: IExecuteFunctions) {
				return [
					this.getInputData().map((item, i) => ({
						json: { ...item.json, tag: this.getNodeParameter('tag', i) as string },
						pairedItem: { item: i },
					})),
				];
			},
		};
		const { getNodeOutputs } = await runNode({
			...baseOpts(),
			items: inputItems(),
			extraNodeTypes: { 'test.collect': collector },
			extraNodes: [
				{
					id: 'c',
					name: 'Collect',
					type: 'test.collect',
					typeVersion: 1,
					position: [500, 0],
					parameters: { tag: `={{ $('${NODE_UNDER_TEST}').item.json.auth }}/{{ $('${ITEMS_NODE}').item.json.text }}` },
				},
			],
			extraConnections: {
				[NODE_UNDER_TEST]: { main: [[], [{ node: 'Collect', type: NodeConnectionTypes.Main, index: 0 }]] },
			},
		});
		const collected = getNodeOutputs('Collect')[0];
		expect(collected).toHaveLength(1);
		expect(collected[0].json.tag).toBe('Bearer tok-1/beta');
	});

	it('retries a failing node with retryOnFail', async () => {
		let calls = 0;
		const flaky: INodeType = {
			description: { ...description, name: 'flaky', credentials: [], outputs: [NodeConnectionTypes.Main] },
			async execute(this: IExecuteFunctions) {
				if (++calls < 3) throw new NodeOperationError(this.getNode(), `attempt ${calls} failed`);
				return [this.getInputData().map((item, i) => ({ json: { ...item.json, calls }, pairedItem: { item: i } }))];
			},
		};
		const { outputs, error } = await runNode({
			nodeType: flaky,
			parameters: {},
			items: [{ json: { a: 1 } }],
			settings: { retryOnFail: true, maxTries: 3 },
		});
		expect(error).toBeUndefined();
		expect(outputs).toEqual([[{ json: { a: 1, calls: 3 }, pairedItem: { item: 0 } }]]);
	});

	it("applies the package's real credential (HuggingFaceInferenceApi) and accepts a node class", async () => {
		class HfProbe implements INodeType {
			description: INodeTypeDescription = {
				...description,
				name: 'hfProbe',
				outputs: [NodeConnectionTypes.Main],
				credentials: [{ name: 'huggingFaceInferenceApi', required: true }],
			};

			async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
				const creds = await this.getCredentials<{ routerUrl: string; hubUrl: string; billTo: string }>(
					'huggingFaceInferenceApi',
				);
				const res = (await this.helpers.httpRequestWithAuthentication.call(this, 'huggingFaceInferenceApi', {
					method: 'POST',
					url: `${creds.routerUrl}/echo`,
					body: {},
					json: true,
				})) as { auth: string };
				return [[{ json: { auth: res.auth, hubUrl: creds.hubUrl, billTo: creds.billTo }, pairedItem: { item: 0 } }]];
			}
		}
		const { outputs, error, nodes } = await runNode({
			nodeType: HfProbe,
			parameters: {},
			items: [{ json: {} }],
			credentialTypes: [new HuggingFaceInferenceApi()],
			credentials: { huggingFaceInferenceApi: { accessToken: 'hf_test', routerUrl: baseUrl } },
		});
		expect(error).toBeUndefined();
		expect(outputs[0][0].json).toEqual({ auth: 'Bearer hf_test', hubUrl: 'https://huggingface.co', billTo: '' });
		expect(nodes[1].credentials).toEqual({ huggingFaceInferenceApi: { id: '1', name: 'HF' } });
		expect(nodes[1].type).toBe('n8n-nodes-huggingface-inference.huggingFaceInference');
	});

	it('starts fast', async () => {
		const started = Date.now();
		await runNode({ ...baseOpts(), items: [{ json: { text: 'x' } }] });
		expect(Date.now() - started).toBeLessThan(1000);
	});
});

describe('node methods', () => {
	it('listSearch gets credentials, current parameters, authenticated requests and pagination', async () => {
		const opts = {
			credentialTypes: [new TestApi()],
			credentials: { testApi: { accessToken: 'tok-ls', baseUrl } },
			parameters: { text: 'hello' }, // modelPrefix comes from the property default ('org/')
			typeName: TYPE,
		};
		const page1 = await callListSearch(new HarnessTestNode(), 'searchModels', { ...opts, filter: 'model' });
		expect(page1.results.map((r) => r.value)).toEqual(['org/model-0', 'org/model-1']);
		expect(page1.results[0].description).toBe('Bearer tok-ls');
		expect(page1.paginationToken).toBe('1');
		const page3 = await callListSearch(new HarnessTestNode(), 'searchModels', {
			...opts,
			filter: 'model',
			paginationToken: '2',
		});
		expect(page3.results.map((r) => r.value)).toEqual(['org/model-4']);
		expect(page3.paginationToken).toBeUndefined();
		expect(requests[0].url).toBe('/models?filter=org%2Fmodel&page=0&client=harness-bearer');
		expect(requests.every((r) => r.headers.authorization === 'Bearer tok-ls')).toBe(true);
	});

	it('loadOptions resolves getNodeParameter through the temp node', async () => {
		const options = await callLoadOptions(new HarnessTestNode(), 'getModels', {
			credentialTypes: [new TestApi()],
			credentials: { testApi: { accessToken: 'tok-lo', baseUrl } },
			parameters: { text: 'model-3' },
			typeName: TYPE,
		});
		expect(options).toEqual([{ name: 'Model 3', value: 'org/model-3' }]);
		expect(requests[0].headers.authorization).toBe('Bearer tok-lo');
	});

	it('testCredential runs the node credentialTest named by testedBy', async () => {
		const ok = await testCredential(new HarnessTestNode(), new TestApi(), {
			accessToken: 'good-token',
			baseUrl,
		});
		expect(ok).toEqual({ status: 'OK', message: 'Connection successful' });
		expect(requests[0].headers.authorization).toBe('Bearer good-token');

		const bad = await testCredential(new HarnessTestNode(), new TestApi(), {
			accessToken: 'nope',
			baseUrl,
		});
		expect(bad.status).toBe('Error');
		expect(bad.message).toMatch(/^Rejected: .*401/);
	});

	it("testCredential runs a credential's own declarative test request", async () => {
		const ok = await testCredential(new HarnessTestNode(), new TestApiWithRequestTest(), {
			accessToken: 'good-token',
			baseUrl,
		});
		expect(ok).toEqual({ status: 'OK', message: 'Connection successful!' });
		const bad = await testCredential(new HarnessTestNode(), new TestApiWithRequestTest(), {
			accessToken: 'nope',
			baseUrl,
		});
		expect(bad).toEqual({ status: 'Error', message: 'Token rejected' });
		// n8n-core's httpRequestWithAuthentication retries once on 401 (after preAuthentication)
		expect(requests.map((r) => r.headers.authorization)).toEqual([
			'Bearer good-token',
			'Bearer nope',
			'Bearer nope',
		]);
	});
});
