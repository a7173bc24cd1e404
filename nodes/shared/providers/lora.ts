/**
 * LoRA adapters. The Hub maps a LoRA repo to a provider's base-model endpoint with `adapter: "lora"`,
 * `adapterWeightsPath` and `hfModelId`; the provider only applies the adapter when the request
 * names it. Each builder below sends it exactly as the official clients do (huggingface.js
 * packages/inference/src/providers/{fal-ai,replicate,wavespeed}.ts, huggingface_hub
 * inference/_providers/{fal_ai,replicate}.py): without it a user gets the base model's picture and
 * no error.
 */

/** The weights are fetched by the provider from the public Hub, never from a configured mirror. */
const HF_HUB_URL = 'https://huggingface.co';

export interface LoraAdapter {
	/** The LoRA repo on the Hub. */
	hfModelId: string;
	/** Its weights file in that repo, where the mapping names one. */
	weightsPath?: string;
}

/** The adapter of a mapping entry, when it is a LoRA one. */
export function loraFromMapping(entry: { adapter?: string; adapterWeightsPath?: string; hfModelId: string }): LoraAdapter | undefined {
	if (entry.adapter !== 'lora') return undefined;
	return { hfModelId: entry.hfModelId, ...(entry.adapterWeightsPath ? { weightsPath: entry.adapterWeightsPath } : {}) };
}

/**
 * fal-ai: `loras: [{path: <weights' resolve/main URL>, scale: 1}]`, only with a weights path; the
 * SD-based `fal-ai/lora` endpoint also needs its base model (`model_name`), the FLUX ones do not.
 */
export function falLoraFields(lora: LoraAdapter | undefined, providerModelId: string): Record<string, unknown> {
	if (!lora?.weightsPath) return {};
	const fields: Record<string, unknown> = {
		loras: [{ path: `${HF_HUB_URL}/${lora.hfModelId}/resolve/main/${lora.weightsPath}`, scale: 1 }],
	};
	if (providerModelId === 'fal-ai/lora') fields.model_name = 'stabilityai/stable-diffusion-xl-base-1.0';
	return fields;
}

/** replicate: `input.lora_weights` is the LoRA repo's Hub URL, only with a weights path. */
export function replicateLoraFields(lora: LoraAdapter | undefined): Record<string, unknown> {
	return lora?.weightsPath ? { lora_weights: `${HF_HUB_URL}/${lora.hfModelId}` } : {};
}

/** wavespeed: `loras: [{path: <LoRA repo id>, scale: 1}]` for any LoRA entry (huggingface.js only; the Python client sends none). */
export function wavespeedLoraFields(lora: LoraAdapter | undefined): Record<string, unknown> {
	return lora ? { loras: [{ path: lora.hfModelId, scale: 1 }] } : {};
}
