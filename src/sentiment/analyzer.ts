import type { MessageSentiment, SentimentLevel } from '../domain/sentiment-scale.js';

export type { MessageSentiment };


/**
 * The one interface the engine uses (SPEC §7): deterministic and offline. The engine calls
 * `analyze` once per public customer message and keeps the results of the last six; the
 * conversation's level is `combine` over them (oldest first).
 */
export interface SentimentAnalyzer {
  analyze(text: string): MessageSentiment;
  combine(recent: readonly MessageSentiment[]): SentimentLevel;
}
