import { Credentials } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	ICredentialsExpressionResolveValues,
	IExecuteData,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeParameters,
	INodeProperties,
	IRequestOptionsSimplified,
	IWorkflowExecuteAdditionalData,
	Workflow,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { ICredentialsHelper, NodeHelpers, UnexpectedError } from 'n8n-workflow';

import { applyGenericAuthentication, resolveCredentialData } from './credential-expressions';

/**
 * In-memory `ICredentialsHelper`. Authentication / preAuthentication / defaults follow
 * packages/cli/src/credentials-helper.ts (the parts a community node exercises), stored data is a
 * plain map keyed by credential type name (every node credential reference resolves to it).
 */
export class HarnessCredentialsHelper extends ICredentialsHelper {
	private readonly types = new Map<string, ICredentialType>();

	/** Every `updateCredentials` / `updateCredentialsOauthTokenData` call, for assertions. */
	readonly updates: Array<{ type: string; data: ICredentialDataDecryptedObject }> = [];

	constructor(
		private readonly data: Record<string, ICredentialDataDecryptedObject> = {},
		credentialTypes: ICredentialType[] = [],
	) {
		super();
		for (const type of credentialTypes) this.types.set(type.name, type);
	}

	getCredentialType(name: string): ICredentialType | undefined {
		return this.types.get(name);
	}

	private requireType(name: string): ICredentialType {
		const type = this.types.get(name);
		if (!type) {
			throw new UnexpectedError(
				`Credential type "${name}" is not known to the harness: pass it in \`credentialTypes\``,
			);
		}
		return type;
	}

	getParentTypes(name: string): string[] {
		const type = this.types.get(name);
		if (!type?.extends) return [];
		const parents: string[] = [];
		for (const parent of type.extends) {
			parents.push(parent, ...this.getParentTypes(parent));
		}
		return parents;
	}

	isCredentialUsableByNode(credentialType: string, nodeType: string): boolean {
		const type = this.types.get(credentialType);
		if (!type?.restrictToSupportedNodes) return true;
		return (type.supportedNodes ?? []).some((n) => n === nodeType || nodeType.endsWith(`.${n}`));
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		const typeData = this.types.get(type);
		if (!typeData) return [];
		if (!typeData.extends) return typeData.properties;
		const combined: INodeProperties[] = [];
		for (const parent of typeData.extends) {
			NodeHelpers.mergeNodeProperties(combined, this.getCredentialsProperties(parent));
		}
		NodeHelpers.mergeNodeProperties(combined, typeData.properties);
		return combined;
	}

	/** Stored data + the credential type's defaults (+ expressions resolved), like the CLI's applyDefaultsAndOverwrites. */
	applyDefaults(
		type: string,
		stored: ICredentialDataDecryptedObject,
		mode: WorkflowExecuteMode = 'internal',
		expressionResolveValues?: ICredentialsExpressionResolveValues,
		executeData?: IExecuteData,
	): ICredentialDataDecryptedObject {
		const properties = this.getCredentialsProperties(type);
		const data: ICredentialDataDecryptedObject = properties.length
			? (NodeHelpers.getNodeParameters(
					properties,
					stored as INodeParameters,
					true,
					false,
					null,
					null,
				) as ICredentialDataDecryptedObject)
			: { ...stored };
		// keep keys the type does not declare (e.g. oauthTokenData, test-only fields)
		for (const [key, value] of Object.entries(stored)) {
			if (data[key] === undefined) data[key] = value;
		}
		return resolveCredentialData(data, mode, expressionResolveValues, executeData);
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
		mode: WorkflowExecuteMode,
		executeData?: IExecuteData,
		raw?: boolean,
		expressionResolveValues?: ICredentialsExpressionResolveValues,
	): Promise<ICredentialDataDecryptedObject> {
		const stored = this.data[type];
		if (!stored) {
			throw new UnexpectedError(`No credentials of type "${type}" were given to the harness`);
		}
		if (raw) return { ...stored };
		return this.applyDefaults(type, stored, mode, expressionResolveValues, executeData);
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		incomingRequestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const requestOptions = incomingRequestOptions as IHttpRequestOptions;
		const credentialType = this.requireType(typeName);
		const { authenticate } = credentialType;
		if (!authenticate) return requestOptions;

		if (typeof authenticate === 'function') {
			return await authenticate(credentials, requestOptions);
		}

		if (authenticate.type === 'generic') {
			applyGenericAuthentication(authenticate, credentials, requestOptions, workflow, node);
		}
		return requestOptions;
	}

	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const credentialType = this.requireType(typeName);
		const expirableProperty = credentialType.properties.find(
			(p) => p.type === 'hidden' && p.typeOptions?.expirable === true,
		);
		if (expirableProperty?.name === undefined) return undefined;
		if (typeof credentialType.preAuthentication !== 'function') return undefined;
		if (credentials[expirableProperty.name] !== '' && !credentialsExpired) return undefined;

		const output = (await credentialType.preAuthentication.call(
			helpers,
			credentials,
		)) as ICredentialDataDecryptedObject;
		if (output[expirableProperty.name] === undefined) return undefined;

		const nodeCredentials = node.credentials?.[credentialType.name];
		if (nodeCredentials) {
			await this.updateCredentials(nodeCredentials, credentialType.name, {
				...(this.data[credentialType.name] ?? {}),
				...output,
			});
		}
		return Object.assign(credentials, output);
	}

	async runPreAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const credentialType = this.requireType(typeName);
		if (typeof credentialType.preAuthentication !== 'function') return undefined;
		const output = await credentialType.preAuthentication.call(helpers, credentials);
		return (output as ICredentialDataDecryptedObject | undefined) ?? undefined;
	}

	async getCredentials(nodeCredentials: INodeCredentialsDetails, type: string): Promise<Credentials> {
		// Unencrypted: getData() would need real ciphertext. Only the id/name/type are meaningful here.
		return new Credentials({ id: nodeCredentials.id, name: nodeCredentials.name }, type);
	}

	async updateCredentials(
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		this.data[type] = { ...data };
		this.updates.push({ type, data: { ...data } });
	}

	async updateCredentialsOauthTokenData(
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		this.data[type] = { ...(this.data[type] ?? {}), oauthTokenData: data.oauthTokenData };
		this.updates.push({ type, data: { ...data } });
	}
}
