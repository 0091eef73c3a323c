import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sentimentRank } from '../../src/domain/sentiment-scale.js';
import { defaultAnalyzer } from '../../src/sentiment/index.js';

/** One labelled customer message of `test/fixtures/sentiment/messages.jsonl`. */
export interface LabelledMessage {
  text: string;
  lang: 'en' | 'nl';
  direction: 'negative' | 'neutral' | 'positive';
  strength: 0 | 1 | 2 | 3;
  /**
   * `validation`: written before any rule was tuned; `tune`: used to tune the rules; `blind`:
   * written after tuning, scored once, never tuned on (see docs/sentiment.md).
   */
  split: 'tune' | 'validation' | 'blind';
}

export function readLabelledMessages(): LabelledMessage[] {
  const path = fileURLToPath(new URL('../fixtures/sentiment/messages.jsonl', import.meta.url));
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as LabelledMessage);
}

/** Rank of the message's level: -3 (very-negative) .. +3 (very-positive). */
export function rankOf(text: string): number {
  return sentimentRank(defaultAnalyzer.analyze(text).level);
}

export function scoreOf(text: string): number {
  return defaultAnalyzer.analyze(text).score;
}
