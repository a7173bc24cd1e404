/** Hugging Face router + Hub emulator for tests and benchmarks. */
export { startEmulator } from './server';
export type { Emulator, EmulatorOptions, FailOptions, RecordedRequest, TokenRole, TokenSpec } from './types';
export * as catalogue from './catalogue';
export {
	ALL_MODELS,
	CHAT_MODELS,
	EMBEDDING_MODELS,
	IMAGE_MODELS,
	TEXT_GENERATION_MODELS,
	chatCost,
	chatPricing,
	embeddingCost,
	findModel,
	findOffer,
	hubMapping,
	imagePrice,
	rankProviders,
} from './catalogue';
export { DEGRADED_REPLY, judgeVerdict, metricScore, metricVerdict } from './judge';
export { REASONING_EFFORTS, reasoningFor } from './reasoning';
export { chatReply, countPromptTokens, expectedReasoning, planChat, splitPieces } from './chat';
export { cosine, countEmbeddingTokens, expectedSentenceVector, expectedTokenVectors, l2norm } from './vectors';
export { decodePngHeader } from './png';
export { decodeDataUrl, expectedEdit, expectedSpeech, expectedTranscript, expectedVideo, makeFlac, makeMp3, makeMp4, makeWav, shortHash } from './media';
export { IMAGE_TO_IMAGE_MODELS, MEDIA_MODELS, SPEECH_TO_TEXT_MODELS, TEXT_TO_SPEECH_MODELS, TEXT_TO_VIDEO_MODELS, mediaPrice } from './media-catalogue';
export { generatePng, MAX_PIXEL_SIDE } from './images';
export { MSG_CREDITS_DEPLETED, MSG_INVALID_TOKEN, msgInsufficientPermissions } from './errors';
export { INFERENCE_PERMISSION } from './ledger';
export { DEFAULT_THRESHOLD, DEFAULT_TOP_K, expectedAnimation, expectedCaption, expectedClasses, expectedObjects } from './vision-answers';
export { IMAGE_CLASSIFICATION_MODELS, IMAGE_TO_TEXT_MODELS, IMAGE_TO_VIDEO_MODELS, OBJECT_DETECTION_MODELS, VISION_MODELS, visionPrice } from './vision-catalogue';
export { TEXT_TASK_MODELS, TEXT_TASK_PRICE_PER_TEXT } from './text-task-catalogue';
export {
	classifyText,
	detectLanguage,
	expectedAnswer,
	expectedEntities,
	expectedSummary,
	expectedTextClassification,
	expectedTokens,
	expectedTranslation,
	expectedZeroShot,
} from './text-task-answers';
export { HUB_RECORDING, HUB_RECORDING_PATH } from './hub-files';
