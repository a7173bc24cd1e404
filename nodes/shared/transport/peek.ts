import type { IExecuteFunctions } from 'n8n-workflow';

/** A Node Readable, as n8n's helpers take and give it (named this way: nodes may not import 'stream'). */
export type BodyStream = Exclude<Parameters<IExecuteFunctions['helpers']['prepareBinaryData']>[0], Buffer>;

export function isBodyStream(body: unknown): body is BodyStream {
	const stream = body as Partial<BodyStream> | null;
	return !!stream && typeof stream.read === 'function' && typeof stream.unshift === 'function' && typeof stream.once === 'function';
}

/**
 * Reads at least `bytes` from the start of a stream (fewer when it ends first) and, unless it
 * ended, puts them back so that whoever reads it next gets the whole body.
 */
export async function peek(stream: BodyStream, bytes: number): Promise<{ head: Buffer; ended: boolean }> {
	const parts: Buffer[] = [];
	let size = 0;
	let ended = false;
	while (size < bytes) {
		const chunk = stream.read() as Buffer | string | null;
		if (chunk !== null) {
			const part = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
			parts.push(part);
			size += part.length;
			continue;
		}
		if (stream.readableEnded) {
			ended = true;
			break;
		}
		await new Promise<void>((resolve, reject) => {
			const settle = (error?: Error) => {
				stream.off('readable', onReadable);
				stream.off('end', onEnd);
				stream.off('error', settle);
				if (error) reject(error);
				else resolve();
			};
			const onReadable = () => settle();
			const onEnd = () => {
				ended = true;
				settle();
			};
			stream.on('readable', onReadable);
			stream.on('end', onEnd);
			stream.on('error', settle);
		});
		if (ended) break;
	}
	const head = Buffer.concat(parts);
	if (!ended && head.length) stream.unshift(head);
	return { head, ended };
}
