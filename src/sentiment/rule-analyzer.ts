/**
 * The lexicon-and-rules analyzer of SPEC §7: English and Dutch, offline, deterministic.
 *
 * Per message: tokenise, detect the language, sum the lexicon values of words, phrases and
 * emoji (AFINN scale) with the rules below, squash the sum into (-1, 1) and map it to a level.
 * The rules, in the order they act on a word:
 * 1. phrases of two or three tokens win over their single words ("fed up", "nog steeds geen");
 * 2. an intensifier or mild form up to two tokens before scales the word ("really", "a bit"),
 *    one after strengthens it ("thank you so much", "not happy at all");
 * 3. a negator reverses the next `NEGATION_SCOPE` tokens up to the end of the clause: a positive
 *    word becomes negative at 0.8 of its value, a negative word weakly positive at 0.4
 *    ("not bad"); a thing the customer waits for is a complaint when negated ("no refund");
 *    Dutch also negates after the verb ("helpt niet", "klopt alweer niet");
 * 4. a word in capitals counts 1.5 times, and so does a word negated by one ("NOT happy");
 *    after "hoped" / "gehoopt" the sentence's positive words count at -0.4;
 * 5. "al drie weken", "for two weeks" (a wait) and "three times", "4 keer" (a repeat) are
 *    complaints, and so, mildly, is a message that opens with "why" / "waarom";
 * then for the whole message: shouting (most words in capitals) × 1.3, each `!` adds 10 %
 * (up to four), `??` / `?!` adds 20 %; with no sentiment word at all, shouting, `??`, `?!` or
 * `!!!` alone make a mild complaint, and a plain question halves a weak sum.
 * docs/sentiment.md explains each rule with examples.
 */
import { createRequire } from 'node:module';
import type { SentimentLevel } from '../domain/sentiment-scale.js';
import type { MessageSentiment, SentimentAnalyzer } from './analyzer.js';
import {
  AFTER_INTENSIFIERS,
  CLAUSE_WORDS,
  COUNTERFACTUALS,
  DOWNTONERS,
  DURATION_AMOUNTS,
  DURATION_LEADS,
  DURATION_UNITS,
  DUTCH_PARTICLES,
  EXPECTED_THINGS,
  FALSE_FRIENDS,
  INTENSIFIERS,
  NEGATION_SCOPE,
  NEGATORS,
  QUESTION_STARTS,
  REPEAT_AMOUNTS,
  REPEAT_UNITS,
  WHY_WORDS,
} from './customer-service-lexicon.js';
import { type Language, detectLanguage } from './language.js';
import { type Lexicon, lexicons } from './lexicon.js';
import { combineMessages, normaliseScore, scoreToLevel } from './levels.js';
import { type Token, tokenize } from './tokenize.js';

const require = createRequire(import.meta.url);

interface Stemmer {
  stem(word: string): string;
}

/** The Dutch stemmer of `@nlpjs/lang-nl`, loaded on first use as the word lists are. */
function loadStemmer(): Stemmer {
  const { StemmerNl } = require('@nlpjs/lang-nl') as { StemmerNl: new () => Stemmer };
  return new StemmerNl();
}

const NEGATED_POSITIVE = -0.8;
const NEGATED_NEGATIVE = -0.4;
const NEGATED_EXPECTED_THING = -1.5;
const SHOUTED_WORD = 1.5;
const SHOUTED_MESSAGE = 1.3;
const MAX_MULTIPLIER = 2;
const MODIFIER_REACH = 2;
const EXCLAMATION_STEP = 0.1;
const MAX_EXCLAMATIONS = 4;
const INSISTENT_QUESTION = 0.2;
const BARE_COMPLAINT = -1;
const DUTCH_FINAL_NEGATION = -1.5;
const UNFULFILLED = -0.4;
const WAITED = -1.5;
const REPEATED = -1.5;
const WHY_OPENING = -0.5;
const WEAK_QUESTION = 1.5;
const QUESTION_DAMPING = 0.5;
const WORD_MEMO_LIMIT = 20_000;

/** Two-token modifiers ("a bit" is "bit"; these need both words). */
const MODIFIER_PHRASES: ReadonlyMap<string, number> = new Map(
  [...Object.entries(INTENSIFIERS), ...Object.entries(DOWNTONERS)].filter(([key]) =>
    key.includes(' '),
  ),
);
/** First words of the two-word modifiers, so a pair is only built when it can match. */
const PAIR_STARTS: ReadonlySet<string> = new Set(
  [...Object.keys(INTENSIFIERS), ...Object.keys(DOWNTONERS), ...Object.keys(AFTER_INTENSIFIERS)]
    .filter((key) => key.includes(' '))
    .map((key) => key.slice(0, key.indexOf(' '))),
);
const AFTER_MODIFIERS: ReadonlyMap<string, number> = new Map(Object.entries(AFTER_INTENSIFIERS));
const MODIFIER_WORDS: ReadonlyMap<string, number> = new Map(
  [...Object.entries(INTENSIFIERS), ...Object.entries(DOWNTONERS)].filter(
    ([key]) => !key.includes(' '),
  ),
);

/**
 * Creates the rule-based analyzer. Instances share the lexicons, which are built on the first
 * message analysed (`lexicons()`); each keeps its own word memo.
 */
export function createAnalyzer(): SentimentAnalyzer {
  let loadedStemmer: Stemmer | null = null;
  const stemmer: Stemmer = { stem: (word) => (loadedStemmer ??= loadStemmer()).stem(word) };

  /**
   * Per-language memo of `findWord` (NaN for "not found"), cleared when it reaches
   * `WORD_MEMO_LIMIT` words; it only saves time, the result is the same without it.
   */
  const wordCaches: Record<Language, Map<string, number>> = {
    en: new Map(),
    nl: new Map(),
    unknown: new Map(),
  };

  function lookUpWord(word: string, language: Language): number | undefined {
    const cache = wordCaches[language];
    const cached = cache.get(word);
    if (cached !== undefined) return Number.isNaN(cached) ? undefined : cached;
    const found = findWord(word, language);
    if (cache.size >= WORD_MEMO_LIMIT) cache.clear();
    cache.set(word, found ?? Number.NaN);
    return found;
  }

  function findWord(word: string, language: Language): number | undefined {
    const { english, dutch } = lexicons();
    if (language === 'en') return english.words.get(word) ?? lookUpElongated(word, english);
    const isFalseFriend = FALSE_FRIENDS.has(word);
    if (language === 'nl') {
      const inDutch = dutch.words.get(word);
      if (inDutch !== undefined) return inDutch;
      // Dutch customers borrow English ("top", "thanks", "fail"); false friends excepted.
      const inEnglish = isFalseFriend || word.length < 3 ? undefined : english.words.get(word);
      return inEnglish ?? lookUpDutchForm(word, stemmer) ?? lookUpElongated(word, dutch);
    }
    if (isFalseFriend) return undefined;
    return english.words.get(word) ?? dutch.words.get(word) ?? lookUpElongated(word, english);
  }

  function lookUpPhrase(tokens: readonly Token[], at: number, language: Language) {
    const word = tokens[at].text;
    for (const lexicon of lexicons().byLanguage[language]) {
      if (!lexicon.phraseStarts.has(word)) continue;
      const second = tokens[at + 1];
      if (second === undefined || second.kind !== 'word') continue;
      const pair = `${word} ${second.text}`;
      const third = tokens[at + 2];
      if (third !== undefined && third.kind === 'word') {
        const triple = lexicon.phrases.get(`${pair} ${third.text}`);
        if (triple !== undefined) return { value: triple, length: 3 };
      }
      const double = lexicon.phrases.get(pair);
      if (double !== undefined) return { value: double, length: 2 };
    }
    return undefined;
  }

  function analyze(text: string): MessageSentiment {
    const tokens = tokenize(text);
    const language = detectLanguage(tokens);

    let wordCount = 0;
    let shoutedCount = 0;
    for (const token of tokens) {
      if (token.kind !== 'word' || token.text.length < 2) continue;
      wordCount += 1;
      if (token.isShouted) shoutedCount += 1;
    }
    const isShouting = shoutedCount >= 2 && shoutedCount * 2 >= wordCount;

    let raw = 0;
    let hasSentimentWord = false;
    /** Tokens still inside the scope of the last negator. */
    let negationLeft = 0;
    /** "this is NOT acceptable": a negator in capitals stresses what it negates. */
    let isNegationShouted = false;
    /** Pending intensifier or mild form, and how many tokens it still reaches. */
    let multiplier = 1;
    let multiplierLeft = 0;
    /** The last word's contribution and where it ended, for "so much" / "at all" after it. */
    let lastContribution = 0;
    let lastEnd = -1;
    let exclamations = 0;
    let isInsistentQuestion = false;
    /** Index of the first token of the current clause. */
    let clauseStart = 0;
    /** Where the clause that ends the message with a single `?` starts, if it does. */
    let questionClauseStart = -1;
    /** Strongest contribution in the current clause. */
    let clauseStrength = 0;
    /** Positive contributions in the current sentence, and whether it hoped for them. */
    let sentencePositive = 0;
    let isCounterfactual = false;

    for (let at = 0; at < tokens.length; ) {
      const token = tokens[at];
      if (token.kind === 'boundary') {
        for (let c = 0; c < token.text.length; c += 1) if (token.text[c] === '!') exclamations += 1;
        if (token.text.length >= 2 && token.text.includes('?')) isInsistentQuestion = true;
        negationLeft = 0;
        multiplierLeft = 0;
        if (token.text === '?' && at === tokens.length - 1) questionClauseStart = clauseStart;
        clauseStart = at + 1;
        clauseStrength = 0;
        if (token.text !== ',') {
          sentencePositive = 0;
          isCounterfactual = false;
        }
        at += 1;
        continue;
      }
      if (token.kind === 'emoji') {
        const value = lexicons().emoji.get(token.text);
        if (value !== undefined && value !== 0) {
          raw += value;
          hasSentimentWord = true;
        }
        at += 1;
        continue;
      }
      const word = token.text;
      if (CLAUSE_WORDS.has(word)) {
        negationLeft = 0;
        multiplierLeft = 0;
        clauseStart = at + 1;
        clauseStrength = 0;
        at += 1;
        continue;
      }

      const next = tokens[at + 1];
      const hasNextWord = next !== undefined && next.kind === 'word';
      const pair = hasNextWord && PAIR_STARTS.has(word) ? `${word} ${next.text}` : undefined;

      const after = AFTER_MODIFIERS.get(pair ?? '') ?? AFTER_MODIFIERS.get(word);
      if (after !== undefined && lastEnd >= at - 1 && lastContribution !== 0) {
        const extra = lastContribution * (after - 1);
        raw += extra;
        lastContribution = 0;
        at += pair !== undefined && AFTER_MODIFIERS.has(pair) ? 2 : 1;
        continue;
      }

      const before = pair === undefined ? undefined : MODIFIER_PHRASES.get(pair);
      const beforeWord =
        hasNextWord && modifiesNext(next.text, language) ? MODIFIER_WORDS.get(word) : undefined;
      if (before !== undefined || beforeWord !== undefined) {
        const length = before !== undefined ? 2 : 1;
        multiplier *= before ?? beforeWord ?? 1;
        multiplierLeft = MODIFIER_REACH;
        negationLeft = Math.max(0, negationLeft - length);
        at += length;
        continue;
      }

      let value: number | undefined;
      let length = 1;
      let isShouted = token.isShouted;
      let canBeNegated = true;
      let opensNegation = false;

      const phrase =
        lookUpPhrase(tokens, at, language) ?? matchDuration(tokens, at) ?? matchRepeat(tokens, at);
      if (phrase !== undefined) {
        value = phrase.value;
        length = phrase.length;
        for (let k = 0; k < length; k += 1) {
          const part = tokens[at + k];
          isShouted ||= part.isShouted;
          if (NEGATORS.has(part.text)) opensNegation = true;
        }
        // A phrase is an idiom: only a positive one turns ("not well done"); "geen geld
        // terug" is as much a complaint as "geld terug".
        canBeNegated = !opensNegation && value > 0;
      } else if (NEGATORS.has(word)) {
        value = lookUpWord(word, language);
        canBeNegated = false;
        opensNegation = true;
        if (language === 'nl' && lastContribution > 0 && lastEnd >= at - 2 && lastEnd >= clauseStart) {
          // Dutch puts the negation after the verb: "de chatbot helpt (helemaal) niks".
          raw += lastContribution * (NEGATED_POSITIVE - 1);
          lastContribution *= NEGATED_POSITIVE;
        } else if (language === 'nl' && clauseStrength < 1 && endsClause(tokens, at + 1)) {
          // "De factuur klopt alweer niet", "er neemt niemand op": a clause that ends in its
          // negation is a complaint, though no word in it is.
          value = (value ?? 0) + DUTCH_FINAL_NEGATION;
        }
      } else {
        value = lookUpWord(word, language);
        if ((value === undefined || value === 0) && negationLeft > 0 && EXPECTED_THINGS.has(word)) {
          value = NEGATED_EXPECTED_THING;
          canBeNegated = false;
        }
      }

      if (!isCounterfactual && hasCounterfactual(tokens, at, length)) {
        // "I'd hoped for a quicker answer", "had gehoopt dat het opgelost was": what was
        // hoped for did not happen, so the sentence's positive words count against.
        isCounterfactual = true;
        raw += sentencePositive * (UNFULFILLED - 1);
        sentencePositive = 0;
      }

      if (value !== undefined && value !== 0) {
        let contribution = value;
        if (isShouted && !isShouting) contribution *= SHOUTED_WORD;
        if (multiplierLeft > 0) contribution *= Math.min(multiplier, MAX_MULTIPLIER);
        if (negationLeft > 0 && canBeNegated) {
          contribution *= contribution > 0 ? NEGATED_POSITIVE : NEGATED_NEGATIVE;
          if (isNegationShouted && !isShouting) contribution *= SHOUTED_WORD;
        }
        if (isCounterfactual && contribution > 0) contribution *= UNFULFILLED;
        raw += contribution;
        if (contribution > 0) sentencePositive += contribution;
        clauseStrength = Math.max(clauseStrength, Math.abs(contribution));
        hasSentimentWord = true;
        lastContribution = contribution;
        lastEnd = at + length - 1;
        multiplierLeft = 0;
      }

      if (opensNegation) isNegationShouted = isShouted;
      negationLeft = opensNegation ? NEGATION_SCOPE : Math.max(0, negationLeft - length);
      multiplierLeft = Math.max(0, multiplierLeft - length);
      if (multiplierLeft === 0) multiplier = 1;
      at += length;
    }

    // "Is there an outage in Utrecht?", "Hallo, kunt u kijken ...?": a plain question.
    const isPlainQuestion =
      questionClauseStart >= 0 &&
      exclamations === 0 &&
      QUESTION_STARTS.has(tokens[questionClauseStart]?.text ?? '');
    if (isPlainQuestion && Math.abs(raw) <= WEAK_QUESTION) raw *= QUESTION_DAMPING;
    const first = tokens[0];
    if (first !== undefined && WHY_WORDS.has(first.text)) raw += WHY_OPENING;
    if (isShouting) raw = raw === 0 ? BARE_COMPLAINT : raw * SHOUTED_MESSAGE;
    if (raw !== 0) {
      raw *=
        1 +
        Math.min(exclamations, MAX_EXCLAMATIONS) * EXCLAMATION_STEP +
        (isInsistentQuestion ? INSISTENT_QUESTION : 0);
    } else if (!hasSentimentWord && (isInsistentQuestion || exclamations >= 3)) {
      raw = BARE_COMPLAINT;
    }

    const score = normaliseScore(raw);
    return { score, level: scoreToLevel(score), language };
  }

  /** An intensifier or mild form acts only on a word that carries sentiment or turns it. */
  function modifiesNext(next: string, language: Language): boolean {
    if (MODIFIER_WORDS.has(next) || NEGATORS.has(next)) return true;
    const value = lookUpWord(next, language);
    return value !== undefined && value !== 0;
  }

  return {
    analyze,
    combine(recent: readonly MessageSentiment[]): SentimentLevel {
      return combineMessages(recent);
    },
  };
}

/**
 * "al drie weken", "al een week", "for two weeks", "been 3 days": how long the customer has
 * waited is a complaint of its own.
 */
function matchDuration(tokens: readonly Token[], at: number) {
  if (!DURATION_LEADS.has(tokens[at].text)) return undefined;
  const amount = tokens[at + 1];
  const unit = tokens[at + 2];
  if (amount === undefined || unit === undefined || amount.kind !== 'word') return undefined;
  if (!DURATION_AMOUNTS.has(amount.text) && !/^\d+$/.test(amount.text)) return undefined;
  return DURATION_UNITS.has(unit.text) ? { value: WAITED, length: 3 } : undefined;
}

/** "three times", "4 keer", "tig keer": the customer had to do something again and again. */
function matchRepeat(tokens: readonly Token[], at: number) {
  const amount = tokens[at].text;
  const unit = tokens[at + 1];
  if (unit === undefined || unit.kind !== 'word' || !REPEAT_UNITS.has(unit.text)) return undefined;
  const isRepeated = REPEAT_AMOUNTS.has(amount) || (/^\d+$/.test(amount) && Number(amount) >= 2);
  return isRepeated ? { value: REPEATED, length: 2 } : undefined;
}

function hasCounterfactual(tokens: readonly Token[], at: number, length: number): boolean {
  for (let k = at; k < at + length; k += 1) if (COUNTERFACTUALS.has(tokens[k].text)) return true;
  return false;
}

function endsClause(tokens: readonly Token[], at: number): boolean {
  let index = at;
  if (tokens[index]?.kind === 'word' && DUTCH_PARTICLES.has(tokens[index].text)) index += 1;
  const token = tokens[index];
  return token === undefined || token.kind !== 'word' || CLAUSE_WORDS.has(token.text);
}

/** "sooo", "thaaanks": letters repeated three or more times count once. */
function lookUpElongated(word: string, lexicon: Lexicon): number | undefined {
  if (!/(.)\1\1/.test(word)) return undefined;
  return lexicon.words.get(word.replace(/(.)\1+/g, '$1')) ?? lexicon.words.get(word.replace(/(.)\1\1+/g, '$1$1'));
}

const DOUBLED_CONSONANT = /([bdfgklmnprst])\1$/;
const VOWEL = /[aeiou]/;

/**
 * Dutch inflected forms the AFINN list lacks: adjectives in -e ("slechte", "snelle",
 * "boze", "grote") and superlatives in -ste; then the `@nlpjs` stem list. (Stripping -er or
 * -en would turn "moeder" into "moed".)
 */
function lookUpDutchForm(word: string, stemmer: Stemmer): number | undefined {
  if (word.length < 4) return undefined;
  const { dutch, dutchStems } = lexicons();
  for (const suffix of ['ste', 'st', 'e']) {
    if (!word.endsWith(suffix) || word.length - suffix.length < 3) continue;
    for (const base of baseForms(word.slice(0, -suffix.length))) {
      const value = dutch.words.get(base);
      if (value !== undefined) return value;
    }
  }
  return dutchStems.get(stemmer.stem(word));
}

function baseForms(stem: string): string[] {
  const forms = [stem];
  if (DOUBLED_CONSONANT.test(stem)) forms.push(stem.slice(0, -1));
  if (stem.endsWith('z')) forms.push(`${stem.slice(0, -1)}s`);
  if (stem.endsWith('v')) forms.push(`${stem.slice(0, -1)}f`);
  const vowel = stem[stem.length - 2];
  if (vowel !== undefined && VOWEL.test(vowel) && !VOWEL.test(stem[stem.length - 3] ?? 'a')) {
    const long = `${stem.slice(0, -1)}${vowel}${stem[stem.length - 1]}`;
    forms.push(long);
    if (long.endsWith('z')) forms.push(`${long.slice(0, -1)}s`);
    if (long.endsWith('v')) forms.push(`${long.slice(0, -1)}f`);
  }
  return forms;
}
