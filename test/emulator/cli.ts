/**
 * Run the emulator standalone:
 *   npx tsx test/emulator/cli.ts --port 8787 --token hf_emulator --credits 0.10 [--accept-any-token]
 *     [--cdn-port N] [--host 127.0.0.1] [--latency ms] [--token-role read|write|fineGrained]
 *     [--degrade MODEL[@AFTER_CALLS]]   (that model answers badly after AFTER_CALLS chats; repeatable)
 * --token may be repeated. Prints one line "emulator listening on <url> (cdn <cdnUrl>)".
 */
import { startEmulator } from './server';
import type { TokenSpec } from './types';

function parseArgs(argv: string[]): Map<string, string[]> {
	const out = new Map<string, string[]>();
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		if (!a.startsWith('--')) continue;
		let key = a.slice(2);
		let value = 'true';
		const eq = key.indexOf('=');
		if (eq !== -1) {
			value = key.slice(eq + 1);
			key = key.slice(0, eq);
		} else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) {
			value = argv[++i];
		}
		out.set(key, [...(out.get(key) ?? []), value]);
	}
	return out;
}

async function main(): Promise<void> {
	const args = parseArgs(process.argv.slice(2));
	const one = (k: string): string | undefined => args.get(k)?.[args.get(k)!.length - 1];
	const credits = one('credits') !== undefined ? Number(one('credits')) : undefined;
	const role = (one('token-role') ?? 'read') as TokenSpec['role'];
	const tokens: Record<string, TokenSpec> = {};
	for (const t of args.get('token') ?? []) {
		tokens[t] = { credits, role, permissions: role === 'fineGrained' ? ['inference.serverless.write'] : undefined };
	}
	const emulator = await startEmulator({
		port: one('port') !== undefined ? Number(one('port')) : 8787,
		cdnPort: one('cdn-port') !== undefined ? Number(one('cdn-port')) : 0,
		host: one('host') ?? '127.0.0.1',
		tokens,
		acceptAnyToken: args.has('accept-any-token'),
		defaultCredits: credits,
	});
	for (const spec of args.get('degrade') ?? []) {
		const [model, after] = spec.split('@');
		emulator.degradeModel(model, { afterCalls: after ? Number(after) : 0 });
	}
	const latency = one('latency');
	if (latency !== undefined) emulator.setLatency(Number(latency));
	// eslint-disable-next-line no-console
	console.log(`emulator listening on ${emulator.url} (cdn ${emulator.cdnUrl})`);
	let stopping = false;
	const stop = (): void => {
		if (stopping) return;
		stopping = true;
		emulator.close().then(
			() => process.exit(0),
			() => process.exit(1),
		);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
	// eslint-disable-next-line no-console
	console.error(err);
	process.exit(1);
});
