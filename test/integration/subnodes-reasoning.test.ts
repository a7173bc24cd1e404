/**
 * The chat model sub-node with reasoning models and structured output, through n8n's engine and
 * the AI node SDK's LangChain adapter, against the emulator (root: subnodes-structured-support.ts).
 */
import { expectedReasoning, metricScore, type Emulator } from '../emulator';
import { fillSchema } from '../emulator/schema-fill';
import { CORRECTNESS_SCHEMA, probeStructured } from './subnodes-structured-support';
import { routerCalls, useTestEmulator } from './support';

let emulator: Emulator;
useTestEmulator((started) => (emulator = started));

const R1 = 'deepseek-ai/DeepSeek-R1';
const GPT_OSS = 'openai/gpt-oss-120b';
const LLAMA = 'meta-llama/Llama-3.1-8B-Instruct';
const model = (id: string, provider: string, options: Record<string, unknown> = {}) => ({ model: { __rl: true, mode: 'id', value: id }, provider, options });
const bodies = () => routerCalls(emulator).map((call) => call.body as Record<string, any>);

describe('chat model sub-node: reasoning', () => {
	test('invoke: the thinking is a reasoning block and additional_kwargs.reasoning_content, never the text; Reasoning Effort on every call; run data shows it', async () => {
		const items = [{ question: 'Reply with exactly: 42' }, { question: 'Reply with exactly: 7' }];
		const { outputs, error, subNodeRuns } = await probeStructured(emulator, 'invoke', model(R1, 'novita', { reasoningEffort: 'low' }), items);
		expect(error).toBeUndefined();
		const sent = bodies();
		expect(sent.map((body) => body.reasoning_effort)).toEqual(['low', 'low']);
		expect(outputs[0].map((item) => item.json.text)).toEqual(['42', '7']);
		for (const [index, item] of outputs[0].entries()) {
			const thinking = expectedReasoning(sent[index] as never)!;
			expect(thinking).toContain('effort low');
			expect(item.json.reasoning).toBe(thinking);
			expect(item.json.content).toEqual([{ type: 'reasoning', reasoning: thinking }, { type: 'text', text: item.json.text }]);
			expect((item.json.usage as any).output_token_details).toEqual({ reasoning: thinking.match(/\s*\S+/g)!.length });
		}
		// n8n's run data for the model keeps each generation's text and generationInfo.
		const logged = subNodeRuns.map((run) => run.data.ai_languageModel[0][0].json.response.generations[0][0]);
		expect(logged.map((generation: any) => generation.text)).toEqual(['42', '7']);
		expect(logged.map((generation: any) => generation.generationInfo.reasoning)).toEqual(sent.map((body) => expectedReasoning(body as never)));
	});

	test('stream: the thinking streamed under `reasoning` (cerebras) is joined apart from the text', async () => {
		const { outputs, error, subNodeRuns } = await probeStructured(emulator, 'stream', model(GPT_OSS, 'cerebras', { reasoningEffort: 'xhigh' }), [{ question: 'Reply with exactly: one two three' }]);
		expect(error).toBeUndefined();
		const [sent] = bodies();
		expect(sent).toMatchObject({ stream: true, reasoning_effort: 'xhigh' });
		expect(outputs[0][0].json).toEqual({ text: 'one two three', reasoning: expectedReasoning(sent as never) });
		const logged = subNodeRuns[0].data.ai_languageModel[0][0].json.response.generations[0][0];
		expect(logged.text).toBe('one two three');
		expect(logged.generationInfo.reasoning).toBe(expectedReasoning(sent as never));
	});

	test('Reasoning Effort not set sends nothing; a model that does not reason has no reasoning', async () => {
		const { outputs } = await probeStructured(emulator, 'invoke', model(LLAMA, 'groq'), [{ question: 'Reply with exactly: 42' }]);
		expect(bodies()[0]).not.toHaveProperty('reasoning_effort');
		expect(outputs[0][0].json).toMatchObject({ text: '42', reasoning: null });
	});
});

describe('chat model sub-node: structured output', () => {
	const cases = [{ actual: 'The capital is Paris.', expected: 'Paris' }, { actual: 'Berlin', expected: 'Paris' }];

	test("withStructuredOutput (the Evaluation node's Correctness): the schema goes as response_format json_schema; the metric is the judge's", async () => {
		const { outputs, error } = await probeStructured(emulator, 'correctness', model(LLAMA, 'groq'), cases);
		expect(error).toBeUndefined();
		for (const [index, body] of bodies().entries()) {
			expect(body).not.toHaveProperty('tools');
			expect(body.response_format).toEqual({
				type: 'json_schema',
				json_schema: { name: 'extract', description: 'A function available to call.', schema: expect.objectContaining({ type: 'object', required: ['extended_reasoning', 'reasoning_summary', 'score'] }) },
			});
			expect(body.response_format.json_schema.schema.properties.score).toMatchObject({ type: 'integer', minimum: 1, maximum: 5 });
			expect(body.messages[1].content).toBe(`Output: ${cases[index].actual}\n\nGround truth: ${cases[index].expected}`);
		}
		expect(outputs[0].map((item: any) => item.json.response.score)).toEqual(cases.map((c) => metricScore('correctness', c.actual, c.expected)));
		expect(outputs[0].map((item: any) => item.json.response.score)).toEqual([4, 1]);
	});

	test('method functionCalling forces the one tool with tool_choice; jsonMode asks for json_object; includeRaw gives raw and parsed', async () => {
		const fc = await probeStructured(emulator, 'correctness', model(LLAMA, 'groq'), [cases[0]], 'functionCalling');
		expect(fc.error).toBeUndefined();
		expect(fc.outputs[0][0].json.response).toMatchObject({ score: 4 });
		const [forced] = bodies();
		expect(forced.tools).toEqual([{ type: 'function', function: expect.objectContaining({ name: 'extract', parameters: expect.objectContaining({ type: 'object' }) }) }]);
		expect(forced.tool_choice).toEqual({ type: 'function', function: { name: 'extract' } });
		expect(forced).not.toHaveProperty('response_format');

		const json = await probeStructured(emulator, 'correctness', model(LLAMA, 'groq'), [cases[1]], 'jsonMode');
		expect(json.outputs[0][0].json.response).toMatchObject({ score: 1 });
		expect(bodies()[1].response_format).toEqual({ type: 'json_object' });

		const raw = await probeStructured(emulator, 'correctness', model(LLAMA, 'groq'), [cases[0]], 'raw');
		expect((raw.outputs[0][0].json.response as any).parsed).toMatchObject({ score: 4 });
		expect((raw.outputs[0][0].json.response as any).raw).toBeDefined();
	});

	test('a reasoning judge (gpt-oss on groq): its thinking stays out of the JSON it is parsed from', async () => {
		const { outputs, error } = await probeStructured(emulator, 'correctness', model(GPT_OSS, 'groq', { reasoningEffort: 'low' }), [cases[0]]);
		expect(error).toBeUndefined();
		expect(outputs[0][0].json.response).toMatchObject({ score: 4 });
		expect(bodies()[0]).toMatchObject({ reasoning_effort: 'low', response_format: { type: 'json_schema' } });
	});

	test('Information Extractor: with Response Format JSON Schema the answer follows the schema and its parser gets the fields', async () => {
		const schema = { type: 'object', properties: { city: { type: 'string' }, population: { type: 'number' } }, required: ['city', 'population'] };
		const options = { responseFormat: 'json_schema', jsonSchema: JSON.stringify(schema), jsonSchemaName: 'city facts' };
		const { outputs, error } = await probeStructured(emulator, 'extractor', model(LLAMA, 'groq', options), [{ question: 'Paris has 2.1 million people.' }]);
		expect(error).toBeUndefined();
		const [body] = bodies();
		expect(body.response_format).toEqual({ type: 'json_schema', json_schema: { name: 'city_facts', schema, strict: true } });
		expect(body.messages[0].content).toContain('```json');
		expect(outputs[0][0].json.extracted).toEqual(fillSchema(schema, 'city_facts'));
	});

	test('Response Format JSON Schema with a schema that is no JSON fails the sub-node, naming the field', async () => {
		const { error } = await probeStructured(emulator, 'invoke', model(LLAMA, 'groq', { responseFormat: 'json_schema', jsonSchema: '{"type": ' }), [{ question: 'hi' }]);
		expect(error?.message).toBe('Error in sub-node Chat Model');
		expect((error as any).description).toMatch(/^JSON Schema is not valid JSON/);
		expect(routerCalls(emulator)).toHaveLength(0);
	});
});
