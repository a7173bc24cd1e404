import { openAiStyleEmbeddings } from './embeddings';
import type { ProviderModule } from './types';

/** DeepInfra serves the OpenAI embeddings shape under `/v1/openai`. */
export const deepinfra: ProviderModule = {
	id: 'deepinfra',
	featureExtraction: openAiStyleEmbeddings('deepinfra', '/deepinfra/v1/openai/embeddings'),
};
