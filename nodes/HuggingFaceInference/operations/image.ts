import { guidanceScaleOption, heightOption, negativePromptOption, numInferenceStepsOption, pollIntervalOption, seedOption, widthOption, binaryPropertyNameOption } from '../descriptions/options';
import { promptProperty } from '../descriptions/parameters';
import type { ImageParameters } from '../../shared/providers/types';
import { GENERATED_FILE_FIELDS, PROMPT_TOO_LONG, fileSuccess } from './fileOutput';
import { IMAGE_OUTPUT } from './media';
import { readDiffusionOptions, readDimension, readOutputProperty, readPrompt } from './readers';
import { prepareRouted, resolveTask } from './routing';
import type { OperationDescriptor } from './types';

export interface ImageParams {
	image: ImageParameters;
	binaryPropertyName: string;
}

export const image: OperationDescriptor<ImageParams> = {
	displayName: 'Generate Image',
	description: 'Generate an image from a text prompt',
	action: 'Generate an image',
	hubTasks: ['text-to-image'],
	parameters: [promptProperty],
	options: [binaryPropertyNameOption, guidanceScaleOption, heightOption, negativePromptOption, numInferenceStepsOption, pollIntervalOption, seedOption, widthOption],
	timeoutMs: 300_000,
	tooLarge: PROMPT_TOO_LONG,
	outputFields: GENERATED_FILE_FIELDS,
	outputsBinary: true,
	execute: {
		prepareAllFirst: true,
		prepare: (scope, itemIndex) =>
			prepareRouted(scope, itemIndex, 'image generation', (options): ImageParams => {
				const image: ImageParameters = { prompt: readPrompt(scope, itemIndex, 'image') };
				const width = readDimension(scope, itemIndex, options, 'width', 'Width');
				const height = readDimension(scope, itemIndex, options, 'height', 'Height');
				if (width !== undefined) image.width = width;
				if (height !== undefined) image.height = height;
				Object.assign(image, readDiffusionOptions(scope, itemIndex, options));
				return { image, binaryPropertyName: readOutputProperty(scope, itemIndex, options, 'image') };
			}),

		async run(scope, [item]) {
			const started = Date.now();
			const resolved = await resolveTask(scope, item, 'text-to-image');
			const { image, binaryPropertyName } = item.params;
			const file = await resolved.helper.generate(resolved.call, image);
			return await fileSuccess(scope, item, resolved, { file, started, fileBase: 'image', kind: IMAGE_OUTPUT, property: binaryPropertyName, fields: { prompt: image.prompt } });
		},
	},
};
