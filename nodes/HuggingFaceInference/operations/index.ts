import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import { chat } from './chat';
import { embedding } from './embedding';
import { describeFailure } from './hints';
import { image } from './image';
import { imageClassification } from './imageClassification';
import { imageToImage } from './imageToImage';
import { imageToText } from './imageToText';
import { imageToVideo } from './imageToVideo';
import { objectDetection } from './objectDetection';
import { everyItemFailed } from './outputs';
import { readExecutionSettings } from './parameters';
import { runOperation } from './pipeline';
import { ExecutionScope } from './scope';
import { speechToText } from './speechToText';
import { textToSpeech } from './textToSpeech';
import { textToVideo } from './textToVideo';
import { questionAnswering } from './questionAnswering';
import { summarization } from './summarization';
import { textClassification } from './textClassification';
import { tokenClassification } from './tokenClassification';
import { translation } from './translation';
import { zeroShotClassification } from './zeroShotClassification';
import type { OperationDescriptor } from './types';

/**
 * Every operation of the node, keyed by the value saved in workflows (the public contract: add,
 * never rename). The node's operation list, parameters, options, the model picker's tasks, the
 * timeouts and the error advice all come from here. In the node's list order (alphabetical).
 */
export const OPERATIONS = {
	chat,
	embedding,
	imageToImage,
	image,
	textToSpeech,
	textToVideo,
	speechToText,
	imageClassification,
	objectDetection,
	imageToText,
	imageToVideo,
	textClassification,
	zeroShotClassification,
	tokenClassification,
	translation,
	summarization,
	questionAnswering,
} satisfies Record<string, OperationDescriptor<any>>; // each descriptor keeps its own item type

export type OperationName = keyof typeof OPERATIONS;

export function isOperationName(name: string): name is OperationName {
	return Object.prototype.hasOwnProperty.call(OPERATIONS, name);
}

/** Hands the input items to the chosen operation; returns [Success, Quota Exhausted]. */
export async function executeOperation(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const name = String(ctx.getNodeParameter('operation', 0, 'chat'));
	if (!isOperationName(name)) {
		throw new NodeOperationError(ctx.getNode(), `Unknown operation "${name}"`, {
			description: `Use one of: ${Object.keys(OPERATIONS).join(', ')}.`,
		});
	}
	const operation: OperationDescriptor<unknown> = OPERATIONS[name] as OperationDescriptor<unknown>;
	if (!ctx.getInputData().length) return [[], []];
	let scope: ExecutionScope;
	try {
		scope = await ExecutionScope.create(ctx, readExecutionSettings(ctx, operation));
	} catch (error) {
		return everyItemFailed(ctx, error);
	}
	return await runOperation(scope, operation.execute, async (error, item) => await describeFailure(scope, error, item, operation));
}
