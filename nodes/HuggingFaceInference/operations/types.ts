import type { IDataObject, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { HubTask, RequestParameters } from '../../shared/providers/types';
import type { ExecutionScope } from './scope';

/** One input item, read and checked, ready to be sent. */
export interface PreparedItem<P> {
	itemIndex: number;
	/** The Hub model id the user asked for. */
	model: string;
	/** The provider or routing policy the user asked for (`auto`, `cheapest`, `groq`, ...). */
	provider: string;
	params: P;
	/** Request parameters beyond the typed ones: named options and Extra Parameters (per-provider operations). */
	extra?: RequestParameters;
}

/** What a successful call gives back for one item. */
export interface ItemSuccess {
	json: IDataObject;
	binary?: INodeExecutionData['binary'];
	/** Counted by the spend guard. */
	costUsd?: number | null;
	/** What the spend guard counts where costUsd is unknown: a conservative estimate. */
	spendUsd?: number;
}

/** How an operation reads and sends items; the pipeline (pipeline.ts) schedules it. */
export interface Operation<P> {
	/** Reads and validates one item's parameters; throws NodeOperationError before anything is sent. */
	prepare(scope: ExecutionScope, itemIndex: number): Promise<PreparedItem<P>> | PreparedItem<P>;
	/** Sends one unit (one item, or a batch for embeddings); one result per item, in order. */
	run(scope: ExecutionScope, unit: Array<PreparedItem<P>>): Promise<ItemSuccess[]>;
	/** Items with the same key and adjacent in input order may share one request. */
	batchKey?(item: PreparedItem<P>): string;
	batchSize?(scope: ExecutionScope): number;
	/**
	 * Most operations validate every item before the first call (under "Stop Workflow"), so a bad
	 * item costs nothing. Embeddings stream instead: batches are sent while later items are still
	 * being read, so n8n's per-item expression cost overlaps the requests in flight.
	 */
	prepareAllFirst: boolean;
}

/** Lists the providers that do serve the item's model (per operation: catalogue or mapping). */
export type ProvidersHint = (scope: ExecutionScope, item: PreparedItem<unknown>) => Promise<string | undefined>;

/**
 * Everything the node knows about one operation, in its own file: the node's operation list, its
 * parameters and options, the model picker's search, timeouts and error advice are derived from
 * these (see operations/index.ts and ../description.ts). Its key in OPERATIONS is the value saved
 * in workflows (part of the public contract, never renamed).
 */
export interface OperationDescriptor<P = unknown> {
	/** As the operation list shows it, e.g. "Generate Image". */
	displayName: string;
	description: string;
	/** The sentence n8n shows in the nodes panel, e.g. "Generate an image". */
	action: string;
	/** The Hub tasks whose provider mappings (and pipeline tags) this operation serves; the first is its own. */
	hubTasks: readonly [HubTask, ...HubTask[]];
	/** Pipeline tags the model picker searches; the Hub tasks when unset. */
	pickerTags?: readonly string[];
	/** Its parameters, shown for it alone unless another operation lists the same object. */
	parameters: INodeProperties[];
	/** Its options from descriptions/options.ts; the ones every operation has are added for all. */
	options: INodeProperties[];
	/** Time for one item (or batch) when the Timeout option is unset. */
	timeoutMs: number;
	/** After a 413: what makes this operation's request smaller. */
	tooLarge: string;
	/** After "model not supported": who does serve the model; unset, the providers the Hub maps for its tasks. */
	providersHint?: ProvidersHint;
	/** Whether the Max Cost per Execution guard applies (operations with published prices). */
	countsSpend?: boolean;
	/** The json fields of a Success item (the contract's), for the docs and the contract test. */
	outputFields: readonly string[];
	/** Whether a Success item carries a file in the binary property. */
	outputsBinary?: boolean;
	execute: Operation<P>;
}
