/**
 * The setup that the suites running templates with `n8n execute` share: the router + Hub emulator
 * in this process (so a test can drain an account's credits: its ledger then answers 402), one n8n
 * home with our package, the two credentials the templates use pointing at the emulator, and the
 * suite's workflows imported with one command. Before each test every account gets its starting
 * credits back and the emulator forgets the calls it saw.
 *
 * Suites that run n8n processes of their own (`n8n start`, queue mode, a proxy) set up their own.
 */
import { startEmulator, type Emulator } from '../emulator';
import { createN8nHome, executeWorkflow, importCredentials, type ExecutionResult, type N8nHome, type WorkflowInput } from './n8n';
import { importWorkflows, templateCredentials } from './templates';

export interface TemplateSuiteOptions {
	/** The token of the templates' default credential. */
	token: string;
	/** The token of their fallback credential (default: the same account as `token`). */
	fallbackToken?: string;
	/** The credits each account has at the start of every test. */
	credits: number;
	/** The workflows to import, made once the emulator runs (one may fetch a file it serves). */
	workflows: (emulator: Emulator) => WorkflowInput[];
}

export interface TemplateSuite {
	readonly emulator: Emulator;
	readonly home: N8nHome;
	/** Runs an imported workflow with `n8n execute`, logs how long it took, and expects it to succeed. */
	run(workflow: WorkflowInput): Promise<ExecutionResult>;
}

/** Registers the shared beforeAll, afterAll and beforeEach in the calling describe block. */
export function templateSuite(options: TemplateSuiteOptions): TemplateSuite {
	const fallbackToken = options.fallbackToken ?? options.token;
	const tokens = [...new Set([options.token, fallbackToken])];
	let emulator: Emulator;
	let home: N8nHome;
	const idOf = new Map<WorkflowInput, string>();

	beforeAll(async () => {
		emulator = await startEmulator({ tokens: Object.fromEntries(tokens.map((token) => [token, { credits: options.credits }])) });
		home = await createN8nHome();
		await importCredentials(home, templateCredentials({ routerUrl: emulator.url, hubUrl: emulator.url, token: options.token, fallbackToken }));
		const workflows = options.workflows(emulator);
		const ids = await importWorkflows(home, workflows);
		workflows.forEach((workflow, index) => idOf.set(workflow, ids[index]));
	});

	afterAll(async () => {
		home?.cleanup();
		await emulator?.close();
	});

	beforeEach(() => {
		for (const token of tokens) emulator.setCredits(token, options.credits);
		emulator.reset();
	});

	return {
		get emulator() {
			return emulator;
		},
		get home() {
			return home;
		},
		async run(workflow) {
			const id = idOf.get(workflow);
			if (!id) throw new Error(`workflow "${workflow.name}" was not imported by this suite`);
			const started = Date.now();
			const result = await executeWorkflow(home, id);
			// eslint-disable-next-line no-console
			console.log(`n8n execute ${workflow.name}: ${Date.now() - started} ms`);
			expect(result.status).toBe('success');
			return result;
		},
	};
}
