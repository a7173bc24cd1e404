import type { INodeProperties } from 'n8n-workflow';

import { editPromptProperty, inputBinaryProperty } from './parameters';

/**
 * Parameters and options of the picture-reading operations (Classify Image, Detect Objects,
 * Image to Text, Image to Video). Names are part of the public contract: add, never rename.
 */

/** Input Binary Field, as Edit Image and Speech to Text have it, with a hint that names a picture. */
export const pictureInputProperty: INodeProperties = {
	...inputBinaryProperty,
	hint: 'The name of the input binary field that holds the picture (PNG, JPEG, WEBP or GIF)',
};

/** The optional prompt of Edit Image, worded for a clip. */
export const animatePromptProperty: INodeProperties = {
	...editPromptProperty,
	placeholder: 'e.g. The camera slowly pans right as the waves roll in',
	description: 'What should happen in the clip. Most models need one; a few animate the picture without.',
};

export const detectionThresholdOption: INodeProperties = {
	displayName: 'Threshold',
	name: 'threshold',
	type: 'number',
	typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
	default: 0.5,
	description: 'The lowest score an object must have to be returned, from 0 to 1. Without this option the API uses its own (0.5).',
};
