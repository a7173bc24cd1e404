/** The workflows `npm run bench` imports into n8n (n8n's export format). */
import { NODE_TYPE, CREDENTIAL_TYPE, type WorkflowInput } from '../../test/e2e/n8n';
import { chain, code, manualTrigger, type NodeSpec } from '../../test/e2e/workflows';
import { FLOOR_NODE_TYPE } from './floor-node';

export const CHAT_MODEL = 'meta-llama/Llama-3.1-8B-Instruct';
export const EMBEDDING_MODEL = 'sentence-transformers/all-MiniLM-L6-v2';
export const IMAGE_MODEL = 'black-forest-labs/FLUX.1-dev';

export const NAMES = {
	trigger: 'Start',
	items: 'Make Items',
	ours: 'Hugging Face Inference',
	floor: 'Bench Floor',
	http: 'HTTP Request',
	openAi: 'OpenAI',
	exprBefore: 'Edit Fields (before)',
	exprAfter: 'Edit Fields (after)',
};

export interface Credentials {
	hf: { id: string; name: string };
	/** A token whose account has no credits left. */
	hfEmpty: { id: string; name: string };
	header: { id: string; name: string };
	openAi: { id: string; name: string };
}

/** A Code node ("Run Once for All Items") making `count` items `{ text }`. */
function makeItems(count: number, kind: 'chat' | 'embedding' | 'image'): NodeSpec {
	const text =
		kind === 'chat'
			? '`Question ${i}: in one sentence, why is the sky blue?`'
			: kind === 'embedding'
				? '`Sentence ${i}: the quick brown fox jumps over the lazy dog near the river bank.`'
				: '`A lighthouse at dawn, picture ${i}`';
	return code(NAMES.items, `return Array.from({ length: ${count} }, (_, i) => ({ json: { text: ${text}, i } }));`);
}

/** Edit Fields evaluating the same expression the node evaluates for each item. */
function expressionProbe(name: string): NodeSpec {
	return {
		name,
		type: 'n8n-nodes-base.set',
		typeVersion: 3.4,
		parameters: {
			assignments: {
				assignments: [{ id: 'b3a0e5e2-0000-4000-8000-000000000001', name: 'text', value: '={{ $json.text }}', type: 'string' }],
			},
			options: {},
		},
	};
}

function ours(parameters: Record<string, unknown>, credentials: Credentials): NodeSpec {
	return {
		name: NAMES.ours,
		type: NODE_TYPE,
		typeVersion: 1,
		// The same "On Error: Continue" as the HTTP Request and OpenAI nodes below. With it a bad
		// item cannot stop the run, so the node sends while it is still reading later items.
		onError: 'continueRegularOutput',
		parameters,
		credentials: { [CREDENTIAL_TYPE]: credentials.hf },
	};
}

/**
 * Manual Trigger -> Make Items -> each of `nodes` in turn, all fed from Make Items. With execution
 * order v1, n8n runs the branches one after another, in the order of the connections.
 */
function fanOut(name: string, count: number, kind: 'chat' | 'embedding' | 'image', nodes: NodeSpec[]): WorkflowInput {
	const workflow = chain([manualTrigger(NAMES.trigger), makeItems(count, kind), nodes[0]], nodes.slice(1).map((n): [string, number, string] => [NAMES.items, 0, n.name]));
	workflow.nodes.push(...nodes.slice(1).map((node, i) => ({ position: [660, (i + 1) * 200], ...node })));
	// Every branch hangs off the same output; n8n (v1 order) runs them top to bottom on the canvas.
	return { ...workflow, name };
}

/** `content`: the message; the default is the plain read the node takes from the item itself. */
export function chatOurs(count: number, credentials: Credentials, name = 'chat ours', account: 'hf' | 'hfEmpty' = 'hf', content = '={{ $json.text }}'): WorkflowInput {
	return fanOut(name, count, 'chat', [
		expressionProbe(NAMES.exprBefore),
		ours(
			{
				operation: 'chat',
				model: { __rl: true, mode: 'id', value: CHAT_MODEL },
				provider: 'auto',
				messages: { values: [{ role: 'user', content }] },
				// Default options: the node finds the concurrency the router allows by itself.
				options: {},
			},
			{ ...credentials, hf: credentials[account] },
		),
		expressionProbe(NAMES.exprAfter),
	]);
}

/**
 * The floor node (scripts/bench/floor-node) on the same items, in the same workflow shape: the
 * same chat calls through n8n's HTTP helper with `cap` calls in flight, known in advance.
 */
export function chatFloor(count: number, url: string, credentials: Credentials, cap: number, name = 'chat floor'): WorkflowInput {
	return fanOut(name, count, 'chat', [
		expressionProbe(NAMES.exprBefore),
		{
			name: NAMES.floor,
			type: FLOOR_NODE_TYPE,
			typeVersion: 1,
			onError: 'continueRegularOutput',
			parameters: { url: `${url}/v1/chat/completions`, model: CHAT_MODEL, field: 'text', cap },
			credentials: { httpHeaderAuth: credentials.header },
		},
		expressionProbe(NAMES.exprAfter),
	]);
}

export function chatHttp(count: number, url: string, credentials: Credentials, name = 'chat http'): WorkflowInput {
	return fanOut(name, count, 'chat', [
		{
			name: NAMES.http,
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			// "On Error: Continue" so that the run finishes and every failed item can be counted.
			onError: 'continueRegularOutput',
			parameters: {
				method: 'POST',
				url: `${url}/v1/chat/completions`,
				authentication: 'genericCredentialType',
				genericAuthType: 'httpHeaderAuth',
				sendBody: true,
				specifyBody: 'json',
				jsonBody: `={{ JSON.stringify({ model: "${CHAT_MODEL}", messages: [{ role: "user", content: $json.text }] }) }}`,
				options: {},
			},
			credentials: { httpHeaderAuth: credentials.header },
		},
	]);
}

export function chatOpenAi(count: number, credentials: Credentials): WorkflowInput {
	return fanOut('chat openai', count, 'chat', [
		{
			// OpenAI node v1.8 (@n8n/n8n-nodes-langchain), Text -> Message a Model: POST {url}/chat/completions.
			name: NAMES.openAi,
			type: '@n8n/n8n-nodes-langchain.openAi',
			typeVersion: 1.8,
			onError: 'continueRegularOutput',
			parameters: {
				resource: 'text',
				operation: 'message',
				modelId: { __rl: true, mode: 'id', value: CHAT_MODEL },
				messages: { values: [{ content: '={{ $json.text }}', role: 'user' }] },
				simplify: true,
				jsonOutput: false,
				options: {},
			},
			credentials: { openAiApi: credentials.openAi },
		},
	]);
}

export function embeddingOurs(count: number, credentials: Credentials): WorkflowInput {
	return fanOut('embedding ours', count, 'embedding', [
		expressionProbe(NAMES.exprBefore),
		ours(
			{
				operation: 'embedding',
				model: { __rl: true, mode: 'id', value: EMBEDDING_MODEL },
				provider: 'hf-inference',
				text: '={{ $json.text }}',
				// batchSize stays at its default (32).
				// Default options: the node finds the concurrency the router allows by itself.
				options: {},
			},
			credentials,
		),
		expressionProbe(NAMES.exprAfter),
	]);
}

export function embeddingHttp(count: number, url: string, credentials: Credentials): WorkflowInput {
	return fanOut('embedding http', count, 'embedding', [
		{
			name: NAMES.http,
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			onError: 'continueRegularOutput',
			parameters: {
				method: 'POST',
				url: `${url}/hf-inference/models/${EMBEDDING_MODEL}/pipeline/feature-extraction`,
				authentication: 'genericCredentialType',
				genericAuthType: 'httpHeaderAuth',
				sendBody: true,
				specifyBody: 'json',
				jsonBody: '={{ JSON.stringify({ inputs: $json.text }) }}',
				options: {},
			},
			credentials: { httpHeaderAuth: credentials.header },
		},
	]);
}

export function imagesOurs(count: number, credentials: Credentials, name = 'images ours'): WorkflowInput {
	return fanOut(name, count, 'image', [
		ours(
			{
				operation: 'image',
				model: { __rl: true, mode: 'id', value: IMAGE_MODEL },
				provider: 'hf-inference',
				prompt: '={{ $json.text }}',
				// Default options: the node finds the concurrency the router allows by itself.
				options: {},
			},
			credentials,
		),
	]);
}
