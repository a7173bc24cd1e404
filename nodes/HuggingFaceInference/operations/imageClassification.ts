import { pollIntervalOption } from '../descriptions/options';
import { topKOption } from '../descriptions/textTasks';
import { pictureInputProperty } from '../descriptions/vision';
import { readNumber } from '../../shared/parameters';
import { IMAGE_INPUT, readInputMedia } from './media';
import { preparePicture, type PictureParams } from './picture';
import { resolveTask, servedBy } from './routing';
import type { OperationDescriptor } from './types';

const TOO_LARGE = 'The picture is larger than the provider accepts. Send a smaller picture.';

/** Image classification: the picture's classes, highest score first (hf-inference `[{label, score}]`). */
export const imageClassification: OperationDescriptor<PictureParams<{ topK?: number }>> = {
	displayName: 'Classify Image',
	description: 'Find which classes a picture belongs to, with a score for each',
	action: 'Classify an image',
	hubTasks: ['image-classification'],
	parameters: [pictureInputProperty],
	options: [topKOption, pollIntervalOption],
	timeoutMs: 120_000,
	tooLarge: TOO_LARGE,
	outputFields: ['label', 'score', 'labels', 'model', 'provider', 'providerModelId', 'latencyMs'],
	execute: {
		prepareAllFirst: true,
		prepare: async (scope, itemIndex) =>
			await preparePicture(scope, itemIndex, 'image classification', (options) => ({
				topK: readNumber(scope.ctx, itemIndex, options, 'topK', 'Top K', { min: 1, integer: true }),
			})),

		async run(scope, [item]) {
			const started = Date.now();
			const resolved = await resolveTask(scope, item, 'image-classification');
			const picture = await readInputMedia(scope, item.itemIndex, item.params.input, IMAGE_INPUT);
			const labels = await resolved.helper.classify(resolved.call, picture, item.params.settings);
			const [top] = labels;
			return [
				{
					json: { label: top?.label ?? null, score: top?.score ?? null, labels, ...servedBy(item, resolved), latencyMs: Date.now() - started },
					costUsd: null,
				},
			];
		},
	},
};
