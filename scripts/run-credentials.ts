/**
 * The token values `npm start` and `npm run evaluate` import into their n8n: the emulator's
 * accounts offline, else HF_TOKEN and the fallback settings from the environment. One place, so
 * that the two scripts cannot drift apart.
 */
export const EMULATOR_TOKEN = 'hf_offline_emulator_token_01';
export const EMULATOR_FALLBACK_TOKEN = 'hf_offline_emulator_fallback_01';

export interface RunTokens {
	token: string;
	fallbackToken: string;
	billTo: string;
	fallbackBillTo: string;
}

export function runTokens(offline: boolean, token: string): RunTokens {
	if (offline) return { token: EMULATOR_TOKEN, fallbackToken: EMULATOR_FALLBACK_TOKEN, billTo: '', fallbackBillTo: '' };
	return {
		token,
		fallbackToken: process.env.HF_FALLBACK_TOKEN?.trim() || token,
		billTo: process.env.HF_BILL_TO?.trim() || '',
		fallbackBillTo: process.env.HF_FALLBACK_BILL_TO?.trim() || '',
	};
}
