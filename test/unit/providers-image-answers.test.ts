/** How each provider's text-to-image answer becomes a picture, and job polling. */
import { Readable } from 'stream';

import { PROVIDERS } from '../../nodes/shared/providers';
import * as hfInference from '../../nodes/shared/providers/hf-inference';
import { pollUntilDone, type JobState } from '../../nodes/shared/providers/polling';
import { recordedInteractions } from '../recorded-fixtures';
import { RouterCallError } from '../../nodes/shared/transport/errors';
import { PNG, fakeTransport, call, finalError } from './providers-support';

describe('text-to-image answers', () => {
	// Answers recorded from the real router, read from ../shared when it is there (never copied here).
	const recorded = recordedInteractions<{ label: string; response: { body: unknown } }>();
	const itRecorded = recorded.length ? it : it.skip;
	const recordedBody = (labelStart: string) => recorded.find((entry) => entry.label.startsWith(labelStart))!.response.body;
	const FAL_RESULT = {
		images: [{ url: 'https://v3.fal.media/files/koala/7EQDw9PT6pMiX2fm7bYOC.png', width: 1024, height: 768, content_type: 'image/jpeg' }],
	};

	itRecorded('together: decodes the recorded b64 answer', async () => {
		const { transport, requests } = fakeTransport({ json: () => recordedBody('together b64') });
		const image = await PROVIDERS.together.textToImage!.generate(call(transport), { prompt: 'p' });
		expect(image.data.equals(PNG)).toBe(true);
		expect(requests).toHaveLength(1);
	});

	it('together and nscale: no b64 is a final "answered without an image"', async () => {
		for (const id of ['together', 'nscale']) {
			const { transport } = fakeTransport({ json: () => ({ data: [{ b64_json: '' }] }) });
			await finalError(PROVIDERS[id].textToImage!.generate(call(transport), { prompt: 'p' }), new RegExp(`^${id} answered without an image$`));
		}
	});

	it('hf-inference: raw bytes with their type; JSON is an error', async () => {
		const ok = fakeTransport({ raw: () => ({ headers: { 'content-type': 'image/jpeg' }, body: PNG }) });
		const image = await PROVIDERS['hf-inference'].textToImage!.generate(call(ok.transport, { hubModelId: 'CompVis/stable-diffusion-v1-4' }), { prompt: 'p' });
		expect(image).toEqual({ data: PNG, mimeType: 'image/jpeg' });
		expect(ok.requests[0]).toMatchObject({ kind: 'stream', url: '/hf-inference/models/CompVis/stable-diffusion-v1-4' });

		const json = fakeTransport({ raw: () => ({ headers: { 'content-type': 'application/json' }, body: Buffer.from('{"error":"boom"}') }) });
		await finalError(PROVIDERS['hf-inference'].textToImage!.generate(call(json.transport), { prompt: 'p' }), /boom/);
	});

	it('hf-inference: a streamed picture is looked at by its first bytes and handed on whole, unread', async () => {
		const picture = Buffer.concat([PNG, Buffer.alloc(200_000, 7)]);
		const chunks = Array.from({ length: Math.ceil(picture.length / 16_384) }, (_, index) => picture.subarray(index * 16_384, (index + 1) * 16_384));
		const body = Readable.from(chunks, { objectMode: false });
		const image = await hfInference.readImageStream(body, new AbortController().signal, { 'content-type': 'image/png' });
		expect(image.stream).toBe(body);
		expect(image.data.length).toBeGreaterThanOrEqual(64);
		expect(image.data.length).toBeLessThan(picture.length);
		expect(picture.subarray(0, image.data.length).equals(image.data)).toBe(true);
		const whole: Buffer[] = [];
		for await (const chunk of image.stream!) whole.push(chunk as Buffer);
		expect(Buffer.concat(whole).equals(picture)).toBe(true);

		const json = Readable.from([Buffer.from('{"error":'), Buffer.from('"boom"}')]);
		await expect(hfInference.readImageStream(json, new AbortController().signal, { 'content-type': 'image/png' })).rejects.toThrow(/boom/);
	});

	it('fal-ai: submits, polls the status through the router, fetches the result, downloads without the router', async () => {
		let polls = 0;
		const { transport, requests } = fakeTransport({
			json: (url) => {
				if (url.endsWith('/flux/dev?_subdomain=queue')) {
					return { request_id: 'abc', status: 'IN_QUEUE', response_url: 'https://queue.fal.run/fal-ai/flux/requests/abc' };
				}
				if (url.includes('/status')) return { status: ++polls < 3 ? 'IN_PROGRESS' : 'COMPLETED' };
				return FAL_RESULT;
			},
			download: { headers: { 'content-type': 'application/octet-stream' }, body: PNG },
		});
		const image = await PROVIDERS['fal-ai'].textToImage!.generate(call(transport), { prompt: 'p' });
		expect(image.mimeType).toBe('image/jpeg');
		expect(requests.map((r) => r.url)).toEqual([
			'/fal-ai/fal-ai/flux/dev?_subdomain=queue',
			'/fal-ai/fal-ai/flux/requests/abc/status?_subdomain=queue',
			'/fal-ai/fal-ai/flux/requests/abc/status?_subdomain=queue',
			'/fal-ai/fal-ai/flux/requests/abc/status?_subdomain=queue',
			'/fal-ai/fal-ai/flux/requests/abc?_subdomain=queue',
			'https://v3.fal.media/files/koala/7EQDw9PT6pMiX2fm7bYOC.png',
		]);
		expect(requests[5].kind).toBe('download');
	});

	it('fal-ai: a FAILED status is final with the provider message', async () => {
		const { transport } = fakeTransport({
			json: (url) =>
				url.includes('/status')
					? { status: 'FAILED', error: 'NSFW content detected' }
					: { request_id: 'abc', status: 'IN_QUEUE', response_url: 'https://queue.fal.run/fal-ai/flux/requests/abc' },
		});
		await finalError(PROVIDERS['fal-ai'].textToImage!.generate(call(transport), { prompt: 'p' }), /NSFW content detected/);
	});

	itRecorded('replicate: the recorded 201 with output needs no poll; a null output is polled through the router', async () => {
		const direct = fakeTransport({ json: () => recordedBody('replicate 201') });
		await PROVIDERS.replicate.textToImage!.generate(call(direct.transport, { providerModelId: 'bytedance/sdxl-lightning-4step:5599' }), { prompt: 'p' });
		expect(direct.requests.map((r) => r.kind)).toEqual(['json', 'download']);
		expect(direct.requests[1].url).toMatch(/^https:\/\/replicate\.delivery\//);

		let polls = 0;
		const polled = fakeTransport({
			json: (url, method) => {
				if (method === 'POST') return { id: 'p1', status: 'starting', output: null, urls: { get: 'https://api.replicate.com/v1/predictions/p1' } };
				return ++polls < 2 ? { id: 'p1', status: 'processing', output: null } : { id: 'p1', status: 'succeeded', output: 'https://replicate.delivery/x.webp' };
			},
		});
		await PROVIDERS.replicate.textToImage!.generate(call(polled.transport, { providerModelId: 'black-forest-labs/flux-schnell' }), { prompt: 'p' });
		const urls = polled.requests.map((r) => r.url);
		expect(urls).toEqual([
			'/replicate/v1/models/black-forest-labs/flux-schnell/predictions',
			'/replicate/v1/predictions/p1',
			'/replicate/v1/predictions/p1',
			'https://replicate.delivery/x.webp',
		]);
		expect(urls.some((u) => u.startsWith('https://api.replicate.com'))).toBe(false);
	});

	it('replicate: failed is final with its error', async () => {
		const { transport } = fakeTransport({ json: () => ({ id: 'p1', status: 'failed', output: null, error: 'CUDA out of memory' }) });
		await finalError(PROVIDERS.replicate.textToImage!.generate(call(transport), { prompt: 'p' }), /CUDA out of memory/);
	});

	it('wavespeed: polls until completed, downloads outputs[0]; failed carries data.error', async () => {
		let polls = 0;
		const { transport, requests } = fakeTransport({
			json: (url) =>
				url.endsWith('/result')
					? { code: 200, data: ++polls < 2 ? { status: 'processing' } : { status: 'completed', outputs: ['https://cdn.wavespeed.ai/o.png'] } }
					: { code: 200, message: 'success', data: { id: 't1', urls: { get: 'https://api.wavespeed.ai/api/v3/predictions/t1/result' } } },
		});
		await PROVIDERS.wavespeed.textToImage!.generate(call(transport, { providerModelId: 'wavespeed-ai/flux-dev' }), { prompt: 'p' });
		expect(requests.map((r) => r.url)).toEqual([
			'/wavespeed/api/v3/wavespeed-ai/flux-dev',
			'/wavespeed/api/v3/predictions/t1/result',
			'/wavespeed/api/v3/predictions/t1/result',
			'https://cdn.wavespeed.ai/o.png',
		]);
		const failing = fakeTransport({
			json: (url) => (url.endsWith('/result') ? { data: { status: 'failed', error: 'bad prompt' } } : { data: { id: 't1' } }),
		});
		await finalError(PROVIDERS.wavespeed.textToImage!.generate(call(failing.transport), { prompt: 'p' }), /bad prompt/);
	});

	it('zai-org: polls until SUCCESS, downloads image_result[0].url; FAIL is final', async () => {
		let polls = 0;
		const { transport, requests } = fakeTransport({
			json: (url) =>
				url.includes('async-result')
					? ++polls < 2
						? { task_status: 'PROCESSING' }
						: { task_status: 'SUCCESS', image_result: [{ url: 'https://cdn.z.ai/i.png' }] }
					: { id: 'z1', task_status: 'PROCESSING' },
		});
		await PROVIDERS['zai-org'].textToImage!.generate(call(transport, { providerModelId: 'glm-image' }), { prompt: 'p' });
		expect(requests.map((r) => r.url)).toEqual([
			'/zai-org/api/paas/v4/async/images/generations',
			'/zai-org/api/paas/v4/async-result/z1',
			'/zai-org/api/paas/v4/async-result/z1',
			'https://cdn.z.ai/i.png',
		]);
		const failing = fakeTransport({ json: (url) => (url.includes('async-result') ? { task_status: 'FAIL' } : { id: 'z1', task_status: 'PROCESSING' }) });
		await finalError(PROVIDERS['zai-org'].textToImage!.generate(call(failing.transport), { prompt: 'p' }), /failed/);
	});
});

describe('polling', () => {
	it('stops as soon as the job ends', async () => {
		const states: JobState<string>[] = [{ state: 'running' }, { state: 'running' }, { state: 'done', result: 'ok' }];
		const poll = jest.fn(async () => states.shift()!);
		await expect(pollUntilDone({ provider: 'x', deadline: Date.now() + 1000, intervalMs: 0, poll })).resolves.toBe('ok');
		expect(poll).toHaveBeenCalledTimes(3);
	});

	it('never sleeps past the deadline and times out with the job still running', async () => {
		let clock = 0;
		const sleeps: number[] = [];
		const sleep = async (ms: number) => {
			sleeps.push(ms);
			clock += ms;
		};
		const poll = jest.fn(async (): Promise<JobState<string>> => ({ state: 'running', status: 'IN_PROGRESS' }));
		const outcome = pollUntilDone({ provider: 'fal-ai', deadline: 2500, intervalMs: 1000, first: { state: 'running' }, poll, sleep, now: () => clock });
		await expect(outcome).rejects.toBeInstanceOf(RouterCallError);
		await expect(outcome).rejects.toMatchObject({ failure: { kind: 'final' }, message: expect.stringMatching(/timed out while the fal-ai job was still running.*IN_PROGRESS/i) });
		expect(sleeps).toEqual([1000, 1000, 500]);
		expect(poll).toHaveBeenCalledTimes(2);
	});

	it('a status request cut by the deadline ends the item as a job still running, with its last status', async () => {
		let clock = 0;
		const sleep = async (ms: number) => {
			clock += ms;
		};
		const cut = () => new RouterCallError({ kind: 'retryable', httpCode: null, code: 'ETIMEDOUT', message: 'The request timed out' });
		const states: Array<() => JobState<string>> = [
			() => ({ state: 'running', status: 'processing' }),
			() => {
				// The second status request is still out when the budget ends.
				clock = 2500;
				throw cut();
			},
		];
		const poll = jest.fn(async () => states.shift()!());
		const outcome = pollUntilDone({ provider: 'wavespeed', deadline: 2500, intervalMs: 1000, first: { state: 'running' }, poll, sleep, now: () => clock });
		await expect(outcome).rejects.toMatchObject({ failure: { kind: 'final', code: 'ETIMEDOUT' }, message: 'Timed out while the wavespeed job was still running (last status: processing)' });
		// Before the deadline, a cut request is the transport's business: its error goes on as it is.
		clock = 0;
		const early = pollUntilDone({ provider: 'wavespeed', deadline: 2500, intervalMs: 1000, first: { state: 'running' }, poll: async () => { throw cut(); }, sleep, now: () => clock });
		await expect(early).rejects.toMatchObject({ failure: { kind: 'retryable' }, message: 'The request timed out' });
	});
});
