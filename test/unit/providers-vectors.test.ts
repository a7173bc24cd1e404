/** Vector helpers and feature extraction answers. */
import { PROVIDERS } from '../../nodes/shared/providers';
import * as hfInference from '../../nodes/shared/providers/hf-inference';
import { l2Normalize, meanPool, nestingDepth, vectorsPerText } from '../../nodes/shared/providers/vectors';
import { fakeTransport, call, IDS, finalError } from './providers-support';

describe('vectors', () => {
	it('detects the nesting depth', () => {
		expect(nestingDepth(3)).toBe(0);
		expect(nestingDepth([1, 2])).toBe(1);
		expect(nestingDepth([[1, 2]])).toBe(2);
		expect(nestingDepth([[[1, 2]]])).toBe(3);
		expect(nestingDepth([])).toBe(1);
	});

	it('mean-pools a [1][3][4] token-level answer into one vector', () => {
		const answer = [
			[
				[1, 2, 3, 4],
				[3, 4, 5, 6],
				[5, 6, 7, 8],
			],
		];
		expect(vectorsPerText(answer, 1)).toEqual([[3, 4, 5, 6]]);
		expect(meanPool(answer[0])).toEqual([3, 4, 5, 6]);
	});

	it('refuses to pool rows of different lengths', () => {
		expect(meanPool([[1, 2], [1]])).toBeUndefined();
		expect(meanPool([])).toBeUndefined();
	});

	it('normalizes to unit length and leaves a zero vector alone', () => {
		const unit = l2Normalize([3, 4, 12]);
		expect(Math.hypot(...unit)).toBeCloseTo(1, 12);
		expect(unit[0]).toBeCloseTo(3 / 13, 12);
		expect(l2Normalize(unit).map((x, i) => x - unit[i]).every((d) => Math.abs(d) < 1e-12)).toBe(true);
		expect(l2Normalize([0, 0])).toEqual([0, 0]);
	});

	it('folds every answer shape into one entry per text', () => {
		expect(vectorsPerText([0.1, 0.2], 1)).toEqual([[0.1, 0.2]]);
		expect(vectorsPerText([[0.1], [0.2]], 2)).toEqual([[0.1], [0.2]]);
		// One text answered token-level without the batch dimension.
		expect(vectorsPerText([[1, 1], [3, 3]], 1)).toEqual([[2, 2]]);
		expect(vectorsPerText([[[1], [3]], [[5], [7]]], 2)).toEqual([[2], [6]]);
		expect(vectorsPerText({ error: 'x' }, 1)).toEqual([]);
	});
});

describe('feature extraction', () => {
	const texts = ['a', 'b'];

	it('OpenAI-style providers: route, body, order by index, local normalization', async () => {
		const routes: Record<string, string> = {
			together: '/together/v1/embeddings',
			deepinfra: '/deepinfra/v1/openai/embeddings',
			scaleway: '/scaleway/v1/embeddings',
		};
		for (const [id, route] of Object.entries(routes)) {
			const { transport, requests } = fakeTransport({
				json: () => ({ data: [{ embedding: [0, 2], index: 1 }, { embedding: [3, 4], index: 0 }] }),
			});
			const vectors = await PROVIDERS[id].featureExtraction!.embed(call(transport, { providerModelId: 'BAAI/bge-m3' }), texts, { normalize: true });
			expect(requests[0]).toMatchObject({ method: 'POST', url: route, body: { input: texts, model: 'BAAI/bge-m3' } });
			expect(vectors).toEqual([[0.6, 0.8], [0, 1]]);
		}
	});

	it('hf-inference: array input, normalize flag, token-level pooling', async () => {
		const { transport, requests } = fakeTransport({ json: () => [[[1, 2, 3, 4], [3, 4, 5, 6], [5, 6, 7, 8]]] });
		const vectors = await PROVIDERS['hf-inference'].featureExtraction!.embed(call(transport, { hubModelId: 'facebook/bart-base' }), ['Hi'], {});
		expect(requests[0]).toMatchObject({ url: '/hf-inference/models/facebook/bart-base/pipeline/feature-extraction', body: { inputs: ['Hi'] } });
		expect(vectors).toEqual([[3, 4, 5, 6]]);
		expect(hfInference.buildEmbeddingRequest(IDS, texts, { normalize: true }).body).toEqual({ inputs: texts, normalize: true, truncate: true });
	});

	it('hf-inference: a 1-D answer for one text is wrapped', async () => {
		const { transport } = fakeTransport({ json: () => [-0.14, -0.21, 0.39] });
		expect(await PROVIDERS['hf-inference'].featureExtraction!.embed(call(transport), ['That is a happy person'], {})).toEqual([[-0.14, -0.21, 0.39]]);
	});

	it('a missing or invalid vector is final', async () => {
		const short = fakeTransport({ json: () => ({ data: [{ embedding: [1], index: 0 }] }) });
		await finalError(PROVIDERS.together.featureExtraction!.embed(call(short.transport), texts, {}), /^together answered without a vector for every text$/);
		const nan = fakeTransport({ json: () => [[1, null], [1, 2]] });
		await finalError(PROVIDERS['hf-inference'].featureExtraction!.embed(call(nan.transport), texts, {}), /without a vector for every text/);
	});
});
