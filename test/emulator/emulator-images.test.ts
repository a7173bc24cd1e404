/** Behaviour of the emulator: text-to-image on every provider route and the CDN. */
import { decodePngHeader, type Emulator } from './index';
import { call, json, useTokenEmulator } from './emulator-test-support';

let emu: Emulator;
useTokenEmulator((started) => (emu = started));

describe('text-to-image', () => {
	async function download(url: string): Promise<Response> {
		expect(url.startsWith(emu.cdnUrl)).toBe(true);
		return fetch(url);
	}

	test('hf-inference returns raw PNG bytes; bad params 422; unknown model 404; unmapped pair 400', async () => {
		const res = await call('/hf-inference/models/black-forest-labs/FLUX.1-dev', { body: { inputs: 'a red fox', parameters: { width: 1024, height: 512 } } });
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('image/png');
		const png = decodePngHeader(Buffer.from(await res.arrayBuffer()));
		expect(png.width / png.height).toBe(2);
		const bad = await call('/hf-inference/models/black-forest-labs/FLUX.1-dev', { body: { inputs: 'x', parameters: { width: 5000 } } });
		expect(bad.status).toBe(422);
		expect((await json(bad)).error_type).toBe('validation');
		const unknown = await call('/hf-inference/models/this-model-does-not-exist-123', { body: { inputs: 'x' } });
		expect(unknown.status).toBe(404);
		expect(await json(unknown)).toEqual({ error: 'Model this-model-does-not-exist-123 does not exist' });
		const unmapped = await call('/together/v1/images/generations', { body: { model: 'CompVis/stable-diffusion-v1-4', prompt: 'x' } });
		expect(unmapped.status).toBe(400);
		expect(await json(unmapped)).toEqual({ error: 'Model not supported by provider together' });
		const unmappedHf = await call('/hf-inference/models/Qwen/Qwen-Image', { body: { inputs: 'x' } });
		expect(unmappedHf.status).toBe(400);
	});

	test('together and nscale return b64 PNGs', async () => {
		const t = await json(await call('/together/v1/images/generations', { body: { model: 'black-forest-labs/FLUX.1-dev', prompt: 'a cat', width: 512, height: 512, steps: 4, response_format: 'base64' } }));
		expect(t.object).toBe('list');
		expect(t.model).toBe('black-forest-labs/FLUX.1-dev');
		expect(decodePngHeader(Buffer.from(t.data[0].b64_json, 'base64')).width).toBe(64);
		const n = await json(await call('/nscale/v1/images/generations', { body: { model: 'stabilityai/stable-diffusion-xl-base-1.0', prompt: 'a dog', response_format: 'b64_json' } }));
		expect(() => decodePngHeader(Buffer.from(n.data[0].b64_json, 'base64'))).not.toThrow();
	});

	test('fal-ai queue: submit, poll status via the response_url path, fetch result, download without token', async () => {
		const submit = await call('/fal-ai/fal-ai/flux/dev?_subdomain=queue', { body: { prompt: 'a castle', image_size: { width: 768, height: 512 }, num_inference_steps: 4 } });
		expect(submit.status).toBe(200);
		const q = await json(submit);
		expect(q.status).toBe('IN_QUEUE');
		expect(typeof q.request_id).toBe('string');
		const responsePath = new URL(q.response_url).pathname;
		expect(responsePath).toBe(`/fal-ai/flux/requests/${q.request_id}`);
		const statuses: string[] = [];
		for (let i = 0; i < 5; i++) {
			const s = await json(await call(`/fal-ai${responsePath}/status?_subdomain=queue`));
			statuses.push(s.status);
			if (s.status === 'COMPLETED') break;
		}
		expect(statuses[statuses.length - 1]).toBe('COMPLETED');
		expect(statuses.length).toBeLessThanOrEqual(2);
		const result = await json(await call(`/fal-ai${responsePath}?_subdomain=queue`));
		expect(result.images[0]).toMatchObject({ width: 768, height: 512, content_type: 'image/png' });
		const img = await download(result.images[0].url);
		expect(img.headers.get('content-type')).toBe('image/png');
		expect(decodePngHeader(Buffer.from(await img.arrayBuffer())).width).toBe(64);
		const cdn = emu.requests.filter((r) => r.listener === 'cdn');
		expect(cdn).toHaveLength(1);
		expect(cdn[0].headers.authorization).toBeUndefined();
		// status polls count as router inference calls (not billed twice)
		expect(emu.requests.filter((r) => r.listener === 'router' && r.cost).length).toBe(1);
	});

	test('replicate: pending prediction polled through the router until succeeded', async () => {
		emu.setReplicatePending(2);
		const res = await call('/replicate/v1/models/black-forest-labs/flux-dev/predictions', { headers: { Prefer: 'wait' }, body: { input: { prompt: 'a ship', width: 512, height: 512 } } });
		expect(res.status).toBe(201);
		const p = await json(res);
		expect(p.output).toBeNull();
		expect(p.status).toBe('starting');
		expect(p.urls.get).toBe(`https://api.replicate.com/v1/predictions/${p.id}`);
		const first = await json(await call(`/replicate/v1/predictions/${p.id}`));
		expect(first.output).toBeNull();
		const second = await json(await call(`/replicate/v1/predictions/${p.id}`));
		expect(second.status).toBe('succeeded');
		expect(second.output[0]).toBe(`${emu.cdnUrl}/${new URL(second.output[0]).pathname.slice(1)}`);
		expect(second.output[0]).toMatch(/\/replicate\/[^/]+\.png$/);
		const img = await download(second.output[0]);
		expect(img.status).toBe(200);
	});

	test('replicate: setReplicatePending options: an output still being written while processing; a status route the router does not serve', async () => {
		emu.setReplicatePending(2, { preview: true });
		const p = await json(await call('/replicate/v1/models/black-forest-labs/flux-dev/predictions', { headers: { Prefer: 'wait' }, body: { input: { prompt: 'a ship' } } }));
		const first = await json(await call(`/replicate/v1/predictions/${p.id}`));
		expect(first.status).toBe('processing');
		expect(first.output[0]).toMatch(/\.png\.partial$/);
		expect((await download(first.output[0])).status).toBe(404);
		const second = await json(await call(`/replicate/v1/predictions/${p.id}`));
		expect(second.status).toBe('succeeded');
		expect(second.output[0]).toBe(first.output[0].replace(/\.partial$/, ''));

		emu.setReplicatePending(1, { notServed: 405 });
		const q = await json(await call('/replicate/v1/models/black-forest-labs/flux-dev/predictions', { headers: { Prefer: 'wait' }, body: { input: { prompt: 'a ship' } } }));
		const refused = await call(`/replicate/v1/predictions/${q.id}`);
		expect(refused.status).toBe(405);
		expect(await refused.text()).toBe('Method Not Allowed');
	});

	test('replicate: versioned id through /v1/predictions answers with the output at once (Prefer: wait)', async () => {
		const res = await call('/replicate/v1/predictions', {
			headers: { Prefer: 'wait' },
			body: { input: { prompt: 'x' }, version: '7762fd07cf82c948538e41f63f77d685e02b063e37e496e96eefd46c929f9bdc' },
		});
		expect(res.status).toBe(201);
		const p = await json(res);
		expect(p.model).toBe('stability-ai/sdxl');
		expect(p.output).toHaveLength(1);
		const wrong = await call('/replicate/v1/predictions', { headers: { Prefer: 'wait' }, body: { input: { prompt: 'x' }, version: 'deadbeef' } });
		expect(wrong.status).toBe(400);
	});

	test('wavespeed and zai-org async jobs', async () => {
		const w = await json(await call('/wavespeed/api/v3/wavespeed-ai/qwen-image/text-to-image', { body: { prompt: 'a lake', size: '1024*768' } }));
		expect(w.code).toBe(200);
		expect(w.data.status).toBe('created');
		const w1 = await json(await call(`/wavespeed/api/v3/predictions/${w.data.id}/result`));
		expect(w1.data.status).toBe('processing');
		const w2 = await json(await call(`/wavespeed/api/v3/predictions/${w.data.id}/result`));
		expect(w2.data.status).toBe('completed');
		expect((await download(w2.data.outputs[0])).status).toBe(200);

		const z = await json(await call('/zai-org/api/paas/v4/async/images/generations', { body: { model: 'cogview-4-250304', prompt: 'a tree' } }));
		expect(z.task_status).toBe('PROCESSING');
		let r = await json(await call(`/zai-org/api/paas/v4/async-result/${z.id}`));
		expect(r.task_status).toBe('PROCESSING');
		r = await json(await call(`/zai-org/api/paas/v4/async-result/${z.id}`));
		expect(r.task_status).toBe('SUCCESS');
		expect((await download(r.image_result[0].url)).headers.get('content-type')).toBe('image/png');
		expect(emu.requests.filter((x) => x.listener === 'cdn').every((x) => !x.headers.authorization)).toBe(true);
	});

	test('setImageBytes pads images to about that size; CDN can serve a non-image', async () => {
		emu.setImageBytes(2_000_000);
		const res = await call('/hf-inference/models/CompVis/stable-diffusion-v1-4', { body: { inputs: 'big' } });
		const bytes = Buffer.from(await res.arrayBuffer());
		expect(Math.abs(bytes.length - 2_000_000)).toBeLessThan(1000);
		expect(() => decodePngHeader(bytes)).not.toThrow();
		const z = await json(await call('/zai-org/api/paas/v4/async/images/generations', { body: { model: 'cogview-4-250304', prompt: 'x' } }));
		await call(`/zai-org/api/paas/v4/async-result/${z.id}`);
		const done = await json(await call(`/zai-org/api/paas/v4/async-result/${z.id}`));
		emu.setCdnServesNonImage(true);
		const html = await fetch(done.image_result[0].url);
		expect(html.headers.get('content-type')).toMatch(/^text\/html/);
		emu.setCdnServesNonImage(false);
		const png = await fetch(done.image_result[0].url);
		expect(Buffer.from(await png.arrayBuffer()).length).toBeGreaterThan(1_999_000);
	});
});
