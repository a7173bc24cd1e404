/**
 * The chat model sub-node through n8n's engine (n8n-core's WorkflowExecute and its real SupplyDataContext) and
 * n8n's AI node SDK 0.31.1 (the version n8n 2.41.1 ships), against the emulator, called by the
 * probe root node of subnodes-support.ts the way n8n's AI nodes call it; the
 * real Agent and chain run in test/e2e/subnodes.e2e.test.ts.
 */
import { findOffer, type Emulator } from '../emulator';
import { LLAMA, CALCULATOR, probe, useSubNodeEmulator } from './subnodes-support';
import { POOR_TOKEN } from './support';

let emulator: Emulator;
useSubNodeEmulator((started) => (emulator = started));

const chatCalls = () => emulator.requests.filter((request) => request.path === '/v1/chat/completions');

describe('chat model sub-node', () => {
	const model = (provider = 'cheapest', options = {}) => ({ model: { __rl: true, mode: 'id', value: LLAMA }, provider, options });

	test('binds tools, gets the tool call, and answers from the tool result (the Agent loop)', async () => {
		const { outputs, error, subNodeRuns } = await probe('chat', 'tools', model('cheapest', { maxTokens: 200, temperature: 0.2 }), [
			{ question: 'What is 2 + 2? Call the tool calculator with {"input":"2 + 2"}' },
		]);
		expect(error).toBeUndefined();
		const [result] = outputs[0];
		expect(result.json.toolCalls).toEqual([{ type: 'tool_call', id: expect.stringMatching(/^call_/), name: 'calculator', args: { input: '2 + 2' } }]);
		expect(result.json.answer).toMatch(/Tool calculator returned: 4$/);

		const [first, second] = chatCalls().map((call) => call.body as any);
		expect(first).toEqual({
			model: `${LLAMA}:cheapest`,
			messages: [
				{ role: 'system', content: 'Use the calculator.' },
				{ role: 'user', content: 'What is 2 + 2? Call the tool calculator with {"input":"2 + 2"}' },
			],
			tools: [CALCULATOR],
			max_tokens: 200,
			temperature: 0.2,
		});
		const toolCalls = result.json.toolCalls as Array<{ id: string }>;
		expect(second.messages.slice(2)).toEqual([
			{ role: 'assistant', content: null, tool_calls: [{ id: toolCalls[0].id, type: 'function', function: { name: 'calculator', arguments: '{"input":"2 + 2"}' } }] },
			{ role: 'tool', tool_call_id: toolCalls[0].id, content: '4' },
		]);

		// n8n logs each call on the sub-node: the messages in, the token usage (and cost) out.
		expect(subNodeRuns).toHaveLength(2);
		for (const run of subNodeRuns) {
			expect(run.inputOverride.ai_languageModel[0][0].json.messages).toEqual(expect.any(Array));
			const logged = run.data.ai_languageModel[0][0].json;
			expect(logged.tokenUsage).toEqual({ promptTokens: expect.any(Number), completionTokens: expect.any(Number), totalTokens: expect.any(Number), cost: expect.any(Number) });
			expect(logged.tokenUsage.cost).toBeGreaterThan(0);
		}
	});

	test('streams a tool call and the usage, as the Agent does behind a streaming Chat Trigger', async () => {
		const { outputs, error } = await probe('chat', 'stream', model('auto'), [{ question: 'Call the tool calculator with {"input":"6 * 7"}' }]);
		expect(error).toBeUndefined();
		const [result] = outputs[0];
		expect(result.json.toolCalls).toEqual([expect.objectContaining({ name: 'calculator', args: { input: '6 * 7' } })]);
		expect(result.json.usage).toEqual(expect.objectContaining({ input_tokens: expect.any(Number), output_tokens: expect.any(Number) }));
	});

	test('streams two tool calls of one turn as two calls, each with its own arguments', async () => {
		const question = 'Call the tool calculator with {"input":"6 * 7"} and call the tool calculator with {"input":"2 + 2"}';
		const { outputs, error } = await probe('chat', 'stream', model('auto'), [{ question }]);
		expect(error).toBeUndefined();
		const toolCalls = outputs[0][0].json.toolCalls as Array<{ id: string; name: string; args: unknown }>;
		// The router streams them under index 0 and 1; the SDK's adapter puts every piece under index 0.
		expect(toolCalls).toEqual([
			expect.objectContaining({ name: 'calculator', args: { input: '6 * 7' } }),
			expect.objectContaining({ name: 'calculator', args: { input: '2 + 2' } }),
		]);
		expect(toolCalls[0].id).not.toBe(toolCalls[1].id);
	});

	test('streams text piece by piece as the router sends it', async () => {
		const { outputs, error } = await probe('chat', 'stream-text', model('groq'), [{ question: 'Reply with exactly: one two three four five' }]);
		expect(error).toBeUndefined();
		const { pieces, usage } = outputs[0][0].json as { pieces: string[]; usage: Record<string, number> };
		// The emulator streams one word per event; each reaches the Agent on its own.
		expect(pieces).toEqual(['one', ' two', ' three', ' four', ' five']);
		expect(usage).toEqual(expect.objectContaining({ input_tokens: expect.any(Number), output_tokens: 5 }));
		const [call] = chatCalls();
		expect(call.body).toEqual(expect.objectContaining({ stream: true, stream_options: { include_usage: true } }));
	});

	test('a streamed answer is logged with its token usage and its cost, as a plain one is', async () => {
		const question = [{ question: 'Reply with exactly: one two three four five' }];
		const plain = await probe('chat', 'plain', model('groq'), question);
		const streamed = await probe('chat', 'stream-text', model('groq'), question);
		expect(streamed.error).toBeUndefined();
		const logged = (result: typeof plain) => result.subNodeRuns.map((run) => run.data.ai_languageModel[0][0].json.tokenUsage);
		expect(logged(plain)).toEqual([expect.objectContaining({ cost: expect.any(Number) })]);
		expect(logged(plain)[0].cost).toBeGreaterThan(0);
		// The same question on the same provider: the same tokens, so the same cost.
		expect(logged(streamed)).toEqual(logged(plain));
	});

	test('a stream is retried until its first piece is out, and never after', async () => {
		// A 503 without the cold model's estimated_time (20 s): retried after the usual short backoff.
		emulator.failNext(1, 503, { body: { error: 'Service Unavailable' } });
		const retried = await probe('chat', 'stream-text', model('groq', { maxRetries: 2 }), [{ question: 'Reply with exactly: one two' }]);
		expect(retried.error).toBeUndefined();
		expect((retried.outputs[0][0].json.pieces as string[]).join('')).toBe('one two');
		expect(chatCalls().map((call) => call.status)).toEqual([503, 200]);

		emulator.reset();
		// Two events, then the provider's in-band error: what was shown stays, the call is not repeated.
		emulator.streamErrorNext(1);
		const cut = await probe('chat', 'stream-text', model('groq', { maxRetries: 2 }), [{ question: 'Reply with exactly: one two three four' }]);
		expect(cut.error?.message).toMatch(/interrupted \(groq \/ meta-llama\/Llama-3.1-8B-Instruct\)$/);
		expect(chatCalls()).toHaveLength(1);
	});

	test('a streamed answer without any choice (its usage alone) is retried, and refused as a plain one is', async () => {
		const chunk = { id: 'chatcmpl-empty', object: 'chat.completion.chunk', created: 0, model: LLAMA, choices: [], usage: { prompt_tokens: 5, completion_tokens: 0, total_tokens: 5 } };
		const empty = { body: `data: ${JSON.stringify(chunk)}\n\ndata: [DONE]\n\n`, contentType: 'text/event-stream' };
		emulator.failNext(1, 200, empty);
		const retried = await probe('chat', 'stream-text', model('groq', { maxRetries: 2 }), [{ question: 'Reply with exactly: one two' }]);
		expect(retried.error).toBeUndefined();
		expect((retried.outputs[0][0].json.pieces as string[]).join('')).toBe('one two');
		expect(chatCalls()).toHaveLength(2);

		emulator.reset();
		emulator.failNext(Number.POSITIVE_INFINITY, 200, empty);
		const refused = await probe('chat', 'stream-text', model('groq', { maxRetries: 0 }), [{ question: 'Reply with exactly: one two' }]);
		expect(refused.error?.message).toMatch(/without any choices.*\(groq \/ meta-llama\/Llama-3.1-8B-Instruct\)$/);
		expect(chatCalls()).toHaveLength(1);
	});

	test('stop sequences a chain passes in its call options (LangChain\'s stop) reach the router', async () => {
		const { outputs, error } = await probe('chat', 'plain-stop', model('groq'), [{ question: 'Reply with exactly: one two three four' }]);
		expect(error).toBeUndefined();
		const [call] = chatCalls();
		expect((call.body as { stop?: unknown }).stop).toEqual(['three']);
		expect(outputs[0][0].json.text).toEqual(expect.any(String));
	});

	test('a plain answer carries the served provider, its model id, the token usage and the cost', async () => {
		const { outputs, error } = await probe('chat', 'plain', model('cheapest'), [{ question: 'Reply with exactly: hello' }]);
		expect(error).toBeUndefined();
		const [result] = outputs[0];
		expect(result.json.text).toBe('hello');
		const [served] = chatCalls();
		expect(served.status).toBe(200);
		const metadata = result.json.metadata as Record<string, unknown>;
		// n8n's AI SDK adapter (@n8n/ai-utilities, LangChain adapter) overwrites metadata.provider with the
		// model's own 'huggingface'; servedBy says which Inference Provider answered.
		expect(metadata).toEqual(expect.objectContaining({ model: LLAMA, provider: 'huggingface', servedBy: served.servedBy }));
		expect(served.servedBy).toBeTruthy();
		// The served provider's own model id, and that call's own cost.
		expect(metadata.providerModelId).toBe(findOffer(LLAMA, served.servedBy!)!.providerId);
		expect(served.cost).toBeGreaterThan(0);
		expect(metadata.costUsd).toBeCloseTo(served.cost!, 12);
		expect(result.json.usage).toEqual(expect.objectContaining({ input_tokens: expect.any(Number), output_tokens: 1 }));
	});

	test('a 402 fails at once, without a retry, with a message that says the credits are exhausted and what to do', async () => {
		emulator.setCredits(POOR_TOKEN, 0);
		const { error, subNodeRuns } = await probe('chat', 'plain', model('cheapest', { maxRetries: 5 }), [{ question: 'hello' }], POOR_TOKEN);
		expect(error?.message).toMatch(/Hugging Face credits exhausted \(402 Payment Required\) for cheapest \/ meta-llama\/Llama-3.1-8B-Instruct/);
		expect(chatCalls().map((call) => call.status)).toEqual([402]);
		const logged = JSON.stringify(subNodeRuns);
		expect(logged).toMatch(/PRO/);
		expect(logged).toMatch(/buy pre-paid credits/);
		expect(logged).toMatch(/bill an organization/);
		expect(logged).toMatch(/another Hugging Face credential/);
		expect(logged).not.toContain(POOR_TOKEN);
		emulator.setCredits(POOR_TOKEN, 0.1);
	});

	test('after a 402, the next call of the same execution on that account ends without a request', async () => {
		emulator.setCredits(POOR_TOKEN, 0);
		const { outputs, error } = await probe('chat', 'twice', model('auto'), [{ question: 'hello' }], POOR_TOKEN);
		expect(error).toBeUndefined();
		const errors = outputs[0][0].json.errors as string[];
		expect(errors).toHaveLength(2);
		for (const message of errors) expect(message).toMatch(/^Hugging Face credits exhausted \(402 Payment Required\)/);
		expect(errors[1]).toMatch(/No request was sent: this account answered 402 earlier in this execution/);
		expect(chatCalls().map((call) => call.status)).toEqual([402]);
		emulator.setCredits(POOR_TOKEN, 0.1);

		// Another execution starts afresh: the account may have been topped up meanwhile.
		emulator.reset();
		const later = await probe('chat', 'plain', model('auto'), [{ question: 'Reply with exactly: back' }], POOR_TOKEN);
		expect(later.error).toBeUndefined();
		expect(later.outputs[0][0].json.text).toBe('back');
	});

	test('other failures are retried by the transport, then named with the route', async () => {
		// A 503 without the cold model's estimated_time (20 s): retried after the usual short backoff.
		emulator.failNext(1, 503, { body: { error: 'Service Unavailable' } });
		const retried = await probe('chat', 'plain', model('auto', { maxRetries: 2 }), [{ question: 'Reply with exactly: ok' }]);
		expect(retried.error).toBeUndefined();
		expect(chatCalls().map((call) => call.status)).toEqual([503, 200]);

		emulator.reset();
		const unknown = await probe('chat', 'plain', { ...model('not-a-provider'), model: { __rl: true, mode: 'id', value: LLAMA } }, [{ question: 'hi' }]);
		expect(unknown.error?.message).toMatch(/\(not-a-provider \/ meta-llama\/Llama-3.1-8B-Instruct\)$/);
	});

	test('a failure says what to fix, as the node\'s errors do: a model the Hub does not know, a provider failing on every retry', async () => {
		const unknown = await probe('chat', 'plain', { ...model('auto'), model: { __rl: true, mode: 'id', value: 'nobody/no-such-model' } }, [{ question: 'hi' }]);
		expect(unknown.error?.message).toMatch(/\(auto-routed \/ nobody\/no-such-model\)$/);
		expect((unknown.error as any).description).toMatch(/^Check the model ID: it must exist on the Hub \(https:\/\/huggingface.co\/nobody\/no-such-model\)/);

		emulator.reset();
		emulator.failNext(2, 502);
		const failing = await probe('chat', 'plain', model('auto', { maxRetries: 1 }), [{ question: 'hi' }]);
		expect(chatCalls().map((call) => call.status)).toEqual([502, 502]);
		expect((failing.error as any).description).toMatch(/failed on its side after every retry\. Try again later, raise Max Retries, or pick another provider/);

		emulator.reset();
		// A conversation too large for the provider: the chat model has no Truncate option to point to.
		emulator.failNext(1, 413);
		const tooLarge = await probe('chat', 'plain', model('auto'), [{ question: 'hi' }]);
		expect((tooLarge.error as any).httpCode).toBe('413');
		expect((tooLarge.error as any).description).toMatch(/^The conversation is larger than the provider accepts\. Shorten it/);
		expect((tooLarge.error as any).description).not.toMatch(/Truncate/);
	});

	test('a bad model id is refused before any request, naming the field', async () => {
		const { error } = await probe('chat', 'plain', { model: { __rl: true, mode: 'id', value: `${LLAMA}:groq` }, provider: 'auto', options: {} }, [{ question: 'hi' }]);
		// n8n reports a sub-node's setup error as "Error in sub-node <name>", with its message as the description.
		expect(error?.message).toBe('Error in sub-node Chat Model');
		expect((error as any).description).toMatch(/^Model ".*" is not a Hugging Face model ID/);
		expect(chatCalls()).toHaveLength(0);
	});
});
