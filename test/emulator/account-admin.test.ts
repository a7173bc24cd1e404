/** The offline account page of `npm start`: refilling the pretend credits without a restart. */
import { MSG_CREDITS_DEPLETED, startEmulator, type Emulator } from './index';

const TOKEN = 'hf_offline_user';
const HINT = 'Offline: npm run credits:reset refills them.';
const chat = (emu: Emulator) =>
	fetch(`${emu.url}/v1/chat/completions`, {
		method: 'POST',
		headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
		body: JSON.stringify({ model: 'meta-llama/Llama-3.1-8B-Instruct', messages: [{ role: 'user', content: 'Reply with exactly: ok' }] }),
	});

let emu: Emulator;
beforeAll(async () => {
	emu = await startEmulator({ tokens: { [TOKEN]: { name: 'offline-user', orgs: ['acme'] } }, defaultCredits: 0.1, accountAdmin: true, depletedHint: HINT });
});
afterAll(async () => await emu.close());

test('a spent account answers 402 with the router\'s words plus the hint, and a reset refills it without a restart', async () => {
	emu.setCredits(TOKEN, 0);
	emu.setCredits('acme', 0.01);
	const refused = await chat(emu);
	expect(refused.status).toBe(402);
	expect(((await refused.json()) as { error: string }).error).toBe(`${MSG_CREDITS_DEPLETED} ${HINT}`);

	const reset = await fetch(`${emu.url}/__emulator/credits/reset`, { method: 'POST' });
	expect(reset.status).toBe(200);
	const body = (await reset.json()) as { reset: boolean; balances: Array<{ account: string; kind: string; usd: number }> };
	expect(body.reset).toBe(true);
	expect(body.balances).toEqual(
		expect.arrayContaining([
			{ account: 'offline-user', kind: 'user', usd: 0.1 },
			{ account: 'acme', kind: 'organization', usd: 0.1 },
		]),
	);
	expect(emu.getCredits(TOKEN)).toBe(0.1);
	expect((await chat(emu)).status).toBe(200);
	expect(emu.getCredits(TOKEN)).toBeLessThan(0.1);
});

test('the page shows the balances and a reset button to a browser, never a token', async () => {
	const page = await fetch(`${emu.url}/__emulator/credits`, { headers: { Accept: 'text/html' } });
	expect(page.headers.get('content-type')).toMatch(/^text\/html/);
	const html = await page.text();
	expect(html).toContain('offline-user');
	expect(html).toContain('<button type="submit">Reset offline credits</button>');
	expect(html).toContain('action="/__emulator/credits/reset"');
	expect(html).not.toContain(TOKEN);
	const json = (await (await fetch(`${emu.url}/__emulator/credits`)).json()) as { balances: unknown[] };
	expect(JSON.stringify(json)).not.toContain(TOKEN);
});

test('without accountAdmin (every test and the benchmarks) there is no such route and 402 is the router\'s own text', async () => {
	const plain = await startEmulator({ tokens: { [TOKEN]: { credits: 0 } } });
	try {
		expect((await fetch(`${plain.url}/__emulator/credits/reset`, { method: 'POST' })).status).toBe(404);
		const refused = await chat(plain);
		expect(((await refused.json()) as { error: string }).error).toBe(MSG_CREDITS_DEPLETED);
	} finally {
		await plain.close();
	}
});
