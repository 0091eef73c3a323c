/**
 * From scores to the seven levels of SPEC §7, per message and per conversation.
 */
import type { SentimentLevel } from '../domain/sentiment-scale.js';
import type { MessageSentiment } from './analyzer.js';

/**
 * Squashes a raw lexicon sum (AFINN scale, unbounded) into (-1, 1), as VADER does:
 * `raw / sqrt(raw² + 15)`. One mild word (±1) gives ±0.25, one strong word (±3) ±0.61.
 */
export function normaliseScore(raw: number): number {
  if (raw === 0) return 0;
  return raw / Math.sqrt(raw * raw + 15);
}

/** Upper bounds of |score| for neutral, slight and plain levels; above the last is "very". */
export const LEVEL_BOUNDS = { neutral: 0.15, slight: 0.4, plain: 0.65 } as const;

/**
 * |score| < 0.15 → neutral; < 0.40 → slightly-±; < 0.65 → ±; otherwise very-±.
 */
export function scoreToLevel(score: number): SentimentLevel {
  const magnitude = Math.abs(score);
  if (magnitude < LEVEL_BOUNDS.neutral) return 'neutral';
  const isNegative = score < 0;
  if (magnitude < LEVEL_BOUNDS.slight) return isNegative ? 'slightly-negative' : 'slightly-positive';
  if (magnitude < LEVEL_BOUNDS.plain) return isNegative ? 'negative' : 'positive';
  return isNegative ? 'very-negative' : 'very-positive';
}

/** SPEC §7: the conversation's level comes from the customer's last six public messages. */
export const COMBINE_WINDOW = 6;

/**
 * A neutral message ("my order number is 123") says little about the customer's mood, so
 * each message weighs `recency × (NEUTRAL_WEIGHT + |score|)`.
 */
const NEUTRAL_WEIGHT = 0.25;

/**
 * The conversation's level: a weighted mean of the scores of the last (up to) six messages,
 * oldest first, mapped with `scoreToLevel`. The i-th of n messages (1 = oldest) has recency
 * weight i, so the newest counts n times as much as the oldest; messages before the window
 * are ignored. No message → neutral.
 */
export function combineMessages(recent: readonly MessageSentiment[]): SentimentLevel {
  const start = Math.max(0, recent.length - COMBINE_WINDOW);
  let weighted = 0;
  let totalWeight = 0;
  for (let index = start; index < recent.length; index += 1) {
    const score = recent[index].score;
    const weight = (index - start + 1) * (NEUTRAL_WEIGHT + Math.abs(score));
    weighted += weight * score;
    totalWeight += weight;
  }
  if (totalWeight === 0) return 'neutral';
  return scoreToLevel(weighted / totalWeight);
}
