import { describe, expect, it } from 'vitest';
import { rankOf, scoreOf } from './helpers.js';

describe('emoji and emoticons', () => {
  it('score on their own, whatever the language', () => {
    expect(rankOf('😡')).toBeLessThan(0);
    expect(rankOf('👎👎')).toBeLessThan(0);
    expect(rankOf('👍')).toBeGreaterThan(0);
    expect(rankOf('❤️')).toBeGreaterThan(0);
  });

  it('reads text emoticons', () => {
    expect(rankOf(':(')).toBeLessThan(0);
    expect(rankOf(":'(")).toBeLessThan(0);
    expect(rankOf(':-)')).toBeGreaterThan(0);
    expect(rankOf(':D')).toBeGreaterThan(0);
    expect(rankOf('<3')).toBeGreaterThan(0);
  });

  it('tips a neutral sentence ("ok :)", "nog steeds geen internet 😤")', () => {
    expect(rankOf('ok')).toBe(0);
    expect(rankOf('ok :)')).toBeGreaterThan(0);
    expect(scoreOf('nog steeds geen internet 😤')).toBeLessThan(scoreOf('nog steeds geen internet'));
  });

  it('does not read a link as an emoticon', () => {
    expect(rankOf('See https://example.com/help')).toBeGreaterThanOrEqual(0);
    expect(rankOf('Here is the link: https://example.com/order')).toBe(0);
  });
});
