import { CredentialTestContext, ExecuteContext, LoadOptionsContext, RoutingNode } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentialTestFunction,
	ICredentialTestRequest,
	ICredentialType,
	ICredentialsDecrypted,
	IExecuteData,
	INode,
	INodeCredentialTestResult,
	INodeExecutionData,
	INodeListSearchResult,
	INodeParameters,
	INodePropertyOptions,
	INodeType,
} from 'n8n-workflow';
import { NodeHelpers, UnexpectedError, Workflow, createRunExecutionData } from 'n8n-workflow';

import { buildAdditionalData } from './additional-data';
import { HarnessCredentialsHelper } from './credentials-helper';
import type { AnyNodeType, NodeTypeInput } from './node-types';
import { HarnessNodeTypes, latestVersion, resolveNodeType } from './node-types';
import { DEFAULT_TYPE_NAME } from './run-node';

function getPath(obj: unknown, path: string): unknown {
	return path
		.replace(/\[(\d+)\]/g, '.$1')
		.split('.')
		.filter(Boolean)
		.reduce<unknown>((acc, key) => (acc == null ? undefined : (acc as Record<string, unknown>)[key]), obj);
}

export interface NodeMethodOptions {
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	credentialTypes?: ICredentialType[];
	/** the node's current parameters, as the editor would send them */
	parameters: INodeParameters;
	typeName?: string;
	typeVersion?: number;
	/** path of the parameter being loaded, e.g. 'parameters.model' (used for `&sibling` lookups) */
	path?: string;
}

export interface ListSearchOptions extends NodeMethodOptions {
	filter?: string;
	paginationToken?: string;
}

/**
 * Builds the temporary one-node workflow + LoadOptionsContext exactly like the CLI's
 * DynamicNodeParametersService (packages/cli/src/services/dynamic-node-parameters.service.ts).
 */
function loadOptionsContext(nodeType: AnyNodeType, opts: NodeMethodOptions) {
	const typeName = opts.typeName ?? DEFAULT_TYPE_NAME;
	const typeVersion = opts.typeVersion ?? latestVersion(nodeType);
	const nodeTypes = new HarnessNodeTypes({ [typeName]: nodeType });
	const credentialTypes = opts.credentialTypes ?? [];
	const credentialsHelper = new HarnessCredentialsHelper(
		structuredClone(opts.credentials ?? {}),
		credentialTypes,
	);
	const credentials: INode['credentials'] = {};
	for (const name of new Set([
		...credentialTypes.map((t) => t.name),
		...Object.keys(opts.credentials ?? {}),
	])) {
		credentials[name] = { id: '1', name: 'HF' };
	}

	// The editor sends the full parameter set (defaults included).
	const description = NodeHelpers.getVersionedNodeType(nodeType, typeVersion).description;
	const currentNodeParameters =
		(NodeHelpers.getNodeParameters(
			description.properties,
			structuredClone(opts.parameters),
			true,
			false,
			null,
			description,
		) as INodeParameters | null) ?? structuredClone(opts.parameters);

	const node: INode = {
		id: 'temp-node',
		name: 'Temp-Node',
		type: typeName,
		typeVersion,
		position: [0, 0],
		parameters: currentNodeParameters,
		credentials: Object.keys(credentials).length ? credentials : undefined,
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	const additionalData = buildAdditionalData({ credentialsHelper, currentNodeParameters });
	return new LoadOptionsContext(
		workflow,
		workflow.getNode(node.name)!,
		additionalData,
		opts.path ?? 'parameters',
	);
}

function methodsOf(nodeType: AnyNodeType, typeVersion: number | undefined): INodeType['methods'] {
	const version = typeVersion ?? latestVersion(nodeType);
	return NodeHelpers.getVersionedNodeType(nodeType, version).methods;
}

export async function callListSearch(
	nodeTypeInput: NodeTypeInput,
	method: string,
	opts: ListSearchOptions,
): Promise<INodeListSearchResult> {
	const nodeType = resolveNodeType(nodeTypeInput);
	const fn = methodsOf(nodeType, opts.typeVersion)?.listSearch?.[method];
	if (typeof fn !== 'function') {
		throw new UnexpectedError(`Node type has no listSearch method "${method}"`);
	}
	const context = loadOptionsContext(nodeType, opts);
	return await fn.call(context, opts.filter, opts.paginationToken);
}

export async function callLoadOptions(
	nodeTypeInput: NodeTypeInput,
	method: string,
	opts: NodeMethodOptions,
): Promise<INodePropertyOptions[]> {
	const nodeType = resolveNodeType(nodeTypeInput);
	const fn = methodsOf(nodeType, opts.typeVersion)?.loadOptions?.[method];
	if (typeof fn !== 'function') {
		throw new UnexpectedError(`Node type has no loadOptions method "${method}"`);
	}
	const context = loadOptionsContext(nodeType, opts);
	return await fn.call(context);
}

/**
 * Finds the credential test the way the CLI's CredentialsTester.getCredentialTestFunction does:
 * the credential type's own `test` request first, then the node's `testedBy` (a
 * `methods.credentialTest` name, or a request definition).
 */
function findCredentialTest(
	nodeType: AnyNodeType,
	credentialType: ICredentialType,
): ICredentialTestFunction | { nodeType?: INodeType; testRequest: ICredentialTestRequest } | undefined {
	if (credentialType.test) return { testRequest: credentialType.test };

	const versions: INodeType[] =
		'nodeVersions' in nodeType
			? Object.keys(nodeType.nodeVersions)
					.map(Number)
					.sort((a, b) => b - a)
					.map((v) => nodeType.nodeVersions[v])
			: [nodeType];
	for (const version of versions) {
		for (const { name, testedBy } of version.description.credentials ?? []) {
			if (name !== credentialType.name || !testedBy) continue;
			if (typeof testedBy === 'string') {
				const fn = version.methods?.credentialTest?.[testedBy];
				if (fn) return fn;
				continue;
			}
			return { nodeType: version, testRequest: testedBy };
		}
	}
	return undefined;
}

export async function testCredential(
	nodeTypeInput: NodeTypeInput,
	credentialType: ICredentialType,
	data: ICredentialDataDecryptedObject,
): Promise<INodeCredentialTestResult> {
	const nodeType = resolveNodeType(nodeTypeInput);
	const test = findCredentialTest(nodeType, credentialType);
	if (test === undefined) {
		return { status: 'Error', message: 'No testing function found for this credential.' };
	}

	const credentialsHelper = new HarnessCredentialsHelper(
		{ [credentialType.name]: structuredClone(data) },
		[credentialType],
	);
	let credentialsDecrypted: ICredentialsDecrypted;
	try {
		credentialsDecrypted = {
			id: '1',
			name: 'HF',
			type: credentialType.name,
			data: credentialsHelper.applyDefaults(credentialType.name, structuredClone(data)),
		};
	} catch (error) {
		return { status: 'Error', message: (error as Error).message };
	}

	if (typeof test === 'function') {
		// Exactly what the CLI does: a bare CredentialTestContext (helpers.request only).
		return await test.call(new CredentialTestContext(), credentialsDecrypted);
	}

	// Declarative test request: a temp node whose only property routes to the test request.
	const baseNodeType = test.nodeType;
	const tempTypeName = baseNodeType?.description.name ?? 'n8n-nodes-harness.credentialTest';
	const tempNodeType: INodeType = {
		description: {
			...(baseNodeType?.description ?? {
				displayName: 'Credential Test',
				name: tempTypeName,
				group: [],
				version: 1,
				description: '',
				defaults: {},
				inputs: [],
				outputs: [],
			}),
			credentials: [{ name: credentialType.name, required: true }],
			properties: [
				{
					displayName: 'Temp',
					name: 'temp',
					type: 'string',
					routing: { request: test.testRequest.request },
					default: '',
				},
			],
		},
	};
	const node: INode = {
		id: 'temp',
		parameters: {},
		name: 'Temp-Node',
		type: tempTypeName,
		typeVersion: Array.isArray(tempNodeType.description.version)
			? tempNodeType.description.version.slice(-1)[0]
			: tempNodeType.description.version,
		position: [0, 0],
		credentials: { [credentialType.name]: { id: '1', name: 'HF' } },
	};
	const workflow = new Workflow({
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: new HarnessNodeTypes({ [tempTypeName]: tempNodeType }),
	});
	const additionalData = buildAdditionalData({ credentialsHelper });
	const executeData: IExecuteData = { node, data: {}, source: null };
	const context = new ExecuteContext(
		workflow,
		node,
		additionalData,
		'internal',
		createRunExecutionData({ executionData: null }),
		0,
		[],
		{ main: [[{ json: {} }]] },
		executeData,
		[],
	);
	let response: INodeExecutionData[][] | null | undefined;
	try {
		response = await new RoutingNode(context, tempNodeType, credentialsDecrypted).runNode();
	} catch (error) {
		const cause = (error as { cause?: { response?: { status: number; statusText?: string }; code?: string } })
			.cause;
		if (cause?.response) {
			const { status, statusText } = cause.response;
			for (const rule of test.testRequest.rules ?? []) {
				if (rule.type === 'responseCode' && rule.properties.value === status) {
					return { status: 'Error', message: rule.properties.message };
				}
			}
			if (status < 199 || status > 299) {
				return { status: 'Error', message: statusText || `Received HTTP status code: ${status}` };
			}
		} else if (cause?.code) {
			return { status: 'Error', message: cause.code };
		}
		return { status: 'Error', message: String((error as Error).message) };
	}
	for (const rule of test.testRequest.rules ?? []) {
		if (rule.type === 'responseSuccessBody') {
			const body = response?.[0]?.[0]?.json;
			if (getPath(body, rule.properties.key) === rule.properties.value) {
				return { status: 'Error', message: rule.properties.message };
			}
		}
	}
	return { status: 'OK', message: 'Connection successful!' };
}
