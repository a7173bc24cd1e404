import { openAiStyleEmbeddings } from './embeddings';
import type { ProviderModule } from './types';

export const scaleway: ProviderModule = {
	id: 'scaleway',
	featureExtraction: openAiStyleEmbeddings('scaleway', '/scaleway/v1/embeddings'),
};
