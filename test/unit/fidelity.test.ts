/** Router fidelity: the mapping's task equivalence, the shapes hf-inference answers, the switches it is sent, the Hub's RateLimit. */
import { mappingServesTask, normalizeMapping } from '../../nodes/shared/catalogue/RouterCatalogue';
import * as hfInference from '../../nodes/shared/providers/hf-inference';
import * as wavespeed from '../../nodes/shared/providers/wavespeed';
import { poolText, vectorsPerText } from '../../nodes/shared/providers/vectors';
import { classifyHttpFailure, parseRateLimitReset } from '../../nodes/shared/transport/errors';

const IDS = { hubModelId: 'sentence-transformers/all-MiniLM-L6-v2', providerModelId: 'sentence-transformers/all-MiniLM-L6-v2' };

describe('sentence-similarity mapping (huggingface.js EQUIVALENT_SENTENCE_TRANSFORMERS_TASKS)', () => {
	it('hf-inference serves a sentence-similarity entry for feature-extraction, and the reverse', () => {
		expect(mappingServesTask({ provider: 'hf-inference', task: 'sentence-similarity' }, 'feature-extraction')).toBe(true);
		expect(mappingServesTask({ provider: 'hf-inference', task: 'feature-extraction' }, 'sentence-similarity')).toBe(true);
		expect(mappingServesTask({ provider: 'hf-inference', task: 'feature-extraction' }, 'feature-extraction')).toBe(true);
	});

	it('no other provider and no other task is made equivalent', () => {
		expect(mappingServesTask({ provider: 'together', task: 'sentence-similarity' }, 'feature-extraction')).toBe(false);
		expect(mappingServesTask({ provider: 'hf-inference', task: 'text-to-image' }, 'feature-extraction')).toBe(false);
		expect(mappingServesTask({ provider: 'hf-inference', task: 'sentence-similarity' }, 'text-to-image')).toBe(false);
	});
});

describe('token-level answers', () => {
	const tokens = [
		[1, 2],
		[3, 4],
		[5, 6],
	];

	it('N x 1 x T x D (a plain transformers model answering a list): one mean over tokens per text', () => {
		const answer = [[tokens], [[[10, 20]]]];
		expect(vectorsPerText(answer, 2)).toEqual([[3, 4], [10, 20]]);
	});

	it('a text of N x T x D or 1 x T x D pools alike; a sentence vector stays', () => {
		expect(poolText(tokens)).toEqual([3, 4]);
		expect(poolText([tokens])).toEqual([3, 4]);
		expect(poolText([7, 8])).toEqual([7, 8]);
	});

	it('a batch dimension of more than one sequence per text is not guessed at', () => {
		expect(poolText([tokens, tokens])).toBeUndefined();
		expect(vectorsPerText([[tokens, tokens]], 1)).toEqual([undefined]);
	});
});

describe('hf-inference embedding request', () => {
	it('sends normalize only when set (the clients send none: the server normalizes by default); truncate always, on unless turned off', () => {
		expect(hfInference.buildEmbeddingRequest(IDS, ['a'], {}).body).toEqual({ inputs: ['a'], truncate: true });
		expect(hfInference.buildEmbeddingRequest(IDS, ['a'], { normalize: undefined }).body).not.toHaveProperty('normalize');
		expect(hfInference.buildEmbeddingRequest(IDS, ['a'], { normalize: false, truncate: false }).body).toEqual({ inputs: ['a'], normalize: false, truncate: false });
		expect(hfInference.buildEmbeddingRequest(IDS, ['a'], { normalize: true, truncate: true }).body).toEqual({ inputs: ['a'], normalize: true, truncate: true });
	});
});

describe('provider mapping with LoRA fields', () => {
	const lora = { providerId: 'fal-ai/flux-lora', status: 'live', task: 'text-to-image', adapter: 'lora', adapterWeightsPath: 'lora.safetensors' };

	it('object form: hfModelId is the model asked for; adapter fields kept', () => {
		expect(normalizeMapping({ 'fal-ai': lora }, 'someone/flux-style-lora')).toEqual([
			{ provider: 'fal-ai', providerId: 'fal-ai/flux-lora', status: 'live', task: 'text-to-image', hfModelId: 'someone/flux-style-lora', adapter: 'lora', adapterWeightsPath: 'lora.safetensors' },
		]);
	});

	it('array form: the entry\'s own hfModelId wins; entries without adapter have none', () => {
		const entries = normalizeMapping(
			[
				{ provider: 'replicate', hfModelId: 'someone/flux-style-lora', ...lora, providerId: 'black-forest-labs/flux-dev-lora' },
				{ provider: 'together', providerId: 'black-forest-labs/FLUX.1-dev', status: 'live', task: 'text-to-image' },
			],
			'asked/id',
		);
		expect(entries[0]).toMatchObject({ hfModelId: 'someone/flux-style-lora', adapter: 'lora', adapterWeightsPath: 'lora.safetensors' });
		expect(entries[1]).toEqual({ provider: 'together', providerId: 'black-forest-labs/FLUX.1-dev', status: 'live', task: 'text-to-image', hfModelId: 'asked/id' });
	});
});

describe('Hub RateLimit header (huggingface_hub utils/_http.py parse_ratelimit_headers)', () => {
	it('r=0;t=N is a wait of N + 1 s; requests left or no header is no wait', () => {
		expect(parseRateLimitReset('"api";r=0;t=55')).toBe(56_000);
		expect(parseRateLimitReset('"api" ; r = 0 ; t = 2')).toBe(3_000);
		expect(parseRateLimitReset('"api";r=3;t=55')).toBeUndefined();
		expect(parseRateLimitReset(undefined)).toBeUndefined();
		expect(parseRateLimitReset('garbage')).toBeUndefined();
	});

	it('on a 429 the RateLimit header wins over Retry-After; other statuses ignore it', () => {
		expect(classifyHttpFailure(429, '{"error":"slow down"}', '30', '"api";r=0;t=2')).toMatchObject({ kind: 'retryable', retryAfterMs: 3_000 });
		expect(classifyHttpFailure(429, '', '30', undefined).retryAfterMs).toBe(30_000);
		expect(classifyHttpFailure(503, '', undefined, '"api";r=0;t=2').retryAfterMs).toBeUndefined();
	});
});

describe('wavespeed poll path (data.urls.get, as huggingface.js and huggingface_hub poll it)', () => {
	it('the path of urls.get, under /wavespeed on the router; the id only when urls.get is missing', () => {
		const answer = { code: 200, data: { id: 'abc', urls: { get: 'https://api.wavespeed.ai/api/v3/predictions/abc/result' } } };
		expect(wavespeed.resultRequest(wavespeed.resultPath(answer)!)).toEqual({ method: 'GET', url: '/wavespeed/api/v3/predictions/abc/result' });
		expect(wavespeed.resultPath({ data: { id: 'abc', urls: { get: 'https://api.wavespeed.ai/api/v4/tasks/abc' } } })).toBe('/api/v4/tasks/abc');
		expect(wavespeed.resultPath({ data: { id: 'x y' } })).toBe('/api/v3/predictions/x%20y/result');
		expect(wavespeed.resultPath({ data: {} })).toBeUndefined();
	});
});
