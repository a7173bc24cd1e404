/**
 * LoRA models of the emulated Hub, and how the emulated providers take a LoRA in the request.
 * Kept apart from catalogue.ts (which includes LORA_MODELS in ALL_MODELS) and the image routes (image-routes.ts, fal-routes.ts, replicate-routes.ts).
 *
 * The Hub maps a LoRA repo to a provider's LoRA endpoint with `adapter: "lora"` and
 * `adapterWeightsPath` (huggingface.js src/lib/getInferenceProviderMapping.ts reads both forms);
 * the provider applies the adapter only when the request names it, the way the clients send it
 * (huggingface.js src/providers/fal-ai.ts `buildLoraPath`, replicate.ts `lora_weights`,
 * wavespeed.ts `loras`; huggingface_hub inference/_providers/fal_ai.py, replicate.py). A request
 * without it gets the base model's picture and no error, as on the real providers.
 */
import type { CatalogueModel, ProviderOffer } from './catalogue';
import { hubModel } from './catalogue-models';
import { obj, type Obj } from './fields';
import { fieldDetail } from './provider-answers';

const HUB = 'https://huggingface.co';

function lora(provider: string, providerId: string, adapterWeightsPath: string): ProviderOffer {
	return { provider, providerId, status: 'live', task: 'text-to-image', adapter: 'lora', adapterWeightsPath };
}

function loraModel(id: string, _id: string, mappingForm: 'object' | 'array', base: string, providers: ProviderOffer[]): CatalogueModel {
	return hubModel(id, _id, 'text-to-image', 'text-to-image', mappingForm, providers, {
		likes: 300,
		downloads: 20_000,
		tags: ['diffusers', 'text-to-image', 'lora', `base_model:adapter:${base}`],
	});
}

export const FLUX_LORA = 'strangerzonehf/Flux-Super-Realism-LoRA';
export const SDXL_LORA = 'nerijs/pixel-art-xl';

export const LORA_MODELS: CatalogueModel[] = [
	loraModel(FLUX_LORA, '66f1c2b3d1d3b0e9a0c4f3a1', 'array', 'black-forest-labs/FLUX.1-dev', [
		lora('fal-ai', 'fal-ai/flux-lora', 'super-realism.safetensors'),
		lora('replicate', 'black-forest-labs/flux-dev-lora', 'super-realism.safetensors'),
		lora('wavespeed', 'wavespeed-ai/flux-dev-lora', 'super-realism.safetensors'),
	]),
	// An SDXL LoRA on fal's SD endpoint, which also needs its base model (`model_name`).
	loraModel(SDXL_LORA, '64c1d2e3d1d3b0e9a0c4f3b2', 'object', 'stabilityai/stable-diffusion-xl-base-1.0', [
		lora('fal-ai', 'fal-ai/lora', 'pixel-art-xl.safetensors'),
	]),
];

/** The LoRA fields each client sends for a mapping entry: what the tests expect in the body. */
export function expectedLoraFields(hubId: string, offer: ProviderOffer): Record<string, unknown> {
	if (offer.adapter !== 'lora' || !offer.adapterWeightsPath) return {};
	if (offer.provider === 'fal-ai') {
		const fields: Record<string, unknown> = { loras: [{ path: `${HUB}/${hubId}/resolve/main/${offer.adapterWeightsPath}`, scale: 1 }] };
		if (offer.providerId === 'fal-ai/lora') fields.model_name = 'stabilityai/stable-diffusion-xl-base-1.0';
		return fields;
	}
	if (offer.provider === 'replicate') return { lora_weights: `${HUB}/${hubId}` };
	if (offer.provider === 'wavespeed') return { loras: [{ path: hubId, scale: 1 }] };
	return {};
}

export type LoraCheck = { ok: true; applied?: string } | { ok: false; status: number; body: unknown };

function loraList(value: unknown): string[] | undefined {
	if (!Array.isArray(value)) return undefined;
	const paths = value.map((entry) => obj(entry)?.path);
	const scales = value.map((entry) => obj(entry)?.scale);
	if (!paths.every((p) => typeof p === 'string' && p) || !scales.every((s) => s === undefined || typeof s === 'number')) return undefined;
	return paths as string[];
}

/**
 * Reads the LoRA a request names for a provider (fal-ai and wavespeed: `loras`; replicate:
 * `input.lora_weights`), refusing malformed ones as the provider's validation would. fal's SD
 * endpoint `fal-ai/lora` requires `model_name`. `applied` is what the picture is drawn with.
 */
export function readLora(provider: string, providerId: string, input: Obj): LoraCheck {
	if (provider === 'replicate') {
		const weights = input.lora_weights;
		if (weights === undefined) return { ok: true };
		if (typeof weights !== 'string' || !/^https?:\/\//.test(weights)) {
			return { ok: false, status: 422, body: { detail: '- input.lora_weights: Does not match format \'uri\'\n', status: 422, title: 'Input validation failed' } };
		}
		return { ok: true, applied: weights };
	}
	if (provider === 'fal-ai' && providerId === 'fal-ai/lora' && typeof input.model_name !== 'string') {
		return { ok: false, status: 422, body: fieldDetail('model_name', 'field required', 'value_error.missing') };
	}
	if (input.loras === undefined) return { ok: true };
	const paths = loraList(input.loras);
	if (!paths) {
		return provider === 'wavespeed'
			? { ok: false, status: 400, body: { code: 400, message: 'loras: each entry needs a path and a scale', data: null } }
			: { ok: false, status: 422, body: fieldDetail('loras', 'value is not a valid list of LoraWeight', 'type_error') };
	}
	return { ok: true, applied: paths.join(',') };
}
