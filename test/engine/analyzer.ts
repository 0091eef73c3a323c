/** A neutral analyzer for the engine tests that do not look at sentiment. */
import type { SentimentAnalyzer } from '../../src/sentiment/analyzer.js';

export const defaultAnalyzerForTests: SentimentAnalyzer = {
  analyze: () => ({ score: 0, level: 'neutral', language: 'en' }),
  combine: () => 'neutral',
};
