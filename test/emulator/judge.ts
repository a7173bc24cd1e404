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
