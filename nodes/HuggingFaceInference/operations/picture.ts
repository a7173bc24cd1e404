import { NodeOperationError, type IDataObject } from 'n8n-workflow';

import { IMAGE_INPUT, fileHead, referenceInputBinary, sniffImage, type MediaReference } from './media';
import { checkNamingProviderAndModel, prepareRouted } from './routing';
import type { ExecutionScope } from './scope';
import type { PreparedItem } from './types';

/** What the picture-reading operations (classification, detection, image to text, image to video) prepare. */
export interface PictureParams<O> {
	input: MediaReference;
	settings: O;
}

/**
 * Reads an item for a picture-reading operation: model, provider, its own settings, and the
 * picture, whose first bytes are checked here so that a file that is no picture fails its item,
 * by name, before any call (under "Stop Workflow" before the first item is sent). The same rule
 * as Edit Image (media.ts): its first bytes say it is a picture, else it was stored as one.
 */
export async function preparePicture<O>(
	scope: ExecutionScope,
	itemIndex: number,
	task: string,
	read: (options: IDataObject) => O,
): Promise<PreparedItem<PictureParams<O>>> {
	const item = prepareRouted(scope, itemIndex, task, (options) => ({ input: referenceInputBinary(scope, itemIndex, 'picture'), settings: read(options) }));
	const { input } = item.params;
	const binary = scope.ctx.getInputData()[itemIndex].binary![input.property];
	const { head, size } = await fileHead(scope.ctx, binary);
	checkNamingProviderAndModel(scope, itemIndex, item.provider, item.model, () => {
		if (size && (sniffImage(head) || IMAGE_INPUT.declared.test(input.declaredType))) return;
		throw new NodeOperationError(scope.ctx.getNode(), `The file in "${input.property}" is not ${IMAGE_INPUT.what} (item ${itemIndex})`, {
			itemIndex,
			description: `Got ${size} bytes${input.declaredType ? ` stored as ${input.declaredType}` : ''} that are not ${IMAGE_INPUT.formats}. Pass a picture.`,
		});
	});
	return item;
}
