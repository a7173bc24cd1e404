/** Deterministic generated pictures: a real PNG whose colours depend on the prompt. */
import { encodePng, pngChunk } from './png';
import { hashString } from './vectors';

/** Largest side of the actual pixel grid (the reported width/height stay as requested). */
export const MAX_PIXEL_SIDE = 64;

export interface ImageRequest {
	prompt: string;
	width: number;
	height: number;
	seed?: number;
	/** Pad the file to about this many bytes (null/undefined: natural size). */
	targetBytes?: number | null;
}

/** Actual pixel dimensions: the requested aspect ratio, scaled down to MAX_PIXEL_SIDE. */
export function pixelSize(width: number, height: number): { width: number; height: number } {
	const w = Math.max(1, Math.floor(width) || 1);
	const h = Math.max(1, Math.floor(height) || 1);
	const scale = Math.min(1, MAX_PIXEL_SIDE / Math.max(w, h));
	return { width: Math.max(1, Math.round(w * scale)), height: Math.max(1, Math.round(h * scale)) };
}

export function generatePng(req: ImageRequest): Buffer {
	const { width, height } = pixelSize(req.width, req.height);
	const h = hashString(`${req.prompt}\u0000${req.seed ?? 0}`);
	const c1 = [h & 0xff, (h >>> 8) & 0xff, (h >>> 16) & 0xff];
	const c2 = [255 - c1[0], 255 - c1[1], (h >>> 24) & 0xff];
	const rgb = Buffer.alloc(width * height * 3);
	for (let y = 0; y < height; y++) {
		for (let x = 0; x < width; x++) {
			const t = (x + y) / Math.max(1, width + height - 2);
			const o = (y * width + x) * 3;
			for (let k = 0; k < 3; k++) rgb[o + k] = Math.round(c1[k] * (1 - t) + c2[k] * t);
		}
	}
	const text = pngChunk('tEXt', Buffer.from(`Comment\u0000hf-emulator: ${req.prompt.slice(0, 200)}`, 'latin1'));
	const natural = encodePng(width, height, rgb, [text]);
	if (!req.targetBytes || req.targetBytes <= natural.length + 12) return natural;
	// Pad with a second (valid) tEXt chunk to reach about targetBytes.
	const padLen = req.targetBytes - natural.length - 12 - 8;
	const pad = Buffer.alloc(8 + Math.max(0, padLen), 0x20);
	pad.write('Padding\u0000', 0, 'latin1');
	return encodePng(width, height, rgb, [text, pngChunk('tEXt', pad)]);
}
