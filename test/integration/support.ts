import type { ICredentialDataDecryptedObject, IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { HuggingFaceInferenceApi } from '../../credentials/HuggingFaceInferenceApi.credentials';
import { HuggingFaceInference } from '../../nodes/HuggingFaceInference/HuggingFaceInference.node';
import { startEmulator, type Emulator, type RecordedRequest } from '../emulator';
import { runNode } from '../harness';

/** Tokens used against the emulator. Never real ones; the suite scans outputs for them. */
export const TOKEN = 'hf_test_good_token_0001';
export const POOR_TOKEN = 'hf_test_poor_token_0002';
export const READ_ONLY_FINE_GRAINED = 'hf_test_finegrained_noinf_0003';
export const BAD_TOKEN = 'hf_test_not_a_token_0004';

export async function startTestEmulator(): Promise<Emulator> {
	return await startEmulator({
		tokens: {
			[TOKEN]: { credits: 1000, role: 'write', name: 'ada', orgs: ['acme'], preferredProviders: ['together', 'groq'] },
			[POOR_TOKEN]: { credits: 0.1, role: 'fineGrained', permissions: ['inference.serverless.write'], name: 'bob' },
			[READ_ONLY_FINE_GRAINED]: { credits: 1, role: 'fineGrained', permissions: ['repo.content.read'], name: 'carol' },
		},
	});
}

/** Starts the emulator for the calling test file, resets it before each test and closes it at the end. */
export function useTestEmulator(onStarted: (emulator: Emulator) => void): void {
	let started: Emulator;
	beforeAll(async () => {
		started = await startTestEmulator();
		onStarted(started);
	});
	afterAll(async () => await started.close());
	beforeEach(() => started.reset());
}

export function credentialsFor(emulator: Emulator, token = TOKEN, billTo = ''): ICredentialDataDecryptedObject {
	return { accessToken: token, billTo, routerUrl: emulator.url, hubUrl: emulator.url };
}

export interface RunOptions {
	parameters: INodeParameters;
	items?: Array<{ json: IDataObject; binary?: Record<string, { data: string; mimeType: string; fileName?: string }> }>;
	token?: string;
	billTo?: string;
	settings?: Parameters<typeof runNode>[0]['settings'];
	binaryMode?: 'default' | 'filesystem';
}

/** Runs the real node, through n8n's engine, against the emulator. */
export async function runHuggingFace(emulator: Emulator, options: RunOptions) {
	return await runNode({
		nodeType: new HuggingFaceInference(),
		parameters: options.parameters,
		items: options.items ?? [{ json: {} }],
		credentialTypes: [new HuggingFaceInferenceApi()],
		credentials: { huggingFaceInferenceApi: credentialsFor(emulator, options.token, options.billTo) },
		settings: options.settings,
		binaryMode: options.binaryMode,
	});
}

export const chatParameters = (model: string, provider: string, content = 'Hello there', options: IDataObject = {}): INodeParameters => ({
	operation: 'chat',
	model: { __rl: true, mode: 'id', value: model },
	provider,
	messages: { values: [{ role: 'user', content }] },
	options: options as INodeParameters,
});

/** Inference calls the emulator received on the router (not Hub, not CDN). */
export function routerCalls(emulator: Emulator, pathPrefix = '/v1/chat/completions') {
	return emulator.requests.filter((request) => request.listener === 'router' && request.path.startsWith(pathPrefix));
}

/** Calls to the router that are not Hub look-ups: inference, polling. */
export function inferenceCalls(emulator: Emulator): RecordedRequest[] {
	return emulator.requests.filter((request) => request.listener === 'router' && !request.path.startsWith('/api/'));
}

/** The Hub's provider-mapping look-ups, for one model or all. */
export function mappingCalls(emulator: Emulator, model?: string): RecordedRequest[] {
	return emulator.requests.filter(
		(request) =>
			request.listener === 'router' &&
			request.path.startsWith('/api/models/') &&
			(model === undefined || request.path === `/api/models/${model}`),
	);
}

/** The message of an error item (On Error: Continue). */
export function errorText(item: INodeExecutionData): string {
	return String(item.json.error);
}

/** The description of an error item: the node puts it in `json.details`. */
export function errorDescription(item: INodeExecutionData): string {
	return String((item.json.details as IDataObject | undefined)?.description);
}
