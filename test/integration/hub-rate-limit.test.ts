/**
 * A Hub 429 on the provider-mapping look-up: the node waits what the `RateLimit` header says (as
 * huggingface_hub `http_backoff` does: t + 1 s) instead of burning its retries within a second.
 */
import type { Emulator } from '../emulator';
import { MINILM, embeddingParameters, itemsOf, sentence } from './embedding-support';
import { mappingCalls, runHuggingFace, startTestEmulator } from './support';

let emulator: Emulator;
beforeAll(async () => {
	emulator = await startTestEmulator();
});
afterAll(async () => await emulator.close());
beforeEach(() => emulator.reset());

test('RateLimit "api";r=0;t=2 on the mapping look-up: the node waits about 2 s (+1 s, as huggingface_hub), then succeeds', async () => {
	emulator.limitHubFor(2);
	const { outputs, error } = await runHuggingFace(emulator, { parameters: embeddingParameters(MINILM, 'hf-inference'), items: itemsOf(['one', 'two']) });
	expect(error).toBeUndefined();
	expect(outputs[0].map((item) => item.json.embedding)).toEqual([sentence(MINILM, 'one'), sentence(MINILM, 'two')]);
	const lookups = mappingCalls(emulator, MINILM);
	expect(lookups.map((call) => call.status)).toEqual([429, 200]);
	const waitedMs = lookups[1].receivedAt! - lookups[0].answeredAt!;
	// t=2 plus the second huggingface_hub adds: 3 s, less a little timer slack.
	expect(waitedMs).toBeGreaterThanOrEqual(2_900);
	expect(waitedMs).toBeLessThan(4_500);
}, 15_000);
