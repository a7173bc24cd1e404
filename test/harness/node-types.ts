import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypes,
	IVersionedNodeType,
} from 'n8n-workflow';
import { NodeHelpers, UnexpectedError } from 'n8n-workflow';

export type AnyNodeType = INodeType | IVersionedNodeType;
/** A node type instance, or its class (instantiated with no arguments). */
export type NodeTypeInput = AnyNodeType | (new () => AnyNodeType);

export function resolveNodeType(input: NodeTypeInput): AnyNodeType {
	return typeof input === 'function' ? new input() : input;
}

/** Type name of the harness's own source node. */
export const ITEMS_NODE_TYPE = 'n8n-nodes-harness.items';

export interface HarnessBinaryInput {
	/** base64 of the file's bytes */
	data: string;
	mimeType: string;
	fileName?: string;
}

export interface HarnessInputItem {
	json: IDataObject;
	binary?: Record<string, HarnessBinaryInput>;
}

/**
 * Minimal `INodeTypes` (what `Workflow` / `WorkflowExecute` / the node contexts need),
 * the same shape as n8n's own `nodes-testing/node-types.ts` but fed from a plain map.
 */
export class HarnessNodeTypes implements INodeTypes {
	constructor(private readonly types: Record<string, AnyNodeType>) {}

	getByName(nodeType: string): AnyNodeType {
		const type = this.types[nodeType];
		if (!type) throw new UnexpectedError(`Unknown node type: ${nodeType}`);
		return type;
	}

	getByNameAndVersion(nodeType: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.getByName(nodeType), version);
	}

	getKnownTypes(): IDataObject {
		return Object.fromEntries(
			Object.keys(this.types).map((name) => [name, { className: name, sourcePath: '' }]),
		);
	}
}

/** Latest version of a (possibly versioned) node type, as the editor would place it. */
export function latestVersion(nodeType: AnyNodeType): number {
	if ('nodeVersions' in nodeType) {
		return nodeType.description.defaultVersion ?? Math.max(...Object.keys(nodeType.nodeVersions).map(Number));
	}
	const { version } = nodeType.description;
	return Array.isArray(version) ? Math.max(...version) : version;
}

/**
 * Builds a fresh "Items" source node type that emits the given items. Binary inputs go through
 * the real `prepareBinaryData`, so in filesystem mode they are stored like any n8n binary
 * (and the node under test sees ids, not inline base64).
 */
export function createItemsNodeType(items: HarnessInputItem[]): INodeType {
	return {
		description: {
			displayName: 'Items',
			name: ITEMS_NODE_TYPE,
			group: ['input'],
			version: 1,
			description: 'Emits the items configured by the test harness',
			defaults: { name: 'Items' },
			inputs: ['main'],
			outputs: ['main'],
			properties: [],
		},
		async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
			const out: INodeExecutionData[] = [];
			for (const item of items) {
				const entry: INodeExecutionData = {
					json: structuredClone(item.json),
					pairedItem: { item: 0 },
				};
				if (item.binary) {
					entry.binary = {};
					for (const [key, bin] of Object.entries(item.binary)) {
						entry.binary[key] = await this.helpers.prepareBinaryData(
							Buffer.from(bin.data, 'base64'),
							bin.fileName,
							bin.mimeType,
						);
					}
				}
				out.push(entry);
			}
			return [out];
		},
	};
}
