/** Small workflow builders for the e2e tests (n8n's export format). */
import { randomUUID } from 'crypto';

import type { WorkflowInput } from './n8n';

export type NodeSpec = {
	name: string;
	type: string;
	typeVersion: number;
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
	[key: string]: unknown;
};

export const manualTrigger = (name = 'When clicking ‘Execute workflow’'): NodeSpec => ({
	name,
	type: 'n8n-nodes-base.manualTrigger',
	typeVersion: 1,
	parameters: {},
});

/** Edit Fields (Set) v3.4 with fixed assignments. */
export const setFields = (
	name: string,
	fields: Record<string, string | number | boolean>,
): NodeSpec => ({
	name,
	type: 'n8n-nodes-base.set',
	typeVersion: 3.4,
	parameters: {
		assignments: {
			assignments: Object.entries(fields).map(([key, value]) => ({
				id: randomUUID(),
				name: key,
				value,
				type: typeof value === 'number' ? 'number' : typeof value === 'boolean' ? 'boolean' : 'string',
			})),
		},
		options: {},
	},
});

/** Code node v2, "Run Once for All Items". */
export const code = (name: string, jsCode: string): NodeSpec => ({
	name,
	type: 'n8n-nodes-base.code',
	typeVersion: 2,
	parameters: { jsCode },
});

/**
 * A linear workflow: nodes[0] -> nodes[1] -> ... on output 0; `extra` adds connections
 * `[from, output, to]` (e.g. a node's Quota Exhausted output).
 */
export function chain(nodes: NodeSpec[], extra: Array<[string, number, string]> = []): WorkflowInput {
	const connections: Record<string, { main: Array<Array<{ node: string; type: 'main'; index: number }>> }> = {};
	const connect = (from: string, output: number, to: string) => {
		const main = (connections[from] ??= { main: [] }).main;
		while (main.length <= output) main.push([]);
		main[output].push({ node: to, type: 'main', index: 0 });
	};
	nodes.slice(1).forEach((node, i) => connect(nodes[i].name, 0, node.name));
	extra.forEach(([from, output, to]) => connect(from, output, to));
	return {
		nodes: nodes.map((node, i) => ({ position: [i * 220, 0], ...node })),
		connections,
	};
}
