import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	IDataObject,
	INodeCredentialTestResult,
} from 'n8n-workflow';

const TOKEN_PAGE = 'https://huggingface.co/settings/tokens';
/** "Make calls to Inference Providers" in the Hub's token settings. */
export const INFERENCE_PERMISSION = 'inference.serverless.write';

interface WhoAmI {
	name?: string;
	auth?: {
		accessToken?: {
			role?: string;
			fineGrained?: {
				global?: string[];
				scoped?: Array<{ entity?: IDataObject; permissions?: string[] }>;
			};
		};
	};
}

/** Whether a whoami-v2 answer shows a token that may call Inference Providers. */
export function tokenCanCallInference(whoami: WhoAmI): boolean {
	const token = whoami.auth?.accessToken;
	if (!token) return true; // OAuth and older answers carry no token details: let the router decide.
	if (token.role !== 'fineGrained') return true;
	const fineGrained = token.fineGrained ?? {};
	if ((fineGrained.global ?? []).includes(INFERENCE_PERMISSION)) return true;
	return (fineGrained.scoped ?? []).some((scope) => (scope.permissions ?? []).includes(INFERENCE_PERMISSION));
}

/**
 * The credential test: asks the Hub who the token belongs to, then checks the fine-grained
 * permission that the router requires. Runs as the node's credentialTest (named by testedBy)
 * because a declarative test can only compare one value.
 */
export async function huggingFaceInferenceApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const data = (credential.data ?? {}) as IDataObject;
	const token = String(data.accessToken ?? '').trim();
	const hubUrl = String(data.hubUrl || 'https://huggingface.co').replace(/\/+$/, '');
	if (!token) {
		return { status: 'Error', message: `The access token is empty. Create one at ${TOKEN_PAGE} with "Make calls to Inference Providers".` };
	}
	let response: { statusCode: number; body: unknown };
	try {
		response = await this.helpers.request({
			method: 'GET',
			uri: `${hubUrl}/api/whoami-v2`,
			headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
			json: true,
			simple: false,
			resolveWithFullResponse: true,
			timeout: 20000,
		});
	} catch (error) {
		const reason = (error as Error).message.split(token).join('***');
		return { status: 'Error', message: `Could not reach the Hub at ${hubUrl}: ${reason}. Check the Hub URL in the credential.` };
	}
	if (response.statusCode === 401) {
		return {
			status: 'Error',
			message: `Hugging Face does not accept this token (HTTP 401). Copy it again, or create a new one at ${TOKEN_PAGE} with "Make calls to Inference Providers".`,
		};
	}
	if (response.statusCode >= 400) {
		return { status: 'Error', message: `The Hub answered HTTP ${response.statusCode} to the token check at ${hubUrl}/api/whoami-v2.` };
	}
	let whoami: WhoAmI;
	try {
		whoami = (typeof response.body === 'string' ? JSON.parse(response.body) : response.body) as WhoAmI;
	} catch {
		return { status: 'Error', message: `${hubUrl}/api/whoami-v2 did not answer with JSON. Check the Hub URL in the credential (default: https://huggingface.co).` };
	}
	if (!whoami || typeof whoami !== 'object') {
		return { status: 'Error', message: `${hubUrl}/api/whoami-v2 gave an unexpected answer. Check the Hub URL in the credential.` };
	}
	if (!tokenCanCallInference(whoami)) {
		return {
			status: 'Error',
			message: `This fine-grained token of ${whoami.name ?? 'your account'} lacks the "Make calls to Inference Providers" permission. Edit it at ${TOKEN_PAGE} and tick "Make calls to Inference Providers", or create a new token with it.`,
		};
	}
	return { status: 'OK', message: `Connection successful: token of ${whoami.name ?? 'a Hugging Face user'}` };
}
