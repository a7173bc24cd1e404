/** Fixed parameters are read once per execution; a parameter with an expression anywhere in it, per item. */
import type { IExecuteFunctions, INodeParameters } from 'n8n-workflow';

import { nodeParameter } from '../../nodes/shared/nodeParameter';

function contextWith(parameters: INodeParameters) {
	const reads: Array<[string, number]> = [];
	const ctx = {
		getNode: () => ({ parameters }),
		getNodeParameter: (name: string, itemIndex: number) => {
			reads.push([name, itemIndex]);
			const top = parameters[name.split('.')[0]];
			return typeof top === 'string' && top.startsWith('=') ? `${top.slice(1)} for item ${itemIndex}` : top;
		},
	} as unknown as IExecuteFunctions;
	return { ctx, reads };
}

test('a parameter without an expression is read once, for item 0, and the same value serves every item', () => {
	const options = { temperature: 0.2, nested: { list: ['a', 'b'] } };
	const { ctx, reads } = contextWith({ options, provider: 'groq' });
	for (let item = 0; item < 5; item++) {
		expect(nodeParameter(ctx, 'options', item, {})).toBe(options);
		expect(nodeParameter(ctx, 'provider', item, 'auto')).toBe('groq');
	}
	expect(reads).toEqual([
		['options', 0],
		['provider', 0],
	]);
});

test('a parameter with an expression anywhere in it is read for each item', () => {
	const { ctx, reads } = contextWith({
		prompt: '={{ $json.text }}',
		messages: { values: [{ role: 'user', content: '={{ $json.q }}' }] },
		model: { __rl: true, mode: 'id', value: '={{ $json.model }}' },
	});
	expect(nodeParameter(ctx, 'prompt', 3, '')).toBe('{{ $json.text }} for item 3');
	nodeParameter(ctx, 'messages.values', 1, []);
	nodeParameter(ctx, 'messages.values', 2, []);
	nodeParameter(ctx, 'model', 4, '', { extractValue: true });
	expect(reads).toEqual([
		['prompt', 3],
		['messages.values', 1],
		['messages.values', 2],
		['model', 4],
	]);
});

test('another execution (another context) reads again; read options are part of the key', () => {
	const first = contextWith({ model: { __rl: true, mode: 'id', value: 'a/b' } });
	nodeParameter(first.ctx, 'model', 0, '', { extractValue: true });
	nodeParameter(first.ctx, 'model', 1, '');
	expect(first.reads).toHaveLength(2);
	const second = contextWith({ model: { __rl: true, mode: 'id', value: 'a/b' } });
	nodeParameter(second.ctx, 'model', 0, '', { extractValue: true });
	expect(second.reads).toHaveLength(1);
});
