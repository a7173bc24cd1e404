/**
 * The settings one execution shares (operations/parameters.ts readExecutionSettings): the Timeout
 * option's default, 0, keeps each operation's own budget, so adding the option unchanged shortens
 * nothing; a number of ms replaces it.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { HuggingFaceInference } from '../../nodes/HuggingFaceInference/HuggingFaceInference.node';
import { DEFAULT_TIMEOUT_MS, readExecutionSettings, type OperationName } from '../../nodes/HuggingFaceInference/operations/parameters';

function contextWith(options: IDataObject): IExecuteFunctions {
	const parameters = { options };
	return {
		getInputData: () => [{ json: {} }],
		getNode: () => ({ parameters }),
		getNodeParameter: (name: string, _itemIndex: number, fallback: unknown) => (parameters as IDataObject)[name] ?? fallback,
	} as unknown as IExecuteFunctions;
}

const OPERATIONS = Object.keys(DEFAULT_TIMEOUT_MS) as OperationName[];

test('the Timeout option is offered with 0, the operation\'s own budget', () => {
	const options = new HuggingFaceInference().description.properties.find((property) => property.name === 'options');
	const timeout = (options?.options as Array<{ name: string; default?: unknown }>).find((option) => option.name === 'timeout');
	expect(timeout?.default).toBe(0);
});

test.each(OPERATIONS)('%s: no Timeout, or the option added unchanged (0), is the operation\'s own budget; a number replaces it', (operation) => {
	expect(readExecutionSettings(contextWith({}), operation).timeoutMs).toBe(DEFAULT_TIMEOUT_MS[operation]);
	expect(readExecutionSettings(contextWith({ timeout: 0 }), operation).timeoutMs).toBe(DEFAULT_TIMEOUT_MS[operation]);
	expect(readExecutionSettings(contextWith({ timeout: 4321 }), operation).timeoutMs).toBe(4321);
});

test('images keep 5 minutes and videos 10 when the option is added unchanged', () => {
	expect(readExecutionSettings(contextWith({ timeout: 0 }), 'image').timeoutMs).toBe(300_000);
	expect(readExecutionSettings(contextWith({ timeout: 0 }), 'textToVideo').timeoutMs).toBe(600_000);
});
