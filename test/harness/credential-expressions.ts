/**
 * How the harness resolves expressions in credential data and in a credential type's generic
 * `authenticate` (`{{ $credentials.x }}`), like packages/cli/src/credentials-helper.ts: in the
 * running workflow when there is one, else in a throwaway mock workflow, as the CLI does.
 */
import type {
	IAuthenticateGeneric,
	ICredentialDataDecryptedObject,
	ICredentialsExpressionResolveValues,
	IExecuteData,
	IHttpRequestOptions,
	INode,
	INodeParameters,
	IWorkflowDataProxyAdditionalKeys,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { Workflow, isExpression } from 'n8n-workflow';

import { HarnessNodeTypes } from './node-types';

const MOCK_NODE: INode = {
	id: 'harness-credential-mock',
	name: 'Credential-Mock',
	type: 'n8n-nodes-harness.credentialMock',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

const mockNodeTypes = new HarnessNodeTypes({
	[MOCK_NODE.type]: {
		description: {
			displayName: 'Credential Mock',
			name: MOCK_NODE.type,
			group: [],
			version: 1,
			description: '',
			defaults: {},
			inputs: [],
			outputs: [],
			properties: [],
		},
	},
});

/** A throwaway workflow used to evaluate `{{ $credentials.x }}` expressions, like the CLI's mock workflow. */
function mockWorkflow() {
	return new Workflow({ nodes: [MOCK_NODE], connections: {}, active: false, nodeTypes: mockNodeTypes });
}

/** Credential data with its expressions resolved (the same object when it holds none). */
export function resolveCredentialData(
	data: ICredentialDataDecryptedObject,
	mode: WorkflowExecuteMode,
	expressionResolveValues?: ICredentialsExpressionResolveValues,
	executeData?: IExecuteData,
): ICredentialDataDecryptedObject {
	if (!Object.values(data).some((v) => isExpression(v))) return data;
	if (expressionResolveValues) {
		return expressionResolveValues.workflow.expression.getParameterValue(
			data as INodeParameters,
			expressionResolveValues.runExecutionData,
			expressionResolveValues.runIndex,
			expressionResolveValues.itemIndex,
			expressionResolveValues.node.name,
			expressionResolveValues.connectionInputData,
			mode,
			{},
			executeData,
			false,
			data,
		) as ICredentialDataDecryptedObject;
	}
	return mockWorkflow().expression.getComplexParameterValue(
		MOCK_NODE,
		data as INodeParameters,
		mode,
		{},
		undefined,
		undefined,
		data,
	) as ICredentialDataDecryptedObject;
}

/** Sets a generic `authenticate`'s headers / qs / body / auth on the request, their expressions resolved. */
export function applyGenericAuthentication(
	authenticate: IAuthenticateGeneric,
	credentials: ICredentialDataDecryptedObject,
	requestOptions: IHttpRequestOptions,
	workflow?: Workflow,
	node?: INode,
): void {
	const wf = workflow ?? mockWorkflow();
	const wfNode = node ?? MOCK_NODE;
	if (requestOptions.headers === undefined) requestOptions.headers = {};
	const target = requestOptions as unknown as Record<string, Record<string, unknown>>;
	for (const [outerKey, outerValue] of Object.entries(authenticate.properties)) {
		for (const [key, value] of Object.entries(outerValue as Record<string, unknown>)) {
			const keyResolved = resolveValue(key, { $credentials: credentials }, wf, wfNode);
			const valueResolved = resolveValue(
				value as string,
				{ $credentials: credentials },
				wf,
				wfNode,
			);
			if (!target[outerKey]) target[outerKey] = {};
			target[outerKey][keyResolved] = valueResolved;
		}
	}
}

function resolveValue(
	parameterValue: string,
	additionalKeys: IWorkflowDataProxyAdditionalKeys,
	workflow: Workflow,
	node: INode,
): string {
	if (!isExpression(parameterValue)) return parameterValue;
	const value = workflow.expression.getSimpleParameterValue(
		node,
		parameterValue,
		'internal',
		additionalKeys,
		undefined,
		'',
	);
	if (!value) return '';
	return String(value);
}
