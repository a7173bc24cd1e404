import type { INodeProperties } from 'n8n-workflow';

import { optionsCollection } from '../shared/descriptions';
import { COMMON_OPTIONS } from './descriptions/options';
import { OPERATIONS, type OperationName } from './operations';
import type { OperationDescriptor } from './operations/types';

/**
 * The node's operation list, parameters and Options collection, derived from the operations'
 * descriptors: a parameter or option object listed by several operations is one field shown for
 * all of them.
 */

const entries = Object.entries(OPERATIONS) as Array<[OperationName, OperationDescriptor<unknown>]>;

export const operationProperty: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	options: entries
		.map(([value, operation]) => ({ name: operation.displayName, value, description: operation.description, action: operation.action }))
		.sort((a, b) => a.name.localeCompare(b.name)),
	default: 'chat',
};

/** Each distinct object, in first-listed order, with the operations that list it. */
function usersOf(pick: (operation: OperationDescriptor<unknown>) => readonly INodeProperties[]): Map<INodeProperties, OperationName[]> {
	const users = new Map<INodeProperties, OperationName[]>();
	for (const [value, operation] of entries) {
		for (const property of pick(operation)) users.set(property, [...(users.get(property) ?? []), value]);
	}
	return users;
}

/** `key` is `operation` for a parameter, `/operation` inside the Options collection. */
function shownFor(property: INodeProperties, key: string, operations: OperationName[]): INodeProperties {
	const show = { ...property.displayOptions?.show, [key]: operations };
	return { ...property, displayOptions: { ...property.displayOptions, show } };
}

export const operationParameters: INodeProperties[] = [...usersOf((operation) => operation.parameters)].map(([property, operations]) =>
	shownFor(property, 'operation', operations),
);

const common = new Set(COMMON_OPTIONS);

export const optionsProperty: INodeProperties = optionsCollection(
	[
		...COMMON_OPTIONS,
		...[...usersOf((operation) => operation.options)].filter(([option]) => !common.has(option)).map(([option, operations]) => shownFor(option, '/operation', operations)),
	].sort((a, b) => a.displayName.localeCompare(b.displayName)),
);
