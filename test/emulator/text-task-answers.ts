/**
 * What the emulated text-task models answer, derived from the input alone so that tests can
 * predict it (and import these functions to do so): keyword classifiers, zero-shot by word
 * overlap, a named-entity tagger for capitalised words, a dictionary translator, a first-sentence
 * summariser and an extractive question answerer. Shapes are the pipelines' (text-task-routes.ts).
 */

export interface Scored {
	label: string;
	score: number;
}

/** Words with their offsets in the text. */
export interface Word {
	word: string;
	start: number;
	end: number;
}

export function wordsOf(text: string): Word[] {
	return [...text.matchAll(/[\p{L}\p{N}][\p{L}\p{N}'’]*/gu)].map((match) => ({ word: match[0], start: match.index!, end: match.index! + match[0].length }));
}

const lower = (text: string) => wordsOf(text).map(({ word }) => word.toLowerCase());

/** Highest score first; equal scores keep their order (as the pipelines sort). */
const ranked = (scores: Scored[]) => [...scores].sort((a, b) => b.score - a.score);

const normalized = (raw: Array<[string, number]>): Scored[] => {
	const total = raw.reduce((sum, [, value]) => sum + value, 0);
	return raw.map(([label, value]) => ({ label, score: value / total }));
};

/** A text classifier: each label's weight is its base plus 3 per keyword found in the text. */
interface KeywordClassifier {
	labels: Array<{ label: string; base: number; keywords: string[] }>;
}

const POSITIVE = ['love', 'loved', 'great', 'excellent', 'good', 'happy', 'thanks', 'thank', 'amazing', 'perfect', 'awesome', 'wonderful', 'like', 'merci', 'danke', 'gracias'];
const NEGATIVE = ['hate', 'terrible', 'bad', 'broken', 'awful', 'wrong', 'worst', 'angry', 'crash', 'crashes', 'refund', 'disappointed', 'never', 'late', 'fausse', 'falsch', 'incorrecta'];

const STOPWORDS: Record<string, string[]> = {
	en: ['the', 'is', 'my', 'and', 'not', 'has', 'i', 'you', 'please', 'with', 'to', 'of', 'hello', 'thanks', 'was', 'it'],
	fr: ['le', 'la', 'les', 'est', 'mon', 'ma', 'et', 'pas', 'je', 'vous', 'bonjour', 'merci', 'une', 'de', 'mes', 'toujours'],
	de: ['der', 'die', 'das', 'ist', 'mein', 'meine', 'und', 'nicht', 'ich', 'sie', 'hallo', 'danke', 'ein', 'eine', 'noch', 'mit'],
	es: ['el', 'los', 'es', 'mi', 'y', 'no', 'yo', 'usted', 'hola', 'gracias', 'una', 'por', 'favor', 'mis', 'todavía', 'ha'],
	it: ['il', 'è', 'mio', 'mia', 'e', 'non', 'io', 'ciao', 'grazie', 'della', 'sono'],
	nl: ['het', 'de', 'is', 'mijn', 'en', 'niet', 'ik', 'hallo', 'bedankt', 'een'],
	pt: ['o', 'os', 'é', 'meu', 'minha', 'e', 'não', 'eu', 'olá', 'obrigado', 'uma'],
};

const LANGUAGES = ['ar', 'bg', 'de', 'el', 'en', 'es', 'fr', 'hi', 'it', 'ja', 'nl', 'pl', 'pt', 'ru', 'sw', 'th', 'tr', 'ur', 'vi', 'zh'];

export const TEXT_CLASSIFIERS: Record<string, KeywordClassifier> = {
	'distilbert/distilbert-base-uncased-finetuned-sst-2-english': {
		labels: [
			{ label: 'POSITIVE', base: 1, keywords: POSITIVE },
			{ label: 'NEGATIVE', base: 1, keywords: NEGATIVE },
		],
	},
	'cardiffnlp/twitter-roberta-base-sentiment-latest': {
		labels: [
			{ label: 'negative', base: 1, keywords: NEGATIVE },
			{ label: 'neutral', base: 2, keywords: [] },
			{ label: 'positive', base: 1, keywords: POSITIVE },
		],
	},
	'papluca/xlm-roberta-base-language-detection': {
		labels: LANGUAGES.map((label) => ({ label, base: 0.2, keywords: STOPWORDS[label] ?? [] })),
	},
};

/** Every label's score for the text, highest first (the pipeline with top_k=None). */
export function classifyText(model: string, text: string): Scored[] {
	const classifier = TEXT_CLASSIFIERS[model];
	const words = lower(text);
	return ranked(normalized(classifier.labels.map(({ label, base, keywords }) => [label, base + 3 * words.filter((word) => keywords.includes(word)).length])));
}

/** The node's view: the top `topK` (5 unless said, the API's default for one text). */
export function expectedTextClassification(model: string, text: string, topK = 5): Scored[] {
	return classifyText(model, text).slice(0, topK);
}

/** A label word matches a text word when they are equal or share their first four letters. */
function matches(labelWord: string, textWord: string): boolean {
	if (labelWord === textWord) return true;
	return labelWord.length >= 4 && textWord.length >= 4 && labelWord.slice(0, 4) === textWord.slice(0, 4);
}

function overlap(label: string, words: string[]): number {
	return lower(label).filter((labelWord) => words.some((word) => matches(labelWord, word))).length;
}

/**
 * Zero-shot by word overlap: one label -> `1 + 4 * overlap`, normalized to sum 1; with
 * multi_label each label alone: 0.9, 0.95, ... for 1, 2, ... matching words, 0.05 for none.
 */
export function expectedZeroShot(text: string, labels: string[], multiLabel = false): Scored[] {
	const words = lower(text);
	if (multiLabel) return ranked(labels.map((label) => ({ label, score: overlap(label, words) ? 1 - 0.1 / overlap(label, words) : 0.05 })));
	return ranked(normalized(labels.map((label) => [label, 1 + 4 * overlap(label, words)])));
}

const NOT_NAMES = new Set(
	('I The A An My Our We You He She It They This That These Those Hello Hi Hey Dear Please Thanks Thank Yes No Bonjour Hallo Hola Merci Danke Gracias ' +
		'Mon Ma Mes Mi Mis Mein Meine Ich Je Le La Les El Los Die Der Das Ein Eine Un Une Where What Who When Why How Can Could Is Are Was Did Do Does').split(' '),
);
const ORG_WORDS = new Set(['Inc', 'Corp', 'Corporation', 'Ltd', 'GmbH', 'SA', 'LLC', 'Co', 'Group', 'Bank', 'AG']);
const PLACE_CUES = new Set(['in', 'at', 'to', 'near', 'from', 'à', 'en', 'nach', 'aus', 'de']);

export interface Entity {
	entity_group: string;
	score: number;
	word: string;
	start: number;
	end: number;
}

/** A word of the text the tagger takes as part of a name: capitalised, and not a common sentence opener. */
const isNameWord = (word: string) => /^\p{Lu}/u.test(word) && !NOT_NAMES.has(word);

/**
 * Named entities, as a BERT NER model with aggregation_strategy simple gives them: runs of
 * capitalised words (joined by spaces or tabs only) make one entity; ORG when a word of it is a
 * company word (Corp, GmbH...), LOC after in/at/to/from..., else PER. `word` is the words joined
 * by one space, as the tokenizer decodes them; start/end are offsets into the text.
 */
export function expectedEntities(text: string): Entity[] {
	const words = wordsOf(text);
	const entities: Entity[] = [];
	for (let i = 0; i < words.length; i++) {
		if (!isNameWord(words[i].word)) continue;
		let j = i;
		while (j + 1 < words.length && isNameWord(words[j + 1].word) && /^[ \t]+$/.test(text.slice(words[j].end, words[j + 1].start))) j++;
		const run = words.slice(i, j + 1);
		const before = words[i - 1]?.word.toLowerCase();
		const group = run.some(({ word }) => ORG_WORDS.has(word)) ? 'ORG' : before !== undefined && PLACE_CUES.has(before) ? 'LOC' : 'PER';
		const word = run.map((entry) => entry.word).join(' ');
		entities.push({ entity_group: group, score: 0.99 - (word.length % 9) / 100, word, start: run[0].start, end: run[run.length - 1].end });
		i = j;
	}
	return entities;
}

/** aggregation_strategy none: every word of an entity on its own, tagged B- (first) or I-, with its token index. */
export function expectedTokens(text: string): Array<{ entity: string; score: number; index: number; word: string; start: number; end: number }> {
	const index = new Map(wordsOf(text).map((word, position) => [word.start, position + 1]));
	return expectedEntities(text).flatMap((entity) =>
		wordsOf(text.slice(entity.start, entity.end)).map((word, position) => ({
			entity: `${position === 0 ? 'B' : 'I'}-${entity.entity_group}`,
			score: entity.score,
			index: index.get(entity.start + word.start)!,
			word: word.word,
			start: entity.start + word.start,
			end: entity.start + word.end,
		})),
	);
}

/** A few support words in each language, to English. */
const TO_ENGLISH: Record<string, Record<string, string>> = {
	fr: { bonjour: 'hello', mon: 'my', ma: 'my', mes: 'my', facture: 'invoice', est: 'is', fausse: 'wrong', merci: 'thanks', commande: 'order', colis: 'package', pas: 'not', arrivé: 'arrived', compte: 'account', je: 'I', ne: '', peux: 'can', plus: 'anymore', me: 'me', connecter: 'log in', toujours: 'still', le: 'the', la: 'the', et: 'and', aide: 'help', monde: 'world' },
	de: { hallo: 'hello', mein: 'my', meine: 'my', rechnung: 'invoice', ist: 'is', falsch: 'wrong', danke: 'thanks', bestellung: 'order', paket: 'package', nicht: 'not', angekommen: 'arrived', noch: 'still', konto: 'account', ich: 'I', kann: 'can', mich: 'me', anmelden: 'log in', die: 'the', der: 'the', das: 'the', und: 'and', welt: 'world' },
	es: { hola: 'hello', mi: 'my', mis: 'my', factura: 'invoice', es: 'is', incorrecta: 'wrong', gracias: 'thanks', pedido: 'order', paquete: 'package', no: 'not', ha: 'has', llegado: 'arrived', todavía: 'still', cuenta: 'account', puedo: 'can', el: 'the', la: 'the', y: 'and', mundo: 'world' },
};

/** English to each language: the first word of the table that gives an English word (one-word ones only). */
const FROM_ENGLISH: Record<string, Record<string, string>> = Object.fromEntries(
	Object.entries(TO_ENGLISH).map(([language, words]) => {
		const back: Record<string, string> = {};
		for (const [word, english] of Object.entries(words)) if (english && !english.includes(' ')) back[english.toLowerCase()] ??= word;
		return [language, back];
	}),
);

/** The language a text is most likely in, by its common words (the language detector's guess). */
export function detectLanguage(text: string): string {
	return classifyText('papluca/xlm-roberta-base-language-detection', text)[0].label;
}

/** What each emulated translation model translates from and to when the request names no language. */
export const TRANSLATORS: Record<string, { source: string; target: string; multilingual?: boolean }> = {
	'Helsinki-NLP/opus-mt-en-fr': { source: 'en', target: 'fr' },
	'Helsinki-NLP/opus-mt-mul-en': { source: 'auto', target: 'en' },
	'google-t5/t5-small': { source: 'en', target: 'de', multilingual: true },
};

const LANGUAGE_NAMES: Record<string, string> = { english: 'en', french: 'fr', german: 'de', spanish: 'es' };
const code = (language: string) => LANGUAGE_NAMES[language.toLowerCase()] ?? language.toLowerCase().slice(0, 2);

/** The dictionary's word (as the table writes it, capitalised at a sentence's start), or the word itself. */
function mapWord(word: string, table: Record<string, string> | undefined, sentenceStart: boolean): string {
	const mapped = table?.[word.toLowerCase()];
	if (mapped === undefined) return word;
	return sentenceStart && mapped ? mapped[0].toUpperCase() + mapped.slice(1) : mapped;
}

/**
 * Word for word through a small dictionary (source -> English -> target), capitalised at the start
 * of a sentence; words it does not know stay as they are. src_lang/tgt_lang apply to the multilingual model (t5-small) only.
 */
export function expectedTranslation(model: string, text: string, languages: { src_lang?: string; tgt_lang?: string } = {}): string {
	const translator = TRANSLATORS[model];
	const source = translator.multilingual && languages.src_lang ? code(languages.src_lang) : translator.source;
	const target = translator.multilingual && languages.tgt_lang ? code(languages.tgt_lang) : translator.target;
	const from = source === 'auto' ? detectLanguage(text) : source;
	if (from === target) return text;
	return text
		.replace(/[\p{L}\p{N}][\p{L}\p{N}'’]*/gu, (word: string, offset: number) => {
			const start = /(^|[.!?]\s*)$/.test(text.slice(0, offset));
			const english = from === 'en' ? word : mapWord(word, TO_ENGLISH[from], start);
			return target === 'en' ? english : mapWord(english, FROM_ENGLISH[target], start);
		})
		.replace(/ {2,}/g, ' ')
		.trim();
}

/** The first sentence, as a summary. */
export function expectedSummary(text: string): string {
	const trimmed = text.trim();
	const end = /[.!?](\s|$)/.exec(trimmed);
	return end ? trimmed.slice(0, end.index + 1) : trimmed;
}

const QUESTION_WORDS = new Set(['what', 'where', 'who', 'when', 'why', 'how', 'which', 'is', 'are', 'does', 'do', 'did', 'the', 'a', 'an', 'of', 'in', 'to']);

const FILLERS = new Set(['in', 'at', 'on', 'to', 'the', 'a', 'an', 'of', 'for', 'from', 'by', 'with', 'and', 'is', 'was']);

/**
 * Extractive QA: the context sentence sharing the most words with the question (first on a tie),
 * and in it the longest run of words the question does not contain (the part that answers it),
 * without the little words at its ends.
 * score = shared words / question words.
 */
export function expectedAnswer(question: string, context: string): { answer: string; score: number; start: number; end: number } {
	const asked = lower(question).filter((word) => !QUESTION_WORDS.has(word));
	const shared = (word: string) => asked.some((askedWord) => matches(askedWord, word.toLowerCase()));
	const sentences = [...context.matchAll(/[^.!?]+[.!?]?/g)].map((match) => ({ start: match.index!, text: match[0] }));
	let best = sentences[0] ?? { start: 0, text: context };
	let bestShared = -1;
	for (const sentence of sentences) {
		const count = wordsOf(sentence.text).filter(({ word }) => shared(word)).length;
		if (count > bestShared) [best, bestShared] = [sentence, count];
	}
	const words = wordsOf(best.text);
	let run: Word[] = [];
	let longest: Word[] = [];
	for (const word of words) {
		run = shared(word.word) ? [] : [...run, word];
		if (run.length > longest.length) longest = run;
	}
	// An answer starts and ends on a content word: "in Lisbon" answers as "Lisbon".
	while (longest.length > 1 && FILLERS.has(longest[0].word.toLowerCase())) longest = longest.slice(1);
	while (longest.length > 1 && FILLERS.has(longest[longest.length - 1].word.toLowerCase())) longest = longest.slice(0, -1);
	if (!longest.length) longest = words.slice(0, 1);
	const start = best.start + (longest[0]?.start ?? 0);
	const end = best.start + (longest[longest.length - 1]?.end ?? 0);
	return { answer: context.slice(start, end), score: asked.length ? Math.max(0, bestShared) / asked.length : 0, start, end };
}
