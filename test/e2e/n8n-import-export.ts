/**
 * Getting things into an n8n home with n8n's own CLI (`import:credentials`, `import:workflow`:
 * credentials given in plain data are encrypted with the home's key) and reading back which node
 * types it knows (`export:nodes`).
 */
import { randomBytes, randomUUID } from 'crypto';
import { readFileSync, rmSync, writeFileSync } from 'fs';
import { join } from 'path';

import { runN8nOk } from './n8n-commands';
import type { N8nHome } from './n8n-home';

/** n8n ids: 16 characters [0-9a-zA-Z], like n8n's own generator. */
export function newId(): string {
	const alphabet = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
	const bytes = randomBytes(16);
	return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}

export interface CredentialInput {
	id?: string;
	name: string;
	type: string;
	/** Plain (unencrypted) credential data; n8n encrypts it on import. */
	data: Record<string, unknown>;
}

/** Imports credentials (plain data) and returns them with their ids. */
export async function importCredentials(
	home: N8nHome,
	credentials: CredentialInput[],
): Promise<Array<CredentialInput & { id: string }>> {
	const now = new Date().toISOString();
	const withIds = credentials.map((c) => ({ ...c, id: c.id ?? newId() }));
	const file = join(home.userFolder, `credentials-${newId()}.json`);
	writeFileSync(
		file,
		JSON.stringify(withIds.map((c) => ({ createdAt: now, updatedAt: now, ...c }))),
	);
	await runN8nOk(home, ['import:credentials', `--input=${file}`]);
	rmSync(file, { force: true });
	return withIds;
}

export interface WorkflowInput {
	id?: string;
	name?: string;
	nodes: Array<Record<string, unknown>>;
	connections: Record<string, unknown>;
	settings?: Record<string, unknown>;
	[key: string]: unknown;
}

/** Imports one workflow and returns its id. */
export async function importWorkflow(home: N8nHome, workflow: WorkflowInput): Promise<string> {
	const id = workflow.id ?? newId();
	const file = join(home.userFolder, `workflow-${id}.json`);
	const nodes = workflow.nodes.map((node) => ({ id: randomUUID(), ...node }));
	writeFileSync(
		file,
		JSON.stringify({
			name: `e2e ${id}`,
			active: false,
			settings: { executionOrder: 'v1' },
			...workflow,
			nodes,
			id,
		}),
	);
	await runN8nOk(home, ['import:workflow', `--input=${file}`]);
	rmSync(file, { force: true });
	return id;
}

export interface ExportedNodeType {
	name: string;
	displayName: string;
	version: number | number[];
	[key: string]: unknown;
}

/** The node types this n8n home knows (`n8n export:nodes`), community packages included. */
export async function exportNodeTypes(home: N8nHome): Promise<ExportedNodeType[]> {
	const file = join(home.userFolder, `nodes-${newId()}.json`);
	await runN8nOk(home, ['export:nodes', `--output=${file}`]);
	const types = JSON.parse(readFileSync(file, 'utf8')) as ExportedNodeType[];
	rmSync(file, { force: true });
	return types;
}

/**
 * Every node type's versions in this home. export:nodes lists a versioned node once per
 * implementation (Set: [1, 2], then 3, 3.1, ...); here they are gathered per type.
 */
export async function nodeTypeVersions(home: N8nHome): Promise<Map<string, number[]>> {
	const versions = new Map<string, number[]>();
	for (const t of await exportNodeTypes(home)) {
		versions.set(t.name, [...(versions.get(t.name) ?? []), ...([] as number[]).concat(t.version)]);
	}
	return versions;
}
