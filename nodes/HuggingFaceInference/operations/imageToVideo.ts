import { binaryPropertyNameOption, guidanceScaleOption, negativePromptOption, numInferenceStepsOption, pollIntervalOption, seedOption } from '../descriptions/options';
import { animatePromptProperty, pictureInputProperty } from '../descriptions/vision';
import { itemParameter } from '../../shared/nodeParameter';
import type { ImageEditParameters } from '../../shared/providers/types';
import { GENERATED_FILE_FIELDS, derivedFileBase, fileSuccess } from './fileOutput';
import { IMAGE_INPUT, VIDEO_OUTPUT, readInputMedia } from './media';
import { preparePicture, type PictureParams } from './picture';
import { readDiffusionOptions, readOutputProperty } from './readers';
import { resolveTask } from './routing';
import type { OperationDescriptor } from './types';

/** Models mapped for image-text-to-video are called as image-to-video ones: the item always has a picture. */
const MAPPED_AS = ['image-to-video', 'image-text-to-video'] as const;

export interface AnimateSettings {
	video: ImageEditParameters;
	binaryPropertyName: string;
}

/** Image to video: a short clip made from the item's picture and a prompt, like Text to Video. */
export const imageToVideo: OperationDescriptor<PictureParams<AnimateSettings>> = {
	displayName: 'Image to Video',
	description: 'Turn a picture into a short video clip, following a prompt',
	action: 'Generate a video from an image',
	hubTasks: MAPPED_AS,
	parameters: [animatePromptProperty, pictureInputProperty],
	options: [binaryPropertyNameOption, guidanceScaleOption, negativePromptOption, numInferenceStepsOption, pollIntervalOption, seedOption],
	timeoutMs: 600_000,
	tooLarge: 'The picture is larger than the provider accepts. Send a smaller picture.',
	outputFields: GENERATED_FILE_FIELDS,
	outputsBinary: true,
	execute: {
		prepareAllFirst: true,
		prepare: async (scope, itemIndex) =>
			await preparePicture(scope, itemIndex, 'image to video', (options): AnimateSettings => {
				const prompt = String(itemParameter(scope.ctx, 'prompt', itemIndex, '') ?? '').trim();
				return {
					video: { ...(prompt ? { prompt } : {}), ...readDiffusionOptions(scope, itemIndex, options) },
					binaryPropertyName: readOutputProperty(scope, itemIndex, options, 'video'),
				};
			}),

		async run(scope, [item]) {
			const started = Date.now();
			const resolved = await resolveTask(scope, item, 'image-to-video', MAPPED_AS);
			const picture = await readInputMedia(scope, item.itemIndex, item.params.input, IMAGE_INPUT);
			const { video, binaryPropertyName } = item.params.settings;
			const file = await resolved.helper.animate(resolved.call, picture, video);
			// `photo.png` -> `photo-video.mp4`: the output file says what it came from.
			const fileBase = derivedFileBase(item.params.input.fileName, 'video', 'video');
			return await fileSuccess(scope, item, resolved, { file, started, fileBase, kind: VIDEO_OUTPUT, property: binaryPropertyName, fields: video.prompt ? { prompt: video.prompt } : {} });
		},
	},
};
