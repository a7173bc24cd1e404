/**
 * The bench's speech-to-text case (issue 14): 20 recordings of 10 MiB, each downloaded by n8n's
 * HTTP Request node into n8n's binary data (filesystem mode, as the bench's n8n runs), then
 * transcribed by our node on hf-inference with default options. What it measures is n8n's peak
 * memory while our node runs, against the size of the files it has in flight.
 */
import { NODE_TYPE, CREDENTIAL_TYPE, type WorkflowInput } from '../../test/e2e/n8n';
import { chain, code, manualTrigger } from '../../test/e2e/workflows';
import type { Measured } from './measure';
import { log } from './progress';
import { growthOf } from './report';
import { NAMES, type Credentials } from './workflows';

export const SPEECH_ITEMS = 20;
export const SPEECH_BYTES = 10 * 1024 * 1024;
export const SPEECH_MODEL = 'openai/whisper-large-v3';

export function speechOurs(count: number, audioUrl: string, credentials: Credentials): WorkflowInput {
	const workflow = chain([
		manualTrigger(NAMES.trigger),
		code(NAMES.items, `return Array.from({ length: ${count} }, (_, i) => ({ json: { url: ${JSON.stringify(audioUrl)} + '?item=' + i, i } }));`),
		{
			name: 'Download audio',
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			parameters: { url: '={{ $json.url }}', options: { response: { response: { responseFormat: 'file', outputPropertyName: 'data' } } } },
		},
		{
			name: NAMES.ours,
			type: NODE_TYPE,
			typeVersion: 1,
			onError: 'continueRegularOutput',
			parameters: {
				operation: 'speechToText',
				model: { __rl: true, mode: 'id', value: SPEECH_MODEL },
				provider: 'hf-inference',
				inputBinaryPropertyName: 'data',
				// Default options: the node finds the concurrency the router allows by itself.
				options: {},
			},
			credentials: { [CREDENTIAL_TYPE]: credentials.hf },
		},
	]);
	return { ...workflow, name: 'speech to text ours' };
}

const mib = (kb: number | undefined) => (kb === undefined ? 'n/a' : `${(kb / 1024).toFixed(0)} MiB`);

/**
 * Memory of the speech case. The limit measured in the same run: the files in flight at the
 * emulator's peak (each must be in memory once while it is sent), so the ratio says how many
 * copies of each file in flight n8n held on top.
 */
export function reportSpeech(m: Measured | undefined): void {
	if (!m) return;
	const growthKb = growthOf(m);
	const inFlightKb = (Math.max(1, m.maxInFlight) * SPEECH_BYTES) / 1024;
	log('');
	log(`Memory: speech to text, ${SPEECH_ITEMS} recordings of ${SPEECH_BYTES / 1024 / 1024} MiB (hf-inference, default options, n8n binary data mode filesystem)`);
	log(`  n8n's peak RSS while the node ran ${mib(m.rssPeakKb)}, when it started ${mib(m.rssBeforeKb)}: growth ${mib(growthKb)}`);
	log(`  files in flight at the peak: ${m.maxInFlight} x ${SPEECH_BYTES / 1024 / 1024} MiB = ${mib(inFlightKb)}; growth / that = ${growthKb === undefined ? 'n/a' : `${(growthKb / inFlightKb).toFixed(2)}x`}`);
	log(`  all ${SPEECH_ITEMS} files at once would be ${mib((SPEECH_ITEMS * SPEECH_BYTES) / 1024)}; node ${m.nodeMs} ms, ${m.requests} requests, ${m.succeeded} transcribed, ${m.failed} failed`);
}
