/** The emulator's feature-extraction routes, judged against what the official clients expect. */
import { cosine, expectedSentenceVector, expectedTokenVectors, findModel, l2norm, startEmulator, type Emulator } from './index';

const TOKEN = 'hf_embeddings';
const MINI = 'sentence-transformers/all-MiniLM-L6-v2';
const XLMR = 'sentence-transformers/paraphrase-xlm-r-multilingual-v1';
const BART = 'facebook/bart-base';

let emu: Emulator;
beforeAll(async () => {
	emu = await startEmulator({ tokens: { [TOKEN]: { credits: 10 } } });
});
afterAll(async () => await emu.close());
beforeEach(() => emu.reset());

async function post<T = any>(path: string, body: unknown): Promise<{ status: number; body: T }> {
	const res = await fetch(`${emu.url}${path}`, {
		method: 'POST',
		headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
		body: JSON.stringify(body),
	});
	return { status: res.status, body: (await res.json()) as T };
}

async function mapping(hubId: string): Promise<any> {
	const res = await fetch(`${emu.url}/api/models/${hubId}?expand[]=inferenceProviderMapping`, { headers: { Authorization: `Bearer ${TOKEN}` } });
	return ((await res.json()) as any).inferenceProviderMapping;
}

const pipeline = (model: string) => `/hf-inference/models/${model}/pipeline/feature-extraction`;

describe('hf-inference feature extraction', () => {
	test('sentence models: D for a string, N x D for a list, normalized unless normalize is false', async () => {
		const one = await post<number[]>(pipeline(MINI), { inputs: 'hello world' });
		expect(one.body).toHaveLength(384);
		// The spec's default: normalize true.
		expect(one.body).toEqual(expectedSentenceVector(MINI, 'hello world', { normalize: true }));
		expect(l2norm(one.body)).toBeCloseTo(1, 5);
		const many = await post<number[][]>(pipeline(MINI), { inputs: ['alpha', 'beta', 'gamma'] });
		expect(many.body).toHaveLength(3);
		expect(many.body[1]).toEqual(expectedSentenceVector(MINI, 'beta', { normalize: true }));
		const raw = await post<number[]>(`/hf-inference/pipeline/feature-extraction/${MINI}`, { inputs: 'hello world', normalize: false });
		expect(raw.body).toEqual(expectedSentenceVector(MINI, 'hello world'));
		expect(Math.abs(l2norm(raw.body) - 1)).toBeGreaterThan(0.01);
		expect(cosine(expectedSentenceVector(MINI, 'the cat sat'), expectedSentenceVector(MINI, 'the cat sat down'))).toBeGreaterThan(
			cosine(expectedSentenceVector(MINI, 'the cat sat'), expectedSentenceVector(MINI, 'quantum finance')),
		);
	});

	test('sentence-transformers models are mapped sentence-similarity on hf-inference and served on the feature-extraction pipeline', async () => {
		expect(await mapping(MINI)).toEqual({ 'hf-inference': { status: 'live', providerId: MINI, task: 'sentence-similarity' } });
		expect(await mapping(XLMR)).toEqual([{ provider: 'hf-inference', providerId: XLMR, status: 'live', task: 'sentence-similarity', hfModelId: XLMR }]);
		const answer = await post<number[]>(pipeline(XLMR), { inputs: 'That is a happy person' });
		expect(answer.status).toBe(200);
		expect(answer.body).toHaveLength(findModel(XLMR)!.embedding!.dims);
	});

	test('token-level model (bart-base): 1 x T x D for a string, N x 1 x T x D for a list (huggingface.js test/InferenceClient.spec.ts)', async () => {
		const one = await post<number[][][]>(pipeline(BART), { inputs: 'That is a happy person' });
		expect(one.body).toHaveLength(1);
		expect(one.body[0]).toHaveLength(7);
		expect(one.body[0][0]).toHaveLength(768);
		expect(one.body[0]).toEqual(expectedTokenVectors(BART, 'That is a happy person'));
		const two = await post<number[][][][]>(pipeline(BART), { inputs: ['hello', 'That is a happy person'] });
		expect(two.body.map((text) => text.length)).toEqual([1, 1]);
		expect(two.body.map((text) => text[0].length)).toEqual([3, 7]);
		expect(two.body[1][0]).toEqual(expectedTokenVectors(BART, 'That is a happy person'));
	});

	test('a text over the model length is a 413 unless truncate is true', async () => {
		const long = 'word '.repeat(1200);
		const refused = await post(pipeline(MINI), { inputs: ['short', long] });
		expect(refused.status).toBe(413);
		expect(refused.body.error).toBe('Input validation error: `inputs` must have less than 256 tokens. Given: 1202');
		expect((await post(pipeline(MINI), { inputs: [long], truncate: false })).status).toBe(413);
		const cut = await post<number[][]>(pipeline(MINI), { inputs: ['short', long], truncate: true });
		expect(cut.status).toBe(200);
		expect(cut.body[1]).toEqual(expectedSentenceVector(MINI, long, { normalize: true, truncate: true }));
		const refusedTokens = await post(pipeline(BART), { inputs: ['word '.repeat(1100)] });
		expect(refusedTokens.status).toBe(413);
	});
});

describe('OpenAI-style embeddings', () => {
	test('together, deepinfra and scaleway answer unit vectors in input order', async () => {
		const cases: Array<[string, string, string, number]> = [
			['/together/v1/embeddings', 'BAAI/bge-base-en-v1.5', 'BAAI/bge-base-en-v1.5', 768],
			['/deepinfra/v1/openai/embeddings', 'intfloat/multilingual-e5-large', 'intfloat/multilingual-e5-large', 1024],
			['/scaleway/v1/embeddings', 'qwen3-embedding-8b', 'Qwen/Qwen3-Embedding-8B', 4096],
		];
		for (const [path, providerId, hubId, dims] of cases) {
			const res = await post(path, { input: ['first', 'second'], model: providerId });
			expect(res.status).toBe(200);
			expect(res.body.object).toBe('list');
			expect(res.body.model).toBe(providerId);
			expect(res.body.data.map((d: any) => d.index)).toEqual([0, 1]);
			expect(res.body.data[0].object).toBe('embedding');
			expect(res.body.data[1].embedding).toHaveLength(dims);
			expect(res.body.data[1].embedding).toEqual(expectedSentenceVector(hubId, 'second', { normalize: true, truncate: true }));
			expect(l2norm(res.body.data[0].embedding)).toBeCloseTo(1, 5);
			expect(res.body.usage.prompt_tokens).toBeGreaterThan(0);
			expect(findModel(hubId)?.embedding?.dims).toBe(dims);
		}
		expect((await post('/together/v1/embeddings', { input: ['x'], model: 'intfloat/multilingual-e5-large' })).status).toBe(400);
	});
});
