import { describe, expect, it } from 'vitest';
import type { MessageSentiment } from '../../src/sentiment/analyzer.js';
import { combineMessages, defaultAnalyzer, scoreToLevel } from '../../src/sentiment/index.js';

function message(score: number): MessageSentiment {
  return { score, level: scoreToLevel(score), language: 'en' };
}

describe('combine over the last six messages (SPEC §7)', () => {
  it('no message is neutral', () => {
    expect(defaultAnalyzer.combine([])).toBe('neutral');
  });

  it('one message gives that message its level', () => {
    for (const score of [-0.9, -0.5, -0.2, 0, 0.2, 0.5, 0.9]) {
      expect(defaultAnalyzer.combine([message(score)])).toBe(scoreToLevel(score));
    }
  });

  it('only the last six count', () => {
    const old = [message(-0.9), message(-0.9), message(-0.9)];
    const lastSix = Array.from({ length: 6 }, () => message(0.7));
    expect(defaultAnalyzer.combine([...old, ...lastSix])).toBe('very-positive');
    expect(defaultAnalyzer.combine([...old, ...lastSix])).toBe(defaultAnalyzer.combine(lastSix));
  });

  it('the newest message weighs most', () => {
    const recovering = [message(-0.8), message(-0.6), message(0.6), message(0.8)];
    const souring = [message(0.8), message(0.6), message(-0.6), message(-0.8)];
    expect(defaultAnalyzer.combine(recovering)).toMatch(/positive/);
    expect(defaultAnalyzer.combine(souring)).toMatch(/negative/);
  });

  it('a neutral fact line does not wash out an angry message', () => {
    expect(defaultAnalyzer.combine([message(-0.8), message(0)])).toMatch(/negative/);
  });

  it('the engine-facing combine and combineMessages agree', () => {
    const recent = [-0.7, 0.1, 0.3, -0.2, 0, 0.6, -0.4].map(message);
    expect(defaultAnalyzer.combine(recent)).toBe(combineMessages(recent));
  });

  it('a real conversation: an angry customer who ends up thanking the agent', () => {
    const texts = [
      'Third time I call about my refund, this is ridiculous',
      'Order 5512',
      'ok',
      'Finally! The money is back on my account, thank you so much!',
      'Great, thanks for sorting it out 👍',
    ];
    expect(defaultAnalyzer.combine(texts.map((text) => defaultAnalyzer.analyze(text)))).toMatch(/positive/);
  });
});
