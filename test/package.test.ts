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
		// The sub-nodes are built on n8n's AI node SDK: declared here and as a peer dependency (the
		// community lint rule ai-node-package-json checks both), never bundled.
		aiNodeSdkVersion: 1,
		credentials: ['dist/credentials/HuggingFaceInferenceApi.credentials.js'],
		nodes: [
			'dist/nodes/HuggingFaceInference/HuggingFaceInference.node.js',
			'dist/nodes/LmChatHuggingFaceInference/LmChatHuggingFaceInference.node.js',
			'dist/nodes/EmbeddingsHuggingFaceInference/EmbeddingsHuggingFaceInference.node.js',
		],
	});
	// n8n verifies only packages without runtime dependencies: every call goes through n8n's helpers.
	expect(packageJson.dependencies).toBeUndefined();
	expect(packageJson.peerDependencies).toEqual({ 'n8n-workflow': '*', '@n8n/ai-node-sdk': '*' });
	// No LangChain of our own: the SDK brings n8n's.
	const declared = [packageJson.peerDependencies, packageJson.devDependencies].flatMap((deps) => Object.keys(deps ?? {}));
	expect(declared.filter((name) => name.startsWith('@langchain/') || name === 'langchain')).toEqual([]);
});

test('the tarball holds each node with both icons and its codex file, and the credential', () => {
	const nodes = ['HuggingFaceInference', 'LmChatHuggingFaceInference', 'EmbeddingsHuggingFaceInference'];
	expect(files).toEqual(
		expect.arrayContaining([
			'dist/credentials/HuggingFaceInferenceApi.credentials.js',
			'package.json',
			...nodes.flatMap((node) => [
				`dist/nodes/${node}/${node}.node.js`,
				`dist/nodes/${node}/huggingface.svg`,
				`dist/nodes/${node}/huggingface.dark.svg`,
				`dist/nodes/${node}/${node}.node.json`,
			]),
		]),
	);
});

test('the compiled sub-nodes load without n8n\'s AI node SDK (it is required only when they supply a model)', () => {
	for (const node of ['LmChatHuggingFaceInference', 'EmbeddingsHuggingFaceInference']) {
		const compiled = readFileSync(join(ROOT, 'dist', 'nodes', node, `${node}.node.js`), 'utf8');
		expect(compiled).not.toMatch(/require\("@langchain/);
	}
	const script = `
		const Module = require('module');
		const resolve = Module._resolveFilename;
		Module._resolveFilename = function (request, ...rest) {
			if (request === '@n8n/ai-node-sdk' || request.startsWith('@langchain/')) throw new Error('not installed: ' + request);
			return resolve.call(this, request, ...rest);
		};
		const { LmChatHuggingFaceInference } = require('./dist/nodes/LmChatHuggingFaceInference/LmChatHuggingFaceInference.node.js');
		const { EmbeddingsHuggingFaceInference } = require('./dist/nodes/EmbeddingsHuggingFaceInference/EmbeddingsHuggingFaceInference.node.js');
		const { HuggingFaceInference } = require('./dist/nodes/HuggingFaceInference/HuggingFaceInference.node.js');
		console.log([new LmChatHuggingFaceInference(), new EmbeddingsHuggingFaceInference(), new HuggingFaceInference()].map((n) => n.description.name).join(','));
	`;
	const output = execFileSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' });
	expect(output.trim()).toBe('lmChatHuggingFaceInference,embeddingsHuggingFaceInference,huggingFaceInference');
});

test('the tarball holds nothing from the tests or the tooling', () => {
	const outside = files.filter((file) => !file.startsWith('dist/') && !['package.json', 'README.md', 'LICENSE', 'index.js'].includes(file));
	expect(outside).toEqual([]);
	expect(files.filter((file) => /(^|\/)(test|emulator|harness|e2e)(\/|$)|\.test\./.test(file))).toEqual([]);
});

test('every file the n8n block names is in the tarball', () => {
	for (const file of [...packageJson.n8n.credentials, ...packageJson.n8n.nodes]) expect(files).toContain(file);
});

test('the tarball holds an output schema per operation where n8n 2.41 asks for it (__schema__/v1.0.0/<operation>.json), its fields those of the descriptor', () => {
	const { OPERATIONS } = require(join(ROOT, 'dist', 'nodes', 'HuggingFaceInference', 'operations', 'index.js')) as {
		OPERATIONS: Record<string, { outputFields: readonly string[] }>;
	};
	for (const [operation, descriptor] of Object.entries(OPERATIONS)) {
		const path = `dist/nodes/HuggingFaceInference/__schema__/v1.0.0/${operation}.json`;
		expect(files).toContain(path);
		const schema = JSON.parse(readFileSync(join(ROOT, path), 'utf8')) as { type: string; properties: Record<string, { type: unknown }> };
		expect(schema.type).toBe('object');
		expect(Object.keys(schema.properties)).toEqual([...descriptor.outputFields]);
		for (const field of Object.values(schema.properties)) expect(field.type).toBeDefined();
	}
});
