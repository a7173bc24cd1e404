/**
 * The credential's declarative test against the emulator, judged as n8n 2.41 judges it
 * (packages/cli credentials-tester.service.ts runRequestTest: with ignoreHttpStatusErrors the
 * answer's body is kept and a `responseSuccessBody` rule fails the test when
 * `lodash.get(body, key) === value`; the first rule that holds gives the message). The same test
 * runs in a real n8n in test/e2e/credential-test.e2e.test.ts.
 * Also: the credential's `authenticate` (Bearer token; default-Hub URLs to the configured Hub).
 */
import type { ICredentialDataDecryptedObject, IHttpRequestOptions } from 'n8n-workflow';

import { CREDENTIAL_PROBE_MODEL, HuggingFaceInferenceApi } from '../../credentials/HuggingFaceInferenceApi.credentials';
import { startEmulator, type Emulator } from '../emulator';

// lodash's get, as n8n's credentials tester calls it (lodash has no types installed here).
const get = require('lodash/get') as (object: unknown, path: string) => unknown;

const GOOD = 'hf_credential_test_good';
const NO_PERMISSION = 'hf_credential_test_no_permission';
const DEPLETED = 'hf_credential_test_depleted';
const credential = new HuggingFaceInferenceApi();

/** The test request as n8n sends it (its baseURL expression resolved) and n8n's verdict. */
async function judge(emulator: Emulator, token: string): Promise<{ status: number; verdict: string }> {
	const request = credential.test.request;
	const response = await fetch(`${emulator.url}${request.url}`, {
		method: request.method,
		headers: { ...(request.headers as Record<string, string>), 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
		body: JSON.stringify(request.body),
	});
	const body: unknown = await response.json();
	for (const rule of credential.test.rules ?? []) {
		if (rule.type === 'responseSuccessBody' && get(body, rule.properties.key) === rule.properties.value) {
			return { status: response.status, verdict: rule.properties.message };
		}
	}
	return { status: response.status, verdict: 'Connection successful!' };
}

describe('credential test (declarative, against the emulator)', () => {
	let emulator: Emulator;
	beforeAll(async () => {
		emulator = await startEmulator({
			tokens: {
				[GOOD]: { credits: 1, role: 'fineGrained', permissions: ['inference.serverless.write'], name: 'alice' },
				[NO_PERMISSION]: { credits: 1, role: 'fineGrained', permissions: ['repo.content.read'], name: 'bob' },
				[DEPLETED]: { credits: 0, role: 'write', name: 'carol' },
			},
		});
	});
	afterAll(async () => await emulator.close());

	it('asks for a model the Hub can never hold', () => {
		expect(CREDENTIAL_PROBE_MODEL).toMatch(/--/);
		expect(credential.test.request).toEqual(
			expect.objectContaining({ url: '/v1/chat/completions', method: 'POST', ignoreHttpStatusErrors: true }),
		);
	});

	it('a good token passes, out of credits too, and nothing is billed or sent to a provider', async () => {
		emulator.reset();
		expect(await judge(emulator, GOOD)).toEqual({ status: 404, verdict: 'Connection successful!' });
		expect(await judge(emulator, DEPLETED)).toEqual({ status: 404, verdict: 'Connection successful!' });
		expect(emulator.requests.map((r) => r.servedBy)).toEqual([undefined, undefined]);
		expect(emulator.getCredits(GOOD)).toBe(1);
	});

	it('a bad token fails, saying the token is not accepted', async () => {
		const { status, verdict } = await judge(emulator, 'hf_not_a_real_token');
		expect(status).toBe(401);
		expect(verdict).toMatch(/^Hugging Face does not accept this token \(HTTP 401\)/);
	});

	it('a token without "Make calls to Inference Providers" fails, naming the permission', async () => {
		const { status, verdict } = await judge(emulator, NO_PERMISSION);
		expect(status).toBe(403);
		expect(verdict).toMatch(/lacks the permission "Make calls to Inference Providers"/);
	});
});

describe('credential authenticate', () => {
	const data = (hubUrl: string): ICredentialDataDecryptedObject => ({ accessToken: 'hf_abc', hubUrl, routerUrl: 'https://router.huggingface.co' });
	const auth = (hubUrl: string, options: IHttpRequestOptions & { uri?: string }) =>
		credential.authenticate(data(hubUrl), options) as Promise<IHttpRequestOptions & { uri?: string }>;
	const FILE = 'https://huggingface.co/datasets/hf-internal-testing/dummy-audio-samples/resolve/main/obama.mp3';

	it('adds the Bearer token and leaves the default Hub alone', async () => {
		const out = await auth('https://huggingface.co', { url: FILE, headers: { Accept: '*/*' } });
		expect(out).toEqual({ url: FILE, headers: { Accept: '*/*', Authorization: 'Bearer hf_abc' } });
	});

	it('sends default-Hub URLs (url, or the HTTP Request node\'s uri) to the configured Hub URL, nothing else', async () => {
		expect((await auth('http://127.0.0.1:9/', { url: FILE })).url).toBe(
			'http://127.0.0.1:9/datasets/hf-internal-testing/dummy-audio-samples/resolve/main/obama.mp3',
		);
		expect((await auth('https://hf-mirror.example', { url: '', uri: FILE })).uri).toBe(
			'https://hf-mirror.example/datasets/hf-internal-testing/dummy-audio-samples/resolve/main/obama.mp3',
		);
		expect((await auth('https://hf-mirror.example', { url: 'https://router.huggingface.co/v1/models' })).url).toBe('https://router.huggingface.co/v1/models');
		expect((await auth('https://hf-mirror.example', { url: 'https://huggingface.com.evil.example/x' })).url).toBe('https://huggingface.com.evil.example/x');
	});
});
