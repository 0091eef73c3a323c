/**
 * Per-message language detection for English and Dutch (SPEC §7: "in the customer's
 * language"). Function words decide; words found in only one of the two lexicons and the
 * Dutch "ij" tip a close call. No evidence either way, or more function words of French,
 * German, Spanish, Italian or Portuguese than of either, gives `unknown`.
 */
import type { MessageSentiment } from './analyzer.js';
import { DUTCH_MARKERS, ENGLISH_MARKERS, FOREIGN_MARKERS, lexicons } from './lexicon.js';
import type { Token } from './tokenize.js';

export type Language = MessageSentiment['language'];

const LEXICON_EVIDENCE = 0.25;
const IJ_EVIDENCE = 0.5;

/** What one word says: [English, Dutch, other language] evidence, and whether it is a marker. */
interface WordEvidence {
  readonly english: number;
  readonly dutch: number;
  readonly foreign: number;
  readonly isMarker: boolean;
}

/** Every word with some evidence, built on first use so detection is one look-up per word. */
let evidence: ReadonlyMap<string, WordEvidence> | null = null;

function buildEvidence(): Map<string, WordEvidence> {
  const evidence = new Map<string, WordEvidence>();
  const { english, dutch } = lexicons();
  const words = new Set([...english.words.keys(), ...dutch.words.keys(), ...ENGLISH_MARKERS, ...DUTCH_MARKERS, ...FOREIGN_MARKERS]);
  for (const word of words) {
    const isEnglishMarker = ENGLISH_MARKERS.has(word);
    const isDutchMarker = DUTCH_MARKERS.has(word);
    const isMarker = isEnglishMarker || isDutchMarker;
    const isEnglishWord = english.words.has(word);
    const isDutchWord = dutch.words.has(word);
    evidence.set(word, {
      english: isMarker ? Number(isEnglishMarker) : isEnglishWord && !isDutchWord ? LEXICON_EVIDENCE : 0,
      dutch: isMarker ? Number(isDutchMarker) : isDutchWord && !isEnglishWord ? LEXICON_EVIDENCE : 0,
      foreign: Number(FOREIGN_MARKERS.has(word)),
      isMarker,
    });
  }
  return evidence;
}

export function detectLanguage(tokens: readonly Token[]): Language {
  let english = 0;
  let dutch = 0;
  let foreign = 0;
  const EVIDENCE = (evidence ??= buildEvidence());
  for (const token of tokens) {
    if (token.kind !== 'word') continue;
    const word = token.text;
    const known = EVIDENCE.get(word);
    if (known !== undefined) {
      english += known.english;
      dutch += known.dutch;
      foreign += known.foreign;
      if (known.isMarker) continue;
    }
    if (word.includes('ij')) dutch += IJ_EVIDENCE;
  }
  if (foreign >= english && foreign >= dutch && foreign > 0) return 'unknown';
  if (english > dutch) return 'en';
  if (dutch > english) return 'nl';
  return 'unknown';
}
