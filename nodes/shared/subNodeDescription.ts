import type { INodeTypeDescription } from 'n8n-workflow';

/** What one sub-node (chat model, embeddings) says of itself. */
export interface SubNodeIdentity {
	displayName: string;
	name: string;
	description: string;
}

/** The model and the provider, as the sub-nodes show them under their name. */
export const SUB_NODE_SUBTITLE = '={{($parameter["model"].value || $parameter["model"] || "") + " (" + $parameter["provider"] + ")"}}';

/**
 * What the sub-nodes' descriptions share: one version, the Hugging Face credential, and the
 * display name as the default node name. Spread into the node's own description literal, which
 * keeps `icon`, `subtitle`, `inputs` and `outputs`: n8n's scanner reads those from the literal in
 * the .node.ts file (icon-validation, require-node-description-fields, node-usable-as-tool).
 */
export function subNodeDescription(
	identity: SubNodeIdentity,
): Pick<INodeTypeDescription, 'displayName' | 'name' | 'group' | 'version' | 'description' | 'defaults' | 'credentials'> {
	return {
		displayName: identity.displayName,
		name: identity.name,
		group: ['transform'],
		version: 1,
		description: identity.description,
		defaults: { name: identity.displayName },
		credentials: [{ name: 'huggingFaceInferenceApi', required: true }],
	};
}
