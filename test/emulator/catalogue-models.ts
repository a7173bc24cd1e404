/**
 * The emulated Hub's models (data only): chat, text-to-image, embedding and legacy text-generation
 * models, each with the providers serving it, their provider model ids, status and chat statistics.
 * Lookups over them are in catalogue.ts.
 */
import type { CatalogueModel, EmbeddingSpec, ProviderOffer, ProviderStatus, Task } from './catalogue-types';

type ChatStats = Omit<ProviderOffer, 'provider' | 'providerId' | 'status' | 'task'>;

function chat(provider: string, providerId: string, status: ProviderStatus, stats: ChatStats = {}): ProviderOffer {
	return { provider, providerId, status, task: 'conversational', ...stats };
}
function image(provider: string, providerId: string, status: ProviderStatus = 'live'): ProviderOffer {
	return { provider, providerId, status, task: 'text-to-image' };
}
function embed(provider: string, providerId: string, status: ProviderStatus = 'live'): ProviderOffer {
	return { provider, providerId, status, task: 'feature-extraction' };
}
/**
 * hf-inference maps a sentence-transformers model tagged sentence-similarity under that task, and
 * serves it on the feature-extraction pipeline all the same (huggingface.js
 * test/InferenceClient.spec.ts: paraphrase-xlm-r-multilingual-v1 is mapped `sentence-similarity`
 * and `featureExtraction` on it must succeed; src/providers/hf-inference.ts
 * EQUIVALENT_SENTENCE_TRANSFORMERS_TASKS).
 */
function similarity(provider: string, providerId: string, status: ProviderStatus = 'live'): ProviderOffer {
	return { provider, providerId, status, task: 'sentence-similarity' };
}
function stats(
	contextLength: number,
	input: number,
	output: number,
	throughput: number,
	firstTokenLatencyMs: number,
	supportsTools = true,
	supportsStructuredOutput = true,
	isModelAuthor = false,
): ChatStats {
	return {
		contextLength,
		pricing: { input, output },
		supportsTools,
		supportsStructuredOutput,
		firstTokenLatencyMs,
		throughput,
		isModelAuthor,
	};
}

const T0 = 1_720_000_000;

function chatModel(
	id: string,
	_id: string,
	ownedBy: string,
	providers: ProviderOffer[],
	extra: Partial<CatalogueModel> = {},
): CatalogueModel {
	return {
		id,
		_id,
		task: 'conversational',
		pipelineTag: 'text-generation',
		mappingForm: 'object',
		ownedBy,
		created: T0,
		likes: 1000,
		downloads: 100000,
		tags: ['transformers', 'safetensors', 'conversational', 'text-generation-inference'],
		inputModalities: ['text'],
		outputModalities: ['text'],
		providers,
		...extra,
	};
}

export const CHAT_MODELS: CatalogueModel[] = [
	chatModel('meta-llama/Llama-3.1-8B-Instruct', '66969b7c8ec3bd5a6c1b4a01', 'meta-llama', [
		chat('cerebras', 'llama3.1-8b', 'live', stats(32768, 0.1, 0.1, 2200, 180)),
		chat('groq', 'llama-3.1-8b-instant', 'live', stats(131072, 0.05, 0.08, 840, 210)),
		chat('together', 'meta-llama/Meta-Llama-3.1-8B-Instruct-Turbo', 'live', stats(131072, 0.18, 0.18, 160, 390)),
		chat('novita', 'meta-llama/llama-3.1-8b-instruct', 'live', stats(16384, 0.02, 0.05, 62, 820, true, false)),
		chat('nscale', 'meta-llama/Llama-3.1-8B-Instruct', 'live', stats(131072, 0.03, 0.06, 95, 600, false, true)),
		chat('hf-inference', 'meta-llama/Llama-3.1-8B-Instruct', 'live', { contextLength: 8192, supportsTools: false }),
		chat('featherless-ai', 'meta-llama/Llama-3.1-8B-Instruct', 'error'),
	], { likes: 4500, downloads: 5_000_000 }),
	chatModel('meta-llama/Llama-3.3-70B-Instruct', '6745f28f9333dfcc06268b1e', 'meta-llama', [
		chat('fireworks-ai', 'accounts/fireworks/models/llama-v3p3-70b-instruct', 'live', stats(131072, 0.9, 0.9, 110, 450)),
		chat('together', 'meta-llama/Llama-3.3-70B-Instruct-Turbo', 'live', stats(131072, 0.88, 0.88, 125, 520)),
		chat('hf-inference', 'meta-llama/Llama-3.3-70B-Instruct', 'live'),
		chat('novita', 'meta-llama/llama-3.3-70b-instruct', 'live', stats(131072, 0.13, 0.39, 35, 1200)),
		chat('cerebras', 'llama-3.3-70b', 'live', stats(65536, 0.85, 1.2, 2100, 240)),
		chat('groq', 'llama-3.3-70b-versatile', 'live', stats(131072, 0.59, 0.79, 310, 260)),
		chat('scaleway', 'llama-3.3-70b-instruct', 'live', stats(131072, 0.9, 0.9, 70, 700, true, true)),
	], { likes: 2300, downloads: 1_200_000 }),
	chatModel('meta-llama/Meta-Llama-3-8B-Instruct', '6626ec8e7dfd3a3d2a5d2d12', 'meta-llama', [
		chat('together', 'meta-llama/Meta-Llama-3-8B-Instruct-Turbo', 'live', stats(8192, 0.18, 0.18, 150, 380)),
		chat('groq', 'llama3-8b-8192', 'live', stats(8192, 0.05, 0.08, 780, 200, true, false)),
		chat('novita', 'meta-llama/llama-3-8b-instruct', 'live', stats(8192, 0.04, 0.04, 70, 900, false, false)),
		chat('featherless-ai', 'meta-llama/Meta-Llama-3-8B-Instruct', 'live', { contextLength: 8192 }),
	], { likes: 3900, downloads: 2_100_000 }),
	chatModel('meta-llama/Meta-Llama-3-70B-Instruct', '6626f2b14fb5bd4b4f3d6a11', 'meta-llama', [
		chat('together', 'meta-llama/Llama-3-70b-chat-hf', 'live', stats(8192, 0.88, 0.88, 90, 600)),
		chat('hf-inference', 'meta-llama/Meta-Llama-3-70B-Instruct', 'live'),
	], { likes: 1500, downloads: 400_000 }),
	chatModel('deepseek-ai/DeepSeek-V3', '676a1b4ed3f8ad0b2d1c2e01', 'deepseek-ai', [
		chat('novita', 'deepseek/deepseek-v3', 'live', stats(131072, 0.27, 1.1, 24.7, 1490, true, false)),
		chat('together', 'deepseek-ai/DeepSeek-V3', 'live', stats(131072, 1.25, 1.25, 42, 1100)),
		chat('fireworks-ai', 'accounts/fireworks/models/deepseek-v3', 'live', stats(131072, 0.9, 0.9, 55, 950)),
	], { likes: 3800, downloads: 900_000 }),
	chatModel('Qwen/Qwen2.5-VL-7B-Instruct', '6795ffcd88cd7c0294702a72', 'Qwen', [
		chat('novita', 'qwen/qwen2.5-vl-7b-instruct', 'live', stats(32768, 0.2, 0.2, 48, 950, false, true)),
	], {
		pipelineTag: 'image-text-to-text',
		inputModalities: ['text', 'image'],
		tags: ['transformers', 'safetensors', 'qwen2_5_vl', 'image-text-to-text', 'conversational'],
		likes: 1100,
		downloads: 2_800_000,
	}),
	chatModel('Qwen/Qwen2.5-72B-Instruct', '66e81b6a1d1d3b0e9a0c4f21', 'Qwen', [
		chat('together', 'Qwen/Qwen2.5-72B-Instruct-Turbo', 'live', stats(32768, 1.2, 1.2, 60, 700)),
		chat('novita', 'qwen/qwen-2.5-72b-instruct', 'live', stats(32000, 0.38, 0.4, 28, 1300)),
		chat('hf-inference', 'Qwen/Qwen2.5-72B-Instruct', 'live'),
	], { likes: 850, downloads: 600_000 }),
	// A reasoning model: its thinking comes back under `reasoning` (groq, cerebras, together) or
	// `reasoning_content` (novita), as reasoning.ts cites; fireworks-ai, ovhcloud and nscale return none here (unverified).
	chatModel('openai/gpt-oss-120b', '68913522f16f3c8aa1e4fa61', 'openai', [
		chat('cerebras', 'gpt-oss-120b', 'live', { ...stats(131072, 0.25, 0.69, 3000, 210), reasoningField: 'reasoning' }),
		chat('groq', 'openai/gpt-oss-120b', 'live', { ...stats(131072, 0.15, 0.75, 500, 240), reasoningField: 'reasoning' }),
		chat('together', 'openai/gpt-oss-120b', 'live', { ...stats(131072, 0.15, 0.6, 140, 400), reasoningField: 'reasoning' }),
		chat('fireworks-ai', 'accounts/fireworks/models/gpt-oss-120b', 'live', stats(131072, 0.15, 0.6, 180, 380)),
		chat('novita', 'openai/gpt-oss-120b', 'live', { ...stats(131072, 0.1, 0.5, 60, 900), reasoningField: 'reasoning_content' }),
		chat('ovhcloud', 'gpt-oss-120b', 'live', { contextLength: 131072, supportsTools: true, isFree: true }),
		chat('nscale', 'openai/gpt-oss-120b', 'live', stats(131072, 0.1, 0.4, 80, 650)),
	], { likes: 3600, downloads: 3_500_000 }),
	chatModel('zai-org/GLM-4.5', '687c61c3264c2bd9ab1c8f51', 'zai-org', [
		chat('zai-org', 'glm-4.5', 'live', stats(131072, 0.6, 2.2, 45, 800, true, false, true)),
		chat('novita', 'zai-org/glm-4.5', 'live', stats(131072, 0.6, 2.2, 38, 1100, true, false)),
		chat('fireworks-ai', 'accounts/fireworks/models/glm-4p5', 'live', stats(131072, 0.55, 2.19, 70, 700)),
	], { likes: 1300, downloads: 150_000 }),
	chatModel('mistralai/Mistral-7B-Instruct-v0.3', '664dc170474f2283fa5c8659', 'mistralai', [
		chat('together', 'mistralai/Mistral-7B-Instruct-v0.3', 'live', stats(32768, 0.2, 0.2, 130, 350, true, true)),
		chat('featherless-ai', 'mistralai/Mistral-7B-Instruct-v0.3', 'live'),
		chat('hf-inference', 'mistralai/Mistral-7B-Instruct-v0.3', 'error'),
	], { likes: 2000, downloads: 1_700_000 }),
	chatModel('CohereLabs/c4ai-command-r-plus', '6613db5fa1e0ab8f2d7e1c41', 'CohereLabs', [
		chat('cohere', 'command-r-plus-08-2024', 'live', stats(128000, 2.5, 10, 48, 600, true, true, true)),
	], { likes: 1700, downloads: 40_000 }),
	// baseten and deepinfra chat on their own routes too (huggingface.js BasetenConversationalTask, DeepInfraConversationalTask).
	chatModel('moonshotai/Kimi-K2-Instruct-0905', '68b9a1c2d3e4f5a6b7c8d912', 'moonshotai', [
		chat('baseten', 'moonshotai/Kimi-K2-Instruct-0905', 'live', stats(262144, 0.6, 2.5, 95, 700)),
		chat('deepinfra', 'moonshotai/Kimi-K2-Instruct-0905', 'live', stats(131072, 0.5, 2, 60, 900)),
	], { likes: 500, downloads: 30_000 }),
	// A reasoning-only model: novita answers its thinking in `reasoning_content` (novita.ai/docs/guides/llm-reasoning,
	// deepseek/deepseek-r1), together in `reasoning` (docs.together.ai reasoning); the provider ids are illustrative.
	chatModel('deepseek-ai/DeepSeek-R1', '678dc6fff905d106be796d8a', 'deepseek-ai', [
		chat('novita', 'deepseek/deepseek-r1-turbo', 'live', { ...stats(64000, 0.7, 2.5, 30, 1500, false, false), reasoningField: 'reasoning_content' }),
		chat('together', 'deepseek-ai/DeepSeek-R1', 'live', { ...stats(163840, 3, 7, 45, 900, false, true), reasoningField: 'reasoning' }),
	], { likes: 12000, downloads: 1_000_000 }),
	// PublicAI serves the Swiss AI models (huggingface.js PublicAIConversationalTask).
	chatModel('swiss-ai/Apertus-8B-Instruct-2509', '68c1a2b3c4d5e6f7a8b9c013', 'swiss-ai', [
		chat('publicai', 'swiss-ai/apertus-8b-instruct', 'live', stats(65536, 0.1, 0.2, 40, 800, false, false)),
	], { likes: 400, downloads: 60_000 }),
	// For capability-aware picking and fallbacks (illustrative offers): a model none of whose live
	// providers calls tools or returns structured output, one free on a provider, and one with no
	// live provider at all (the router answers 400 model_not_supported).
	chatModel('google/gemma-2-2b-it', '66a1b2c3d4e5f6a7b8c9d014', 'google', [
		chat('hf-inference', 'google/gemma-2-2b-it', 'live', { contextLength: 8192, supportsTools: false, supportsStructuredOutput: false }),
		chat('featherless-ai', 'google/gemma-2-2b-it', 'live', stats(8192, 0.1, 0.1, 50, 700, false, false)),
	], { likes: 1200, downloads: 400_000 }),
	chatModel('Qwen/Qwen3-4B-Instruct-2507', '6890a1b2c3d4e5f6a7b8c015', 'Qwen', [
		chat('scaleway', 'qwen3-4b-instruct-2507', 'live', { contextLength: 262144, supportsTools: true, supportsStructuredOutput: true, isFree: true, throughput: 90, firstTokenLatencyMs: 400 }),
		chat('nscale', 'Qwen/Qwen3-4B-Instruct-2507', 'live', stats(262144, 0.01, 0.004, 120, 350)),
	], { likes: 300, downloads: 250_000 }),
	chatModel('mistralai/Mixtral-8x7B-Instruct-v0.1', '65a1b2c3d4e5f6a7b8c9d016', 'mistralai', [
		chat('together', 'mistralai/Mixtral-8x7B-Instruct-v0.1', 'error', stats(32768, 0.6, 0.6, 90, 500)),
		chat('hf-inference', 'mistralai/Mixtral-8x7B-Instruct-v0.1', 'error'),
	], { likes: 4300, downloads: 500_000 }),
];

/** A Hub model with the catalogue's defaults (owner from the id, likes, downloads, tags); `extra` overrides them. */
export function hubModel(
	id: string,
	_id: string,
	task: Task,
	pipelineTag: string,
	mappingForm: 'object' | 'array',
	providers: ProviderOffer[],
	extra: Partial<CatalogueModel> = {},
): CatalogueModel {
	return {
		id,
		_id,
		task,
		pipelineTag,
		mappingForm,
		ownedBy: id.includes('/') ? id.split('/')[0] : id,
		created: T0,
		likes: 500,
		downloads: 50000,
		tags: [pipelineTag],
		inputModalities: task === 'text-to-image' ? ['text'] : ['text'],
		outputModalities: task === 'text-to-image' ? ['image'] : ['text'],
		providers,
		...extra,
	};
}

export const IMAGE_MODELS: CatalogueModel[] = [
	hubModel('black-forest-labs/FLUX.1-dev', '66aaa908fc35e079a941470d', 'text-to-image', 'text-to-image', 'object', [
		image('fal-ai', 'fal-ai/flux/dev'),
		image('replicate', 'black-forest-labs/flux-dev'),
		image('together', 'black-forest-labs/FLUX.1-dev'),
		image('hf-inference', 'black-forest-labs/FLUX.1-dev'),
		// Both left the router on 2026-07-01; kept as staging, as the Hub mapping recorded in 2025 had them
		// (test/integration/image-mapping.test.ts and methods.test.ts use a staging entry).
		image('nebius', 'black-forest-labs/flux-dev', 'staging'),
		image('black-forest-labs', 'flux-dev', 'staging'),
		image('nscale', 'black-forest-labs/FLUX.1-dev'),
	], { likes: 11000, downloads: 1_900_000, tags: ['diffusers', 'safetensors', 'text-to-image', 'flux'] }),
	hubModel('black-forest-labs/FLUX.1-schnell', '66aaa5a8a0dbb6a5ee4e54c9', 'text-to-image', 'text-to-image', 'array', [
		image('fal-ai', 'fal-ai/flux/schnell'),
		image('replicate', 'black-forest-labs/flux-schnell'),
		image('together', 'black-forest-labs/FLUX.1-schnell'),
		image('nscale', 'black-forest-labs/FLUX.1-schnell'),
		image('hf-inference', 'black-forest-labs/FLUX.1-schnell'),
		// On /v1/openai/images/generations (huggingface.js DeepInfraTextToImageTask), under DeepInfra's own id.
		image('deepinfra', 'black-forest-labs/FLUX-1-schnell'),
	], { likes: 4200, downloads: 700_000, tags: ['diffusers', 'safetensors', 'text-to-image', 'flux'] }),
	hubModel('stabilityai/stable-diffusion-xl-base-1.0', '64bfcd5ff462a99a04fd1ec8', 'text-to-image', 'text-to-image', 'object', [
		image('replicate', 'stability-ai/sdxl:7762fd07cf82c948538e41f63f77d685e02b063e37e496e96eefd46c929f9bdc'),
		image('together', 'stabilityai/stable-diffusion-xl-base-1.0'),
		image('hf-inference', 'stabilityai/stable-diffusion-xl-base-1.0'),
		image('nscale', 'stabilityai/stable-diffusion-xl-base-1.0'),
	], { likes: 6500, downloads: 2_300_000, tags: ['diffusers', 'safetensors', 'text-to-image', 'stable-diffusion'] }),
	hubModel('CompVis/stable-diffusion-v1-4', '630372e3a2a0bb4e4b1f2d1c', 'text-to-image', 'text-to-image', 'object', [
		image('hf-inference', 'CompVis/stable-diffusion-v1-4'),
	], { likes: 6800, downloads: 600_000, tags: ['diffusers', 'text-to-image', 'stable-diffusion'] }),
	hubModel('ByteDance/SDXL-Lightning', '65ca2d1c1d3b0e9a0c4f2a77', 'text-to-image', 'text-to-image', 'array', [
		image('replicate', 'bytedance/sdxl-lightning-4step:5599ed30703defd1d160a25a63321b4dec97101d98b4674bcc56e41f62f35637'),
		image('fal-ai', 'fal-ai/fast-lightning-sdxl'),
	], { likes: 2000, downloads: 120_000, tags: ['diffusers', 'text-to-image', 'stable-diffusion'] }),
	hubModel('Qwen/Qwen-Image', '688d6b1b0b0a5a2d1c3e4f51', 'text-to-image', 'text-to-image', 'array', [
		image('wavespeed', 'wavespeed-ai/qwen-image/text-to-image'),
		image('fal-ai', 'fal-ai/qwen-image'),
		image('replicate', 'qwen/qwen-image'),
	], { likes: 1900, downloads: 200_000, tags: ['diffusers', 'text-to-image', 'qwen'] }),
	hubModel('zai-org/CogView4-6B', '67ee3a2b1d3b0e9a0c4f2b12', 'text-to-image', 'text-to-image', 'array', [
		image('zai-org', 'cogview-4-250304'),
	], { likes: 250, downloads: 20_000, tags: ['diffusers', 'text-to-image', 'cogview'] }),
	// The first entries are not live: `auto` must skip them (staging, then error) and take nscale.
	hubModel('HiDream-ai/HiDream-I1-Full', '67f2c1a5d1d3b0e9a0c4f2c8', 'text-to-image', 'text-to-image', 'array', [
		image('together', 'HiDream-ai/HiDream-I1-Full', 'staging'),
		image('hf-inference', 'HiDream-ai/HiDream-I1-Full', 'error'),
		image('nscale', 'HiDream-ai/HiDream-I1-Full'),
		image('fal-ai', 'fal-ai/hidream-i1-full'),
	], { likes: 120, downloads: 15_000, tags: ['diffusers', 'text-to-image', 'hidream'] }),
];

function embModel(
	id: string,
	_id: string,
	mappingForm: 'object' | 'array',
	embedding: EmbeddingSpec,
	providers: ProviderOffer[],
	extra: Partial<CatalogueModel> = {},
): CatalogueModel {
	// The Hub's pipeline tag follows the mapping: sentence-similarity where hf-inference maps it so.
	const pipelineTag = providers.some((p) => p.task === 'sentence-similarity') ? 'sentence-similarity' : 'feature-extraction';
	return hubModel(id, _id, 'feature-extraction', pipelineTag, mappingForm, providers, {
		embedding,
		tags: embedding.level === 'sentence' ? ['sentence-transformers', 'feature-extraction', pipelineTag] : ['transformers', 'feature-extraction'],
		...extra,
	});
}

export const EMBEDDING_MODELS: CatalogueModel[] = [
	embModel('sentence-transformers/all-MiniLM-L6-v2', '6214f0a9c0ad4f6de0d0ec5a', 'object', { dims: 384, level: 'sentence', maxTokens: 256 }, [
		similarity('hf-inference', 'sentence-transformers/all-MiniLM-L6-v2'),
	], { likes: 3500, downloads: 90_000_000 }),
	embModel('sentence-transformers/paraphrase-xlm-r-multilingual-v1', '621ffdc136468d709f17e1d2', 'array', { dims: 768, level: 'sentence', maxTokens: 128 }, [
		similarity('hf-inference', 'sentence-transformers/paraphrase-xlm-r-multilingual-v1'),
	], { likes: 80, downloads: 600_000 }),
	// Mapped feature-extraction, as in the mapping fixture of huggingface.js test/InferenceClient.spec.ts.
	embModel('sentence-transformers/distilbert-base-nli-mean-tokens', '621ffdc136468d709f17e2f4', 'object', { dims: 768, level: 'sentence', maxTokens: 128 }, [
		embed('hf-inference', 'sentence-transformers/distilbert-base-nli-mean-tokens'),
	], { likes: 30, downloads: 300_000 }),
	embModel('facebook/bart-base', '621ffdc036468d709f174350', 'object', { dims: 768, level: 'token', maxTokens: 1024 }, [
		embed('hf-inference', 'facebook/bart-base'),
	], { likes: 190, downloads: 1_500_000 }),
	embModel('BAAI/bge-base-en-v1.5', '64b8e3b1c1d3b0e9a0c4f2c3', 'array', { dims: 768, level: 'sentence', maxTokens: 512 }, [
		embed('hf-inference', 'BAAI/bge-base-en-v1.5'),
		embed('together', 'BAAI/bge-base-en-v1.5'),
	], { likes: 350, downloads: 4_000_000 }),
	embModel('intfloat/multilingual-e5-large', '63e5e0d2c1d3b0e9a0c4f2d4', 'array', { dims: 1024, level: 'sentence', maxTokens: 512 }, [
		embed('deepinfra', 'intfloat/multilingual-e5-large'),
		embed('scaleway', 'multilingual-e5-large'),
		embed('hf-inference', 'intfloat/multilingual-e5-large'),
	], { likes: 1000, downloads: 2_000_000 }),
	embModel('Qwen/Qwen3-Embedding-8B', '684dd4f1c1d3b0e9a0c4f2e5', 'array', { dims: 4096, level: 'sentence', maxTokens: 32768 }, [
		embed('scaleway', 'qwen3-embedding-8b'),
		embed('together', 'Qwen/Qwen3-Embedding-8B'),
		embed('deepinfra', 'Qwen/Qwen3-Embedding-8B'),
	], { likes: 450, downloads: 500_000 }),
];

export const TEXT_GENERATION_MODELS: CatalogueModel[] = [
	hubModel('google/flan-t5-xxl', '621ffdc136468d709f17abcd', 'text2text-generation', 'text2text-generation', 'object', [
		{ provider: 'hf-inference', providerId: 'google/flan-t5-xxl', status: 'live', task: 'text2text-generation' },
	], { textGeneration: { maxTotalTokens: 1512 }, likes: 1200, downloads: 200_000 }),
	hubModel('gpt2', '621ffdc036468d709f174338', 'text-generation', 'text-generation', 'object', [
		{ provider: 'hf-inference', providerId: 'gpt2', status: 'live', task: 'text-generation' },
	], { textGeneration: { unusedKwargs: ['watermark', 'stop', 'decoder_input_details'] }, likes: 2500, downloads: 20_000_000 }),
];
