import type { SentimentLevel } from '../domain/sentiment-scale.js';

/** What the analyzer says of one customer message. */
export interface MessageSentiment {
  /** Normalised score in [-1, 1]: below 0 negative, above 0 positive. */
  score: number;
  /** The SPEC §7 level of this one message. */
  level: SentimentLevel;
  /** Detected language of the message. */
  language: 'en' | 'nl' | 'unknown';
}

/**
 * The one interface the engine uses (SPEC §7): deterministic and offline. The engine calls
 * `analyze` once per public customer message and keeps the results of the last six; the
 * conversation's level is `combine` over them (oldest first).
 */
export interface SentimentAnalyzer {
  analyze(text: string): MessageSentiment;
  combine(recent: readonly MessageSentiment[]): SentimentLevel;
}
