/**
 * `BENCH_ONLY=chat-limiter`: the chat scenario without n8n: the node's own AdaptiveLimiter (one call first, doubling with
 * each clean answer, halving on a 429) drives the same 200 calls against the same emulator from
 * a child process, over Node's fetch (connections kept alive) and with no work per answer. What it
 * takes over the physical limit is what the ramp and the 429s cost by themselves: the part of the
 * node's chat figure that neither n8n's engine nor its HTTP helper adds.
 */
import { spawn } from 'child_process';

import { RouterCallError } from '../../nodes/shared/transport/errors';
import { AdaptiveLimiter } from '../../nodes/shared/transport/limiter';
import { DEFAULT_RETRY_POLICY, retryAttempts } from '../../nodes/shared/transport/retry';
import type { Emulator } from '../../test/emulator';
import { CHAT_MODEL } from './workflows';

export interface AloneRun {
	ms: number;
	requests: number;
	rateLimited: number;
}

/**
 * Drives `items` chat calls through the node's own retryAttempts and a fresh AdaptiveLimiter (its
 * defaults: one call first, 429s slowing the whole run); the body of the child process below.
 */
export async function driveChatCalls(url: string, token: string, items: number): Promise<AloneRun> {
	const limiter = new AdaptiveLimiter();
	let requests = 0;
	let rateLimited = 0;
	const run = {
		deadline: Date.now() + 120_000,
		policy: DEFAULT_RETRY_POLICY,
		limiter,
		timeoutMs: 120_000,
		throwIfCancelled: () => undefined,
		beforeAttempt: () => undefined,
		pause: async (ms: number) => await new Promise<void>((resolve) => setTimeout(resolve, ms)),
	};
	const callOnce = async (index: number) => {
		const body = JSON.stringify({ model: CHAT_MODEL, messages: [{ role: 'user', content: `limiter item ${index}` }] });
		await retryAttempts(run, async () => {
			requests++;
			const response = await fetch(`${url}/v1/chat/completions`, {
				method: 'POST',
				headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
				body,
			});
			await response.arrayBuffer();
			if (response.status === 429) {
				rateLimited++;
				throw new RouterCallError({ kind: 'retryable', httpCode: 429, message: 'Too Many Requests' });
			}
			if (response.status !== 200) throw new Error(`the limiter-alone run got HTTP ${response.status}`);
		});
	};
	const started = performance.now();
	await Promise.all(Array.from({ length: items }, async (_, index) => await callOnce(index)));
	return { ms: performance.now() - started, requests, rateLimited };
}

/**
 * Runs driveChatCalls in a child process (the emulator answers from this one, as it does for n8n),
 * with the emulator set to the chat scenario's latency and cap.
 */
export async function limiterAlone(emulator: Emulator, token: string, items: number, latencyMs: number, cap: number): Promise<AloneRun> {
	emulator.reset();
	emulator.setLatency(latencyMs);
	emulator.setConcurrencyCap(cap);
	const child = spawn(process.execPath, [...process.execArgv, __filename, emulator.url, token, String(items)], { stdio: ['ignore', 'pipe', 'inherit'] });
	let output = '';
	child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
	const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
	if (code !== 0) throw new Error(`the limiter-alone run exited with ${code}`);
	return JSON.parse(output) as AloneRun;
}

if (require.main === module) {
	const [url, token, items] = process.argv.slice(2);
	void driveChatCalls(url, token, Number(items)).then((run) => process.stdout.write(JSON.stringify(run)));
}
