/**
 * Replicate predictions the `Prefer: wait` answer did not finish. Neither Hugging Face client polls
 * (huggingface.js src/providers/replicate.ts throws "Received malformed response from Replicate
 * text-to-image API"; huggingface_hub _providers/replicate.py raises "Inference request timed out
 * after 60 seconds. No output generated for model ..."), and whether the router serves
 * `GET /replicate/v1/predictions/{id}` is unverified live: the node polls it, and ends the item
 * with the clients' words when it is not there. A polled prediction ends on its status, never on
 * an `output` it shows while still processing.
 */
import type { Emulator } from '../emulator';
import { FLUX_DEV, H, OPTIONS, PROMPT, W, cdnCalls, expectedPng, imageParameters, useImageEmulator } from './image-support';
import { errorDescription, errorText, inferenceCalls, runHuggingFace } from './support';

let emulator: Emulator;
useImageEmulator((started) => (emulator = started));

const SUBMIT = 'POST /replicate/v1/models/black-forest-labs/flux-dev/predictions';

describe('replicate: a prediction still running after Prefer: wait', () => {
	test.each([404, 405] as const)('the router answers %s on the status route: the clients\' message, one poll, no retry, no bare HTTP error', async (status) => {
		emulator.setReplicatePending(2, { notServed: status });
		const { outputs, error } = await runHuggingFace(emulator, {
			parameters: imageParameters(FLUX_DEV, 'replicate', PROMPT, OPTIONS),
			settings: { onError: 'continueErrorOutput' },
		});
		expect(error).toBeUndefined();
		const calls = inferenceCalls(emulator);
		expect(calls.map((call) => `${call.method} ${call.path.replace(/predictions\/[a-z0-9]+$/, 'predictions/ID')}`)).toEqual([SUBMIT, 'GET /replicate/v1/predictions/ID']);
		expect(calls[1].status).toBe(status);
		expect(outputs[0]).toHaveLength(0);
		const message = errorText(outputs[2][0]);
		expect(message).toBe(
			'Inference request timed out after 60 seconds. No output generated for model black-forest-labs/flux-dev: replicate was still running the prediction ' +
				`(status: starting) after Prefer: wait, and the router does not serve its status (HTTP ${status}) (replicate / ${FLUX_DEV})`,
		);
		expect(message).not.toMatch(/^HTTP \d+/);
		expect(errorDescription(outputs[2][0])).toMatch(/^Replicate did not finish within its wait, and the router gives no way to follow the prediction/);
		expect(cdnCalls(emulator)).toHaveLength(0);
	});

	test('a polled prediction that shows an output while still processing is polled on until succeeded', async () => {
		emulator.setReplicatePending(3, { preview: true });
		const { outputs, error, getBinaryBuffer } = await runHuggingFace(emulator, { parameters: imageParameters(FLUX_DEV, 'replicate', PROMPT, OPTIONS) });
		expect(error).toBeUndefined();
		const calls = inferenceCalls(emulator);
		expect(calls.map((call) => call.method)).toEqual(['POST', 'GET', 'GET', 'GET']);
		// Only the finished file was downloaded, never the one still being written.
		const cdn = cdnCalls(emulator);
		expect(cdn).toHaveLength(1);
		expect(cdn[0].path).not.toMatch(/\.partial$/);
		expect((await getBinaryBuffer(outputs[0][0], 'data')).equals(expectedPng(PROMPT, W, H, 7))).toBe(true);
	});
});
