/**
 * The settings one execution shares (operations/parameters.ts readExecutionSettings): the Timeout
 * option's default, 0, keeps each operation's own budget, so adding the option unchanged shortens
 * nothing; a number of ms replaces it.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { HuggingFaceInference } from '../../nodes/HuggingFaceInference/HuggingFaceInference.node';
import { OPERATIONS, type OperationName } from '../../nodes/HuggingFaceInference/operations';
import { readExecutionSettings } from '../../nodes/HuggingFaceInference/operations/parameters';

function contextWith(options: IDataObject): IExecuteFunctions {
	const parameters = { options };
	return {
		getInputData: () => [{ json: {} }],
		getNode: () => ({ parameters }),
		getNodeParameter: (name: string, _itemIndex: number, fallback: unknown) => (parameters as IDataObject)[name] ?? fallback,
	} as unknown as IExecuteFunctions;
}

const NAMES = Object.keys(OPERATIONS) as OperationName[];

test('the Timeout option is offered with 0, the operation\'s own budget', () => {
	const options = new HuggingFaceInference().description.properties.find((property) => property.name === 'options');
	const timeout = (options?.options as Array<{ name: string; default?: unknown }>).find((option) => option.name === 'timeout');
	expect(timeout?.default).toBe(0);
});

test.each(NAMES)('%s: no Timeout, or the option added unchanged (0), is the operation\'s own budget; a number replaces it', (operation) => {
	expect(readExecutionSettings(contextWith({}), OPERATIONS[operation]).timeoutMs).toBe(OPERATIONS[operation].timeoutMs);
	expect(readExecutionSettings(contextWith({ timeout: 0 }), OPERATIONS[operation]).timeoutMs).toBe(OPERATIONS[operation].timeoutMs);
	expect(readExecutionSettings(contextWith({ timeout: 4321 }), OPERATIONS[operation]).timeoutMs).toBe(4321);
});

test('images keep 5 minutes and videos 10 when the option is added unchanged', () => {
	expect(readExecutionSettings(contextWith({ timeout: 0 }), OPERATIONS.image).timeoutMs).toBe(300_000);
	expect(readExecutionSettings(contextWith({ timeout: 0 }), OPERATIONS.textToVideo).timeoutMs).toBe(600_000);
});
