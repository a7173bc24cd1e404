/** The emulator's judge verdicts and degraded models (what the evaluation template's judge and regression tests rely on). */
import { DEGRADED_REPLY, judgeVerdict, startEmulator, type Emulator } from './index';

const TOKEN = 'hf_judge_test_token';
const LLAMA = 'meta-llama/Llama-3.1-8B-Instruct';

const judgePrompt = (rubric: string, answer: string) =>
	`Grade the answer against the rubric.\nRubric: ${rubric}\n<answer>${answer}</answer>\nReply PASS or FAIL on the first line.`;

describe('judge verdicts', () => {
	it('passes an answer that contains every quoted phrase of the rubric, case-insensitively', () => {
		expect(judgeVerdict(judgePrompt('It must name "Mars".', 'mars, the fourth planet'))).toMatch(/^PASS\n/);
		expect(judgeVerdict(judgePrompt('Names "Paris" and "France".', 'Paris is in France.'))).toMatch(/^PASS\n/);
	});

	it('fails an answer that misses one, and says which', () => {
		expect(judgeVerdict(judgePrompt('Names "Paris" and "France".', 'Paris.'))).toBe('FAIL\nThe answer does not contain "France".');
		expect(judgeVerdict(judgePrompt('No quoted phrase at all.', 'anything'))).toMatch(/^FAIL\n/);
	});

	it('is not a judge prompt without both a rubric line and an <answer> block', () => {
		expect(judgeVerdict('Rubric: "x"')).toBeUndefined();
		expect(judgeVerdict('<answer>x</answer>')).toBeUndefined();
	});
});

describe('through the router', () => {
	let emulator: Emulator;
	beforeAll(async () => {
		emulator = await startEmulator({ tokens: { [TOKEN]: { credits: 1 } } });
	});
	afterAll(() => emulator.close());

	const chat = async (content: string): Promise<string> => {
		const response = await fetch(`${emulator.url}/v1/chat/completions`, {
			method: 'POST',
			headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
			body: JSON.stringify({ model: LLAMA, messages: [{ role: 'user', content }] }),
		});
		expect(response.status).toBe(200);
		return ((await response.json()) as any).choices[0].message.content;
	};

	it('a judge prompt gets the verdict, even when the answer under test says "Reply with exactly"', async () => {
		expect(await chat(judgePrompt('Must say "4".', 'You said: Reply with exactly: 5'))).toMatch(/^FAIL\n/);
		expect(await chat(judgePrompt('Must say "4".', '4'))).toMatch(/^PASS\n/);
	});

	it('a degraded model answers well for `afterCalls` more chats, then badly, until reset', async () => {
		emulator.degradeModel(LLAMA, { afterCalls: 1 });
		expect(await chat('Reply with exactly: 4')).toBe('4');
		expect(await chat('Reply with exactly: 4')).toBe(DEGRADED_REPLY);
		expect(await chat('Reply with exactly: 4')).toBe(DEGRADED_REPLY);
		emulator.reset();
		expect(await chat('Reply with exactly: 4')).toBe('4');
	});
});
