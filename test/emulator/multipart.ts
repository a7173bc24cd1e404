/**
 * Reading a multipart/form-data body (RFC 7578), as the OpenAI-style `/audio/transcriptions`
 * routes receive it: from huggingface.js's FormData (undici's encoder) and from the node's own
 * encoder alike. The parsed form goes on the request's log entry, files as name, type and size.
 */
import type { Exchange } from './exchange';

export interface FormFile {
	filename: string;
	contentType: string;
	data: Buffer;
}

export interface ParsedForm {
	fields: Record<string, string>;
	files: Record<string, FormFile>;
}

function boundaryOf(contentType: string): string | undefined {
	if (!/^multipart\/form-data\b/i.test(contentType.trim())) return undefined;
	const match = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
	return match ? (match[1] ?? match[2]) : undefined;
}

function headerValue(head: string, name: string): string | undefined {
	const line = head.split('\r\n').find((entry) => entry.toLowerCase().startsWith(`${name}:`));
	return line?.slice(name.length + 1).trim();
}

function parameter(disposition: string, name: string): string | undefined {
	const match = new RegExp(`;\\s*${name}="([^"]*)"`, 'i').exec(disposition);
	return match?.[1];
}

/** The form's fields and files; undefined when the body is not well-formed multipart/form-data. */
export function parseMultipart(body: Buffer, contentType: string): ParsedForm | undefined {
	const boundary = boundaryOf(contentType);
	if (!boundary) return undefined;
	const delimiter = Buffer.from(`--${boundary}`, 'latin1');
	const form: ParsedForm = { fields: {}, files: {} };
	let start = body.indexOf(delimiter);
	if (start < 0) return undefined;
	for (;;) {
		const afterDelimiter = start + delimiter.length;
		if (body.subarray(afterDelimiter, afterDelimiter + 2).toString('latin1') === '--') return form;
		const next = body.indexOf(delimiter, afterDelimiter);
		if (next < 0) return undefined; // no closing boundary
		// The part sits between the CRLF after one delimiter and the CRLF before the next.
		const part = body.subarray(afterDelimiter + 2, next - 2);
		const split = part.indexOf('\r\n\r\n');
		if (split < 0) return undefined;
		const head = part.subarray(0, split).toString('utf8');
		const data = part.subarray(split + 4);
		const disposition = headerValue(head, 'content-disposition') ?? '';
		const name = parameter(disposition, 'name');
		if (name === undefined) return undefined;
		const filename = parameter(disposition, 'filename');
		if (filename !== undefined) form.files[name] = { filename, contentType: (headerValue(head, 'content-type') ?? 'application/octet-stream').toLowerCase(), data };
		else form.fields[name] = data.toString('utf8');
		start = next;
	}
}

/** The exchange's form, parsed once and noted on its log entry (`form`: fields as sent, files as `{filename, contentType, bytes}`). */
export function readForm(ex: Exchange): ParsedForm | undefined {
	const form = parseMultipart(ex.rawBody, String(ex.req.headers['content-type'] ?? ''));
	if (form) {
		const files = Object.fromEntries(Object.entries(form.files).map(([name, file]) => [name, { filename: file.filename, contentType: file.contentType, bytes: file.data.length }]));
		ex.record.form = { ...form.fields, ...files };
	}
	return form;
}
