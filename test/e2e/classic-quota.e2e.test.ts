/**
 * Credits running out halfway, for every operation added beside chat and media (the text tasks,
 * the picture tasks, Image to Video), in a real n8n 2.41.1 with the packed package, in ONE run:
 * each node has its own account with credits for exactly one call, and three items. The first item
 * is answered; the call for the second meets 402 Payment Required; the second and third go to
 * Quota Exhausted as they came in (json and binary), with the quota signal; the third is never sent.
 */
import { MSG_CREDITS_DEPLETED, TEXT_TASK_PRICE_PER_TEXT, generatePng, visionPrice } from '../emulator';
import { expectEveryNodeRan, inlineBinary, modelById, parallelRun, returnItems, routerPosts } from './parallel-nodes';

interface Case {
	operation: string;
	model: string;
	provider: string;
	price: number;
	fields: Record<string, unknown>;
}

const TEXT = { text: '={{ $json.text }}' };
const PICTURE = { inputBinaryPropertyName: 'photo' };
const CASES: Case[] = [
	{ operation: 'textClassification', model: 'distilbert/distilbert-base-uncased-finetuned-sst-2-english', provider: 'hf-inference', price: TEXT_TASK_PRICE_PER_TEXT, fields: { ...TEXT, options: { batchSize: 1 } } },
	{ operation: 'zeroShotClassification', model: 'facebook/bart-large-mnli', provider: 'hf-inference', price: TEXT_TASK_PRICE_PER_TEXT, fields: { ...TEXT, candidateLabels: 'billing, shipping' } },
	{ operation: 'tokenClassification', model: 'dslim/bert-base-NER', provider: 'hf-inference', price: TEXT_TASK_PRICE_PER_TEXT, fields: { ...TEXT, options: { batchSize: 1 } } },
	{ operation: 'translation', model: 'google-t5/t5-small', provider: 'hf-inference', price: TEXT_TASK_PRICE_PER_TEXT, fields: TEXT },
	{ operation: 'summarization', model: 'facebook/bart-large-cnn', provider: 'hf-inference', price: TEXT_TASK_PRICE_PER_TEXT, fields: TEXT },
	{ operation: 'questionAnswering', model: 'deepset/roberta-base-squad2', provider: 'hf-inference', price: TEXT_TASK_PRICE_PER_TEXT, fields: { question: 'Who called?', context: '={{ $json.text }}' } },
	{ operation: 'imageClassification', model: 'google/vit-base-patch16-224', provider: 'hf-inference', price: visionPrice('hf-inference', 'image-classification'), fields: PICTURE },
	{ operation: 'objectDetection', model: 'facebook/detr-resnet-50', provider: 'hf-inference', price: visionPrice('hf-inference', 'object-detection'), fields: PICTURE },
	{ operation: 'imageToText', model: 'Salesforce/blip-image-captioning-large', provider: 'hf-inference', price: visionPrice('hf-inference', 'image-to-text'), fields: PICTURE },
	{ operation: 'imageToVideo', model: 'Wan-AI/Wan2.1-I2V-14B-480P', provider: 'fal-ai', price: visionPrice('fal-ai', 'image-to-video'), fields: { ...PICTURE, prompt: '={{ $json.text }}' } },
];

const tokenOf = (index: number) => `hf_e2e_classic_quota_${String(index).padStart(2, '0')}_token`;
const TEXTS = ['Maria Lopez from Acme Corp called about a double charge.', 'My parcel never arrived in Porto.', 'Peter wants a refund for the broken printer.'];
const PHOTOS = TEXTS.map((text, index) => generatePng({ prompt: text, width: 24 + 8 * index, height: 16 }));
const INPUTS = TEXTS.map((text, index) => ({
	json: { text, index },
	binary: { photo: inlineBinary(PHOTOS[index], 'image/png', `photo${index}.png`) },
}));

describe('credits running out halfway, for each classic operation, in a real n8n (one run)', () => {
	const suite = parallelRun({
		// Each node its own account, with credits for exactly one call.
		accounts: CASES.map((c, index) => ({ name: `HF ${c.operation}`, token: tokenOf(index), credits: c.price })),
		inputs: { name: 'Three messages', jsCode: returnItems(INPUTS) },
		nodes: CASES.map((c, index) => {
			const { options, ...fields } = c.fields as { options?: Record<string, unknown> };
			return {
				name: c.operation,
				parameters: { operation: c.operation, model: modelById(c.model), provider: c.provider, ...fields, options: { pollInterval: 10, concurrency: 1, ...options } },
				account: index,
			};
		}),
	});

	it('the run succeeds and every node ran', () => expectEveryNodeRan(suite));

	test.each(CASES.map((c, index) => [c.operation, c, index] as const))('%s: item 0 answered, items 1 and 2 on Quota Exhausted with json and binary as they came in', (_name, c, index) => {
		const { run, emulator } = suite;
		const [success, quota] = run.outputs(c.operation);
		expect(success.map((item) => item.pairedItem)).toEqual([{ item: 0 }]);
		expect(success[0].json).toMatchObject({ model: c.model, provider: c.provider });
		expect(quota.map((item) => item.pairedItem)).toEqual([{ item: 1 }, { item: 2 }]);
		quota.forEach((item, position) => {
			const input = position + 1;
			expect(item.json).toEqual({ ...INPUTS[input].json, quotaExhausted: true, error: { httpCode: 402, message: MSG_CREDITS_DEPLETED, provider: c.provider, model: c.model } });
			expect(item.binary?.photo).toMatchObject({ mimeType: 'image/png', fileName: `photo${input}.png` });
			expect(run.binary(item.binary!.photo).equals(PHOTOS[input])).toBe(true);
		});
		// One answered call, one 402; the third item is never sent.
		const calls = routerPosts(emulator, (call) => call.headers.authorization === `Bearer ${tokenOf(index)}`);
		expect(calls.map((call) => call.status)).toEqual([200, 402]);
	});
});
