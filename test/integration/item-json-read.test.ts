/**
 * The node reads `{{ $json.field }}` expressions straight from the item (nodes/shared/itemJsonRead.ts)
 * instead of through n8n's expression runtime. Here n8n's real engine is the judge: every item is
 * sent once with expressions the direct read takes, and once with the same expressions in a form
 * it leaves to n8n (`{{ ($json.field) }}`); the router must see the same messages both times.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { ASK_N8N, readJsonString } from '../../nodes/shared/itemJsonRead';
import type { Emulator } from '../emulator';
import { routerCalls, runHuggingFace, useTestEmulator } from './support';

const MODEL = 'meta-llama/Llama-3.1-8B-Instruct';

let emulator: Emulator;
useTestEmulator((started) => (emulator = started));

const items: Array<{ json: IDataObject }> = [
	{ json: { text: 'plain question', nested: { q: 'nested question' }, 'with space': 'spaced key', list: ['first', 'second'] } },
	{ json: { text: '  padded, with "quotes", {{ braces }} and =equals  ', nested: { q: 'ünïcödé ✓' }, 'with space': 'x', list: ['a', 'b'] } },
	// Not strings: n8n's own evaluation decides (a number, an object, a missing key).
	{ json: { text: 42, nested: { q: { deep: true } }, 'with space': 'y', list: ['c'] } },
];

const EXPRESSIONS = ['={{ $json.text }}', '={{ $json.nested.q }}', '={{ $json["with space"] }}', "={{ $json['list'][1] }}"];

function chatWith(contents: string[]): INodeParameters {
	return {
		operation: 'chat',
		model: { __rl: true, mode: 'id', value: MODEL },
		provider: 'groq',
		messages: { values: [{ role: 'system', content: 'Answer in one word.' }, ...contents.map((content) => ({ role: 'user', content }))] },
		options: {},
	};
}

/** One run over the items with this message: the messages the router received, and each item's end. */
async function sent(content: string): Promise<{ messages: string[]; outcomes: unknown[] }> {
	emulator.reset();
	const { outputs } = await runHuggingFace(emulator, { parameters: chatWith([content]), items, settings: { onError: 'continueRegularOutput' } });
	return {
		messages: routerCalls(emulator).map((call) => JSON.stringify((call.body as { messages: unknown }).messages)).sort(),
		outcomes: outputs[0].map((item) => item.json.error ?? 'sent'),
	};
}

describe('reading {{ $json.field }} directly gives what n8n gives', () => {
	test.each(EXPRESSIONS)('%s', async (expression) => {
		const inN8n = expression.replace(/^=\{\{\s*(.*?)\s*\}\}$/, '={{ ($1) }}');
		expect(readJsonString(inN8n, items[0].json)).toBe(ASK_N8N);
		const direct = await sent(expression);
		const evaluated = await sent(inN8n);
		expect(direct.messages.length).toBeGreaterThan(0);
		expect(direct.messages).toEqual(evaluated.messages);
		expect(direct.outcomes).toEqual(evaluated.outcomes);
	});
});

describe('readJsonString', () => {
	const json = { text: 'hello', n: 1, nested: { q: 'deep' }, list: ['zero'] } as IDataObject;

	test('reads strings through dots, quoted keys and indexes', () => {
		expect(readJsonString('={{ $json.text }}', json)).toBe('hello');
		expect(readJsonString('={{$json.nested.q}}', json)).toBe('deep');
		expect(readJsonString('={{ $json["nested"]["q"] }}', json)).toBe('deep');
		expect(readJsonString('={{ $json.list[0] }}', json)).toBe('zero');
	});

	test('leaves anything else to n8n', () => {
		for (const expression of [
			'={{ $json.n }}', // not a string
			'={{ $json.missing }}',
			'={{ $json.constructor }}', // not an own property
			'={{ $json.text.length }}',
			'={{ $json.text }} and more',
			'=Question: {{ $json.text }}',
			'={{ $json.text.toUpperCase() }}',
			'={{ $json.text || "x" }}',
			'={{ $("Other").item.json.text }}',
			'={{ $fromAI("text") }}',
			'$json.text',
		]) {
			expect(readJsonString(expression, json)).toBe(ASK_N8N);
		}
	});
});
