/** What the emulator's media routes share: reading data URLs and audio, and deterministic answers tests can predict. */
import { createHash } from 'crypto';

import type { CatalogueModel, ProviderOffer, Task } from './catalogue';
import { sendJson, type Exchange } from './exchange';
import { newPrediction, replicateObject } from './replicate-routes';
import { generatePng } from './images';
import { mediaPrice } from './media-catalogue';
import type { CallContext, EmulatorState, PollJob } from './state';
import { hashString } from './vectors';

/** A media-task model and the offer of the provider a route names. */
export type MediaOffer = { model: CatalogueModel; offer: ProviderOffer };

/** Marks the call served by `provider` and bills the provider's price for the task. */
export function billMedia(ex: Exchange, st: EmulatorState, ctx: CallContext, provider: string, task: Task): void {
	ex.record.servedBy = provider;
	st.charge(ctx, ex.record, mediaPrice(provider, task));
}

/** Notes a media file a call carried on its log entry, so tests can check each item's own file arrived. */
export function recordMedia(ex: Exchange, mimeType: string, bytes: Buffer): void {
	(ex.record.media ??= []).push({ mimeType, bytes: bytes.length, hash: shortHash(bytes) });
}

/** PNG, JPEG, WEBP or GIF, by the first bytes, as PIL (behind the image providers) opens them. */
export function looksLikeImage(bytes: Buffer): boolean {
	const head = bytes.subarray(0, 12).toString('latin1');
	return (
		(bytes.length > 8 && bytes.readUInt32BE(0) === 0x89504e47) ||
		(bytes.length > 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) ||
		(head.startsWith('RIFF') && head.slice(8, 12) === 'WEBP') ||
		head.startsWith('GIF8')
	);
}

/** The prompt the emulator draws an edited picture from: the input's hash and the user's prompt. */
export function editPrompt(input: Buffer, prompt: string | undefined): string {
	return `edit of ${shortHash(input)}: ${prompt ?? ''}`;
}

/** Size the emulator reports for every edited picture. */
export const EDIT_SIDE = 1024;

/** The picture the emulator answers for an edit of `input`: tests compare the node's output to it byte for byte. */
export function expectedEdit(input: Buffer, prompt: string | undefined, seed?: number): Buffer {
	const drawn = editPrompt(input, prompt);
	return generatePng({ prompt: drawn, width: EDIT_SIDE, height: EDIT_SIDE, seed: seed ?? hashString(drawn) });
}

/** `data:<type>[;base64],<payload>` -> its type and bytes; undefined when it is not a data URL. */
export function decodeDataUrl(url: unknown): { mimeType: string; bytes: Buffer } | undefined {
	if (typeof url !== 'string') return undefined;
	const match = /^data:([^;,]*)((?:;[^;,]*)*),(.*)$/s.exec(url);
	if (!match) return undefined;
	const base64 = /;base64/i.test(match[2]);
	const bytes = base64 ? Buffer.from(match[3], 'base64') : Buffer.from(decodeURIComponent(match[3]), 'utf8');
	return { mimeType: match[1].toLowerCase(), bytes };
}

/** The audio formats ffmpeg (behind hf-inference and the providers) decodes, by their first bytes. */
export function looksLikeAudio(bytes: Buffer): boolean {
	const head = bytes.subarray(0, 12).toString('latin1');
	return (
		(head.startsWith('RIFF') && head.slice(8, 12) === 'WAVE') ||
		head.startsWith('ID3') ||
		(bytes.length > 2 && bytes[0] === 0xff && (bytes[1] & 0xe0) === 0xe0) ||
		head.startsWith('fLaC') ||
		head.startsWith('OggS') ||
		(bytes.length > 4 && bytes.readUInt32BE(0) === 0x1a45dfa3) ||
		head.slice(4, 8) === 'ftyp'
	);
}

export function shortHash(bytes: Buffer): string {
	return createHash('sha256').update(bytes).digest('hex').slice(0, 12);
}

/**
 * The transcript the emulator "hears" in a file: it names the provider, the model and the exact
 * bytes received, so a test can tell that each item's own audio reached the provider intact.
 */
export function expectedTranscript(provider: string, providerModelId: string, audio: Buffer): string {
	return `[${provider}/${providerModelId}] heard ${audio.length} bytes of audio ${shortHash(audio)}`;
}

/** The message transformers' ffmpeg_read raises for bytes it cannot decode (hf-inference answers it as a 400). */
export const MSG_MALFORMED_SOUNDFILE =
	'Malformed soundfile: Soundfile is either not in the correct format or is malformed. Ensure that the soundfile has a valid audio file extension (e.g. wav, flac or mp3) and is not corrupted.';

/** A real (tiny) 16-bit mono PCM WAV file whose samples depend on `seed`: inputs for speech tests. */
export function makeWav(seed: string, samples = 800, sampleRate = 8000): Buffer {
	const data = Buffer.alloc(samples * 2);
	const digest = createHash('sha256').update(seed).digest();
	for (let i = 0; i < samples; i++) data.writeInt16LE(Math.round(8000 * Math.sin((i * (digest[i % 32] + 1)) / 40)), i * 2);
	const header = Buffer.alloc(44);
	header.write('RIFF', 0, 'ascii');
	header.writeUInt32LE(36 + data.length, 4);
	header.write('WAVEfmt ', 8, 'ascii');
	header.writeUInt32LE(16, 16);
	header.writeUInt16LE(1, 20);
	header.writeUInt16LE(1, 22);
	header.writeUInt32LE(sampleRate, 24);
	header.writeUInt32LE(sampleRate * 2, 28);
	header.writeUInt16LE(2, 32);
	header.writeUInt16LE(16, 34);
	header.write('data', 36, 'ascii');
	header.writeUInt32LE(data.length, 40);
	return Buffer.concat([header, data]);
}

/** A FLAC-looking file (the `fLaC` marker, a STREAMINFO block, then bytes) whose body depends on `seed`. */
export function makeFlac(seed: string, size = 600): Buffer {
	const body = Buffer.alloc(size);
	const digest = createHash('sha256').update(seed).digest();
	for (let i = 0; i < size; i++) body[i] = digest[i % 32] ^ (i & 0xff);
	return Buffer.concat([Buffer.from('fLaC', 'latin1'), Buffer.from([0x80, 0x00, 0x00, 0x22]), body]);
}

/** The audio the emulator reads `text` into, per provider format: tests compare outputs to it byte for byte. */
export function expectedSpeech(provider: string, providerModelId: string, text: string, format: 'wav' | 'mp3' | 'flac'): Buffer {
	const seed = `${provider}/${providerModelId}: ${text}`;
	return format === 'wav' ? makeWav(seed) : format === 'mp3' ? makeMp3(seed) : makeFlac(seed);
}

/** An MP4-looking file (an `ftyp` box, then an `mdat` box) whose body depends on `seed`. */
export function makeMp4(seed: string, size = 2000): Buffer {
	const ftyp = Buffer.from('0000001c6674797069736f6d0000020069736f6d69736f32617663316d703431', 'hex');
	const body = Buffer.alloc(size);
	const digest = createHash('sha256').update(seed).digest();
	for (let i = 0; i < size; i++) body[i] = digest[i % 32] ^ ((i * 7) & 0xff);
	const mdat = Buffer.alloc(8);
	mdat.writeUInt32BE(size + 8, 0);
	mdat.write('mdat', 4, 'latin1');
	return Buffer.concat([ftyp, mdat, body]);
}

/** The clip the emulator makes for a prompt: tests compare outputs to it byte for byte. */
export function expectedVideo(provider: string, providerModelId: string, prompt: string): Buffer {
	return makeMp4(`${provider}/${providerModelId}: ${prompt}`);
}

/** An MP3-looking file (ID3v2 tag, then frame headers) whose body depends on `seed`. */
export function makeMp3(seed: string, frames = 4): Buffer {
	const tag = Buffer.from([0x49, 0x44, 0x33, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00]);
	const body = Buffer.alloc(frames * 417);
	const digest = createHash('sha256').update(seed).digest();
	for (let f = 0; f < frames; f++) {
		body.writeUInt32BE(0xfffb9064, f * 417);
		for (let i = 4; i < 417; i++) body[f * 417 + i] = digest[(f + i) % 32];
	}
	return Buffer.concat([tag, body]);
}

/**
 * Starts a Replicate prediction for a media model whose output is known at once: done in the
 * answer with `Prefer: wait`, after a poll otherwise (or after setReplicatePending polls).
 * An `error` fails the prediction, as Replicate reports a model's exception.
 */
export function answerReplicateMedia(ex: Exchange, st: EmulatorState, found: MediaOffer, output: unknown, input: unknown, error?: string): void {
	const { id, pollsNeeded } = newPrediction(ex, st);
	const job: PollJob = {
		id,
		polls: 0,
		pollsNeeded,
		model: found.offer.providerId,
		outputs: [],
		output,
		createdAt: new Date().toISOString(),
		input,
	};
	st.replicate.set(job.id, job);
	const answer = replicateObject(job, pollsNeeded === 0 && !error, false);
	sendJson(ex, 201, error ? { ...answer, status: 'failed', error } : answer, {}, 'application/json; charset=UTF-8');
}
