import { NodeOperationError, type IBinaryData } from 'n8n-workflow';

import type { MediaInput } from '../../shared/providers/types';
import { badInput } from './parameters';
import type { ExecutionScope } from './scope';

export interface FileKind {
	mimeType: string;
	extension: string;
}

type Signature = FileKind & { test: (bytes: Buffer) => boolean };

const ascii = (bytes: Buffer, start: number, end: number) => (bytes.length >= end ? bytes.toString('ascii', start, end) : '');

/** First bytes of the audio formats speech models take; providers' and users' labels are not always right. */
const AUDIO: Signature[] = [
	{ mimeType: 'audio/wav', extension: 'wav', test: (b) => ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 12) === 'WAVE' },
	{ mimeType: 'audio/mpeg', extension: 'mp3', test: (b) => ascii(b, 0, 3) === 'ID3' || (b.length > 2 && b[0] === 0xff && (b[1] & 0xe0) === 0xe0) },
	{ mimeType: 'audio/flac', extension: 'flac', test: (b) => ascii(b, 0, 4) === 'fLaC' },
	{ mimeType: 'audio/ogg', extension: 'ogg', test: (b) => ascii(b, 0, 4) === 'OggS' },
	{ mimeType: 'audio/webm', extension: 'webm', test: (b) => b.length > 4 && b.readUInt32BE(0) === 0x1a45dfa3 },
	{ mimeType: 'audio/mp4', extension: 'm4a', test: (b) => ascii(b, 4, 8) === 'ftyp' },
];

export function sniffAudio(bytes: Buffer): FileKind | undefined {
	const match = AUDIO.find((signature) => signature.test(bytes));
	return match && { mimeType: match.mimeType, extension: match.extension };
}

function baseType(mimeType: string | undefined): string {
	return (mimeType ?? '').split(';')[0].trim().toLowerCase();
}

/** The binary property an item's media is read from: checked when the item is prepared, read when it is sent. */
export interface MediaReference {
	property: string;
	fileName?: string;
	/** The type the binary was stored with. */
	declaredType: string;
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
	return { property, fileName: binary.fileName, declaredType: baseType(binary.mimeType) };
}

/**
 * Reads the item's audio through n8n's binary helpers (inline, filesystem or database mode alike),
 * at call time so that only the files being sent are in memory. Its type comes from its first
 * bytes, else from the type it was stored with; a file that is neither is refused.
 */
export async function readInputAudio(scope: ExecutionScope, itemIndex: number, reference: MediaReference): Promise<MediaInput> {
	const data = await scope.ctx.helpers.getBinaryDataBuffer(itemIndex, reference.property);
	const sniffed = sniffAudio(data);
	const declared = /^(audio|video)\//.test(reference.declaredType) ? reference.declaredType : undefined;
	// A WAV file labelled audio/x-wav keeps the label: both name the same format.
	const mimeType = sniffed?.mimeType === 'audio/wav' && declared?.includes('wav') ? declared : (sniffed?.mimeType ?? declared);
	if (!data.length || !mimeType) {
		throw new NodeOperationError(scope.ctx.getNode(), `The file in "${reference.property}" is not audio (item ${itemIndex})`, {
			itemIndex,
			description: `Got ${data.length} bytes${reference.declaredType ? ` stored as ${reference.declaredType}` : ''} that are not WAV, MP3, FLAC, OGG, WebM or M4A. Pass an audio file.`,
		});
	}
	return { data, mimeType };
}
