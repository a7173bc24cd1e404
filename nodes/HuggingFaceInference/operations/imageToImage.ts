import type { IDataObject } from 'n8n-workflow';

import {
	binaryPropertyNameOption,
	guidanceScaleOption,
	negativePromptOption,
	numInferenceStepsOption,
	outputHeightOption,
	outputWidthOption,
	pollIntervalOption,
	seedOption,
} from '../descriptions/options';
import { badInput } from '../../shared/parameters';
import { editPromptProperty, inputBinaryProperty } from '../descriptions/parameters';
import { itemParameter } from '../../shared/nodeParameter';
import type { ImageEditParameters } from '../../shared/providers/types';
import { GENERATED_FILE_FIELDS, derivedFileBase, fileSuccess } from './fileOutput';
import { IMAGE_INPUT, IMAGE_OUTPUT, readInputMedia, referenceInputBinary, type MediaReference } from './media';
import { readDiffusionOptions, readDimension, readOutputProperty } from './readers';
import { prepareRouted, resolveTask } from './routing';
import type { ExecutionScope } from './scope';
import type { OperationDescriptor } from './types';

export interface ImageToImageParams {
	input: MediaReference;
	edit: ImageEditParameters;
	binaryPropertyName: string;
}

/** Output Width and Output Height, both or neither: the task spec's `target_size`. */
function readOutputSize(scope: ExecutionScope, itemIndex: number, options: IDataObject): { width: number; height: number } | undefined {
	const width = readDimension(scope, itemIndex, { width: options.outputWidth }, 'width', 'Output Width');
	const height = readDimension(scope, itemIndex, { height: options.outputHeight }, 'height', 'Output Height');
	if (width === undefined && height === undefined) return undefined;
	if (width === undefined || height === undefined) {
		throw badInput(scope.ctx, itemIndex, width === undefined ? 'Output Width' : 'Output Height', 'is missing', 'Set both Output Width and Output Height, or neither.');
	}
	return { width, height };
}

/** Models mapped for image-text-to-image are edited as image-to-image ones: the item always has a picture. */
const MAPPED_AS = ['image-to-image', 'image-text-to-image'] as const;

export const imageToImage: OperationDescriptor<ImageToImageParams> = {
	displayName: 'Edit Image',
	description: 'Turn an input picture into a new one, following a prompt',
	action: 'Edit an image',
	hubTasks: MAPPED_AS,
	parameters: [editPromptProperty, inputBinaryProperty],
	options: [binaryPropertyNameOption, guidanceScaleOption, negativePromptOption, numInferenceStepsOption, outputHeightOption, outputWidthOption, pollIntervalOption, seedOption],
	timeoutMs: 300_000,
	tooLarge: 'The picture is larger than the provider accepts. Send a smaller picture.',
	outputFields: GENERATED_FILE_FIELDS,
	outputsBinary: true,
	execute: {
		prepareAllFirst: true,
		prepare: (scope, itemIndex) =>
			prepareRouted(scope, itemIndex, 'image to image', (options): ImageToImageParams => {
				const input = referenceInputBinary(scope, itemIndex, 'picture');
				const prompt = String(itemParameter(scope.ctx, 'prompt', itemIndex, '') ?? '').trim();
				const edit: ImageEditParameters = { ...(prompt ? { prompt } : {}), ...readDiffusionOptions(scope, itemIndex, options) };
				return { input, edit, binaryPropertyName: readOutputProperty(scope, itemIndex, options, 'image') };
			}, (options) => ({ target_size: readOutputSize(scope, itemIndex, options) })),

		async run(scope, [item]) {
			const started = Date.now();
			const resolved = await resolveTask(scope, item, 'image-to-image', MAPPED_AS);
			const input = await readInputMedia(scope, item.itemIndex, item.params.input, IMAGE_INPUT);
			const { edit, binaryPropertyName } = item.params;
			const file = await resolved.helper.edit(resolved.call, input, edit);
			// `photo.jpg` -> `photo-edited.png`: the output file says what it came from.
			const fileBase = derivedFileBase(item.params.input.fileName, 'edited', 'image');
			return await fileSuccess(scope, item, resolved, { file, started, fileBase, kind: IMAGE_OUTPUT, property: binaryPropertyName, fields: edit.prompt ? { prompt: edit.prompt } : {} });
		},
	},
};
