/**
 * `npm run credits:reset`: refills the pretend credits of the offline emulator that `npm start`
 * runs when there is no HF_TOKEN (every account back to $0.10), while n8n keeps running.
 * The real router has no such thing: there, credits come back with the month, PRO or pre-paid credits.
 */
import { CREDITS_PAGE_PATH, readOfflineState, startHome } from './offline-account';

async function main(): Promise<void> {
	const home = startHome();
	const state = readOfflineState(home);
	if (!state) {
		throw new Error(
			`no offline emulator found (${home}/offline-emulator.json is absent): is \`npm start\` running, without HF_TOKEN? ` +
				'(With HF_TOKEN it uses the real router, whose credits only Hugging Face refills.)',
		);
	}
	let answer: Response;
	try {
		answer = await fetch(`${state.url}${CREDITS_PAGE_PATH}/reset`, { method: 'POST', headers: { Accept: 'application/json' } });
	} catch {
		throw new Error(`the offline emulator at ${state.url} does not answer: is \`npm start\` still running? Start it again.`);
	}
	if (!answer.ok) throw new Error(`the offline emulator answered HTTP ${answer.status}`);
	const { balances } = (await answer.json()) as { balances: Array<{ account: string; kind: string; usd: number }> };
	process.stdout.write(`[credits:reset] offline credits refilled (n8n keeps running; page: ${state.url}${CREDITS_PAGE_PATH})\n`);
	for (const b of balances) process.stdout.write(`  ${b.account.padEnd(28)} ${b.kind.padEnd(12)} $${b.usd.toFixed(2)}\n`);
}

main().catch((error: unknown) => {
	process.stderr.write(`[credits:reset] ${error instanceof Error ? error.message : String(error)}\n`);
	process.exit(1);
});
