'use strict';
/**
 * The bench's floor node (npm run bench only; never shipped, never in dist/ or the package's
 * `files`). The least any node can do inside n8n for the bench's chat work: for each item, one
 * POST /v1/chat/completions through n8n's own HTTP helper (`this.helpers.httpRequest`, which every
 * node must use for proxies and n8n Cloud), with the concurrency cap known in advance, so it never
 * meets a 429 and needs no limiter, no retries and no error handling. It reads the message from
 * the item's json by field name (no expression), reads its parameters and the credential once,
 * and keeps `cap` calls in flight. Plain JavaScript without any import, so that n8n loads it as
 * it is from `<nodes>/node_modules/n8n-nodes-bench-floor`.
 */
class BenchFloor {
	constructor() {
		this.description = {
			displayName: 'Bench Floor',
			name: 'benchFloor',
			group: ['transform'],
			version: 1,
			description: 'npm run bench only: chat calls with a known cap and nothing else',
			defaults: { name: 'Bench Floor' },
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: 'httpHeaderAuth', required: true }],
			properties: [
				{ displayName: 'URL', name: 'url', type: 'string', default: '' },
				{ displayName: 'Model', name: 'model', type: 'string', default: '' },
				{ displayName: 'Message Field', name: 'field', type: 'string', default: 'text' },
				{ displayName: 'Calls in Flight', name: 'cap', type: 'number', default: 8 },
			],
		};
	}

	async execute() {
		const items = this.getInputData();
		const url = this.getNodeParameter('url', 0);
		const model = this.getNodeParameter('model', 0);
		const field = this.getNodeParameter('field', 0);
		const cap = this.getNodeParameter('cap', 0);
		const credential = await this.getCredentials('httpHeaderAuth');
		const headers = { [credential.name]: credential.value, Accept: 'application/json' };
		const out = new Array(items.length);
		let next = 0;
		const worker = async () => {
			while (next < items.length) {
				const index = next++;
				const answer = await this.helpers.httpRequest({
					method: 'POST',
					url,
					headers,
					body: { model, messages: [{ role: 'user', content: String(items[index].json[field]) }] },
					json: true,
				});
				out[index] = { json: { content: answer.choices[0].message.content }, pairedItem: { item: index } };
			}
		};
		await Promise.all(Array.from({ length: Math.min(cap, items.length) }, worker));
		return [out];
	}
}

exports.BenchFloor = BenchFloor;
