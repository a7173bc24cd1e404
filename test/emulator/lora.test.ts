/** The emulated Hub's LoRA mappings and how the emulated providers check a LoRA in the request. */
import { startEmulator, type Emulator } from './index';
import { FLUX_LORA, SDXL_LORA } from './lora';

const TOKEN = 'hf_lora';
let emu: Emulator;
beforeAll(async () => {
	emu = await startEmulator({ tokens: { [TOKEN]: { credits: 10 } } });
});
afterAll(async () => await emu.close());

async function request(path: string, body?: unknown): Promise<{ status: number; body: any }> {
	const res = await fetch(`${emu.url}${path}`, {
		method: body === undefined ? 'GET' : 'POST',
		headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	return { status: res.status, body: await res.json() };
}

test('the mapping names the adapter and its weights, in both forms', async () => {
	const array = (await request(`/api/models/${FLUX_LORA}?expand[]=inferenceProviderMapping`)).body.inferenceProviderMapping;
	expect(array[0]).toEqual({
		provider: 'fal-ai',
		providerId: 'fal-ai/flux-lora',
		status: 'live',
		task: 'text-to-image',
		hfModelId: FLUX_LORA,
		adapter: 'lora',
		adapterWeightsPath: 'super-realism.safetensors',
	});
	const object = (await request(`/api/models/${SDXL_LORA}?expand[]=inferenceProviderMapping`)).body.inferenceProviderMapping;
	expect(object['fal-ai']).toEqual({ status: 'live', providerId: 'fal-ai/lora', task: 'text-to-image', adapter: 'lora', adapterWeightsPath: 'pixel-art-xl.safetensors' });
});

test('fal-ai/lora needs model_name; malformed loras are refused by each provider', async () => {
	const missing = await request('/fal-ai/fal-ai/lora?_subdomain=queue', { prompt: 'p', loras: [{ path: 'https://huggingface.co/x/resolve/main/y', scale: 1 }] });
	expect(missing.status).toBe(422);
	expect(missing.body.detail[0].loc).toEqual(['body', 'model_name']);
	expect((await request('/fal-ai/fal-ai/flux-lora?_subdomain=queue', { prompt: 'p', loras: 'x' })).status).toBe(422);
	expect((await request('/replicate/v1/models/black-forest-labs/flux-dev-lora/predictions', { input: { prompt: 'p', lora_weights: 3 } })).status).toBe(422);
	expect((await request('/wavespeed/api/v3/wavespeed-ai/flux-dev-lora', { prompt: 'p', loras: [{ scale: 1 }] })).status).toBe(400);
	// Without a LoRA the provider still answers: it draws the base model's picture, as the real ones do.
	expect((await request('/wavespeed/api/v3/wavespeed-ai/flux-dev-lora', { prompt: 'p' })).status).toBe(200);
});
