/** Legacy hf-inference text-generation route (POST /hf-inference/models/{hubId} on a text model). */
import { TEXT_GENERATION_PRICE_PER_MILLION, type CatalogueModel } from './catalogue';
import { sendJson, type Exchange } from './exchange';
import { obj } from './fields';
import type { CallContext, EmulatorState } from './state';
import { tokenize } from './vectors';

const FILLER = ['the', 'quick', 'brown', 'fox', 'jumps', 'over', 'a', 'lazy', 'dog', 'and', 'then', 'rests'];

export function handleTextGeneration(ex: Exchange, st: EmulatorState, ctx: CallContext, model: CatalogueModel): void {
	const body = obj(ex.json) ?? {};
	const inputs = body.inputs;
	if (typeof inputs !== 'string') {
		return sendJson(ex, 422, { error: 'Input validation error: `inputs` must be a string', error_type: 'validation' });
	}
	const params = obj(body.parameters) ?? {};
	const spec = model.textGeneration ?? {};
	const maxNew = typeof params.max_new_tokens === 'number' ? params.max_new_tokens : 20;
	const inputTokens = tokenize(inputs).length + 1;
	if (spec.maxTotalTokens !== undefined && inputTokens + maxNew > spec.maxTotalTokens) {
		return sendJson(ex, 422, {
			error: `Input validation error: \`inputs\` tokens + \`max_new_tokens\` must be <= ${spec.maxTotalTokens}. Given: ${inputTokens} \`inputs\` tokens and ${maxNew} \`max_new_tokens\``,
			error_type: 'validation',
		});
	}
	const unused = (spec.unusedKwargs ?? []).filter((k) => params[k] !== undefined && params[k] !== null);
	if (unused.length > 0) {
		const msg = `The following \`model_kwargs\` are not used by the model: [${unused.map((k) => `'${k}'`).join(', ')}] (note: typos in the generate arguments will also show up in this list)`;
		return sendJson(ex, 400, { error: msg, warnings: [`There was an inference error: ${msg}`] }, { 'x-compute-type': 'cpu', 'x-compute-time': '0.003' });
	}
	ex.record.servedBy = 'hf-inference';
	const n = Math.max(0, Math.min(maxNew, FILLER.length));
	const generated = FILLER.slice(0, n).map((w) => ` ${w}`).join('');
	st.charge(ctx, ex.record, ((inputTokens + n) * TEXT_GENERATION_PRICE_PER_MILLION) / 1_000_000);
	const text = params.return_full_text === false ? generated : `${inputs}${generated}`;
	sendJson(ex, 200, [{ generated_text: text }]);
}
