/**
 * `auto` sends the bare Hub id; a policy (fastest, cheapest, preferred) or a provider id becomes the
 * model suffix the router reads on its OpenAI-compatible `/v1` routes.
 */
export function routedModel(model: string, provider: string): string {
	return provider === 'auto' ? model : `${model}:${provider}`;
}
