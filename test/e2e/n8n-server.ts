/**
 * Driving a running `n8n start` the way its editor does: an owner account set from the
 * environment (no setup screen), a session cookie from /rest/login, manual runs started from a
 * chosen trigger (POST /rest/workflows/:id/run, what the editor's "Execute workflow" sends), the
 * finished execution read back, and Data Table rows read over the REST API.
 *
 * Why the REST API and not `n8n execute`: Data Tables only work under `n8n start` (n8n 2.41's
 * `execute` command leaves the module disabled), and so do published Schedule and Webhook triggers.
 */
import { randomBytes } from 'crypto';
import { existsSync, mkdirSync, readFileSync } from 'fs';
import { createRequire } from 'module';
import { join } from 'path';

import { executionResult, freePort, n8nEnv, n8nInstall, runN8n, startN8n, type ExecutionResult, type N8nHome, type RunningN8n } from './n8n';

export interface Owner {
	email: string;
	password: string;
}

export const DEFAULT_OWNER: Owner = { email: 'owner@example.com', password: 'HuggingFace-n8n-1' };

/** A module from n8n's own install (bcryptjs, flatted), so nothing new is added to this package. */
function requireFromN8n<T>(name: string): T {
	const requireIt = createRequire(join(n8nInstall().n8nPackageDir, 'package.json'));
	return requireIt(name) as T;
}

/** A home that lives on across starts; its encryption key is the one n8n saved in .n8n/config. */
export function persistentHome(userFolder: string): N8nHome {
	const n8nDir = join(userFolder, '.n8n');
	const nodesDir = join(n8nDir, 'nodes');
	mkdirSync(nodesDir, { recursive: true });
	const configPath = join(n8nDir, 'config');
	let encryptionKey = '';
	if (existsSync(configPath)) {
		try {
			encryptionKey = String(JSON.parse(readFileSync(configPath, 'utf8')).encryptionKey ?? '');
		} catch {
			// unreadable config: n8n itself will complain
		}
	}
	encryptionKey ||= randomBytes(24).toString('hex');
	return { userFolder, n8nDir, nodesDir, encryptionKey, env: n8nEnv(userFolder, encryptionKey), cleanup: () => undefined };
}

/** Environment for `n8n start` that creates the owner account (N8N_INSTANCE_OWNER_*). */
export function ownerEnv(owner: Owner = DEFAULT_OWNER): Record<string, string> {
	const bcrypt = requireFromN8n<{ hashSync(p: string, rounds: number): string }>('bcryptjs');
	return {
		N8N_INSTANCE_OWNER_MANAGED_BY_ENV: 'true',
		N8N_INSTANCE_OWNER_EMAIL: owner.email,
		N8N_INSTANCE_OWNER_PASSWORD_HASH: bcrypt.hashSync(owner.password, 10),
		N8N_INSTANCE_OWNER_FIRST_NAME: 'Hugging Face',
		N8N_INSTANCE_OWNER_LAST_NAME: 'Tester',
	};
}

/**
 * Publishes (activates) an imported workflow before `n8n start`, which then registers its
 * Schedule Trigger and production webhooks. (`n8n publish:workflow` replaces 2.x's removed
 * `update:workflow --active=true`.)
 */
export async function publishWorkflow(home: N8nHome, workflowId: string): Promise<void> {
	const result = await runN8n(home, ['publish:workflow', `--id=${workflowId}`]);
	if (result.code !== 0) {
		throw new Error(`n8n publish:workflow --id=${workflowId} exited with ${result.code}\n${result.stdout}\n${result.stderr}`);
	}
}

/**
 * Waits until n8n serves the editor's REST routes: `/healthz/readiness` says it is connected,
 * migrated and started, and `/rest/settings` answers JSON. `/healthz` answers before the REST
 * routes are registered, and while n8n migrates its database it answers every path with a 200
 * text page, "n8n is starting up. Please wait" (abstract-server.js in n8n 2.41): seen once in CI
 * on a loaded machine, where the login that followed got that page instead of a session.
 */
export async function waitForRest(baseUrl: string, timeoutMs = 60_000): Promise<void> {
	const ready = async () => {
		const readiness = await fetch(`${baseUrl}/healthz/readiness`).then(
			(r) => r.ok,
			() => false,
		);
		if (!readiness) return false;
		return await fetch(`${baseUrl}/rest/settings`).then(
			(r) => r.ok && (r.headers.get('content-type') ?? '').includes('application/json'),
			() => false,
		);
	};
	for (const deadline = Date.now() + timeoutMs; Date.now() < deadline;) {
		if (await ready()) return;
		await new Promise((r) => setTimeout(r, 250));
	}
	throw new Error(`${baseUrl} was not ready for REST calls in ${timeoutMs} ms (/healthz/readiness, /rest/settings)`);
}

/**
 * `n8n start` on a free port with the owner account, ready for REST calls, and a session signed
 * in. When it never gets that far the n8n is stopped again: the caller gets nothing to stop, and
 * a running n8n keeps jest (or `npm run evaluate`) from ever exiting.
 */
export async function startSignedIn(home: N8nHome, owner: Owner = DEFAULT_OWNER): Promise<{ n8n: RunningN8n; session: N8nSession }> {
	const n8n = await startN8n(home, await freePort(), {
		timeoutMs: 180_000,
		env: { ...ownerEnv(owner), N8N_DISABLED_MODULES: 'mcp-registry' },
	});
	try {
		await waitForRest(n8n.url);
		return { n8n, session: await N8nSession.login(n8n.url, owner) };
	} catch (error) {
		await n8n.stop();
		throw error;
	}
}

export interface DataTableRow {
	id: number;
	createdAt: string;
	[column: string]: unknown;
}

/** A signed-in owner session against a running n8n. */
/** Calls `attempt` again, every half second up to `timeoutMs`, while it answers 404: n8n registers its routes and webhooks a moment after it starts. */
export async function retryWhile404(attempt: () => Promise<Response>, timeoutMs: number): Promise<Response> {
	let response = await attempt();
	for (const deadline = Date.now() + timeoutMs; response.status === 404 && Date.now() < deadline;) {
		await new Promise((r) => setTimeout(r, 500));
		response = await attempt();
	}
	return response;
}

export class N8nSession {
	private constructor(
		readonly baseUrl: string,
		private readonly cookie: string,
	) {}

	static async login(baseUrl: string, owner: Owner = DEFAULT_OWNER): Promise<N8nSession> {
		const attempt = () =>
			fetch(`${baseUrl}/rest/login`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ emailOrLdapLoginId: owner.email, password: owner.password }),
			});
		// n8n registers its REST controllers one after another: /rest/login can 404 for a moment
		// after /rest/settings answers.
		const response = await retryWhile404(attempt, 60_000);
		if (!response.ok) throw new Error(`login as ${owner.email} failed: HTTP ${response.status} ${await response.text()}`);
		const cookie = (response.headers.getSetCookie?.() ?? []).map((c) => c.split(';')[0]).find((c) => c.startsWith('n8n-auth='));
		if (!cookie) {
			const headers = [...response.headers.keys()].join(', ');
			throw new Error(
				`login answered HTTP ${response.status} without an n8n-auth cookie (headers: ${headers}): ${(await response.text()).slice(0, 300)}`,
			);
		}
		return new N8nSession(baseUrl, cookie);
	}

	async rest<T = any>(method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown): Promise<T> {
		const response = await fetch(`${this.baseUrl}/rest${path}`, {
			method,
			headers: { cookie: this.cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		if (!response.ok) throw new Error(`${method} /rest${path}: HTTP ${response.status} ${text.slice(0, 2000)}`);
		const parsed = text ? JSON.parse(text) : {};
		return (parsed && typeof parsed === 'object' && 'data' in parsed ? parsed.data : parsed) as T;
	}

	/** Starts a manual run from a trigger node (as the editor does); returns the execution id. */
	async runFrom(workflowId: string, triggerName: string): Promise<string> {
		const started = await this.rest<{ executionId?: string; waitingForWebhook?: boolean }>('POST', `/workflows/${workflowId}/run`, {
			triggerToStartFrom: { name: triggerName },
		});
		if (!started.executionId) throw new Error(`n8n did not start a run from "${triggerName}": ${JSON.stringify(started)}`);
		return started.executionId;
	}

	/** Waits for an execution to finish and returns its run data. */
	async waitForExecution(
		executionId: string,
		home: N8nHome,
		options: { timeoutMs?: number; onWait?: (elapsedMs: number) => void } = {},
	): Promise<ExecutionResult> {
		const started = Date.now();
		const deadline = started + (options.timeoutMs ?? 300_000);
		let lastNote = started;
		while (Date.now() < deadline) {
			const execution = await this.rest<{ status: string; finished: boolean; data: string }>('GET', `/executions/${executionId}`);
			if (!['new', 'running', 'waiting'].includes(execution.status)) {
				const flatted = requireFromN8n<{ parse(text: string): any }>('flatted');
				const raw = { status: execution.status, data: flatted.parse(execution.data) };
				return executionResult(raw, home, { code: 0, stdout: '', stderr: '', durationMs: Date.now() - started });
			}
			if (options.onWait && Date.now() - lastNote >= 5_000) {
				lastNote = Date.now();
				options.onWait(lastNote - started);
			}
			await new Promise((r) => setTimeout(r, 300));
		}
		throw new Error(`execution ${executionId} did not finish in time`);
	}

	/** Every row of the Data Table with this name, oldest first (empty when there is no such table). */
	async dataTableRows(name: string): Promise<DataTableRow[]> {
		const tables = await this.rest<{ data: Array<{ id: string; name: string; projectId: string }> }>(
			'GET',
			`/data-tables-global?filter=${encodeURIComponent(JSON.stringify({ name }))}`,
		);
		const table = tables.data.find((t) => t.name === name);
		if (!table) return [];
		const rows: DataTableRow[] = [];
		for (let skip = 0; ; skip += 500) {
			const page = await this.rest<{ count: number; data: DataTableRow[] }>(
				'GET',
				`/projects/${table.projectId}/data-tables/${table.id}/rows?skip=${skip}&take=500&sortBy=${encodeURIComponent('id:asc')}`,
			);
			rows.push(...page.data);
			if (page.data.length < 500) return rows;
		}
	}
}
