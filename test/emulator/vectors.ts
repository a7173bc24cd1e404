/**
 * Deterministic embeddings. A sentence vector is a bag of per-word pseudo-random vectors (seeded by
 * model + word) plus a small text-specific component, so texts sharing words are more similar —
 * good enough for retrieval tests — and every (model, text) pair has one exact expected vector.
 */
import { findModel } from './catalogue';

/** FNV-1a 32-bit. */
export function hashString(s: string): number {
	let h = 0x811c9dc5;
	for (let i = 0; i < s.length; i++) {
		h ^= s.charCodeAt(i);
		h = Math.imul(h, 0x01000193);
	}
	return h >>> 0;
}

/** mulberry32 PRNG in [0, 1). */
export function prng(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

function randomVector(seedText: string, dims: number): number[] {
	const next = prng(hashString(seedText));
	const v = new Array<number>(dims);
	for (let i = 0; i < dims; i++) v[i] = next() * 2 - 1;
	return v;
}

/** Word/punctuation pieces (what the emulator calls tokens, without special tokens). */
export function tokenize(text: string): string[] {
	return text.match(/[\p{L}\p{N}]+|[^\s\p{L}\p{N}]/gu) ?? [];
}

/** Tokens a model counts for a text: pieces + 2 special tokens. */
export function countEmbeddingTokens(text: string): number {
	return tokenize(text).length + 2;
}

export function l2norm(v: number[]): number {
	let s = 0;
	for (const x of v) s += x * x;
	return Math.sqrt(s);
}

export function normalizeVector(v: number[]): number[] {
	const n = l2norm(v);
	return n === 0 ? v.slice() : v.map((x) => x / n);
}

export function cosine(a: number[], b: number[]): number {
	let dot = 0;
	for (let i = 0; i < Math.min(a.length, b.length); i++) dot += a[i] * b[i];
	return dot / (l2norm(a) * l2norm(b) || 1);
}

function dimsOf(hubId: string): number {
	const spec = findModel(hubId)?.embedding;
	if (!spec) throw new Error(`${hubId} is not an embedding model of the emulator catalogue`);
	return spec.dims;
}

function round(v: number[]): number[] {
	// Same float32-ish precision as a real server, and identical on both ends of JSON.
	return v.map((x) => Math.fround(x));
}

export interface VectorOptions {
	normalize?: boolean;
	/** Truncate to the model's max tokens. */
	truncate?: boolean;
}

/** The vector the emulator returns for (model, text) on sentence-level models. */
export function expectedSentenceVector(hubId: string, text: string, opts: VectorOptions = {}): number[] {
	const dims = dimsOf(hubId);
	const maxTokens = findModel(hubId)?.embedding?.maxTokens ?? 512;
	let words = tokenize(text.toLowerCase()).filter((w) => /[\p{L}\p{N}]/u.test(w));
	if (opts.truncate) words = words.slice(0, Math.max(0, maxTokens - 2));
	const acc = new Array<number>(dims).fill(0);
	for (const w of words) {
		const wv = randomVector(`${hubId}\u0000w\u0000${w}`, dims);
		for (let i = 0; i < dims; i++) acc[i] += wv[i];
	}
	const scale = 0.5 / Math.sqrt(Math.max(1, words.length));
	const own = randomVector(`${hubId}\u0000t\u0000${text}`, dims);
	const v = acc.map((x, i) => x * scale + own[i] * 0.08);
	return round(opts.normalize ? normalizeVector(v) : v);
}

/** Token-level output ([tokens][dims]) for plain transformer models such as facebook/bart-base. */
export function expectedTokenVectors(hubId: string, text: string, opts: VectorOptions = {}): number[][] {
	const dims = dimsOf(hubId);
	const maxTokens = findModel(hubId)?.embedding?.maxTokens ?? 512;
	let pieces = tokenize(text);
	if (opts.truncate) pieces = pieces.slice(0, Math.max(0, maxTokens - 2));
	const tokens = ['<s>', ...pieces, '</s>'];
	return tokens.map((tok, pos) => {
		const base = randomVector(`${hubId}\u0000tok\u0000${tok}`, dims);
		const ctx = randomVector(`${hubId}\u0000pos\u0000${pos}\u0000${text}`, dims);
		const v = base.map((x, i) => x * 3 + ctx[i]);
		return round(opts.normalize ? normalizeVector(v) : v);
	});
}
