/**
 * Queue mode, where n8n users go when one machine is not enough: a real Redis and PostgreSQL, one
 * `n8n start` with EXECUTIONS_MODE=queue and two `n8n worker` processes, each in its own folder
 * with our package installed (as on separate machines), one encryption key, binary data in the
 * database. A Webhook workflow chats, embeds and draws a picture, and answers with the picture;
 * it is called several times at once. Every execution must run on a worker, every call must get
 * its own answer, and the pictures the workers made must come back through the main.
 */
import { spawn, type ChildProcess } from 'child_process';
import { randomBytes, randomUUID } from 'crypto';

import { generatePng, startEmulator, type Emulator } from '../emulator';
import { hashString } from '../emulator/vectors';
import { chatStep, embeddingStep, imageStep } from './hf-steps';
import {
	CREDENTIAL_TYPE,
	createN8nHome,
	freePort,
	importCredentials,
	importWorkflow,
	n8nInstall,
	runN8n,
	startN8n,
	type N8nHome,
	type RunningN8n,
} from './n8n';
import { queueModeEnv, startQueueServices, type QueueServices } from './queue';
import { chain, type NodeSpec } from './workflows';

const TOKEN = 'hf_e2e_queue_token_01';
const WEBHOOK_PATH = 'hf-queue-e2e';
const CALLS = 6;

function log(message: string): void {
	process.stderr.write(`[queue e2e] ${message}\n`);
}

interface Worker {
	name: string;
	process: ChildProcess;
	output: () => string;
	stop(): Promise<void>;
}

/** `n8n worker` in its own home, with its own task broker port; resolves once it says it is ready. */
async function startWorker(name: string, home: N8nHome): Promise<Worker> {
	const install = n8nInstall();
	const child = spawn(install.nodeBin, [install.n8nBin, 'worker', '--concurrency=10'], {
		cwd: home.userFolder,
		env: { ...home.env, N8N_RUNNERS_BROKER_PORT: String(await freePort()), N8N_LOG_LEVEL: 'info' },
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let output = '';
	child.stdout.setEncoding('utf8').on('data', (d: string) => (output += d));
	child.stderr.setEncoding('utf8').on('data', (d: string) => (output += d));
	const stop = () =>
		new Promise<void>((done) => {
			if (child.exitCode !== null || child.signalCode !== null) return done();
			const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
			child.once('exit', () => (clearTimeout(timer), done()));
			child.kill('SIGTERM');
		});
	const deadline = Date.now() + 120_000;
	while (!/n8n worker is now ready/.test(output)) {
		if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}:\n${output.slice(-4000)}`);
		if (Date.now() > deadline) {
			await stop();
			throw new Error(`${name} was not ready within 120 s:\n${output.slice(-4000)}`);
		}
		await new Promise((r) => setTimeout(r, 250));
	}
	return { name, process: child, output: () => output, stop };
}

function webhookWorkflow(credential: { id: string; name: string }) {
	const webhook: NodeSpec = {
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		webhookId: randomUUID(),
		parameters: { httpMethod: 'POST', path: WEBHOOK_PATH, responseMode: 'responseNode', options: {} },
	};
	const respond: NodeSpec = {
		name: 'Respond',
		type: 'n8n-nodes-base.respondToWebhook',
		typeVersion: 1.1,
		parameters: {
			respondWith: 'binary',
			responseDataSource: 'set',
			inputFieldName: 'data',
			options: {
				responseHeaders: {
					entries: [
						{ name: 'x-seq', value: "={{ $('Webhook').item.json.body.seq }}" },
						{ name: 'x-execution', value: '={{ $execution.id }}' },
						{ name: 'x-chat', value: "={{ encodeURIComponent($('Chat').item.json.content) }}" },
						{ name: 'x-dimensions', value: "={{ $('Embedding').item.json.dimensions }}" },
						{ name: 'content-type', value: 'image/png' },
					],
				},
			},
		},
	};
	return chain([
		webhook,
		chatStep('Chat', credential, "={{ 'Say hello to caller number ' + $json.body.seq }}"),
		embeddingStep('Embedding', credential, "={{ $('Chat').item.json.content }}"),
		imageStep('Image', credential, "={{ 'a lighthouse for caller number ' + $('Webhook').item.json.body.seq }}"),
		respond,
	]);
}

describe('queue mode: a main and two workers on Redis and PostgreSQL', () => {
	let services: QueueServices | undefined;
	let emulator: Emulator | undefined;
	const homes: N8nHome[] = [];
	let main: RunningN8n | undefined;
	const workers: Worker[] = [];

	afterAll(async () => {
		await Promise.all([...workers.map((worker) => worker.stop()), main?.stop()]);
		homes.forEach((home) => home.cleanup());
		await emulator?.close();
		await services?.stop();
	});

	test('webhook calls in parallel: each runs on a worker, each gets its own answer and picture through the main', async () => {
		services = await startQueueServices();
		emulator = await startEmulator({ tokens: { [TOKEN]: { credits: 20 } } });
		const env = queueModeEnv(services, randomBytes(24).toString('hex'));
		// One home per process, each with the package installed, as on separate machines.
		for (let index = 0; index < 3; index++) homes.push(await createN8nHome({ env }));
		const [mainHome, ...workerHomes] = homes;

		log('importing the credential and the workflow into PostgreSQL, publishing it...');
		const [credential] = await importCredentials(mainHome, [
			{ name: 'HF emulator', type: CREDENTIAL_TYPE, data: { accessToken: TOKEN, routerUrl: emulator.url, hubUrl: emulator.url, billTo: '' } },
		]);
		const workflowId = await importWorkflow(mainHome, webhookWorkflow(credential));
		const published = await runN8n(mainHome, ['publish:workflow', `--id=${workflowId}`]);
		expect(published.code).toBe(0);

		log('starting the main and two workers...');
		const port = await freePort();
		// allSettled: afterAll must be able to stop whichever process started, even when another did not.
		const [startedMain, ...startedWorkers] = await Promise.allSettled([
			startN8n(mainHome, port, { env: { N8N_LOG_LEVEL: 'info' }, timeoutMs: 150_000 }),
			startWorker('worker 1', workerHomes[0]),
			startWorker('worker 2', workerHomes[1]),
		]);
		if (startedMain.status === 'fulfilled') main = startedMain.value;
		for (const worker of startedWorkers) if (worker.status === 'fulfilled') workers.push(worker.value);
		const notStarted = [startedMain, ...startedWorkers].find((started) => started.status === 'rejected');
		if (notStarted) throw notStarted.reason;
		if (!main) throw new Error('the main did not start');
		let mainOutput = '';
		main.process.stdout?.on('data', (d: string) => (mainOutput = (mainOutput + d).slice(-20_000)));
		main.process.stderr?.on('data', (d: string) => (mainOutput = (mainOutput + d).slice(-20_000)));
		const logs = () => [`main:\n${mainOutput.slice(-4000)}`, ...workers.map((worker) => `${worker.name}:\n${worker.output().slice(-4000)}`)].join('\n');

		const call = async (caller: number) =>
			await fetch(`${main!.url}/webhook/${WEBHOOK_PATH}`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				// Not `caller`: n8n's expression sandbox refuses that property name.
				body: JSON.stringify({ seq: caller }),
			});

		// A production webhook answers 404 for a few seconds after the main activates the workflow.
		log('waiting for the production webhook...');
		const first = await (async () => {
			const deadline = Date.now() + 60_000;
			for (;;) {
				const response = await call(0);
				if (response.status !== 404 || Date.now() > deadline) return response;
				await response.arrayBuffer();
				await new Promise((r) => setTimeout(r, 500));
			}
		})();

		log(`calling the webhook ${CALLS} times at once...`);
		const responses = [first, ...(await Promise.all(Array.from({ length: CALLS }, async (_, index) => await call(index + 1))))];

		const executions: string[] = [];
		const pictures: string[] = [];
		for (const [caller, response] of responses.entries()) {
			const body = Buffer.from(await response.arrayBuffer());
			if (response.status !== 200) throw new Error(`caller ${caller}: HTTP ${response.status} ${body.toString('utf8').slice(0, 500)}\n${logs()}`);
			// Its own answer: the caller it was asked for, a chat reply naming it, a vector, a PNG.
			expect(response.headers.get('x-seq')).toBe(String(caller));
			// The emulator's chat answers "[provider/model] You said: <the user's message>".
			expect(decodeURIComponent(response.headers.get('x-chat') ?? '')).toMatch(new RegExp(`\\] You said: Say hello to caller number ${caller}$`));
			expect(Number(response.headers.get('x-dimensions'))).toBe(384);
			// The picture the emulator drew for this caller's own prompt (hf-inference: seed from the prompt).
			const prompt = `a lighthouse for caller number ${caller}`;
			expect(body.equals(generatePng({ prompt, width: 256, height: 256, seed: hashString(prompt) }))).toBe(true);
			pictures.push(body.toString('base64'));
			executions.push(response.headers.get('x-execution') ?? '');
		}
		expect(new Set(executions).size).toBe(CALLS + 1);
		expect(new Set(pictures).size).toBe(CALLS + 1);

		// Every execution ran on a worker (as the workers' own logs say), none on the main.
		const ranOn = (worker: Worker) => new Set([...worker.output().matchAll(/Worker finished execution (\d+)/g)].map((match) => match[1]));
		const deadline = Date.now() + 10_000;
		while (Date.now() < deadline && !executions.every((id) => workers.some((worker) => ranOn(worker).has(id)))) {
			await new Promise((r) => setTimeout(r, 250));
		}
		for (const id of executions) expect({ id, onAWorker: workers.some((worker) => ranOn(worker).has(id)) }).toEqual({ id, onAWorker: true });
		log(`executions per worker: ${workers.map((worker) => `${worker.name} ${executions.filter((id) => ranOn(worker).has(id)).length}`).join(', ')}`);

		// Each call reached the emulator once per step: 7 chats, 7 embeddings, 7 pictures.
		const inference = emulator.requests.filter((request) => request.listener === 'router' && request.method === 'POST');
		expect(inference.filter((request) => request.path === '/v1/chat/completions')).toHaveLength(CALLS + 1);
		expect(inference.filter((request) => request.path.startsWith('/hf-inference/models/black-forest-labs/'))).toHaveLength(CALLS + 1);
	}, 240_000);
});
