import { describe, expect, it } from 'vitest';
import { defaultAnalyzer } from '../../src/sentiment/index.js';
import { readLabelledMessages } from './helpers.js';

function directionOf(text: string): 'negative' | 'neutral' | 'positive' {
  const { level } = defaultAnalyzer.analyze(text);
  if (level === 'neutral') return 'neutral';
  return level.endsWith('negative') ? 'negative' : 'positive';
}

describe('accuracy on the labelled set', () => {
  const rows = readLabelledMessages();

  it('holds at least 250 English and 250 Dutch messages, a third of them never tuned on', () => {
    for (const lang of ['en', 'nl'] as const) {
      const ofLanguage = rows.filter((row) => row.lang === lang);
      expect(ofLanguage.length).toBeGreaterThanOrEqual(250);
      const heldOut = ofLanguage.filter((row) => row.split !== 'tune').length;
      expect(heldOut / ofLanguage.length).toBeGreaterThan(0.3);
      expect(ofLanguage.filter((row) => row.split === 'validation').length).toBeGreaterThanOrEqual(80);
    }
  });

  it.each(['en', 'nl'] as const)('direction accuracy on the validation part is at least 0.9 (%s)', (lang) => {
    const validation = rows.filter((row) => row.lang === lang && row.split === 'validation');
    const right = validation.filter((row) => directionOf(row.text) === row.direction).length;
    expect(right / validation.length).toBeGreaterThanOrEqual(0.9);
  });
});
