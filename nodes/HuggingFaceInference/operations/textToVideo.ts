import type { IDataObject } from 'n8n-workflow';

import {
	aspectRatioOption,
	binaryPropertyNameOption,
	durationOption,
	guidanceScaleOption,
	negativePromptOption,
	numFramesOption,
	numInferenceStepsOption,
	pollIntervalOption,
	seedOption,
} from '../descriptions/options';
import { badInput, readNumber } from '../../shared/parameters';
import { promptProperty } from '../descriptions/parameters';
import type { VideoParameters } from '../../shared/providers/types';
import { GENERATED_FILE_FIELDS, PROMPT_TOO_LONG, fileSuccess } from './fileOutput';
import { VIDEO_OUTPUT } from './media';
import { readDiffusionOptions, readOutputProperty, readPrompt } from './readers';
import { prepareRouted, resolveTask } from './routing';
import type { ExecutionScope } from './scope';
import type { OperationDescriptor } from './types';

export interface TextToVideoParams {
	video: VideoParameters;
	binaryPropertyName: string;
}

/** Frames, duration and aspect ratio, under the names the providers' video models read. */
export function readClipShape(scope: ExecutionScope, itemIndex: number, options: IDataObject): Record<string, unknown> {
	const aspectRatio = String(options.aspectRatio ?? '').trim();
	if (aspectRatio && !/^\d+:\d+$/.test(aspectRatio)) {
		throw badInput(scope.ctx, itemIndex, 'Aspect Ratio', `"${aspectRatio}" is not width:height`, 'Use for example 16:9, 9:16 or 1:1.');
	}
	return {
		num_frames: readNumber(scope.ctx, itemIndex, options, 'numFrames', 'Number of Frames', { min: 1, integer: true }),
		duration: readNumber(scope.ctx, itemIndex, options, 'duration', 'Duration (Seconds)', { min: 1 }),
		aspect_ratio: aspectRatio || undefined,
	};
}

/** Text to video: the prompt and the options it shares with images; a clip takes minutes. */
export const textToVideo: OperationDescriptor<TextToVideoParams> = {
	displayName: 'Text to Video',
	description: 'Generate a short video clip from a text prompt',
	action: 'Generate a video',
	hubTasks: ['text-to-video'],
	parameters: [promptProperty],
	options: [aspectRatioOption, binaryPropertyNameOption, durationOption, guidanceScaleOption, negativePromptOption, numFramesOption, numInferenceStepsOption, pollIntervalOption, seedOption],
	timeoutMs: 600_000,
	tooLarge: PROMPT_TOO_LONG,
	outputFields: GENERATED_FILE_FIELDS,
	outputsBinary: true,
	execute: {
		prepareAllFirst: true,
		prepare: (scope, itemIndex) =>
			prepareRouted(
				scope,
				itemIndex,
				'text to video',
				(options): TextToVideoParams => ({
					video: { prompt: readPrompt(scope, itemIndex, 'clip'), ...readDiffusionOptions(scope, itemIndex, options) },
					binaryPropertyName: readOutputProperty(scope, itemIndex, options, 'video'),
				}),
				(options) => readClipShape(scope, itemIndex, options),
			),

		async run(scope, [item]) {
			const started = Date.now();
			const resolved = await resolveTask(scope, item, 'text-to-video');
			const { video, binaryPropertyName } = item.params;
			const file = await resolved.helper.generate(resolved.call, video);
			return await fileSuccess(scope, item, resolved, { file, started, fileBase: 'video', kind: VIDEO_OUTPUT, property: binaryPropertyName, fields: { prompt: video.prompt } });
		},
	},
};
