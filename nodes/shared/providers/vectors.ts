/**
 * Pure vector math for feature extraction: no HTTP, no errors thrown, easy to test.
 * hf-inference answers sentence vectors (`[batch][dims]`) or, for plain transformers, one vector
 * per token (`[batch][tokens][dims]`); these helpers fold both into one vector per text.
 */

/** How many arrays deep a value goes, following first elements: 3 -> 0, [1] -> 1, [[[1]]] -> 3. */
export function nestingDepth(value: unknown): number {
	let depth = 0;
	let current = value;
	while (Array.isArray(current)) {
		depth++;
		if (current.length === 0) break;
		current = current[0];
	}
	return depth;
}

/** A non-empty array of finite numbers. */
export function isVector(value: unknown): value is number[] {
	return Array.isArray(value) && value.length > 0 && value.every((x) => typeof x === 'number' && Number.isFinite(x));
}

/**
 * The mean of token vectors, one number per dimension. Returns undefined when the rows are not
 * vectors of one length, so that the caller's check reports the answer instead of averaging junk.
 */
export function meanPool(rows: unknown): number[] | undefined {
	if (!Array.isArray(rows) || rows.length === 0 || !rows.every(isVector)) return undefined;
	const dims = rows[0].length;
	if (rows.some((row) => row.length !== dims)) return undefined;
	const sum = new Array<number>(dims).fill(0);
	for (const row of rows) for (let i = 0; i < dims; i++) sum[i] += row[i];
	return sum.map((total) => total / rows.length);
}

/** Scales a vector to length 1; a zero vector stays as it is (it has no direction to keep). */
export function l2Normalize(vector: number[]): number[] {
	const norm = Math.sqrt(vector.reduce((total, x) => total + x * x, 0));
	return norm > 0 ? vector.map((x) => x / norm) : vector.slice();
}

/**
 * One text's entry, whatever its nesting, as one vector: a sentence vector stays; token vectors
 * (`[tokens][dims]`, or `[1][tokens][dims]` as a plain transformers model answers one text of a
 * list) are mean-pooled. Undefined when it is none of these.
 */
export function poolText(entry: unknown): number[] | undefined {
	let current = entry;
	// A leading dimension of one is the batch of one sequence that transformers adds per text.
	while (nestingDepth(current) > 2 && Array.isArray(current) && current.length === 1) current = current[0];
	switch (nestingDepth(current)) {
		case 1:
			return isVector(current) ? current : undefined;
		case 2:
			return meanPool(current);
		default:
			return undefined;
	}
}

/**
 * One entry per text from an hf-inference feature-extraction answer to a list of texts, whatever
 * its nesting. The shapes are those of the huggingface.js tests (test/InferenceClient.spec.ts):
 * - depth 1: a single sentence vector (a one-text request answered unwrapped) -> that vector;
 * - depth 2: one sentence vector per text; or, for a one-text request, that text's token vectors,
 *   which pooling handles too (the mean of one row is the row itself);
 * - depth 3: token vectors per text (`N x T x D`) -> mean-pooled per text;
 * - depth 4: `N x 1 x T x D`, what a plain transformers model (facebook/bart-base) answers a list.
 * Entries may still be invalid (undefined); the caller checks count and content.
 */
export function vectorsPerText(answer: unknown, textCount: number): unknown[] {
	if (!Array.isArray(answer)) return [];
	switch (nestingDepth(answer)) {
		case 1:
			return [answer];
		case 2:
			return textCount === 1 ? [meanPool(answer)] : answer;
		case 3:
		case 4:
			return answer.map(poolText);
		default:
			return [];
	}
}
