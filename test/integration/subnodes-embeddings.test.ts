/**
 * The embeddings sub-node through n8n's engine (n8n-core's WorkflowExecute and its real SupplyDataContext) and
 * n8n's AI node SDK 0.31.1 (the version n8n 2.41.1 ships), against the emulator, called by the
 * probe root node of subnodes-support.ts the way n8n's AI nodes call it; the
 * real vector store runs in test/e2e/subnodes.e2e.test.ts.
 */
import { cosine, expectedSentenceVector, type Emulator } from '../emulator';
import { MINILM, probe, useSubNodeEmulator } from './subnodes-support';
import { BAD_TOKEN, POOR_TOKEN } from './support';

let emulator: Emulator;
useSubNodeEmulator((started) => (emulator = started));

describe('embeddings sub-node', () => {
	const TEXTS = ['alpha beta', 'gamma delta', 'epsilon', 'zeta eta theta', 'iota', 'kappa lambda', 'mu'];

	test('embeds documents in batches on the provider modules, and logs input and output on its run data', async () => {
		const { outputs, error, subNodeRuns } = await probe(
			'embeddings',
			'embed',
			{ model: { __rl: true, mode: 'id', value: MINILM }, provider: 'auto', options: { batchSize: 3, normalize: true } },
			TEXTS.map((text) => ({ text })),
		);
		expect(error).toBeUndefined();
		const [result] = outputs[0];
		const documents = result.json.documents as number[][];
		expect(documents).toHaveLength(TEXTS.length);
		TEXTS.forEach((text, index) => expect(cosine(documents[index], expectedSentenceVector(MINILM, text))).toBeGreaterThan(0.9999));
		for (const vector of documents) expect(Math.hypot(...vector)).toBeCloseTo(1, 6);
		expect(result.json.query).toEqual(documents[1]);

		const calls = emulator.requests.filter((request) => request.path.endsWith('/pipeline/feature-extraction'));
		const batches = calls.map((call) => (call.body as any).inputs as string[]);
		expect(batches.slice(0, 3).map((batch) => batch.length).sort()).toEqual([1, 3, 3]);
		expect(batches.slice(0, 3).flat().sort()).toEqual([...TEXTS].sort());
		expect(batches[3]).toEqual([TEXTS[1]]);

		expect(subNodeRuns).toHaveLength(2);
		expect(subNodeRuns[0].inputOverride.ai_embedding[0][0].json).toEqual({ documents: TEXTS });
		expect(subNodeRuns[0].data.ai_embedding[0][0].json.response).toEqual(documents);
		expect(subNodeRuns[1].inputOverride.ai_embedding[0][0].json).toEqual({ query: TEXTS[1] });
	});

	test('Normalize left unset sends no normalize field (as the Hugging Face clients) and gives the unit vectors hf-inference answers by default; set off, the raw vector', async () => {
		const unset = await probe('embeddings', 'embed', { model: { __rl: true, mode: 'id', value: MINILM }, provider: 'hf-inference', options: {} }, [{ text: 'alpha' }, { text: 'beta' }]);
		expect(unset.error).toBeUndefined();
		const calls = () => emulator.requests.filter((request) => request.path.endsWith('/pipeline/feature-extraction'));
		expect(calls()[0].body).toEqual({ inputs: ['alpha', 'beta'], truncate: true });
		expect(unset.outputs[0][0].json.documents).toEqual([expectedSentenceVector(MINILM, 'alpha', { normalize: true }), expectedSentenceVector(MINILM, 'beta', { normalize: true })]);

		emulator.reset();
		const off = await probe('embeddings', 'embed', { model: { __rl: true, mode: 'id', value: MINILM }, provider: 'hf-inference', options: { normalize: false } }, [{ text: 'alpha' }, { text: 'beta' }]);
		expect(calls()[0].body).toEqual({ inputs: ['alpha', 'beta'], normalize: false, truncate: true });
		expect(off.outputs[0][0].json.documents).toEqual([expectedSentenceVector(MINILM, 'alpha', { normalize: false }), expectedSentenceVector(MINILM, 'beta', { normalize: false })]);
	});

	test('a failure says what to fix: a model the Hub does not know, a bad token', async () => {
		const unknown = await probe('embeddings', 'embed', { model: { __rl: true, mode: 'id', value: 'nobody/no-such-model' }, provider: 'auto', options: {} }, [{ text: 'a' }, { text: 'b' }]);
		expect(unknown.error?.message).toMatch(/\(auto-routed \/ nobody\/no-such-model\)$/);
		expect((unknown.error as any).description).toMatch(/^Check the model ID: it must exist on the Hub/);

		const rejected = await probe('embeddings', 'embed', { model: { __rl: true, mode: 'id', value: MINILM }, provider: 'auto', options: {} }, [{ text: 'a' }, { text: 'b' }], BAD_TOKEN);
		expect((rejected.error as any).httpCode).toBe('401');
		expect((rejected.error as any).description).toMatch(/^Hugging Face rejected the access token\. Check the token in the Hugging Face Inference API credential/);
		expect(JSON.stringify(rejected.subNodeRuns)).not.toContain(BAD_TOKEN);

		emulator.failNext(1, 413);
		const tooLong = await probe('embeddings', 'embed', { model: { __rl: true, mode: 'id', value: MINILM }, provider: 'auto', options: { truncate: false } }, [{ text: 'a' }, { text: 'b' }]);
		expect((tooLong.error as any).description).toMatch(/^The text is longer than the model accepts\. Turn on Truncate in Options/);
	});

	test('a routing policy is refused as a provider, and a 402 says the credits are exhausted', async () => {
		const policy = await probe('embeddings', 'embed', { model: { __rl: true, mode: 'id', value: MINILM }, provider: 'cheapest', options: {} }, [{ text: 'a' }, { text: 'b' }]);
		expect((policy.error as any).description).toMatch(/^Provider "cheapest" is a chat routing policy and does not apply to embeddings/);

		emulator.setCredits(POOR_TOKEN, 0);
		const broke = await probe('embeddings', 'embed', { model: { __rl: true, mode: 'id', value: MINILM }, provider: 'hf-inference', options: {} }, [{ text: 'a' }, { text: 'b' }], POOR_TOKEN);
		expect(broke.error?.message).toMatch(/Hugging Face credits exhausted \(402 Payment Required\) for hf-inference \/ sentence-transformers\/all-MiniLM-L6-v2/);
		expect(emulator.requests.filter((request) => request.path.endsWith('/pipeline/feature-extraction')).map((call) => call.status)).toEqual([402]);
		emulator.setCredits(POOR_TOKEN, 0.1);
	});
});
