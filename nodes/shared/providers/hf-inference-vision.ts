import { RouterCallError, extractErrorMessage } from '../transport/errors';
import { noOutput } from './media';
import { asRecord, definedOnly, modelPath, sendJson, type ModelIds, type ProviderRequest } from './requests';
import type { ClassLabel, DetectedObject, ImageClassificationTask, ImageToTextTask, MediaInput, ObjectDetectionTask } from './types';

const ID = 'hf-inference';

/**
 * A picture for a vision task on the model's route. Without parameters, its raw bytes under its
 * own type: huggingface.js (HFInferenceImageClassificationTask, HFInferenceObjectDetectionTask,
 * HFInferenceImageToTextTask) always sends the Blob as the body, and huggingface_hub
 * (HFInferenceBinaryInputTask) does so when no parameter is set. With parameters (`top_k`,
 * `threshold`), the raw body cannot carry them: huggingface_hub then sends
 * `{"inputs": <base64>, "parameters": {...}}`, which we follow (huggingface.js drops them).
 */
export function buildVisionRequest(ids: ModelIds, image: MediaInput, parameters: Record<string, unknown> = {}): ProviderRequest {
	const url = `/hf-inference/models/${modelPath(ids.hubModelId)}`;
	const sent = definedOnly(parameters);
	if (!Object.keys(sent).length) return { method: 'POST', url, body: image.data, headers: { 'Content-Type': image.mimeType } };
	return { method: 'POST', url, body: { inputs: image.data.toString('base64'), parameters: sent } };
}

/** A 200 whose body is an error, or of the wrong shape: final, with the provider's words where it gave some. */
function malformed(answer: unknown, what: string): RouterCallError {
	const message = extractErrorMessage(answer, '');
	if (message) return new RouterCallError({ kind: 'final', httpCode: null, message: `${ID} answered with an error instead of ${what}: ${message}` });
	return noOutput(ID, what);
}

const isFiniteNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/**
 * `[{label, score}]` (huggingface.js HFInferenceImageClassificationTask checks exactly that;
 * huggingface_hub parses ImageClassificationOutputElement). A list nested once more, as
 * text-classification answers, is unwrapped. Highest score first, at most `topK` when set: the
 * pipeline already applies `top_k`, this only makes sure of it.
 */
export function readClassification(answer: unknown, topK?: number): ClassLabel[] {
	const list = Array.isArray(answer) && answer.length > 0 && Array.isArray(answer[0]) ? (answer[0] as unknown[]) : answer;
	if (!Array.isArray(list) || !list.length) throw malformed(answer, 'classes');
	const labels = list.map(asRecord);
	if (!labels.every((entry) => typeof entry.label === 'string' && isFiniteNumber(entry.score))) throw malformed(answer, 'classes');
	const ranked = labels.map((entry) => ({ label: entry.label as string, score: entry.score as number })).sort((a, b) => b.score - a.score);
	return topK === undefined ? ranked : ranked.slice(0, topK);
}

/**
 * `[{label, score, box: {xmin, ymin, xmax, ymax}}]` (huggingface.js HFInferenceObjectDetectionTask,
 * huggingface_hub ObjectDetectionOutputElement), in the model's order. An empty list is an answer:
 * nothing was found above the threshold. Objects under `threshold` are dropped here too.
 */
export function readDetections(answer: unknown, threshold?: number): DetectedObject[] {
	if (!Array.isArray(answer)) throw malformed(answer, 'detected objects');
	const objects = answer.map(asRecord);
	const valid = objects.every((entry) => {
		const box = asRecord(entry.box);
		return typeof entry.label === 'string' && isFiniteNumber(entry.score) && [box.xmin, box.ymin, box.xmax, box.ymax].every(isFiniteNumber);
	});
	if (!valid) throw malformed(answer, 'detected objects');
	return objects
		.map((entry) => {
			const box = asRecord(entry.box) as Record<'xmin' | 'ymin' | 'xmax' | 'ymax', number>;
			return { label: entry.label as string, score: entry.score as number, box: { xmin: box.xmin, ymin: box.ymin, xmax: box.xmax, ymax: box.ymax } };
		})
		.filter((entry) => threshold === undefined || entry.score >= threshold);
}

/**
 * `{generated_text}` (what huggingface.js 4.13 HFInferenceImageToTextTask requires) or
 * `[{generated_text}]` (the transformers pipeline's list, which huggingface.js before 3.5 and
 * huggingface_hub `image_to_text` read as its first element): both are taken.
 */
export function readGeneratedText(answer: unknown): string {
	const first = Array.isArray(answer) ? answer[0] : answer;
	const text = asRecord(first).generated_text;
	if (typeof text !== 'string') throw malformed(answer, 'text');
	return text;
}

export const imageClassification: ImageClassificationTask = {
	async classify(call, image, { topK }) {
		return readClassification(await sendJson(call, buildVisionRequest(call, image, { top_k: topK })), topK);
	},
};

export const objectDetection: ObjectDetectionTask = {
	async detect(call, image, { threshold }) {
		return readDetections(await sendJson(call, buildVisionRequest(call, image, { threshold })), threshold);
	},
};

export const imageToText: ImageToTextTask = {
	async describe(call, image) {
		return readGeneratedText(await sendJson(call, buildVisionRequest(call, image)));
	},
};

/** The vision tasks of hf-inference, spread into its provider module. */
export const hfInferenceVision = { imageClassification, objectDetection, imageToText };
