/**
 * A multipart/form-data body, built whole as one Buffer, for the providers whose routes take the
 * file as a form upload (OpenAI-style `/audio/transcriptions`). The transport sends a Buffer as it
 * is under the Content-Type given here, as it does hf-inference's raw audio.
 */

/** A text field, or a file with the name and type the form gives it; `field` is the part's form name. */
export type FormPart = { field: string; value: string } | { field: string; filename: string; contentType: string; data: Buffer };

export interface FormBody {
	body: Buffer;
	/** `multipart/form-data; boundary=...`: the header the body must be sent under. */
	contentType: string;
}

const CRLF = '\r\n';

/** Quotes a name or file name for Content-Disposition the way the WHATWG FormData encoder does. */
function quoted(value: string): string {
	return value.replace(/\n/g, '%0A').replace(/\r/g, '%0D').replace(/"/g, '%22');
}

function newBoundary(): string {
	let random = '';
	while (random.length < 24) random += Math.floor(Math.random() * 0x100000000).toString(16).padStart(8, '0');
	return `----n8nHuggingFaceFormBoundary${random}`;
}

function partHead(part: FormPart): string {
	if ('data' in part) {
		return `Content-Disposition: form-data; name="${quoted(part.field)}"; filename="${quoted(part.filename)}"${CRLF}Content-Type: ${part.contentType || 'application/octet-stream'}${CRLF}${CRLF}`;
	}
	return `Content-Disposition: form-data; name="${quoted(part.field)}"${CRLF}${CRLF}`;
}

/**
 * The parts in order, each after the boundary line, the closing boundary last (RFC 7578). A
 * boundary that happens to occur in a file is drawn again, so the body always parses back.
 */
export function formDataBody(parts: FormPart[]): FormBody {
	const payloads = parts.map((part) => ('data' in part ? part.data : Buffer.from(part.value, 'utf8')));
	let boundary = newBoundary();
	while (payloads.some((payload) => payload.includes(boundary))) boundary = newBoundary();
	const chunks: Buffer[] = [];
	parts.forEach((part, index) => {
		chunks.push(Buffer.from(`--${boundary}${CRLF}${partHead(part)}`, 'utf8'), payloads[index], Buffer.from(CRLF, 'utf8'));
	});
	chunks.push(Buffer.from(`--${boundary}--${CRLF}`, 'utf8'));
	return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}
