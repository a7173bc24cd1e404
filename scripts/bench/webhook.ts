/**
 * The bench's shared-limiter case (issue 24): under `n8n start` (one n8n process, n8n's regular
 * execution mode), webhook executions of chat items against one account and the emulator's cap,
 * fired together, next to one execution of all their items on the same server. What counts is
 * when the last caller has its answer (the wall time from firing, at the caller), whether every
 * item was answered, and how many 429s the router answered.
 *
 * The limiter learns per account and remembers what it learnt for the next executions: each
 * measured run therefore uses an account (credential) of its own, fresh in the n8n process, so
 * that neither side starts from what the other learnt. A warm-up call on yet another account
 * loads the node and lets V8 compile it before anything is measured.
 */
import { randomUUID } from 'crypto';

import type { Emulator } from '../../test/emulator';
import { CREDENTIAL_TYPE, NODE_TYPE, freePort, importCredentials, startN8n, type N8nHome } from '../../test/e2e/n8n';
import { publishWorkflow } from '../../test/e2e/n8n-server';
import { chain, type NodeSpec } from '../../test/e2e/workflows';
import { log, step } from './progress';
import { importWorkflows } from './runner';
import { CAP, LATENCY_MS, REPEAT, TOKEN, WEBHOOK_EXECUTIONS, WEBHOOK_ITEMS } from './settings';
import { CHAT_MODEL } from './workflows';

export interface WebhookRun {
	/** From firing the calls to the last caller's answer. */
	ms: number;
	/** Each caller's wall time, in the order fired. */
	each: number[];
	answered: number;
	failed: number;
	requests: number;
	rateLimited: number;
	maxInFlight: number;
}

export interface WebhookResult {
	/** One execution of all the items (WEBHOOK_EXECUTIONS x WEBHOOK_ITEMS), per run. */
	one: WebhookRun[];
	/** WEBHOOK_EXECUTIONS executions of WEBHOOK_ITEMS fired together, per run. */
	together: WebhookRun[];
}

/** Webhook (answers with every item of the last node) -> Split Out body.items -> our chat node, default options. */
function webhookChat(path: string, credential: { id: string; name: string }) {
	const nodes: NodeSpec[] = [
		{
			name: 'Webhook',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			webhookId: randomUUID(),
			parameters: { httpMethod: 'POST', path, responseMode: 'lastNode', responseData: 'allEntries', options: {} },
		},
		{ name: 'Split Out', type: 'n8n-nodes-base.splitOut', typeVersion: 1, parameters: { fieldToSplitOut: 'body.items', include: 'noOtherFields', options: {} } },
		{
			name: 'Hugging Face Inference',
			type: NODE_TYPE,
			typeVersion: 1,
			onError: 'continueRegularOutput',
			parameters: {
				operation: 'chat',
				model: { __rl: true, mode: 'id', value: CHAT_MODEL },
				provider: 'auto',
				messages: { values: [{ role: 'user', content: '={{ $json.text }}' }] },
				options: {},
			},
			credentials: { [CREDENTIAL_TYPE]: credential },
		},
	];
	return { ...chain(nodes), name: `bench webhook ${path}` };
}

async function call(url: string, path: string, items: number, tag: string): Promise<{ ms: number; answered: number; failed: number }> {
	const started = performance.now();
	const response = await fetch(`${url}/webhook/${path}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ items: Array.from({ length: items }, (_, i) => ({ text: `Question ${tag}-${i}: in one sentence, why is the sky blue?` })) }),
	});
	const text = await response.text();
	const ms = performance.now() - started;
	if (response.status !== 200) throw new Error(`webhook ${path}: HTTP ${response.status} ${text.slice(0, 500)}`);
	let answer: unknown;
	try {
		answer = JSON.parse(text);
	} catch {
		throw new Error(`webhook ${path}: HTTP ${response.status}, not JSON: ${text.slice(0, 300)}`);
	}
	const rows = (Array.isArray(answer) ? answer : [answer]) as Array<Record<string, unknown>>;
	return { ms, answered: rows.filter((row) => typeof row.content === 'string').length, failed: rows.filter((row) => row.error !== undefined).length };
}

async function fire(url: string, emulator: Emulator, calls: Array<{ path: string; items: number }>): Promise<WebhookRun> {
	emulator.reset();
	emulator.setLatency(LATENCY_MS);
	emulator.setConcurrencyCap(CAP);
	const started = performance.now();
	const answers = await Promise.all(calls.map(async ({ path, items }, index) => await call(url, path, items, `${path}-${index}`)));
	const ms = performance.now() - started;
	const inference = emulator.requests.filter((r) => r.listener === 'router' && r.path === '/v1/chat/completions');
	return {
		ms,
		each: answers.map((a) => a.ms),
		answered: answers.reduce((sum, a) => sum + a.answered, 0),
		failed: answers.reduce((sum, a) => sum + a.failed, 0),
		requests: inference.length,
		rateLimited: inference.filter((r) => r.status === 429).length,
		maxInFlight: emulator.maxInFlight(),
	};
}

const describe = (run: WebhookRun) =>
	`last answer ${run.ms.toFixed(0)} ms (each ${run.each.map((ms) => ms.toFixed(0)).join(', ')}), ${run.answered} answered, ${run.failed} failed, ` +
	`${run.requests} requests (${run.rateLimited} answered 429), peak in flight ${run.maxInFlight}`;

/** Publishes the webhook workflows, starts `n8n start`, and runs the one-execution and the fired-together cases REPEAT times each. */
export async function webhookScenario(home: N8nHome, emulator: Emulator): Promise<WebhookResult> {
	step(`webhook: ${WEBHOOK_EXECUTIONS} executions of ${WEBHOOK_ITEMS} chat items fired together vs one of ${WEBHOOK_EXECUTIONS * WEBHOOK_ITEMS}, under n8n start`);
	// One account per measured run (and one for the warm-up): the same token, separate credentials.
	const accounts = 1 + 2 * REPEAT;
	const credentials = await importCredentials(
		home,
		Array.from({ length: accounts }, (_, index) => ({
			name: `HF emulator, webhook account ${index}`,
			type: CREDENTIAL_TYPE,
			data: { accessToken: TOKEN, routerUrl: emulator.url, hubUrl: emulator.url, billTo: '' },
		})),
	);
	const paths = credentials.map((_, index) => `bench-chat-${index}`);
	const ids = await importWorkflows(home, credentials.map((credential, index) => webhookChat(paths[index], credential)));
	for (const id of ids) await publishWorkflow(home, id);
	step('webhook: starting n8n start');
	const n8n = await startN8n(home, await freePort(), { timeoutMs: 180_000 });
	try {
		// Production webhooks answer 404 for a moment after n8n starts; the warm-up waits for them.
		emulator.reset();
		for (const deadline = Date.now() + 60_000; ; ) {
			try {
				await call(n8n.url, paths[0], 8, 'warm-up');
				break;
			} catch (error) {
				if (Date.now() > deadline || !String(error).includes('HTTP 404')) throw error;
				await new Promise((resolve) => setTimeout(resolve, 500));
			}
		}
		const result: WebhookResult = { one: [], together: [] };
		for (let run = 0; run < REPEAT; run++) {
			const onePath = paths[1 + 2 * run];
			const togetherPath = paths[2 + 2 * run];
			// Alternate which goes first, so that neither always runs on the warmer process.
			const order = run % 2 === 0 ? ['one', 'together'] : ['together', 'one'];
			for (const which of order) {
				if (which === 'one') {
					step(`webhook: one execution of ${WEBHOOK_EXECUTIONS * WEBHOOK_ITEMS} items (run ${run + 1}/${REPEAT})`);
					result.one.push(await fire(n8n.url, emulator, [{ path: onePath, items: WEBHOOK_EXECUTIONS * WEBHOOK_ITEMS }]));
					log(`        ${describe(result.one[result.one.length - 1])}`);
				} else {
					step(`webhook: ${WEBHOOK_EXECUTIONS} executions of ${WEBHOOK_ITEMS} fired together (run ${run + 1}/${REPEAT})`);
					result.together.push(await fire(n8n.url, emulator, Array.from({ length: WEBHOOK_EXECUTIONS }, () => ({ path: togetherPath, items: WEBHOOK_ITEMS }))));
					log(`        ${describe(result.together[result.together.length - 1])}`);
				}
			}
		}
		return result;
	} finally {
		await n8n.stop();
	}
}
