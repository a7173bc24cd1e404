/**
 * What n8n's queue mode needs beside n8n, for the queue-mode e2e test: a Redis and a PostgreSQL,
 * both throwaway and on 127.0.0.1. `queue-services.sh` installs them from Debian when missing; the
 * PostgreSQL cluster lives in a temp folder (initdb and pg_ctl run as the `postgres` user when the
 * test runs as root, since PostgreSQL refuses to run as root).
 */
import { spawn, spawnSync, type ChildProcess } from 'child_process';
import { chownSync, mkdtempSync, rmSync } from 'fs';
import { connect } from 'net';
import { tmpdir } from 'os';
import { join, resolve } from 'path';

import { freePort } from './n8n';

export interface QueueServices {
	redisPort: number;
	postgres: { port: number; user: string; database: string };
	stop(): Promise<void>;
}

function run(command: string, args: string[]): string {
	const result = spawnSync(command, args, { encoding: 'utf8' });
	if (result.status !== 0) {
		throw new Error(`${command} ${args.join(' ')} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
	}
	return result.stdout;
}

/** Installs Redis and PostgreSQL when missing (Debian packages) and says where they are. */
function ensureInstalled(): { redisServer: string; pgBin: string } {
	process.stderr.write('[queue] checking Redis and PostgreSQL (installed from Debian when missing)...\n');
	const out = run('bash', [resolve(__dirname, 'queue-services.sh')]);
	const value = (name: string) => /^(\w+)=(.*)$/m.exec(out.split('\n').find((line) => line.startsWith(`${name}=`)) ?? '')?.[2];
	const redisServer = value('REDIS_SERVER');
	const pgBin = value('PG_BIN');
	if (!redisServer || !pgBin) throw new Error(`queue-services.sh did not say where Redis and PostgreSQL are:\n${out}`);
	return { redisServer, pgBin };
}

async function waitForPort(port: number, timeoutMs: number, what: string): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		const open = await new Promise<boolean>((done) => {
			const socket = connect(port, '127.0.0.1', () => (socket.end(), done(true)));
			socket.on('error', () => done(false));
		});
		if (open) return;
		await new Promise((r) => setTimeout(r, 200));
	}
	throw new Error(`${what} did not listen on 127.0.0.1:${port} within ${timeoutMs} ms`);
}

async function startRedis(redisServer: string): Promise<{ port: number; process: ChildProcess }> {
	const port = await freePort();
	const child = spawn(redisServer, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'yes'], {
		stdio: 'ignore',
	});
	await waitForPort(port, 20_000, 'redis-server');
	return { port, process: child };
}

async function startPostgres(pgBin: string): Promise<{ port: number; user: string; database: string; stop(): void }> {
	const folder = mkdtempSync(join(tmpdir(), 'hf-n8n-pg-'));
	const data = join(folder, 'data');
	// PostgreSQL will not run as root: as root, the cluster belongs to the `postgres` user.
	const asRoot = process.getuid?.() === 0;
	const as = (command: string, args: string[]) => (asRoot ? run('runuser', ['-u', 'postgres', '--', command, ...args]) : run(command, args));
	if (asRoot) {
		const [uid, gid] = [Number(run('id', ['-u', 'postgres']).trim()), Number(run('id', ['-g', 'postgres']).trim())];
		chownSync(folder, uid, gid);
	}
	const user = 'n8n';
	as(join(pgBin, 'initdb'), ['-D', data, '-U', user, '-A', 'trust', '-E', 'UTF8', '--no-sync']);
	const port = await freePort();
	// A throwaway cluster: no durability needed, only speed.
	const settings = `-p ${port} -k ${folder} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
	as(join(pgBin, 'pg_ctl'), ['-D', data, '-l', join(folder, 'postgres.log'), '-o', settings, '-w', '-t', '60', 'start']);
	return {
		port,
		user,
		database: 'postgres',
		stop: () => {
			spawnSync(asRoot ? 'runuser' : join(pgBin, 'pg_ctl'), asRoot ? ['-u', 'postgres', '--', join(pgBin, 'pg_ctl'), '-D', data, '-m', 'immediate', 'stop'] : ['-D', data, '-m', 'immediate', 'stop']);
			rmSync(folder, { recursive: true, force: true });
		},
	};
}

export async function startQueueServices(): Promise<QueueServices> {
	const { redisServer, pgBin } = ensureInstalled();
	const redis = await startRedis(redisServer);
	let postgres;
	try {
		process.stderr.write('[queue] starting a throwaway PostgreSQL cluster...\n');
		postgres = await startPostgres(pgBin);
	} catch (error) {
		redis.process.kill('SIGKILL');
		throw error;
	}
	const pg = postgres;
	return {
		redisPort: redis.port,
		postgres: { port: pg.port, user: pg.user, database: pg.database },
		stop: async () => {
			pg.stop();
			await new Promise<void>((done) => {
				if (redis.process.exitCode !== null) return done();
				redis.process.once('exit', () => done());
				redis.process.kill('SIGTERM');
			});
		},
	};
}

/** The environment every n8n process of the queue-mode setup shares (main and workers). */
export function queueModeEnv(services: QueueServices, encryptionKey: string): Record<string, string> {
	return {
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: '127.0.0.1',
		QUEUE_BULL_REDIS_PORT: String(services.redisPort),
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: '127.0.0.1',
		DB_POSTGRESDB_PORT: String(services.postgres.port),
		DB_POSTGRESDB_DATABASE: services.postgres.database,
		DB_POSTGRESDB_USER: services.postgres.user,
		DB_POSTGRESDB_PASSWORD: '',
		// One key for all: the workers decrypt the credentials the main stored.
		N8N_ENCRYPTION_KEY: encryptionKey,
		// Binary data where every process reaches it (the main serves what a worker wrote).
		N8N_DEFAULT_BINARY_DATA_MODE: 'database',
	};
}
