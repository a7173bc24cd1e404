import { NodeOperationError, type IBinaryData } from 'n8n-workflow';

import type { GeneratedFile, MediaInput, MediaUpload } from '../../shared/providers/types';
import { peek } from '../../shared/transport/peek';
import { badInput } from '../../shared/parameters';
import type { ExecutionScope } from './scope';

export interface FileKind {
	mimeType: string;
	extension: string;
}

type Signature = FileKind & { test: (bytes: Buffer) => boolean };

const ascii = (bytes: Buffer, start: number, end: number) => (bytes.length >= end ? bytes.toString('ascii', start, end) : '');

/** First bytes of the formats the tasks take and give; providers' and users' labels are not always right. */
const IMAGE: Signature[] = [
	{ mimeType: 'image/png', extension: 'png', test: (b) => b.length > 8 && b.readUInt32BE(0) === 0x89504e47 },
	{ mimeType: 'image/jpeg', extension: 'jpg', test: (b) => b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
	{ mimeType: 'image/webp', extension: 'webp', test: (b) => ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 12) === 'WEBP' },
	{ mimeType: 'image/gif', extension: 'gif', test: (b) => ascii(b, 0, 4) === 'GIF8' },
];

const AUDIO: Signature[] = [
	{ mimeType: 'audio/wav', extension: 'wav', test: (b) => ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 12) === 'WAVE' },
	{ mimeType: 'audio/mpeg', extension: 'mp3', test: (b) => ascii(b, 0, 3) === 'ID3' || (b.length > 2 && b[0] === 0xff && (b[1] & 0xe0) === 0xe0) },
	{ mimeType: 'audio/flac', extension: 'flac', test: (b) => ascii(b, 0, 4) === 'fLaC' },
	{ mimeType: 'audio/ogg', extension: 'ogg', test: (b) => ascii(b, 0, 4) === 'OggS' },
	{ mimeType: 'audio/webm', extension: 'webm', test: (b) => b.length > 4 && b.readUInt32BE(0) === 0x1a45dfa3 },
	{ mimeType: 'audio/mp4', extension: 'm4a', test: (b) => ascii(b, 4, 8) === 'ftyp' },
];

const VIDEO: Signature[] = [
	{ mimeType: 'video/mp4', extension: 'mp4', test: (b) => ascii(b, 4, 8) === 'ftyp' && ascii(b, 8, 10) !== 'qt' },
	{ mimeType: 'video/quicktime', extension: 'mov', test: (b) => ascii(b, 4, 10) === 'ftypqt' },
	{ mimeType: 'video/webm', extension: 'webm', test: (b) => b.length > 4 && b.readUInt32BE(0) === 0x1a45dfa3 },
	{ mimeType: 'image/gif', extension: 'gif', test: (b) => ascii(b, 0, 4) === 'GIF8' },
];

function sniff(signatures: Signature[], bytes: Buffer): FileKind | undefined {
	const match = signatures.find((signature) => signature.test(bytes));
	return match && { mimeType: match.mimeType, extension: match.extension };
}

/** The real type of an image, from its first bytes. */
export const sniffImage = (bytes: Buffer) => sniff(IMAGE, bytes);

export const sniffAudio = (bytes: Buffer) => sniff(AUDIO, bytes);

function baseType(mimeType: string | undefined): string {
	return (mimeType ?? '').split(';')[0].trim().toLowerCase();
}

/** The binary property an item's media is read from: checked when the item is prepared, read when it is sent. */
export interface MediaReference {
	property: string;
	fileName?: string;
	/** The type the binary was stored with. */
	declaredType: string;
	/** Where n8n keeps the bytes out of the item (filesystem, database or S3 mode); unset when inline. */
	binaryId?: string;
	/** Its length as n8n noted it in the item when storing it: the size to report where the store gives none. */
	bytes?: number;
}

/**
 * Checks that the item has a file in the named binary property (n8n's assertBinaryData: the
 * metadata only, wherever the bytes are stored), so that a missing file fails before any request.
 */
export function referenceInputBinary(scope: ExecutionScope, itemIndex: number, what: string): MediaReference {
	const { ctx } = scope;
	const property = String(ctx.getNodeParameter('inputBinaryPropertyName', itemIndex, 'data') ?? '').trim();
	if (!property) {
		throw badInput(ctx, itemIndex, 'Input Binary Field', 'is empty', `Name the binary property of the input item that holds the ${what}, for example data.`);
	}
	let binary: IBinaryData;
	try {
		binary = ctx.helpers.assertBinaryData(itemIndex, property);
	} catch {
		const present = Object.keys(ctx.getInputData()[itemIndex]?.binary ?? {});
		throw badInput(
			ctx,
			itemIndex,
			'Input Binary Field',
			`"${property}" holds no file`,
			present.length
				? `The input item has these binary properties: ${present.join(', ')}. Set Input Binary Field to the one that holds the ${what}.`
				: `The input item has no binary data. Read the ${what} into the item first (for example with Read/Write Files from Disk or an HTTP Request), then name its property in Input Binary Field.`,
		);
	}
	return { property, fileName: binary.fileName, declaredType: baseType(binary.mimeType), binaryId: binary.id, bytes: binary.bytes };
}

export interface MediaKind {
	what: string;
	formats: string;
	signatures: Signature[];
	/** Declared types trusted when the first bytes say nothing. */
	declared: RegExp;
}

export const AUDIO_INPUT: MediaKind = { what: 'audio', formats: 'WAV, MP3, FLAC, OGG, WebM or M4A', signatures: AUDIO, declared: /^(audio|video)\// };
export const IMAGE_INPUT: MediaKind = { what: 'a picture', formats: 'PNG, JPEG, WEBP or GIF', signatures: IMAGE, declared: /^image\// };

/**
 * Reads the item's file through n8n's binary helpers (inline, filesystem or database mode alike),
 * at call time so that only the files being sent are in memory. Its type comes from its first
 * bytes, else from the type it was stored with; a file that is neither is refused.
 */
export async function readInputMedia(scope: ExecutionScope, itemIndex: number, reference: MediaReference, kind: MediaKind): Promise<MediaInput> {
	const data = await scope.ctx.helpers.getBinaryDataBuffer(itemIndex, reference.property);
	return { data, mimeType: inputType(scope, itemIndex, reference, kind, data, data.length) };
}

/**
 * A file n8n keeps out of the item, to be sent as it is read (MediaUpload): only its first bytes
 * are read here, for its type. Undefined for a file held inline: that one is in memory already.
 */
export async function openInputMedia(scope: ExecutionScope, itemIndex: number, reference: MediaReference, kind: MediaKind): Promise<MediaUpload | undefined> {
	const { binaryId } = reference;
	if (!binaryId) return undefined;
	const { helpers } = scope.ctx;
	// Without the length (a store that keeps no metadata) the file goes chunked.
	const metadata = helpers.getBinaryMetadata(binaryId).catch(() => undefined);
	const head = await storedHead(helpers, binaryId);
	const fileSize = (await metadata)?.fileSize;
	const size = typeof fileSize === 'number' && fileSize > 0 ? fileSize : undefined;
	const mimeType = inputType(scope, itemIndex, reference, kind, head, size ?? reference.bytes ?? head.length);
	return { mimeType, body: { open: async () => await helpers.getBinaryStream(binaryId), size } };
}

/** The first bytes of a file n8n keeps out of the item, without reading the rest. */
async function storedHead(helpers: ExecutionScope['ctx']['helpers'], binaryId: string): Promise<Buffer> {
	const start = await helpers.getBinaryStream(binaryId, 4096);
	try {
		return (await peek(start, 64)).head;
	} finally {
		start.destroy();
	}
}

/**
 * An item's file's first bytes and its length, without reading the rest: from n8n's store, or
 * from the item where the file is inline.
 */
export async function fileHead(ctx: ExecutionScope['ctx'], binary: IBinaryData): Promise<{ head: Buffer; size: number }> {
	if (binary.id) {
		const head = await storedHead(ctx.helpers, binary.id);
		return { head, size: typeof binary.bytes === 'number' ? binary.bytes : head.length };
	}
	return { head: Buffer.from(binary.data.slice(0, 88), 'base64'), size: Buffer.byteLength(binary.data, 'base64') };
}

/**
 * The file's type from its first bytes, else from the type it was stored with; a file that is
 * neither (or is empty) is refused, naming the item.
 */
function inputType(scope: ExecutionScope, itemIndex: number, reference: MediaReference, kind: MediaKind, head: Buffer, size: number): string {
	const sniffed = sniff(kind.signatures, head)?.mimeType;
	const declared = kind.declared.test(reference.declaredType) ? reference.declaredType : undefined;
	// A WAV file labelled audio/x-wav keeps its label: both name the same format.
	const mimeType = sniffed === 'audio/wav' && declared?.includes('wav') ? declared : (sniffed ?? declared);
	if (!size || !mimeType) {
		throw new NodeOperationError(scope.ctx.getNode(), `The file in "${reference.property}" is not ${kind.what} (item ${itemIndex})`, {
			itemIndex,
			description: `Got ${size} bytes${reference.declaredType ? ` stored as ${reference.declaredType}` : ''} that are not ${kind.formats}. Pass ${kind.what === 'audio' ? 'an audio file' : kind.what}.`,
		});
	}
	return mimeType;
}

export const IMAGE_OUTPUT: MediaKind = { ...IMAGE_INPUT, what: 'an image' };
export const AUDIO_OUTPUT: MediaKind = AUDIO_INPUT;
export const VIDEO_OUTPUT: MediaKind = { what: 'a video', formats: 'MP4, MOV, WebM or GIF', signatures: VIDEO, declared: /^video\// };

/**
 * A provider's file, checked by its bytes (a CDN's error page is not a picture) and stored through
 * n8n's binary helpers with its real type and a matching file extension.
 */
export async function storeMedia(
	scope: ExecutionScope,
	itemIndex: number,
	where: { provider: string; model: string },
	generated: GeneratedFile,
	fileBase: string,
	kind: MediaKind,
): Promise<{ binary: IBinaryData; mimeType: string; size: number }> {
	const found = sniff(kind.signatures, generated.data);
	if (!found) {
		generated.stream?.destroy();
		throw new NodeOperationError(
			scope.ctx.getNode(),
			`${where.provider} returned a file that is not ${kind.what} (item ${itemIndex}, ${where.provider} / ${where.model})`,
			{
				itemIndex,
				description: `Got ${generated.data.length} bytes${generated.mimeType ? ` announced as ${generated.mimeType}` : ''} that are not ${kind.formats}. Try again, or pick another provider.`,
			},
		);
	}
	// A file still arriving goes to n8n's store as a stream: in filesystem mode it is written as it
	// comes, so no copy of the whole file is held.
	const binary = await scope.ctx.helpers.prepareBinaryData(generated.stream ?? generated.data, `${fileBase}.${found.extension}`, found.mimeType);
	return { binary, mimeType: found.mimeType, size: binary.bytes ?? generated.data.length };
}
