/**
 * Answers that can be judged, and models that get worse.
 *
 * Judge: the evaluation template's "judge" check asks a chat model whether an answer meets a
 * rubric, with the answer between <answer> and </answer> and the rubric on a line starting
 * "Rubric:", and reads PASS or FAIL from the first word of the reply. A real model decides by
 * reading; the emulator decides by a rule a test can predict: the answer passes when it contains
 * (case-insensitively) every phrase the rubric puts in double quotes.
 *
 * Degraded models: `degradeModel(hubId, { afterCalls })` makes a model answer every chat with
 * DEGRADED_REPLY once it has answered `afterCalls` more chats, the way a provider's quantised or
 * swapped deployment starts failing an evaluation that used to pass.
 */

export const DEGRADED_REPLY = "Sorry, I can't help with that.";

/** The verdict for a judge prompt, or undefined when the text is not one. */
export function judgeVerdict(userText: string): string | undefined {
	const answer = /<answer>([\s\S]*?)<\/answer>/i.exec(userText);
	const rubric = /^\s*Rubric:\s*(.+)$/im.exec(userText);
	if (!answer || !rubric) return undefined;
	const phrases = [...rubric[1].matchAll(/"([^"]+)"/g)].map((m) => m[1]);
	const text = answer[1].toLowerCase();
	const missing = phrases.filter((p) => !text.includes(p.toLowerCase()));
	if (phrases.length === 0) return 'FAIL\nThe rubric names nothing the answer must contain.';
	return missing.length === 0
		? `PASS\nThe answer contains ${phrases.map((p) => `"${p}"`).join(', ')}.`
		: `FAIL\nThe answer does not contain ${missing.map((p) => `"${p}"`).join(', ')}.`;
}

/** Which models answer badly, and after how many more chats. */
export class Degradations {
	private readonly left = new Map<string, number>();

	degrade(hubId: string, afterCalls = 0): void {
		this.left.set(hubId, Math.max(0, afterCalls));
	}

	/** Counts one chat of this model; true when it is answered badly. */
	answersBadly(hubId: string): boolean {
		const left = this.left.get(hubId);
		if (left === undefined) return false;
		if (left > 0) {
			this.left.set(hubId, left - 1);
			return false;
		}
		return true;
	}

	clear(): void {
		this.left.clear();
	}
}

/**
 * n8n's Evaluation node AI metrics (n8n-nodes-base nodes/Evaluation/utils/metricHandlers.ts with
 * the prompts of CannedMetricPrompts.ee.ts): Correctness sends "Output: <actual>\n\nGround truth:
 * <expected>", Helpfulness "Query: <question>\n\nResponse: <answer>", each asking for
 * `{extended_reasoning, reasoning_summary, score}` with an integer score from 1 to 5. The
 * emulator scores by rules a test can predict (`metricScore`):
 * - correctness: 5 when the output equals the ground truth (case and surrounding space aside),
 *   4 when one contains the other, else by the share of the ground truth's words the output has:
 *   3 at half or more, 2 for some, 1 for none;
 * - helpfulness: 1 for an empty answer or a refusal (DEGRADED_REPLY), 4 when the response shares
 *   a word of four letters or more with the query, else 2.
 */
export interface MetricVerdict {
	extended_reasoning: string;
	reasoning_summary: string;
	score: number;
}

const wordsOf = (text: string): string[] => text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];

export function metricScore(metric: 'correctness' | 'helpfulness', first: string, second: string): number {
	if (metric === 'correctness') {
		const [output, truth] = [first.trim().toLowerCase(), second.trim().toLowerCase()];
		if (output === truth) return 5;
		if (output && truth && (output.includes(truth) || truth.includes(output))) return 4;
		const truthWords = [...new Set(wordsOf(truth))];
		const outputWords = new Set(wordsOf(output));
		const shared = truthWords.filter((word) => outputWords.has(word)).length;
		if (!truthWords.length || !shared) return 1;
		return shared * 2 >= truthWords.length ? 3 : 2;
	}
	const [query, response] = [first, second.trim()];
	if (!response || response === DEGRADED_REPLY) return 1;
	const responseWords = new Set(wordsOf(response));
	return wordsOf(query).some((word) => word.length >= 4 && responseWords.has(word)) ? 4 : 2;
}

/** The verdict for one of n8n's metric prompts, or undefined when the text is none. */
export function metricVerdict(userText: string): MetricVerdict | undefined {
	const correctness = /^\s*Output:\s*([\s\S]*?)\n\s*\nGround truth:\s*([\s\S]*?)\s*$/.exec(userText);
	const helpfulness = /^\s*Query:\s*([\s\S]*?)\n\s*\nResponse:\s*([\s\S]*?)\s*$/.exec(userText);
	const found = correctness ? (['correctness', correctness] as const) : helpfulness ? (['helpfulness', helpfulness] as const) : undefined;
	if (!found) return undefined;
	const [metric, match] = found;
	const score = metricScore(metric, match[1], match[2]);
	return {
		extended_reasoning: `Emulated ${metric} judge: compared "${match[1].slice(0, 80)}" with "${match[2].slice(0, 80)}".`,
		reasoning_summary: `${metric === 'correctness' ? 'Correctness' : 'Helpfulness'} scored ${score} of 5 by the emulator's rule.`,
		score,
	};
}
