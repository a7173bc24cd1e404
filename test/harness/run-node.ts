import { Container } from '@n8n/di';
import { BinaryDataService, ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IConnections,
	INode,
	INodeExecutionData,
	INodeParameters,
	IRun,
	IWorkflowBase,
	OnError,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeHelpers, Workflow, createRunExecutionData } from 'n8n-workflow';

import { buildAdditionalData } from './additional-data';
import type { HarnessBinaryMode } from './binary-data';
import { useBinaryDataService } from './binary-data';
import { HarnessCredentialsHelper } from './credentials-helper';
import type { AnyNodeType, HarnessInputItem } from './node-types';
import type { NodeTypeInput } from './node-types';
import {
	HarnessNodeTypes,
	ITEMS_NODE_TYPE,
	createItemsNodeType,
	latestVersion,
	resolveNodeType,
} from './node-types';

export const DEFAULT_TYPE_NAME = 'n8n-nodes-huggingface-inference.huggingFaceInference';
/** Name of the node under test inside the harness workflow (use it in extraConnections / $('...')). */
export const NODE_UNDER_TEST = 'Node Under Test';
/** Name of the harness's source node. */
export const ITEMS_NODE = 'Items';

export interface RunNodeSettings {
	continueOnFail?: boolean;
	onError?: OnError;
	retryOnFail?: boolean;
	maxTries?: number;
	/** ms between tries. n8n treats 0 as "default" (1000 ms), so the harness defaults to 1 ms. */
	waitBetweenTries?: number;
	alwaysOutputData?: boolean;
}

export interface RunNodeOptions {
	/** a node type instance (e.g. `new HuggingFaceInference()`) or its class */
	nodeType: NodeTypeInput;
	typeName?: string;
	/** defaults to the node type's latest version */
	typeVersion?: number;
	parameters: INodeParameters;
	items: HarnessInputItem[];
	/** keyed by credential type name */
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	credentialTypes?: ICredentialType[];
	settings?: RunNodeSettings;
	extraNodes?: INode[];
	extraConnections?: IConnections;
	extraNodeTypes?: Record<string, NodeTypeInput>;
	binaryMode?: HarnessBinaryMode;
	/** manual (default) or e.g. 'trigger'; changes $execution.mode and some core behaviour */
	mode?: 'manual' | 'trigger' | 'webhook' | 'internal';
}

export interface RunNodeResult {
	/** Items per output index of the node under test ([] for outputs that emitted nothing). */
	outputs: INodeExecutionData[][];
	/** The workflow's error when the run failed (e.g. the node threw with onError=stopWorkflow). */
	error?: Error;
	run: IRun;
	/** The workflow's node list as executed (handy for debugging). */
	nodes: INode[];
	/** Resolves an item's binary property to bytes, whether stored inline (default) or on disk (filesystem). */
	getBinaryBuffer(item: INodeExecutionData, property: string): Promise<Buffer>;
	/** Output items of any node in the workflow (first run), per output index. */
	getNodeOutputs(nodeName: string): INodeExecutionData[][];
	/** Credential writes made during the run (preAuthentication / OAuth token updates). */
	credentialUpdates: HarnessCredentialsHelper['updates'];
}

let runCounter = 0;

function staticMainOutputCount(nodeType: AnyNodeType, version: number): number | undefined {
	const { outputs } = NodeHelpers.getVersionedNodeType(nodeType, version).description;
	if (!Array.isArray(outputs)) return undefined; // expression-based outputs
	return outputs.filter((o) => (typeof o === 'string' ? o : o.type) === NodeConnectionTypes.Main)
		.length;
}

function toError(error: unknown): Error | undefined {
	if (!error) return undefined;
	if (error instanceof Error) return error;
	const e = error as { message?: string };
	const result = new Error(e.message ?? String(error));
	Object.assign(result, error);
	return result;
}

export async function runNode(opts: RunNodeOptions): Promise<RunNodeResult> {
	const nodeType = resolveNodeType(opts.nodeType);
	const typeName = opts.typeName ?? DEFAULT_TYPE_NAME;
	const typeVersion = opts.typeVersion ?? latestVersion(nodeType);
	const binaryService = await useBinaryDataService(opts.binaryMode ?? 'default');

	const nodeTypes = new HarnessNodeTypes({
		[ITEMS_NODE_TYPE]: createItemsNodeType(opts.items),
		[typeName]: nodeType,
		...Object.fromEntries(
			Object.entries(opts.extraNodeTypes ?? {}).map(([name, t]) => [name, resolveNodeType(t)]),
		),
	});

	const credentialTypes = opts.credentialTypes ?? [];
	const credentialsHelper = new HarnessCredentialsHelper(
		structuredClone(opts.credentials ?? {}),
		credentialTypes,
	);
	const nodeCredentials: INode['credentials'] = {};
	for (const name of new Set([
		...credentialTypes.map((t) => t.name),
		...Object.keys(opts.credentials ?? {}),
	])) {
		nodeCredentials[name] = { id: '1', name: 'HF' };
	}

	const settings = opts.settings ?? {};
	const nodeUnderTest: INode = {
		id: 'node-under-test',
		name: NODE_UNDER_TEST,
		type: typeName,
		typeVersion,
		position: [250, 0],
		parameters: structuredClone(opts.parameters),
		credentials: Object.keys(nodeCredentials).length ? nodeCredentials : undefined,
		...(settings.continueOnFail !== undefined && { continueOnFail: settings.continueOnFail }),
		...(settings.onError !== undefined && { onError: settings.onError }),
		...(settings.retryOnFail !== undefined && {
			retryOnFail: settings.retryOnFail,
			maxTries: settings.maxTries ?? 3,
			waitBetweenTries: settings.waitBetweenTries ?? 1,
		}),
		...(settings.alwaysOutputData !== undefined && { alwaysOutputData: settings.alwaysOutputData }),
	};
	const itemsNode: INode = {
		id: 'harness-items',
		name: ITEMS_NODE,
		type: ITEMS_NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	const nodes = [itemsNode, nodeUnderTest, ...(opts.extraNodes ?? [])];
	const connections: IConnections = {
		[ITEMS_NODE]: { main: [[{ node: NODE_UNDER_TEST, type: NodeConnectionTypes.Main, index: 0 }]] },
		...(opts.extraConnections ?? {}),
	};

	const executionId = `harness-${++runCounter}`;
	const workflowId = 'harness-workflow';
	const workflowSettings = { executionOrder: 'v1' as const };
	const workflow = new Workflow({
		id: workflowId,
		name: 'Harness Workflow',
		nodes,
		connections,
		nodeTypes,
		active: false,
		settings: workflowSettings,
	});

	const workflowData: IWorkflowBase = {
		id: workflowId,
		name: 'Harness Workflow',
		active: false,
		isArchived: false,
		activeVersionId: null,
		createdAt: new Date(),
		updatedAt: new Date(),
		nodes,
		connections,
		settings: workflowSettings,
	};
	const mode = opts.mode ?? 'manual';
	const hooks = new ExecutionLifecycleHooks(mode, executionId, workflowData);
	let hookRun: IRun | undefined;
	hooks.addHandler('workflowExecuteAfter', (fullRunData) => {
		hookRun = fullRunData;
	});

	const additionalData = buildAdditionalData({
		credentialsHelper,
		hooks,
		executionId,
		workflowId,
	});
	additionalData.workflowSettings = workflowSettings;

	const runExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [{ node: itemsNode, data: { main: [[{ json: {} }]] }, source: null }],
		},
	});

	const workflowExecute = new WorkflowExecute(additionalData, mode, runExecutionData);
	const returned = await workflowExecute.processRunExecutionData(workflow);
	// workflowExecuteAfter runs (awaited) before processRunExecutionData resolves; it hands back the run.
	const run = hookRun ?? returned;

	const { runData } = run.data.resultData;
	const getNodeOutputs = (nodeName: string): INodeExecutionData[][] => {
		const main = runData[nodeName]?.[0]?.data?.[NodeConnectionTypes.Main] ?? [];
		return main.map((items) => items ?? []);
	};

	const outputs = getNodeOutputs(NODE_UNDER_TEST);
	const staticCount = staticMainOutputCount(nodeType, typeVersion);
	if (staticCount !== undefined) {
		const expected = staticCount + (settings.onError === 'continueErrorOutput' ? 1 : 0);
		while (outputs.length < expected) outputs.push([]);
	}

	return {
		outputs,
		error: toError(run.data.resultData.error),
		run,
		nodes,
		getNodeOutputs,
		credentialUpdates: credentialsHelper.updates,
		async getBinaryBuffer(item, property) {
			const binary = item.binary?.[property];
			if (!binary) throw new Error(`Item has no binary property "${property}"`);
			// the service that stored it (Container may have been switched by a later run)
			return await (binary.id ? binaryService : Container.get(BinaryDataService)).getAsBuffer(
				binary,
			);
		},
	};
}
