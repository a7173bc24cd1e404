/**
 * One run of "Manual Trigger -> Code node making the items -> one Hugging Face Inference node per
 * case, in parallel" in a real n8n against the router emulator, and the checks the suites built on
 * it share (each node's Success items paired with their own input items; the emulator's log).
 */
import { startEmulator, type Emulator, type RecordedRequest } from '../emulator';
import {
	CREDENTIAL_TYPE,
	NODE_TYPE,
	createN8nHome,
	executeWorkflow,
	importCredentials,
	importWorkflow,
	type ExecutionResult,
	type ItemData,
	type N8nHome,
} from './n8n';
import { code, manualTrigger, type NodeSpec } from './workflows';

/** An emulator account, imported into n8n as a credential of ours pointing at the emulator. */
export interface Account {
	name: string;
	token: string;
	credits: number;
}

export interface ParallelNode {
	name: string;
	parameters: Record<string, unknown>;
	/** Index into the workflow's accounts (default: the first). */
	account?: number;
}

export interface ParallelWorkflow {
	accounts: Account[];
	/** The Code node (Run Once for All Items): its name and source. */
	inputs: { name: string; jsCode: string };
	/** One Hugging Face Inference node each, all fed the Code node's items. */
	nodes: ParallelNode[];
}

export const TRIGGER_NAME = 'Start';

/** The Code node's source returning these items. */
export const returnItems = (items: unknown[]): string => `return ${JSON.stringify(items)};`;

/** An item's binary entry, the bytes written in as base64. */
export const inlineBinary = (bytes: Buffer, mimeType: string, fileName: string) => ({
	data: bytes.toString('base64'),
	mimeType,
	fileName,
	fileExtension: fileName.slice(fileName.lastIndexOf('.') + 1),
});

/** The node's model parameter, given by id. */
export const modelById = (model: string) => ({ __rl: true, mode: 'id', value: model });

/** Imports the accounts' credentials and the workflow into `home`, runs it once and returns the run. */
export async function runParallelNodes(home: N8nHome, emulator: Emulator, workflow: ParallelWorkflow): Promise<ExecutionResult> {
	const credentials = await importCredentials(
		home,
		workflow.accounts.map(({ name, token }) => ({
			name,
			type: CREDENTIAL_TYPE,
			data: { accessToken: token, routerUrl: emulator.url, hubUrl: emulator.url, billTo: '' },
		})),
	);
	const inputs = code(workflow.inputs.name, workflow.inputs.jsCode);
	const nodes: NodeSpec[] = workflow.nodes.map((node, i) => {
		const credential = credentials[node.account ?? 0];
		return {
			name: node.name,
			type: NODE_TYPE,
			typeVersion: 1,
			position: [440, i * 120],
			parameters: node.parameters,
			credentials: { [CREDENTIAL_TYPE]: { id: credential.id, name: credential.name } },
		};
	});
	const trigger = manualTrigger(TRIGGER_NAME);
	const id = await importWorkflow(home, {
		nodes: [{ ...trigger, position: [0, 0] }, { ...inputs, position: [220, 0] }, ...nodes],
		connections: {
			[trigger.name]: { main: [[{ node: inputs.name, type: 'main', index: 0 }]] },
			// Parallel branches: every node takes the same items.
			[inputs.name]: { main: [nodes.map((node) => ({ node: node.name, type: 'main', index: 0 }))] },
		},
	});
	return executeWorkflow(home, id);
}

export interface ParallelRun {
	workflow: ParallelWorkflow;
	emulator: Emulator;
	run: ExecutionResult;
}

/**
 * Registers the suite's beforeAll (an emulator holding the accounts' credits, a fresh n8n home,
 * one run of the workflow) and afterAll (both cleaned up). The fields are set from beforeAll on.
 */
export function parallelRun(workflow: ParallelWorkflow): ParallelRun {
	const suite = { workflow } as ParallelRun;
	let home: N8nHome | undefined;
	beforeAll(async () => {
		suite.emulator = await startEmulator({ tokens: Object.fromEntries(workflow.accounts.map(({ token, credits }) => [token, { credits }])) });
		home = await createN8nHome();
		suite.run = await runParallelNodes(home, suite.emulator, workflow);
	});
	afterAll(async () => {
		home?.cleanup();
		await suite.emulator?.close();
	});
	return suite;
}

/** The run succeeded and exactly the trigger, the Code node and every parallel node ran. */
export function expectEveryNodeRan({ run, workflow }: ParallelRun): void {
	expect(run.status).toBe('success');
	expect(Object.keys(run.runData).sort()).toEqual([TRIGGER_NAME, workflow.inputs.name, ...workflow.nodes.map((node) => node.name)].sort());
}

/** The node's Success items: `count` of them, each paired with its own input item, and nothing on Quota Exhausted. */
export function successItems(run: ExecutionResult, nodeName: string, count: number): ItemData[] {
	const [success, quota] = run.outputs(nodeName);
	expect(quota ?? []).toHaveLength(0);
	expect(success).toHaveLength(count);
	success.forEach((item, index) => expect(item.pairedItem).toEqual({ item: index }));
	return success;
}

/** The POSTs the router got that `match` picks, in order. */
export const routerPosts = (emulator: Emulator, match: (call: RecordedRequest) => boolean): RecordedRequest[] =>
	emulator.requests.filter((call) => call.listener === 'router' && call.method === 'POST' && match(call));

/** The call was served by `provider`, with `token` as the bearer. */
export function expectServedBy(call: RecordedRequest, provider: string, token: string): void {
	expect(call.servedBy).toBe(provider);
	expect(call.headers.authorization).toBe(`Bearer ${token}`);
}

/**
 * `path` got `count` successful submits for `model`, one per item in item order, each served by
 * `provider` with `token`; `carried` checks the submit for item `index` carried that item's input.
 */
export function expectSubmitsInItemOrder(
	emulator: Emulator,
	route: { path: string; model: string; provider: string; token: string; count: number },
	carried: (call: RecordedRequest, index: number) => void,
): void {
	const submits = routerPosts(emulator, (call) => call.path === route.path && call.hubModel === route.model);
	expect(submits).toHaveLength(route.count);
	submits.forEach((call, index) => {
		expect(call.status).toBeLessThan(300);
		expectServedBy(call, route.provider, route.token);
		carried(call, index);
	});
}
