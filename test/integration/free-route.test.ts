/** A provider on a free promo (`is_free: true` on /v1/models, hub-docs inference-providers/hub-api.md) costs 0. */
import type { Emulator } from '../emulator';
import { chatParameters, routerCalls, runHuggingFace, startTestEmulator, TOKEN } from './support';

let emulator: Emulator;
beforeAll(async () => {
	emulator = await startTestEmulator();
});
afterAll(async () => await emulator.close());

test('chat on a free route: costUsd is 0, as charged, not unknown', async () => {
	const before = emulator.getCredits(TOKEN);
	const { outputs, error } = await runHuggingFace(emulator, { parameters: chatParameters('openai/gpt-oss-120b', 'ovhcloud') });
	expect(error).toBeUndefined();
	expect(outputs[0][0].json).toMatchObject({ provider: 'ovhcloud', costUsd: 0 });
	expect(routerCalls(emulator)[0].cost).toBe(0);
	expect(emulator.getCredits(TOKEN)).toBe(before);
});
