/**
 * Smoke test of the whole e2e pipeline against a real n8n 2.41.1: the package is built, packed and
 * installed like a community package, n8n loads it, credentials and workflows import, and
 * `n8n execute` hands back run data.
 */
import { existsSync } from 'fs';
import { join } from 'path';

import {
	CREDENTIAL_TYPE,
	NODE_TYPE,
	REPO_ROOT,
	createN8nHome,
	executeWorkflow,
	exportNodeTypes,
	importCredentials,
	importWorkflow,
	type N8nHome,
} from './n8n';
import { chain, code, manualTrigger, setFields } from './workflows';

const nodeSourceExists = existsSync(
	join(REPO_ROOT, 'nodes', 'HuggingFaceInference', 'HuggingFaceInference.node.ts'),
);
const emulatorExists = existsSync(join(REPO_ROOT, 'test', 'emulator', 'index.ts'));

describe('n8n e2e smoke', () => {
	let home: N8nHome;

	beforeAll(async () => {
		home = await createN8nHome();
	});

	afterAll(() => home?.cleanup());

	it('runs Manual Trigger -> Edit Fields -> Code headlessly and returns the run data', async () => {
		const id = await importWorkflow(
			home,
			chain([
				manualTrigger('Start'),
				setFields('Set', { greeting: 'hello', n: 21 }),
				code(
					'Code',
					[
						'return $input.all().flatMap((item) => [',
						'  { json: { ...item.json, doubled: item.json.n * 2, copy: 1 } },',
						'  { json: { ...item.json, doubled: item.json.n * 2, copy: 2 } },',
						']);',
					].join('\n'),
				),
			]),
		);

		const started = Date.now();
		const run = await executeWorkflow(home, id);
		// eslint-disable-next-line no-console
		console.log(`n8n execute took ${Date.now() - started} ms`);

		expect(run.status).toBe('success');
		expect(Object.keys(run.runData).sort()).toEqual(['Code', 'Set', 'Start']);
		expect(run.items('Set').map((i) => i.json)).toEqual([{ greeting: 'hello', n: 21 }]);
		expect(run.items('Code').map((i) => i.json)).toEqual([
			{ greeting: 'hello', n: 21, doubled: 42, copy: 1 },
			{ greeting: 'hello', n: 21, doubled: 42, copy: 2 },
		]);
	});

	it('returns binary data that the test can read back (Convert to File)', async () => {
		const id = await importWorkflow(
			home,
			chain([
				manualTrigger('Start'),
				setFields('Set', { greeting: 'hello', n: 21 }),
				{
					name: 'To File',
					type: 'n8n-nodes-base.convertToFile',
					typeVersion: 1.1,
					parameters: { operation: 'toJson', options: { fileName: 'out.json' } },
				},
			]),
		);
		const run = await executeWorkflow(home, id);
		const [item] = run.items('To File');
		expect(item.binary?.data).toEqual(
			expect.objectContaining({ mimeType: 'application/json', fileName: 'out.json' }),
		);
		expect(JSON.parse(run.binary(item.binary!.data).toString('utf8'))).toEqual([{ greeting: 'hello', n: 21 }]);
	});

	(nodeSourceExists ? it : it.skip)('loads our package: n8n knows the node and its credential', async () => {
		const types = await exportNodeTypes(home);
		const ours = types.find((t) => t.name === NODE_TYPE);
		expect(ours).toBeDefined();
		expect(ours!.displayName).toBe('Hugging Face Inference');
		expect((ours as { credentials?: Array<{ name: string }> }).credentials?.map((c) => c.name)).toContain(
			CREDENTIAL_TYPE,
		);
	});

	(nodeSourceExists && emulatorExists ? it : it.skip)(
		'chats through our node against the emulator (Success output)',
		async () => {
			const { startEmulator } = require('../emulator') as {
				startEmulator: (options?: Record<string, unknown>) => Promise<{
					url: string;
					requests: Array<{ path: string; status: number; headers: Record<string, string> }>;
					close(): Promise<void>;
				}>;
			};
			const token = 'hf_e2e_smoke_token_01';
			const emulator = await startEmulator({ tokens: { [token]: { credits: 1 } } });
			try {
				const [credential] = await importCredentials(home, [
					{
						name: 'HF emulator',
						type: CREDENTIAL_TYPE,
						data: { accessToken: token, routerUrl: emulator.url, hubUrl: emulator.url, billTo: '' },
					},
				]);
				const id = await importWorkflow(
					home,
					chain([
						manualTrigger('Start'),
						{
							name: 'Hugging Face Inference',
							type: NODE_TYPE,
							typeVersion: 1,
							parameters: {
								operation: 'chat',
								model: { __rl: true, mode: 'id', value: 'meta-llama/Llama-3.1-8B-Instruct' },
								provider: 'auto',
								messages: { values: [{ role: 'user', content: 'Hi' }] },
								options: {},
							},
							credentials: { [CREDENTIAL_TYPE]: { id: credential.id, name: credential.name } },
						},
					]),
				);

				const run = await executeWorkflow(home, id);

				const [success, quota] = run.outputs('Hugging Face Inference');
				expect(quota ?? []).toHaveLength(0);
				expect(success).toHaveLength(1);
				const { json } = success[0];
				expect(typeof json.content).toBe('string');
				expect(json.content.length).toBeGreaterThan(0);
				expect(json.model).toBe('meta-llama/Llama-3.1-8B-Instruct');
				expect(typeof json.provider).toBe('string');
				expect(json.usage).toEqual({
					promptTokens: expect.any(Number),
					completionTokens: expect.any(Number),
					totalTokens: expect.any(Number),
				});
				expect(success[0].pairedItem).toEqual(expect.objectContaining({ item: 0 }));

				const inference = emulator.requests.filter((r) => r.path.startsWith('/v1/chat/completions'));
				expect(inference.length).toBeGreaterThanOrEqual(1);
				expect(inference[0].headers.authorization).toBe(`Bearer ${token}`);
			} finally {
				await emulator.close();
			}
		},
	);
});
