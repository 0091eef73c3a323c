/**
 * Sentiment of customer messages (SPEC §7). The engine depends on `SentimentAnalyzer` only;
 * `defaultAnalyzer` is the built-in English and Dutch rule-based analyzer.
 */
import type { SentimentAnalyzer } from './analyzer.js';
import { createAnalyzer } from './rule-analyzer.js';

export type { MessageSentiment, SentimentAnalyzer } from './analyzer.js';
export { createAnalyzer } from './rule-analyzer.js';
export { COMBINE_WINDOW, combineMessages, normaliseScore, scoreToLevel } from './levels.js';

export const defaultAnalyzer: SentimentAnalyzer = createAnalyzer();
