/** Minimal, real PNG encoder (RGB, 8 bit) with zlib + CRC-32. */
import { deflateSync } from 'zlib';

const CRC_TABLE: Uint32Array = (() => {
	const table = new Uint32Array(256);
	for (let n = 0; n < 256; n++) {
		let c = n;
		for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
		table[n] = c >>> 0;
	}
	return table;
})();

export function crc32(...parts: Buffer[]): number {
	let c = 0xffffffff;
	for (const buf of parts) {
		for (let i = 0; i < buf.length; i++) c = CRC_TABLE[(c ^ buf[i]) & 0xff] ^ (c >>> 8);
	}
	return (c ^ 0xffffffff) >>> 0;
}

export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function pngChunk(type: string, data: Buffer): Buffer {
	const typeBuf = Buffer.from(type, 'ascii');
	const len = Buffer.alloc(4);
	len.writeUInt32BE(data.length, 0);
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(typeBuf, data), 0);
	return Buffer.concat([len, typeBuf, data, crc]);
}

/** Encode RGB pixels (width*height*3 bytes). `extraChunks` go between IHDR and IDAT. */
export function encodePng(width: number, height: number, rgb: Buffer, extraChunks: Buffer[] = []): Buffer {
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(width, 0);
	ihdr.writeUInt32BE(height, 4);
	ihdr[8] = 8; // bit depth
	ihdr[9] = 2; // colour type RGB
	ihdr[10] = 0;
	ihdr[11] = 0;
	ihdr[12] = 0;
	const stride = width * 3;
	const raw = Buffer.alloc((stride + 1) * height);
	for (let y = 0; y < height; y++) {
		raw[y * (stride + 1)] = 0; // filter: none
		rgb.copy(raw, y * (stride + 1) + 1, y * stride, (y + 1) * stride);
	}
	return Buffer.concat([
		PNG_SIGNATURE,
		pngChunk('IHDR', ihdr),
		...extraChunks,
		pngChunk('IDAT', deflateSync(raw)),
		pngChunk('IEND', Buffer.alloc(0)),
	]);
}

/** Parse and verify a PNG (signature, chunk CRCs, IHDR). Throws on anything invalid. */
export function decodePngHeader(buf: Buffer): { width: number; height: number; chunks: string[] } {
	if (buf.length < 8 || !buf.subarray(0, 8).equals(PNG_SIGNATURE)) throw new Error('not a PNG: bad signature');
	let off = 8;
	const chunks: string[] = [];
	let width = 0;
	let height = 0;
	while (off < buf.length) {
		if (off + 12 > buf.length) throw new Error('truncated chunk');
		const len = buf.readUInt32BE(off);
		const type = buf.toString('ascii', off + 4, off + 8);
		const data = buf.subarray(off + 8, off + 8 + len);
		const crc = buf.readUInt32BE(off + 8 + len);
		if (crc !== crc32(Buffer.from(type, 'ascii'), data)) throw new Error(`bad CRC in ${type}`);
		if (type === 'IHDR') {
			width = data.readUInt32BE(0);
			height = data.readUInt32BE(4);
		}
		chunks.push(type);
		off += 12 + len;
		if (type === 'IEND') break;
	}
	if (chunks[0] !== 'IHDR' || chunks[chunks.length - 1] !== 'IEND') throw new Error('PNG lacks IHDR/IEND');
	return { width, height, chunks };
}
