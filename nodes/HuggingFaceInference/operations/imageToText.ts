import { pollIntervalOption } from '../descriptions/options';
import { pictureInputProperty } from '../descriptions/vision';
import { IMAGE_INPUT, readInputMedia } from './media';
import { preparePicture, type PictureParams } from './picture';
import { resolveTask, servedBy } from './routing';
import type { OperationDescriptor } from './types';

/** Image to text: a caption (hf-inference `generated_text`) or the text read in the picture (zai-org's OCR). */
export const imageToText: OperationDescriptor<PictureParams<Record<string, never>>> = {
	displayName: 'Image to Text',
	description: 'Describe a picture in words, or read the text in it',
	action: 'Turn an image into text',
	hubTasks: ['image-to-text'],
	parameters: [pictureInputProperty],
	options: [pollIntervalOption],
	timeoutMs: 120_000,
	tooLarge: 'The picture is larger than the provider accepts. Send a smaller picture.',
	outputFields: ['text', 'model', 'provider', 'providerModelId', 'latencyMs'],
	execute: {
		prepareAllFirst: true,
		prepare: async (scope, itemIndex) => await preparePicture(scope, itemIndex, 'image to text', () => ({})),

		async run(scope, [item]) {
			const started = Date.now();
			const resolved = await resolveTask(scope, item, 'image-to-text');
			const picture = await readInputMedia(scope, item.itemIndex, item.params.input, IMAGE_INPUT);
			const text = await resolved.helper.describe(resolved.call, picture);
			return [{ json: { text, ...servedBy(item, resolved), latencyMs: Date.now() - started }, costUsd: null }];
		},
	},
};
