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
 * One entry per text from an hf-inference feature-extraction answer, whatever its nesting:
 * - depth 1: a single sentence vector (a one-text request answered unwrapped) -> wrapped;
 * - depth 2: one sentence vector per text; or, for a one-text request, that text's token vectors,
 *   which pooling handles too (the mean of one row is the row itself);
 * - depth 3: token vectors per text -> mean-pooled per text.
 * Entries may still be invalid; the caller checks count and content.
 */
export function vectorsPerText(answer: unknown, textCount: number): unknown[] {
	if (!Array.isArray(answer)) return [];
	switch (nestingDepth(answer)) {
		case 1:
			return [answer];
		case 2:
			return textCount === 1 ? [meanPool(answer)] : answer;
		case 3:
			return answer.map(meanPool);
		default:
			return [];
	}
}
