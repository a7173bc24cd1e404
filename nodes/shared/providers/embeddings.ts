import { RouterCallError } from '../transport/errors';
import { asRecord, sendJson, type ModelIds, type ProviderRequest } from './requests';
import type { EmbeddingParameters, FeatureExtractionTask, ProviderCall } from './types';
import { isVector, l2Normalize } from './vectors';

/**
 * The last step of every feature-extraction provider: exactly one valid vector per text, else a
 * final error (a partial answer would shift vectors onto the wrong items); then, when asked,
 * L2-normalized here so that every provider gives the same unit vectors.
 */
export function finishVectors(
	provider: string,
	vectors: unknown[],
	textCount: number,
	parameters: EmbeddingParameters,
): number[][] {
	if (vectors.length !== textCount || !vectors.every(isVector)) {
		throw new RouterCallError({
			kind: 'final',
			httpCode: null,
			message: `${provider} answered without a vector for every text`,
		});
	}
	return parameters.normalize ? vectors.map(l2Normalize) : vectors;
}

/** The OpenAI-style embeddings body of together, deepinfra and scaleway. */
export function buildOpenAiEmbeddingRequest(route: string, ids: ModelIds, texts: string[]): ProviderRequest {
	return { method: 'POST', url: route, body: { input: texts, model: ids.providerModelId } };
}

/** `{"data": [{"embedding", "index"}]}` -> vectors in input order (providers may answer out of order). */
export function readOpenAiEmbeddings(answer: unknown): unknown[] {
	const data = asRecord(answer).data;
	if (!Array.isArray(data)) return [];
	return data
		.map((entry, position) => ({ entry: asRecord(entry), position }))
		.sort((a, b) => indexOf(a.entry, a.position) - indexOf(b.entry, b.position))
		.map(({ entry }) => entry.embedding);
}

function indexOf(entry: Record<string, unknown>, position: number): number {
	return typeof entry.index === 'number' ? entry.index : position;
}

/**
 * Feature extraction for a provider that serves the OpenAI embeddings shape on `route`.
 * Normalization is always local: these APIs have no such switch.
 */
export function openAiStyleEmbeddings(provider: string, route: string): FeatureExtractionTask {
	return {
		async embed(call: ProviderCall, texts: string[], parameters: EmbeddingParameters): Promise<number[][]> {
			if (texts.length === 0) return [];
			const answer = await sendJson(call, buildOpenAiEmbeddingRequest(route, call, texts));
			return finishVectors(provider, readOpenAiEmbeddings(answer), texts.length, parameters);
		},
	};
}
