/**
 * Installs the bench's floor node (scripts/bench/floor-node: test code, never shipped) beside the
 * package in a bench n8n home, the way n8n finds community packages: any `n8n-nodes-*` folder in
 * `<nodes>/node_modules` (n8n-core's scanDirectoryForPackages in n8n 2.41).
 */
import { cpSync, existsSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';

import type { N8nHome } from '../../test/e2e/n8n';

export const FLOOR_PACKAGE = 'n8n-nodes-bench-floor';
export const FLOOR_NODE_TYPE = `${FLOOR_PACKAGE}.benchFloor`;

export function installFloorNode(home: N8nHome): void {
	cpSync(join(__dirname, 'floor-node'), join(home.nodesDir, 'node_modules', FLOOR_PACKAGE), { recursive: true });
	const manifest = join(home.nodesDir, 'package.json');
	const nodes = existsSync(manifest) ? JSON.parse(readFileSync(manifest, 'utf8')) : { name: 'installed-nodes', private: true, dependencies: {} };
	nodes.dependencies = { ...nodes.dependencies, [FLOOR_PACKAGE]: '0.0.0' };
	writeFileSync(manifest, JSON.stringify(nodes, null, 2));
}
