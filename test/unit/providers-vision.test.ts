import { buildVisionRequest, readClassification, readDetections, readGeneratedText } from '../../nodes/shared/providers/hf-inference-vision';
import { buildImageToVideoRequest, readVideoJob } from '../../nodes/shared/providers/together-video';
import { buildOcrRequest, readOcrAnswer } from '../../nodes/shared/providers/zai-org-ocr';
import { RouterCallError } from '../../nodes/shared/transport/errors';

const ids = { hubModelId: 'google/vit-base-patch16-224', providerModelId: 'google/vit-base-patch16-224' };
const png = { data: Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]), mimeType: 'image/png' };

describe('hf-inference vision requests', () => {
	test('no parameters: the raw bytes under their type; parameters: base64 JSON (unset ones dropped)', () => {
		expect(buildVisionRequest(ids, png, { top_k: undefined })).toEqual({ method: 'POST', url: '/hf-inference/models/google/vit-base-patch16-224', body: png.data, headers: { 'Content-Type': 'image/png' } });
		expect(buildVisionRequest(ids, png, { threshold: 0.3 }).body).toEqual({ inputs: png.data.toString('base64'), parameters: { threshold: 0.3 } });
	});
});

describe('hf-inference vision answers', () => {
	test('classes: highest first, capped at topK; a list nested once more is unwrapped', () => {
		const answer = [{ label: 'b', score: 0.2 }, { label: 'a', score: 0.7 }, { label: 'c', score: 0.1 }];
		expect(readClassification(answer)).toEqual([{ label: 'a', score: 0.7 }, { label: 'b', score: 0.2 }, { label: 'c', score: 0.1 }]);
		expect(readClassification([answer], 1)).toEqual([{ label: 'a', score: 0.7 }]);
	});

	test('an error body or a wrong shape is a final error naming hf-inference', () => {
		expect(() => readClassification({ error: 'Model is overloaded' })).toThrow('hf-inference answered with an error instead of classes: Model is overloaded');
		expect(() => readClassification([{ label: 'a' }])).toThrow(RouterCallError);
		expect(() => readDetections([{ label: 'a', score: 0.9, box: { xmin: 1 } }])).toThrow('hf-inference answered without detected objects');
	});

	test('detections keep the model\'s order and drop those under the threshold; none found is an answer', () => {
		const box = { xmin: 1, ymin: 2, xmax: 3, ymax: 4 };
		const answer = [{ label: 'cat', score: 0.4, box }, { label: 'dog', score: 0.9, box }];
		expect(readDetections(answer)).toEqual(answer);
		expect(readDetections(answer, 0.5)).toEqual([answer[1]]);
		expect(readDetections([])).toEqual([]);
	});

	test('generated text as an object (huggingface.js 4.13) or a one-element list (the pipeline, huggingface_hub)', () => {
		expect(readGeneratedText({ generated_text: 'a cat' })).toBe('a cat');
		expect(readGeneratedText([{ generated_text: 'a dog' }])).toBe('a dog');
		expect(() => readGeneratedText([{}])).toThrow('hf-inference answered without text');
	});
});

describe('zai-org layout parsing', () => {
	test('the picture as a data URL under the model, with Z.ai\'s headers; md_results is the text', () => {
		expect(buildOcrRequest({ hubModelId: 'zai-org/GLM-OCR', providerModelId: 'glm-ocr' }, png)).toEqual({
			method: 'POST',
			url: '/zai-org/api/paas/v4/layout_parsing',
			body: { model: 'glm-ocr', file: `data:image/png;base64,${png.data.toString('base64')}` },
			headers: { 'x-source-channel': 'hugging_face', 'accept-language': 'en-US,en' },
		});
		expect(readOcrAnswer({ md_results: '# Title' })).toBe('# Title');
		expect(() => readOcrAnswer({ error: { code: '1211', message: 'Unknown Model' } })).toThrow('zai-org answered with an error instead of text: Unknown Model');
	});
});

describe('together image to video', () => {
	test('frame_images with the first frame, steps renamed, no prompt key without a prompt', () => {
		const request = buildImageToVideoRequest({ hubModelId: 'Wan-AI/Wan2.2-I2V-A14B', providerModelId: 'Wan-AI/Wan2.2-I2V-A14B' }, png, { numInferenceSteps: 10 });
		expect(request.body).toEqual({ steps: 10, frame_images: [{ input_image: `data:image/png;base64,${png.data.toString('base64')}`, frame: 'first' }], model: 'Wan-AI/Wan2.2-I2V-A14B' });
	});

	test('job states as huggingface.js TogetherVideoTask reads them', () => {
		expect(readVideoJob({ id: 'x' })).toEqual({ state: 'running', status: undefined });
		expect(readVideoJob({ status: 'in_progress' })).toEqual({ state: 'running', status: 'in_progress' });
		expect(readVideoJob({ status: 'completed', outputs: { video_url: 'https://cdn/x.mp4' } })).toEqual({ state: 'done', result: 'https://cdn/x.mp4' });
		expect(readVideoJob({ status: 'failed', error: { message: 'nsfw' } })).toEqual({ state: 'failed', message: 'nsfw' });
		expect(readVideoJob({ status: 'cancelled' })).toEqual({ state: 'failed', message: 'unexpected job status "cancelled"' });
	});
});
