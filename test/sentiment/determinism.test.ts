import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../src/sentiment/index.js';
import { readLabelledMessages } from './helpers.js';

describe('determinism', () => {
  it('the same text gives the same result, in any order and on any instance', () => {
    const texts = readLabelledMessages().map((row) => row.text);
    const first = createAnalyzer();
    const second = createAnalyzer();
    const forward = texts.map((text) => first.analyze(text));
    const backward = [...texts].reverse().map((text) => second.analyze(text)).reverse();
    const again = texts.map((text) => first.analyze(text));
    expect(backward).toEqual(forward);
    expect(again).toEqual(forward);
  });

  it('scores stay in [-1, 1]', () => {
    const analyzer = createAnalyzer();
    for (const row of readLabelledMessages()) {
      const { score } = analyzer.analyze(row.text.repeat(5));
      expect(score).toBeGreaterThanOrEqual(-1);
      expect(score).toBeLessThanOrEqual(1);
    }
  });
});
