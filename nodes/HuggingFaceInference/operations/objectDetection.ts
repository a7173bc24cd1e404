import { pollIntervalOption } from '../descriptions/options';
import { detectionThresholdOption, pictureInputProperty } from '../descriptions/vision';
import { readNumber } from '../../shared/parameters';
import { IMAGE_INPUT, readInputMedia } from './media';
import { preparePicture, type PictureParams } from './picture';
import { resolveTask, servedBy } from './routing';
import type { OperationDescriptor } from './types';

/** Object detection: each object found, with its class, score and box in pixels (hf-inference `[{label, score, box}]`). */
export const objectDetection: OperationDescriptor<PictureParams<{ threshold?: number }>> = {
	displayName: 'Detect Objects',
	description: 'Find the objects in a picture, with a class, a score and a box for each',
	action: 'Detect objects in an image',
	hubTasks: ['object-detection'],
	parameters: [pictureInputProperty],
	options: [detectionThresholdOption, pollIntervalOption],
	timeoutMs: 120_000,
	tooLarge: 'The picture is larger than the provider accepts. Send a smaller picture.',
	outputFields: ['objects', 'model', 'provider', 'providerModelId', 'latencyMs'],
	execute: {
		prepareAllFirst: true,
		prepare: async (scope, itemIndex) =>
			await preparePicture(scope, itemIndex, 'object detection', (options) => ({
				threshold: readNumber(scope.ctx, itemIndex, options, 'threshold', 'Threshold', { min: 0, max: 1 }),
			})),

		async run(scope, [item]) {
			const started = Date.now();
			const resolved = await resolveTask(scope, item, 'object-detection');
			const picture = await readInputMedia(scope, item.itemIndex, item.params.input, IMAGE_INPUT);
			const objects = await resolved.helper.detect(resolved.call, picture, item.params.settings);
			return [{ json: { objects, ...servedBy(item, resolved), latencyMs: Date.now() - started }, costUsd: null }];
		},
	},
};
