/**
 * In-process n8n workflow harness: runs nodes through n8n-core's real WorkflowExecute,
 * LoadOptionsContext, CredentialTestContext / RoutingNode and BinaryDataService.
 */
import './env';

export { runNode, DEFAULT_TYPE_NAME, NODE_UNDER_TEST, ITEMS_NODE } from './run-node';
export type { RunNodeOptions, RunNodeResult, RunNodeSettings } from './run-node';
export { callListSearch, callLoadOptions, testCredential } from './methods';
export type { NodeMethodOptions, ListSearchOptions } from './methods';
export { HarnessCredentialsHelper } from './credentials-helper';
export { HarnessNodeTypes, ITEMS_NODE_TYPE } from './node-types';
export type { AnyNodeType, NodeTypeInput, HarnessInputItem, HarnessBinaryInput } from './node-types';
export { useBinaryDataService, binaryStoragePath } from './binary-data';
export type { HarnessBinaryMode } from './binary-data';
