import { existsSync } from 'node:fs';
import { join } from 'node:path';

import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { HuggingFaceInferenceApi } from '../../credentials/HuggingFaceInferenceApi.credentials';
import { baseUrl, requests, useEchoServer } from './harness-echo-server';
import { baseOpts, description, inputItems } from './harness-test-node';
import { ITEMS_NODE, NODE_UNDER_TEST, binaryStoragePath, runNode } from './index';

useEchoServer();

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
			credentials: { huggingFaceInferenceApi: { accessToken: 'hf_test', routerUrl: baseUrl() } },
		});
		expect(error).toBeUndefined();
		expect(outputs[0][0].json).toEqual({ auth: 'Bearer hf_test', hubUrl: 'https://huggingface.co', billTo: '' });
		expect(nodes[1].credentials).toEqual({ huggingFaceInferenceApi: { id: '1', name: 'HF' } });
		expect(nodes[1].type).toBe('n8n-nodes-huggingface-inference.huggingFaceInference');
	});
});
