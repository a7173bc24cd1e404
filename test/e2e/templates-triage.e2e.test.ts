/**
 * The triage template (workflows/triage-support-messages.json) in a real n8n 2.41.1 with the packed
 * package installed, run from its Manual Trigger against the router + Hub emulator: four messages
 * in four languages are tagged with their language, the three not in English translated, each
 * routed to a team by zero-shot classification and searched for names, and each triage card
 * carries a cost estimate beside the chat one. With no credits left the messages go to "Out of
 * credits".
 */
import { detectLanguage, expectedEntities, expectedTranslation, expectedZeroShot } from '../emulator';
import { templateSuite } from './template-suite';
import { loadTemplate, type TemplateWorkflow } from './templates';

const TOKEN = 'hf_templates_triage_token_01';
const LANGUAGE_ID = 'papluca/xlm-roberta-base-language-detection';
const MUL_EN = 'Helsinki-NLP/opus-mt-mul-en';
const MNLI = 'facebook/bart-large-mnli';
const NER = 'dslim/bert-base-NER';
const TEAMS = ['billing / invoices', 'shipping / packages', 'login / account', 'app crash / bug'];

/** The template's own messages, read from its Code node. */
function messagesOf(template: TemplateWorkflow): Array<{ id: number; from: string; text: string }> {
	const node = (template.nodes as Array<{ name: string; parameters: { jsCode?: string } }>).find((entry) => entry.name === 'Support messages')!;
	const list = /return (\[[\s\S]*\])\.map/.exec(node.parameters.jsCode!)![1];
	return new Function(`return ${list};`)() as Array<{ id: number; from: string; text: string }>;
}

describe('triage-support-messages template in a real n8n', () => {
	const template = loadTemplate('triage');
	const messages = messagesOf(template);
	const suite = templateSuite({ token: TOKEN, credits: 1, workflows: () => [template] });
	const posts = (path: string) => suite.emulator.requests.filter((call) => call.listener === 'router' && call.method === 'POST' && call.path === path);

	it('tags, translates where needed, routes to a team and finds names, one card per message with its cost estimate', async () => {
		const result = await suite.run(template);
		const cards = result.items('Triage with cost estimate');
		expect(cards).toHaveLength(4);
		const english = messages.map((message) => (detectLanguage(message.text) === 'en' ? message.text : expectedTranslation(MUL_EN, message.text)));
		cards.forEach((card, index) => {
			const entities = expectedEntities(english[index]);
			const names = (type: string) => entities.filter((entity) => entity.entity_group === type).map((entity) => english[index].slice(entity.start, entity.end));
			const [team] = expectedZeroShot(english[index], TEAMS);
			expect(card.json).toEqual({
				id: messages[index].id,
				from: messages[index].from,
				language: detectLanguage(messages[index].text),
				english: english[index],
				team: team.label,
				teamScore: team.score,
				people: names('PER'),
				organizations: names('ORG'),
				places: names('LOC'),
				estimatedCostUsd: expect.any(Number),
				estimatedChatCostUsd: expect.any(Number),
			});
			expect(card.json.estimatedChatCostUsd as number).toBeGreaterThan(card.json.estimatedCostUsd as number);
		});
		// What a support lead would read.
		expect(cards.map((card) => [card.json.language, card.json.team, card.json.people])).toEqual([
			['en', 'billing / invoices', ['Maria Lopez']],
			['fr', 'shipping / packages', ['Julien Martin']],
			['de', 'login / account', ['Anna Schmidt']],
			['es', 'app crash / bug', ['Carlos Ruiz']],
		]);
		expect(cards.map((card) => card.json.organizations)).toEqual([[], ['Acme Corp'], [], ['Globex GmbH']]);

		// The router's log: one call for the languages and one for the names (lists of texts), a
		// translation for each message not in English only, a zero-shot call per message.
		expect(posts(`/hf-inference/models/${LANGUAGE_ID}`).map((call) => call.body)).toEqual([{ inputs: messages.map((message) => message.text), parameters: { top_k: 1 } }]);
		expect(posts(`/hf-inference/models/${MUL_EN}`).map((call) => call.body)).toEqual(messages.slice(1).map((message) => ({ inputs: message.text })));
		expect(posts(`/hf-inference/models/${MNLI}`).map((call) => call.body)).toEqual(
			english.map((text) => ({ inputs: text, parameters: { candidate_labels: TEAMS, hypothesis_template: 'This support message is about {}.' } })),
		);
		expect(posts(`/hf-inference/models/${NER}`).map((call) => call.body)).toEqual([{ inputs: english }]);
		expect(() => result.items('Out of credits')).toThrow(/did not run/);
	});

	it('with no credits, the messages go to "Out of credits" as they came in', async () => {
		suite.emulator.setCredits(TOKEN, 0);
		const result = await suite.run(template);
		const out = result.items('Out of credits');
		expect(out.map((item) => item.json)).toEqual(
			messages.map((message) => ({
				...message,
				quotaExhausted: true,
				message: expect.stringContaining('Hugging Face said:'),
				error: expect.objectContaining({ httpCode: 402, model: LANGUAGE_ID }),
			})),
		);
		expect(() => result.items('Triage with cost estimate')).toThrow(/did not run/);
	});
});
