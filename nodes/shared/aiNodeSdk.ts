import { NodeOperationError, type INode } from 'n8n-workflow';

export type AiNodeSdk = typeof import('@n8n/ai-node-sdk');

/**
 * n8n's AI node SDK, loaded when a sub-node supplies its model rather than when the package
 * loads: the SDK ships with n8n from 2.16 on, and on an older n8n the main node must still load.
 */
export async function loadAiNodeSdk(node: INode): Promise<AiNodeSdk> {
	try {
		return await import('@n8n/ai-node-sdk');
	} catch (error) {
		throw new NodeOperationError(node, 'This sub-node needs n8n 2.16 or newer: n8n\'s AI node SDK (@n8n/ai-node-sdk) was not found', {
			description: `Update n8n to 2.16 or newer, or use the Hugging Face Inference node (it runs on older versions). (${(error as Error).message})`,
		});
	}
}
