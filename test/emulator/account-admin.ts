/**
 * The offline account page of `npm start` (EmulatorOptions.accountAdmin): not a route of the real
 * router, which has no way to refill credits but waiting for next month or paying. Offline, a user
 * who spent the $0.10 refills it here instead of restarting n8n:
 *
 *   GET  /__emulator/credits          balances (HTML for a browser, JSON otherwise)
 *   POST /__emulator/credits/reset    every account back to its starting credits
 *
 * `npm run credits:reset` (scripts/credits-reset.ts) posts to the second route.
 */
import { sendJson, sendText, type Exchange } from './exchange';
import type { EmulatorState } from './state';

export const ACCOUNT_ADMIN_PATH = '/__emulator/credits';

function wantsHtml(ex: Exchange): boolean {
	return String(ex.req.headers.accept ?? '').includes('text/html');
}

function escapeHtml(text: string): string {
	return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

function page(st: EmulatorState, notice: string): string {
	const rows = st.ledger
		.balances()
		.map((b) => `<tr><td>${escapeHtml(b.account)}</td><td>${b.kind}</td><td>$${b.usd.toFixed(6)}</td></tr>`)
		.join('');
	return `<!doctype html><html><head><meta charset="utf-8"><title>Offline Hugging Face account</title>
<style>body{font:15px system-ui,sans-serif;margin:2em;max-width:44em}table{border-collapse:collapse}td,th{padding:.3em .8em;border-bottom:1px solid #ddd;text-align:left}button{font-size:15px;padding:.5em 1em}</style></head>
<body><h1>Offline Hugging Face account (npm start emulator)</h1>
${notice ? `<p><strong>${escapeHtml(notice)}</strong></p>` : ''}
<p>Each account starts with $${st.ledger.startingCredits().toFixed(2)} of pretend credits, like a free Hugging Face account's monthly allowance.
When they run out, the router answers 402 and the node sends items to <em>Quota Exhausted</em>.</p>
<table><tr><th>account</th><th>kind</th><th>credits left</th></tr>${rows}</table>
<form method="post" action="${ACCOUNT_ADMIN_PATH}/reset"><p><button type="submit">Reset offline credits</button></p></form>
<p>Same from a terminal: <code>npm run credits:reset</code>. n8n keeps running.</p></body></html>`;
}

/** Answers an account-admin request, or returns false when the path is not one of its routes. */
export function handleAccountAdmin(ex: Exchange, st: EmulatorState): boolean {
	if (ex.path === ACCOUNT_ADMIN_PATH && (ex.method === 'GET' || ex.method === 'HEAD')) {
		if (wantsHtml(ex)) sendText(ex, 200, page(st, ''), 'text/html; charset=utf-8');
		else sendJson(ex, 200, { balances: st.ledger.balances() });
		return true;
	}
	if (ex.path === `${ACCOUNT_ADMIN_PATH}/reset` && ex.method === 'POST') {
		st.ledger.refill();
		const notice = `Credits reset to $${st.ledger.startingCredits().toFixed(2)} at ${new Date().toLocaleTimeString()}.`;
		if (wantsHtml(ex)) sendText(ex, 200, page(st, notice), 'text/html; charset=utf-8');
		else sendJson(ex, 200, { reset: true, balances: st.ledger.balances() });
		return true;
	}
	return false;
}
