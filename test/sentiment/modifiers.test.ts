import { describe, expect, it } from 'vitest';
import { rankOf, scoreOf } from './helpers.js';

describe('intensifiers and mild forms', () => {
  it('an intensifier strengthens the next word (EN and NL)', () => {
    expect(scoreOf('really disappointing')).toBeLessThan(scoreOf('disappointing'));
    expect(scoreOf('heel erg teleurstellend')).toBeLessThan(scoreOf('teleurstellend'));
    expect(scoreOf('thank you so much')).toBeGreaterThan(scoreOf('thank you'));
  });

  it('a mild form weakens it to a slight level ("a bit disappointing", "beetje jammer")', () => {
    expect(rankOf('a bit disappointing')).toBe(-1);
    expect(rankOf('beetje jammer')).toBe(-1);
    expect(scoreOf('a bit disappointing')).toBeGreaterThan(scoreOf('disappointing'));
  });

  it('reads mild approval as slightly positive ("prima", "fine")', () => {
    expect(rankOf('prima')).toBe(1);
    expect(rankOf('fine')).toBe(1);
  });

  it('reads informal Dutch ("balen", "top", "waardeloos")', () => {
    expect(rankOf('balen')).toBeLessThan(0);
    expect(rankOf('top!')).toBeGreaterThan(0);
    expect(rankOf('waardeloos')).toBeLessThan(0);
    expect(scoreOf('super bedankt')).toBeGreaterThan(scoreOf('bedankt'));
  });

  it('reads complaints without swear words', () => {
    expect(rankOf('third time I call and still no refund')).toBeLessThanOrEqual(-2);
    expect(rankOf('al drie weken niets gehoord')).toBeLessThanOrEqual(-2);
    expect(rankOf("I'd hoped for a quicker answer")).toBeLessThan(0);
  });

  it('leaves a plain question neutral', () => {
    expect(rankOf('Is there an outage in Utrecht right now?')).toBe(0);
    expect(rankOf('Wanneer komt de monteur?')).toBe(0);
  });
});
