/** Helpers shared by the embedding integration tests. */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { expectedSentenceVector, expectedTokenVectors, l2norm } from '../emulator';

export const MINILM = 'sentence-transformers/all-MiniLM-L6-v2';
export const XLMR = 'sentence-transformers/paraphrase-xlm-r-multilingual-v1';
export const BART = 'facebook/bart-base';
export const BGE = 'BAAI/bge-base-en-v1.5';
export const E5 = 'intfloat/multilingual-e5-large';
export const QWEN3 = 'Qwen/Qwen3-Embedding-8B';

export const TEXTS = ['The cat sat on the mat.', 'Un chat est assis sur le tapis.', 'Stock markets fell sharply today'];

export function embeddingParameters(model: string, provider: string, text = '={{ $json.text }}', options: IDataObject = {}): INodeParameters {
	return {
		operation: 'embedding',
		model: { __rl: true, mode: 'id', value: model },
		provider,
		text,
		options: options as INodeParameters,
	};
}

export const itemsOf = (texts: string[]) => texts.map((text) => ({ json: { text } }));

/**
 * What the emulator answers for a sentence model (it truncates to the model's length, as the real
 * pipeline does); unit length unless `normalize: false` was sent, as hf-inference does by default.
 */
export function sentence(model: string, text: string, normalize = true): number[] {
	return expectedSentenceVector(model, text, { normalize, truncate: true });
}

/** The mean of the emulator's token vectors for a text: what the node must give for a plain transformer. */
export function meanOfTokens(model: string, text: string): number[] {
	const rows = expectedTokenVectors(model, text, { truncate: true });
	const sum = new Array<number>(rows[0].length).fill(0);
	for (const row of rows) for (let i = 0; i < row.length; i++) sum[i] += row[i];
	return sum.map((total) => total / rows.length);
}

export function unit(vector: number[]): number[] {
	const norm = l2norm(vector);
	return vector.map((x) => x / norm);
}

export function expectVectorClose(actual: unknown, expected: number[], digits = 6): void {
	expect(Array.isArray(actual)).toBe(true);
	const vector = actual as number[];
	expect(vector).toHaveLength(expected.length);
	const worst = Math.max(...vector.map((x, i) => Math.abs(x - expected[i])));
	expect(worst).toBeLessThan(10 ** -digits);
}
