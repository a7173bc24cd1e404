/** Our node's steps for e2e workflows: chat, image and embedding, each with its credential. */
import { CREDENTIAL_TYPE, NODE_TYPE } from './n8n';
import type { NodeSpec } from './workflows';

export const CHAT_MODEL = 'meta-llama/Llama-3.1-8B-Instruct';
export const IMAGE_MODEL = 'black-forest-labs/FLUX.1-dev';
export const EMBEDDING_MODEL = 'sentence-transformers/all-MiniLM-L6-v2';

export interface CredentialRef {
	id: string;
	name: string;
}

const step = (name: string, credential: CredentialRef, parameters: Record<string, unknown>): NodeSpec => ({
	name,
	type: NODE_TYPE,
	typeVersion: 1,
	parameters,
	credentials: { [CREDENTIAL_TYPE]: { id: credential.id, name: credential.name } },
});

export const chatStep = (name: string, credential: CredentialRef, content: string, options: Record<string, unknown> = {}) =>
	step(name, credential, {
		operation: 'chat',
		model: { __rl: true, mode: 'id', value: CHAT_MODEL },
		provider: 'auto',
		messages: { values: [{ role: 'user', content }] },
		options,
	});

/** hf-inference answers the picture's bytes on the router itself (no CDN download). */
export const imageStep = (name: string, credential: CredentialRef, prompt: string) =>
	step(name, credential, {
		operation: 'image',
		model: { __rl: true, mode: 'id', value: IMAGE_MODEL },
		provider: 'hf-inference',
		prompt,
		options: { width: 256, height: 256 },
	});

export const embeddingStep = (name: string, credential: CredentialRef, text: string) =>
	step(name, credential, {
		operation: 'embedding',
		model: { __rl: true, mode: 'id', value: EMBEDDING_MODEL },
		provider: 'hf-inference',
		text,
		options: {},
	});
