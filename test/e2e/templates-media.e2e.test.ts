/**
 * The speech template (workflows/transcribe-and-summarise.json) in a real n8n 2.41.1 with the
 * packed package installed, against the router + Hub emulator: n8n's HTTP Request node downloads
 * the recording (served by the emulator's CDN in place of the template's Hub URL), the node
 * transcribes it through n8n's binary data, and chat summarises the transcript. With no credits
 * left the recording goes to "Out of credits" and keeps its binary.
 */
import { expectedTranscript, makeMp3 } from '../emulator';
import { templateSuite } from './template-suite';
import { loadTemplate, type TemplateWorkflow } from './templates';

const TOKEN = 'hf_templates_media_token_01';
const WHISPER = 'openai/whisper-large-v3';
const TEMPLATE_RECORDING = 'https://huggingface.co/datasets/hf-internal-testing/dummy-audio-samples/resolve/main/obama.mp3';

describe('transcribe-and-summarise template in a real n8n', () => {
	const recording = makeMp3('a voice message about the quarterly report', 12);
	let template: TemplateWorkflow;
	const suite = templateSuite({
		token: TOKEN,
		credits: 1,
		workflows: (emulator) => {
			const url = emulator.serveFile('voice-message.mp3', recording, 'audio/mpeg');
			// The template's only change: the recording comes from the emulator, not from the Hub.
			const original = loadTemplate('transcribe');
			expect(JSON.stringify(original)).toContain(TEMPLATE_RECORDING);
			template = JSON.parse(JSON.stringify(original).split(TEMPLATE_RECORDING).join(url));
			return [template];
		},
	});

	it('downloads the recording, transcribes it and summarises the transcript', async () => {
		suite.emulator.setCredits(TOKEN, 1);
		const result = await suite.run(template);
		const [transcript] = result.items('Transcribe');
		const expected = expectedTranscript('hf-inference', WHISPER, recording);
		expect(transcript.json).toEqual(expect.objectContaining({ text: expected, model: WHISPER, provider: 'hf-inference', audioMimeType: 'audio/mpeg' }));
		// The recording reached the provider byte for byte, under its own type.
		const [call] = suite.emulator.requests.filter((request) => request.listener === 'router' && request.path === `/hf-inference/models/${WHISPER}`);
		expect(call.headers['content-type']).toBe('audio/mpeg');
		expect(call.body).toEqual({ bytes: recording.length });
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
		expect(result.binary(quota.binary!.data).equals(recording)).toBe(true);
		expect(() => result.items('Summarise')).toThrow(/did not run/);
	});
});
