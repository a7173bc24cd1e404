/**
 * The node's lists come from the operations' descriptors (nodes/HuggingFaceInference/description.ts):
 * every operation is in the list with its own parameters and options, shown for it alone unless
 * another operation lists the same field; the contract's names hold.
 */
import type { INodeProperties } from 'n8n-workflow';

import { HuggingFaceInference } from '../../nodes/HuggingFaceInference/HuggingFaceInference.node';
import { COMMON_OPTIONS } from '../../nodes/HuggingFaceInference/descriptions/options';
import { OPERATIONS, type OperationName } from '../../nodes/HuggingFaceInference/operations';
import { isProviderTask } from '../../nodes/shared/providers';

const { properties } = new HuggingFaceInference().description;
const names = Object.keys(OPERATIONS) as OperationName[];
const operationList = properties.find((property) => property.name === 'operation')!;
const options = properties.find((property) => property.name === 'options')!.options as INodeProperties[];

test('the operation list is the OPERATIONS table, sorted by name, with the contract\'s values', () => {
	const listed = (operationList.options as Array<{ name: string; value: string }>).map((option) => option.value);
	expect([...listed].sort()).toEqual([...names].sort());
	const shown = (operationList.options as Array<{ name: string }>).map((option) => option.name);
	expect(shown).toEqual([...shown].sort((a, b) => a.localeCompare(b)));
	for (const value of ['chat', 'image', 'embedding', 'imageToImage', 'speechToText', 'textToSpeech', 'textToVideo']) expect(listed).toContain(value);
});

test.each(names)('%s: each of its parameters is shown for it, and only for the operations that list the same field', (name) => {
	for (const parameter of OPERATIONS[name].parameters) {
		const shown = properties.filter((property) => property.name === parameter.name && (property.displayOptions?.show?.operation as string[] | undefined)?.includes(name));
		expect(shown).toHaveLength(1);
		const listers = names.filter((other) => (OPERATIONS[other].parameters as INodeProperties[]).includes(parameter));
		expect([...(shown[0].displayOptions!.show!.operation as string[])].sort()).toEqual(listers.sort());
	}
});

test.each(names)('%s: each of its options is in the collection for it; the common ones for every operation', (name) => {
	for (const option of OPERATIONS[name].options) {
		const entry = options.find((candidate) => candidate.name === option.name)!;
		expect(entry.displayOptions?.show?.['/operation']).toContain(name);
	}
	for (const option of COMMON_OPTIONS) expect(options.find((candidate) => candidate.name === option.name)?.displayOptions?.show?.['/operation']).toBeUndefined();
});

test('an option name is one field of the collection, and the collection is sorted by display name', () => {
	const optionNames = options.map((option) => option.name);
	expect(new Set(optionNames).size).toBe(optionNames.length);
	const shown = options.map((option) => option.displayName);
	expect(shown).toEqual([...shown].sort((a, b) => a.localeCompare(b)));
});

test('a per-provider operation names a provider task first; chat is the conversational one', () => {
	for (const name of names) {
		const [task] = OPERATIONS[name].hubTasks;
		expect(name === 'chat' ? task === 'conversational' : isProviderTask(task)).toBe(true);
		expect(OPERATIONS[name].timeoutMs).toBeGreaterThan(0);
		expect(OPERATIONS[name].tooLarge.length).toBeGreaterThan(10);
	}
	expect(OPERATIONS.imageToImage.hubTasks).toContain('image-text-to-image');
});

test('the contract\'s option keys that exist so far are in the collection', () => {
	const contract = ['maxTokens', 'temperature', 'topP', 'seed', 'responseFormat', 'stream', 'negativePrompt', 'width', 'height', 'numInferenceSteps', 'guidanceScale', 'binaryPropertyName', 'batchSize', 'normalize', 'truncate', 'timeout', 'maxRetries', 'concurrency', 'maxCostUsd', 'extraParameters'];
	for (const key of contract) expect(options.map((option) => option.name)).toContain(key);
});

test('every Success item promises model, provider and latencyMs', () => {
	for (const name of names) expect(OPERATIONS[name].outputFields).toEqual(expect.arrayContaining(['model', 'provider', 'latencyMs']));
});
