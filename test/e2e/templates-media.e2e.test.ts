/**
 * The speech template (workflows/transcribe-and-summarise.json) in a real n8n 2.41.1 with the
 * packed package installed, against the router + Hub emulator, imported exactly as `npm start`
 * imports it (no URL rewritten): n8n's HTTP Request node downloads the recording from its Hub URL
 * with the Hugging Face credential, which sends a default-Hub URL to the credential's Hub URL (the
 * emulator here, and under `npm start` offline; the real Hub with HF_TOKEN); the emulator answers
 * as the Hub does, a 302 to its CDN. The node transcribes it through n8n's binary data, and chat
 * summarises the transcript. With no credits left the recording goes to "Out of credits" and keeps
 * its binary.
 */
import { HUB_RECORDING, HUB_RECORDING_PATH, expectedTranscript } from '../emulator';
import { templateSuite } from './template-suite';
import { loadTemplate, type TemplateWorkflow } from './templates';

const TOKEN = 'hf_templates_media_token_01';
const WHISPER = 'openai/whisper-large-v3';

describe('transcribe-and-summarise template in a real n8n', () => {
	const template: TemplateWorkflow = loadTemplate('transcribe');
	const suite = templateSuite({ token: TOKEN, credits: 1, workflows: () => [template] });

	it('downloads the recording from the Hub with the credential, transcribes it and summarises the transcript', async () => {
		suite.emulator.setCredits(TOKEN, 1);
		const result = await suite.run(template);
		// The template's own URL, on the default Hub, reached the credential's Hub URL with the token,
		// then the CDN the Hub redirected to. (n8n kept the Authorization header on that redirect:
		// the emulator's CDN is the same host, 127.0.0.1, on another port.)
		const [download] = suite.emulator.requests.filter((request) => request.path === HUB_RECORDING_PATH);
		expect(download).toEqual(expect.objectContaining({ listener: 'router', status: 302 }));
		expect(download.headers.authorization).toBe(`Bearer ${TOKEN}`);
		const fetched = suite.emulator.requests.filter((request) => request.listener === 'cdn' && request.path === `/hub${HUB_RECORDING_PATH}`);
		expect(fetched.map((request) => request.status)).toEqual([200]);

		const [transcript] = result.items('Transcribe');
		const expected = expectedTranscript('hf-inference', WHISPER, HUB_RECORDING);
		expect(transcript.json).toEqual(expect.objectContaining({ text: expected, model: WHISPER, provider: 'hf-inference', audioMimeType: 'audio/mpeg' }));
		// The recording reached the provider byte for byte, under its own type.
		const [call] = suite.emulator.requests.filter((request) => request.listener === 'router' && request.path === `/hf-inference/models/${WHISPER}`);
		expect(call.headers['content-type']).toBe('audio/mpeg');
		expect(call.body).toEqual({ bytes: HUB_RECORDING.length });
		const [summary] = result.items('Summarise');
		expect(summary.json.content).toContain(expected);
		expect(() => result.items('Out of credits')).toThrow(/did not run/);
	});

	it('with no credits, the recording goes to "Out of credits" with its audio', async () => {
		suite.emulator.setCredits(TOKEN, 0);
		const result = await suite.run(template);
		const [out] = result.items('Out of credits');
		expect(out.json).toEqual(expect.objectContaining({ quotaExhausted: true, message: expect.stringContaining('Hugging Face said:') }));
		const [quota] = result.items('Transcribe', 1);
		expect(quota.json).toEqual(expect.objectContaining({ quotaExhausted: true, error: expect.objectContaining({ httpCode: 402, model: WHISPER }) }));
		expect(result.binary(quota.binary!.data).equals(HUB_RECORDING)).toBe(true);
		expect(() => result.items('Summarise')).toThrow(/did not run/);
	});
});
