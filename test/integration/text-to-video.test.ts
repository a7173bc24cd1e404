import type { IBinaryData, INodeParameters } from 'n8n-workflow';

import { MSG_CREDITS_DEPLETED, expectedVideo, type Emulator } from '../emulator';
import { POOR_TOKEN, TOKEN, errorDescription, errorText, inferenceCalls, runHuggingFace, startTestEmulator } from './support';

const WAN = 'Wan-AI/Wan2.1-T2V-14B';
const LTX = 'Lightricks/LTX-Video';
const PROMPTS = ['A paper boat drifting down a rainy street', 'Timelapse of a city at night'];

let emulator: Emulator;
beforeAll(async () => {
	emulator = await startTestEmulator();
});
afterAll(async () => await emulator.close());
beforeEach(() => emulator.reset());

function videoParameters(model: string, provider: string, options: Record<string, unknown> = {}): INodeParameters {
	return {
		operation: 'textToVideo',
		model: { __rl: true, mode: 'id', value: model },
		provider,
		prompt: '={{ $json.scene }}',
		options: { pollInterval: 10, concurrency: 1, seed: 3, ...options } as INodeParameters,
	};
}

const items = () => PROMPTS.map((scene, index) => ({ json: { scene, index } }));

const CASES = [
	{
		name: 'fal-ai (queue)',
		provider: 'fal-ai',
		model: WAN,
		providerModelId: 'fal-ai/wan-t2v',
		calls: ['POST /fal-ai/fal-ai/wan-t2v', 'GET /fal-ai/fal-ai/wan-t2v/requests/ID/status', 'GET /fal-ai/fal-ai/wan-t2v/requests/ID/status', 'GET /fal-ai/fal-ai/wan-t2v/requests/ID'],
		body: (prompt: string) => ({ prompt, seed: 3 }),
	},
	{
		name: 'replicate (model route)',
		provider: 'replicate',
		model: WAN,
		providerModelId: 'wavespeedai/wan-2.1-t2v-480p',
		calls: ['POST /replicate/v1/models/wavespeedai/wan-2.1-t2v-480p/predictions'],
		body: (prompt: string) => ({ input: { prompt, seed: 3 } }),
	},
	{
		name: 'replicate (pinned version)',
		provider: 'replicate',
		model: LTX,
		providerModelId: 'lightricks/ltx-video:8c47da666861d081eeb4d1261853087de23923a268a69b63febdf5dc1dee08e4',
		calls: ['POST /replicate/v1/predictions'],
		body: (prompt: string) => ({ input: { prompt, seed: 3 }, version: '8c47da666861d081eeb4d1261853087de23923a268a69b63febdf5dc1dee08e4' }),
	},
	{
		name: 'wavespeed',
		provider: 'wavespeed',
		model: WAN,
		providerModelId: 'wavespeed-ai/wan-2.1/t2v-480p',
		calls: ['POST /wavespeed/api/v3/wavespeed-ai/wan-2.1/t2v-480p', ...Array(3).fill('GET /wavespeed/api/v3/predictions/ID/result')],
		body: (prompt: string) => ({ prompt, seed: 3 }),
	},
];

const normalized = (path: string) => path.replace(/requests\/[^/]+/, 'requests/ID').replace(/predictions\/[^/]+\/result/, 'predictions/ID/result');

describe('text to video: every provider, two items each, through the engine and the emulator', () => {
	test.each(CASES.map((c) => [c.name, c] as const))('%s: each item gets the clip of its own prompt, as video/mp4', async (_name, c) => {
		const { outputs, error, getBinaryBuffer } = await runHuggingFace(emulator, { parameters: videoParameters(c.model, c.provider), items: items() });
		expect(error).toBeUndefined();
		expect(outputs[1]).toHaveLength(0);
		expect(outputs[0]).toHaveLength(2);
		for (const [index, item] of outputs[0].entries()) {
			expect(item.pairedItem).toEqual({ item: index });
			const expected = expectedVideo(c.provider, c.providerModelId, PROMPTS[index]);
			expect((await getBinaryBuffer(item, 'data')).equals(expected)).toBe(true);
			expect(item.binary!.data as IBinaryData).toMatchObject({ mimeType: 'video/mp4', fileExtension: 'mp4', fileName: 'video.mp4' });
			expect(item.json).toMatchObject({ model: c.model, provider: c.provider, providerModelId: c.providerModelId, prompt: PROMPTS[index], mimeType: 'video/mp4', fileSize: expected.length });
		}
		const calls = inferenceCalls(emulator);
		expect(calls.map((call) => `${call.method} ${normalized(call.path)}`)).toEqual([...c.calls, ...c.calls]);
		const submits = calls.filter((call) => call.method === 'POST');
		submits.forEach((call, index) => {
			expect(call.body).toEqual(c.body(PROMPTS[index]));
			expect(call.headers.authorization).toBe(`Bearer ${TOKEN}`);
			expect(call.hubModel).toBe(c.model);
		});
		const cdn = emulator.requests.filter((request) => request.listener === 'cdn');
		expect(cdn).toHaveLength(2);
		expect(cdn.every((call) => call.headers.authorization === undefined)).toBe(true);
	});

	test('polls stay within the item\'s budget: a job still running at the Timeout ends the item with what to do', async () => {
		const { outputs } = await runHuggingFace(emulator, {
			// Wide margins: under load the submission alone took over 100 ms, which a 400 ms budget with
			// 300 ms polls could not absorb (seen once in a full run at load 3 on 2 cores).
			parameters: videoParameters(WAN, 'wavespeed', { timeout: 2000, pollInterval: 1500 }),
			items: items().slice(0, 1),
			settings: { onError: 'continueRegularOutput' },
		});
		// Whether the budget ends between two polls or during one (a loaded machine), the item says
		// the job is still running (polling.ts); its last status depends on how far the polls got.
		expect(errorText(outputs[0][0])).toMatch(/^Timed out while the wavespeed job was still running \(last status: \w+\)/);
		expect(errorDescription(outputs[0][0])).toBe('Raise the Timeout option, or try a faster provider.');
		// The job needs three polls; with 1500 ms between polls the 2000 ms budget allows two, and no download is tried.
		expect(inferenceCalls(emulator).filter((call) => call.method === 'GET').length).toBeLessThan(3);
		expect(emulator.requests.filter((request) => request.listener === 'cdn')).toHaveLength(0);
	});

	test('credits running out: the second clip goes to Quota Exhausted as its item came in', async () => {
		emulator.setCredits(POOR_TOKEN, 0.3);
		const { outputs } = await runHuggingFace(emulator, { parameters: videoParameters(WAN, 'fal-ai'), items: items(), token: POOR_TOKEN });
		expect(outputs[0]).toHaveLength(1);
		expect(outputs[1].map((item) => [item.pairedItem, item.json])).toEqual([
			[{ item: 1 }, { scene: PROMPTS[1], index: 1, quotaExhausted: true, error: { httpCode: 402, message: MSG_CREDITS_DEPLETED, provider: 'fal-ai', model: WAN } }],
		]);
	});
});
