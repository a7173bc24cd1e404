import { execFileSync } from 'child_process';
import { readFileSync } from 'fs';
import { join, resolve } from 'path';

/** What `npm pack` publishes: the compiled node, the credential, both icons and the codex file, no tests. */
const ROOT = resolve(__dirname, '..');
const packageJson = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

let files: string[] = [];
beforeAll(() => {
	execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'pipe' });
	const output = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
	files = (JSON.parse(output) as Array<{ files: Array<{ path: string }> }>)[0].files.map((file) => file.path);
}, 120_000);

test('package.json carries the contract names', () => {
	expect(packageJson.name).toBe('n8n-nodes-huggingface-inference');
	expect(packageJson.license).toBe('MIT');
	expect(packageJson.keywords).toContain('n8n-community-node-package');
	expect(packageJson.n8n).toEqual({
		n8nNodesApiVersion: 1,
		credentials: ['dist/credentials/HuggingFaceInferenceApi.credentials.js'],
		nodes: ['dist/nodes/HuggingFaceInference/HuggingFaceInference.node.js'],
	});
	// n8n verifies only packages without runtime dependencies: every call goes through n8n's helpers.
	expect(packageJson.dependencies).toBeUndefined();
	expect(packageJson.peerDependencies).toHaveProperty('n8n-workflow');
});

test('the tarball holds the node, the credential, both icons and the codex file', () => {
	expect(files).toEqual(
		expect.arrayContaining([
			'dist/nodes/HuggingFaceInference/HuggingFaceInference.node.js',
			'dist/credentials/HuggingFaceInferenceApi.credentials.js',
			'dist/nodes/HuggingFaceInference/huggingface.svg',
			'dist/nodes/HuggingFaceInference/huggingface.dark.svg',
			'dist/nodes/HuggingFaceInference/HuggingFaceInference.node.json',
			'package.json',
		]),
	);
});

test('the tarball holds nothing from the tests or the tooling', () => {
	const outside = files.filter((file) => !file.startsWith('dist/') && !['package.json', 'README.md', 'LICENSE', 'index.js'].includes(file));
	expect(outside).toEqual([]);
	expect(files.filter((file) => /(^|\/)(test|emulator|harness|e2e)(\/|$)|\.test\./.test(file))).toEqual([]);
});

test('every file the n8n block names is in the tarball', () => {
	for (const file of [...packageJson.n8n.credentials, ...packageJson.n8n.nodes]) expect(files).toContain(file);
});
