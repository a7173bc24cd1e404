/**
 * Files in Hub repositories: `GET /{datasets|spaces}/{owner}/{name}/resolve/{revision}/{path}`
 * and `GET /{owner}/{name}/resolve/{revision}/{path}` (models), the URL huggingface_hub builds in
 * `file_download.py` `hf_hub_url` (`{endpoint}/{repo_type}s/{repo_id}/resolve/{revision}/{filename}`,
 * no prefix for models) and huggingface.js `packages/hub/src/lib/download-file.ts` alike.
 *
 * The Hub answers an LFS file with a 302 to its CDN (the clients follow it; the Authorization
 * header is not sent to another host); the emulator does the same, to its CDN listener. A token
 * the Hub does not know gets the Hub's 401 even on a public repository, as `/api/...` does.
 *
 * The files are the ones the templates download (workflows/transcribe-and-summarise.json): the
 * emulator cannot hold Hugging Face's own recording, so it serves a generated MP3 in its place;
 * `HUB_RECORDING` gives its bytes to the tests.
 * Unverified live: the exact redirect target and headers (x-repo-commit, x-linked-etag).
 */
import { MSG_HUB_INVALID_TOKEN } from './errors';
import { sendJson, sendText, type Exchange } from './exchange';
import { bearer } from './hub';
import { makeMp3 } from './media';
import type { EmulatorState } from './state';

/** The voice message the transcribe template downloads (its `audioUrl`, on the default Hub). */
export const HUB_RECORDING_PATH = '/datasets/hf-internal-testing/dummy-audio-samples/resolve/main/obama.mp3';
export const HUB_RECORDING = makeMp3('hub dataset hf-internal-testing/dummy-audio-samples obama.mp3', 12);

const HUB_FILES = new Map<string, { bytes: Buffer; contentType: string }>([[HUB_RECORDING_PATH, { bytes: HUB_RECORDING, contentType: 'audio/mpeg' }]]);

const RESOLVE = /^\/(?:(?:datasets|spaces)\/)?[^/]+\/[^/]+\/resolve\/[^/]+\/.+$/;

/** Whether the path is a Hub file download (`.../resolve/{revision}/{path}`). */
export function isHubFilePath(path: string): boolean {
	return RESOLVE.test(path);
}

/** GET a Hub file: 401 for a token the Hub does not know, 404 for an unknown file, else a 302 to the CDN. */
export function handleHubFile(ex: Exchange, st: EmulatorState): void {
	if (ex.req.headers.authorization && !st.ledger.lookup(bearer(ex))) {
		return sendJson(ex, 401, { error: MSG_HUB_INVALID_TOKEN }, {}, 'application/json; charset=utf-8');
	}
	const file = HUB_FILES.get(ex.path);
	if (!file) {
		return sendJson(ex, 404, { error: 'Entry not found' }, { 'X-Error-Code': 'EntryNotFound', 'X-Error-Message': 'Entry not found' }, 'application/json; charset=utf-8');
	}
	const cdnPath = `/hub${ex.path}`;
	st.served.set(cdnPath, file);
	sendText(ex, 302, 'Found', 'text/plain; charset=utf-8', { Location: `${st.cdnUrl}${cdnPath}` });
}
