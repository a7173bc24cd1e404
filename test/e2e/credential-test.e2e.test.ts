/**
 * The credential's "Test" button in a real n8n 2.41.1 (`n8n start`, the packed package installed),
 * against the router + Hub emulator: POST /rest/credentials/test, what the editor sends, for a
 * good token, a good token with no credits left, a bad token, and a fine-grained token without
 * "Make calls to Inference Providers". n8n's own CredentialsTester runs the declarative test
 * (credentials/HuggingFaceInferenceApi.credentials.ts). Nothing is billed, no provider is called.
 */
import { startEmulator, type Emulator } from '../emulator';
import { CREDENTIAL_TYPE, createN8nHome, importCredentials, type N8nHome, type RunningN8n } from './n8n';
import { startSignedIn, type N8nSession } from './n8n-server';

const TOKENS = {
	good: 'hf_credtest_good_token_01',
	depleted: 'hf_credtest_depleted_token_02',
	bad: 'hf_credtest_not_a_token_03',
	noPermission: 'hf_credtest_no_permission_04',
} as const;
type Kind = keyof typeof TOKENS;

describe('the credential test in a real n8n', () => {
	let emulator: Emulator;
	let home: N8nHome;
	let n8n: RunningN8n;
	let session: N8nSession;

	beforeAll(async () => {
		emulator = await startEmulator({
			tokens: {
				[TOKENS.good]: { credits: 1, role: 'fineGrained', permissions: ['inference.serverless.write'], name: 'alice' },
				[TOKENS.depleted]: { credits: 0, role: 'write', name: 'dora' },
				[TOKENS.noPermission]: { credits: 1, role: 'fineGrained', permissions: ['repo.content.read'], name: 'bob' },
			},
		});
		home = await createN8nHome();
		await importCredentials(
			home,
			(Object.keys(TOKENS) as Kind[]).map((kind) => ({
				id: `credtest${kind}`.slice(0, 16),
				name: `HF ${kind}`,
				type: CREDENTIAL_TYPE,
				data: { accessToken: TOKENS[kind], billTo: '', routerUrl: emulator.url, hubUrl: emulator.url },
			})),
		);
		({ n8n, session } = await startSignedIn(home));
	});

	afterAll(async () => {
		await n8n?.stop();
		home?.cleanup();
		await emulator?.close();
	});

	/** What the editor's "Test" button sends for a saved credential. */
	const test = (kind: Kind) =>
		session.rest<{ status: string; message: string }>('POST', '/credentials/test', {
			credentials: {
				id: `credtest${kind}`.slice(0, 16),
				name: `HF ${kind}`,
				type: CREDENTIAL_TYPE,
				data: { accessToken: TOKENS[kind], billTo: '', routerUrl: emulator.url, hubUrl: emulator.url },
			},
		});

	it('a good token passes, with or without credits, and nothing is billed', async () => {
		emulator.reset();
		const good = await test('good');
		const depleted = await test('depleted');
		// eslint-disable-next-line no-console
		console.log(`good token: ${JSON.stringify(good)}\ndepleted good token: ${JSON.stringify(depleted)}`);
		expect(good).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(depleted).toEqual({ status: 'OK', message: 'Connection successful!' });
		const probes = emulator.requests.filter((r) => r.path === '/v1/chat/completions');
		expect(probes.map((r) => r.status)).toEqual([404, 404]);
		expect(emulator.getCredits(TOKENS.good)).toBe(1);
	});

	it('a bad token fails, saying that Hugging Face does not accept it', async () => {
		const result = await test('bad');
		// eslint-disable-next-line no-console
		console.log(`bad token: ${JSON.stringify(result)}`);
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/^Hugging Face does not accept this token \(HTTP 401\)/);
		expect(result.message).not.toContain(TOKENS.bad);
	});

	it('a token without "Make calls to Inference Providers" fails, naming the permission', async () => {
		const result = await test('noPermission');
		// eslint-disable-next-line no-console
		console.log(`token without the permission: ${JSON.stringify(result)}`);
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/lacks the permission "Make calls to Inference Providers"/);
		expect(result.message).not.toContain(TOKENS.noPermission);
	});
});
