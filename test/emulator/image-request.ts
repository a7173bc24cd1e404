/** What the text-to-image routes of every provider read the same way: image counts, seeds, sizes, the drawn picture. */
import type { EmulatorState } from './state';
import { generatePng } from './images';
import { hashString } from './vectors';
import { num } from './fields';

export function count(v: unknown): number {
	return Math.max(1, Math.min(4, Math.floor(num(v, 1))));
}

export function seedOf(v: unknown, prompt: string): number {
	return typeof v === 'number' ? v : hashString(prompt);
}

export function png(st: EmulatorState, prompt: string, width: number, height: number, seed: number): Buffer {
	return generatePng({ prompt, width, height, seed, targetBytes: st.imageBytes });
}

/** The picture is drawn with the LoRA the request applied, so that a lost LoRA shows in the bytes. */
export function drawn(prompt: string, lora: string | undefined): string {
	return lora ? `${prompt} <lora:${lora}>` : prompt;
}

/** A `WxH` (or `W*H`) size string; a part that is not a number falls back. */
export function parseSize(v: unknown, sep: string, fallback: number): [number, number] {
	if (typeof v !== 'string') return [fallback, fallback];
	const [w, h] = v.split(sep).map((x) => parseInt(x, 10));
	return [Number.isFinite(w) ? w : fallback, Number.isFinite(h) ? h : fallback];
}
