import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import { chatOperation, chatProvidersHint } from './chat';
import { embeddingOperation } from './embedding';
import { describeFailure, type ProvidersHint } from './hints';
import { imageOperation } from './image';
import { imageToImageOperation } from './imageToImage';
import { speechToTextOperation } from './speechToText';
import { textToSpeechOperation } from './textToSpeech';
import { textToVideoOperation } from './textToVideo';
import { readExecutionSettings, type OperationName } from './parameters';
import { everyItemFailed } from './outputs';
import { runOperation, type Operation } from './pipeline';
import { mappingProvidersHint } from './routing';
import { ExecutionScope } from './scope';

const OPERATIONS: Record<OperationName, { operation: Operation<any>; providersHint: ProvidersHint }> = {
	chat: { operation: chatOperation, providersHint: chatProvidersHint },
	image: { operation: imageOperation, providersHint: mappingProvidersHint('text-to-image') },
	embedding: { operation: embeddingOperation, providersHint: mappingProvidersHint('feature-extraction') },
	speechToText: { operation: speechToTextOperation, providersHint: mappingProvidersHint('automatic-speech-recognition') },
	imageToImage: { operation: imageToImageOperation, providersHint: mappingProvidersHint('image-to-image') },
	textToSpeech: { operation: textToSpeechOperation, providersHint: mappingProvidersHint('text-to-speech') },
	textToVideo: { operation: textToVideoOperation, providersHint: mappingProvidersHint('text-to-video') },
};

/** Hands the input items to the chosen operation; returns [Success, Quota Exhausted]. */
export async function executeOperation(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const name = ctx.getNodeParameter('operation', 0, 'chat') as OperationName;
	const selected = OPERATIONS[name];
	if (!selected) {
		throw new NodeOperationError(ctx.getNode(), `Unknown operation "${String(name)}"`, {
			description: `Use one of: ${Object.keys(OPERATIONS).join(', ')}.`,
		});
	}
	if (!ctx.getInputData().length) return [[], []];
	let scope: ExecutionScope;
	try {
		scope = await ExecutionScope.create(ctx, readExecutionSettings(ctx, name));
	} catch (error) {
		return everyItemFailed(ctx, error);
	}
	return await runOperation(scope, selected.operation, async (error, item) =>
		await describeFailure(scope, error, item, selected.providersHint, name),
	);
}
