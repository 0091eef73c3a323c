/**
 * The seven sentiment levels of SPEC §7, from worst to best. The order matters: a queue's
 * alert threshold flags every conversation whose level is at or below it.
 */
export const SENTIMENT_LEVELS = [
  'very-negative',
  'negative',
  'slightly-negative',
  'neutral',
  'slightly-positive',
  'positive',
  'very-positive',
] as const;

export type SentimentLevel = (typeof SENTIMENT_LEVELS)[number];

/** Rank of a level on the scale: -3 (very-negative) .. +3 (very-positive). */
export function sentimentRank(level: SentimentLevel): number {
  return SENTIMENT_LEVELS.indexOf(level) - 3;
}

/** True when `level` is at or below `threshold` (SPEC §7 alert). */
export function isAtOrBelow(level: SentimentLevel, threshold: SentimentLevel): boolean {
  return sentimentRank(level) <= sentimentRank(threshold);
}

/** What an analyzer says of one customer message (see src/sentiment/analyzer.ts). */
export interface MessageSentiment {
  /** Normalised score in [-1, 1]: below 0 negative, above 0 positive. */
  score: number;
  /** The SPEC §7 level of this one message. */
  level: SentimentLevel;
  /** Detected language of the message. */
  language: 'en' | 'nl' | 'unknown';
}
