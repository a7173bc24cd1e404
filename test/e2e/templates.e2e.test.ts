/**
 * The workflow templates (workflows/*.json) in a real n8n 2.41.1, against the router + Hub
 * emulator: the credentials point routerUrl and hubUrl at the emulator, all templates are
 * imported with one command into one shared home, and each is run with `n8n execute --id`.
 * The emulator runs in this process, so a test can drain an account's credits (its ledger then
 * answers 402) and check the Quota Exhausted paths.
 */
import { CREDENTIAL_TYPE, PACKAGE_NAME, nodeTypeVersions } from './n8n';
import { templateSuite } from './template-suite';
import { DEFAULT_CREDENTIAL_ID, FALLBACK_CREDENTIAL_ID, loadTemplates, type TemplateKey, type TemplateWorkflow } from './templates';

const PRIMARY = 'hf_templates_primary_token_01';
const FALLBACK = 'hf_templates_fallback_token_01';
const LLAMA = 'meta-llama/Llama-3.1-8B-Instruct';

type Node = { name: string; type: string; typeVersion: number; parameters: Record<string, any>; credentials?: any };

describe('workflow templates in a real n8n', () => {
	const templates = loadTemplates();
	// All the templates in one `n8n import:workflow`.
	const suite = templateSuite({ token: PRIMARY, fallbackToken: FALLBACK, credits: 1, workflows: () => Object.values(templates) });

	const run = (key: TemplateKey) => suite.run(templates[key]);
	/** Billed calls (not the Hub API, nor the /v1/models catalogue the node reads prices from). */
	const inference = () =>
		suite.emulator.requests.filter((r) => r.listener === 'router' && !r.path.startsWith('/api/') && !r.path.startsWith('/v1/models'));

	it('are complete workflows of our node and real n8n built-in node types, each explained by a sticky note', async () => {
		const versions = await nodeTypeVersions(suite.home);
		for (const [key, workflow] of Object.entries(templates) as Array<[TemplateKey, TemplateWorkflow]>) {
			const nodes = workflow.nodes as Node[];
			expect(workflow.id).toMatch(/^[A-Za-z0-9]{1,21}$/);
			for (const node of nodes) {
				// n8n's own nodes (AI nodes included) and ours (the node and its two sub-nodes).
				expect(/^(n8n-nodes-base|@n8n\/n8n-nodes-langchain)\./.test(node.type) || node.type.startsWith(`${PACKAGE_NAME}.`)).toBe(true);
				expect({ node: `${key}/${node.name}`, versions: versions.get(node.type) }).toEqual({
					node: `${key}/${node.name}`,
					versions: expect.arrayContaining([node.typeVersion]),
				});
			}
			const notes = nodes.filter((n) => n.type === 'n8n-nodes-base.stickyNote');
			expect(notes.some((n) => n.parameters.content.length > 200)).toBe(true);
			// Runnable headlessly: a Manual Trigger, also beside any Schedule Trigger.
			expect(nodes.filter((n) => n.type === 'n8n-nodes-base.manualTrigger')).toHaveLength(1);
			// Every node of ours uses one of the two template credentials.
			for (const node of nodes.filter((n) => n.type.startsWith(`${PACKAGE_NAME}.`))) {
				expect([DEFAULT_CREDENTIAL_ID, FALLBACK_CREDENTIAL_ID]).toContain(node.credentials[CREDENTIAL_TYPE].id);
			}
			// Every connection names existing nodes.
			const names = new Set(nodes.map((n) => n.name));
			for (const [from, outputs] of Object.entries(workflow.connections as Record<string, Record<string, any[][]>>)) {
				expect(names.has(from)).toBe(true);
				for (const target of Object.values(outputs).flat(2)) expect(names.has(target.node)).toBe(true);
			}
		}
		const evaluationTypes = (templates.evaluation.nodes as Node[]).map((n) => n.type);
		expect(evaluationTypes).toContain('n8n-nodes-base.scheduleTrigger');
	});

	it('quick start: one chat, one image (binary PNG), one embedding', async () => {
		const result = await run('quickStart');

		const [chat] = result.items('Chat');
		expect(chat.json).toEqual(
			expect.objectContaining({
				content: expect.any(String),
				model: LLAMA,
				provider: expect.any(String),
				usage: { promptTokens: expect.any(Number), completionTokens: expect.any(Number), totalTokens: expect.any(Number) },
				latencyMs: expect.any(Number),
			}),
		);
		expect(chat.json.content).toContain('In one sentence: what is Hugging Face?');

		const images = result.items('Generate Image');
		expect(images).toHaveLength(1);
		const ref = images[0].binary!.data;
		expect(ref.mimeType).toBe('image/png');
		const png = result.binary(ref);
		expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
		// A square picture (the emulator scales every image down to at most 64 px a side)...
		expect(png.readUInt32BE(16)).toBe(png.readUInt32BE(20));
		// ...for the 512 x 512 the template asked for.
		const imageCall = inference().find((r) => JSON.stringify(r.body).includes('friendly yellow robot'))!;
		expect(JSON.stringify(imageCall.body)).toMatch(/"width":512,"height":512/);
		expect(images[0].json).toEqual(
			expect.objectContaining({ model: 'black-forest-labs/FLUX.1-schnell', provider: expect.any(String) }),
		);

		const [embedding] = result.items('Create Embedding');
		expect(embedding.json.dimensions).toBe(384);
		expect(embedding.json.embedding).toHaveLength(384);
		expect(embedding.json.model).toBe('sentence-transformers/all-MiniLM-L6-v2');

		for (const node of ['Chat', 'Generate Image', 'Create Embedding']) expect(result.items(node, 1)).toHaveLength(0);
		expect(result.runData['Out of credits']).toBeUndefined();
		expect(inference().every((r) => r.headers.authorization === `Bearer ${PRIMARY}`)).toBe(true);
	});

	// The model evaluation keeps its run history in an n8n Data Table, which `n8n execute` cannot
	// use: it is run under `n8n start` in evaluation-history.e2e.test.ts.

	it('quota fallback: items the primary credential cannot pay for go through the fallback credential', async () => {
		suite.emulator.setCredits(PRIMARY, 0);
		const result = await run('fallback');

		expect(result.items('Chat (primary credential)', 0)).toHaveLength(0);
		expect(result.items('Chat (primary credential)', 1)).toHaveLength(4);
		expect(result.items('Chat (fallback credential)', 0)).toHaveLength(4);
		const answers = result.items('All answers').map((i) => i.json);
		expect(answers).toHaveLength(4);
		for (const answer of answers) {
			expect(answer).toEqual(
				expect.objectContaining({ answeredBy: 'fallback credential', answer: expect.stringContaining(answer.question) }),
			);
		}
		expect(answers[1].question).toBe('Give one synonym for "happy".');
		expect(result.runData['Both out of credits']).toBeUndefined();
		const calls = inference();
		// The node starts with one call in flight (adaptive concurrency), so a 402 stops the others before they are sent.
		const refused = calls.filter((r) => r.status === 402);
		expect(refused.length).toBeGreaterThanOrEqual(1);
		expect(refused.every((r) => r.headers.authorization === `Bearer ${PRIMARY}`)).toBe(true);
		expect(calls.filter((r) => r.status === 200).map((r) => r.headers.authorization)).toEqual(
			Array(4).fill(`Bearer ${FALLBACK}`),
		);
	});

	it('quota fallback: with both credentials out of credits, the run still ends cleanly with a report', async () => {
		suite.emulator.setCredits(PRIMARY, 0);
		suite.emulator.setCredits(FALLBACK, 0);
		const result = await run('fallback');

		expect(result.items('Chat (fallback credential)', 1)).toHaveLength(4);
		const [report] = result.items('Both out of credits');
		expect(report.json).toEqual(
			expect.objectContaining({ stoppedEarly: true, unanswered: 4, answered: 0, questions: expect.any(Array) }),
		);
		expect(report.json.message).toMatch(/^Both credentials are out of credits: /);
		expect(result.runData['All answers']).toBeUndefined();
	});
});
