import { describe, expect, it } from 'vitest';
import { rankOf, scoreOf } from './helpers.js';

describe('negation', () => {
  it('turns a positive English word negative ("not happy at all")', () => {
    expect(rankOf('I am happy with the service')).toBeGreaterThan(0);
    expect(rankOf('I am not happy with the service')).toBeLessThan(0);
  });

  it('"at all" makes a negated word stronger', () => {
    expect(scoreOf('not happy at all')).toBeLessThan(scoreOf('not happy'));
  });

  it('turns a positive Dutch word negative ("niet tevreden")', () => {
    expect(rankOf('Ik ben tevreden')).toBeGreaterThan(0);
    expect(rankOf('Ik ben niet tevreden')).toBeLessThan(0);
    expect(rankOf('Ik ben helemaal niet tevreden')).toBeLessThanOrEqual(rankOf('Ik ben niet tevreden'));
  });

  it('makes a negated negative word mildly positive ("not bad", "niet slecht")', () => {
    expect(rankOf('not bad at all')).toBeGreaterThan(0);
    expect(rankOf('niet slecht')).toBeGreaterThan(0);
    expect(rankOf('niet slecht')).toBeLessThan(rankOf('goed'));
  });

  it('reaches a few words ahead but stops at the end of the clause', () => {
    expect(rankOf('The engineer was not very helpful')).toBeLessThan(0);
    expect(rankOf('De monteur was niet erg behulpzaam')).toBeLessThan(0);
    expect(rankOf('Not what I wanted, but the agent was very helpful')).toBeGreaterThan(0);
  });

  it('treats a missing thing the customer waits for as a complaint ("geen enkele reactie")', () => {
    expect(rankOf('geen enkele reactie')).toBeLessThan(0);
    expect(rankOf('reactie')).toBe(0);
    expect(rankOf('still no refund')).toBeLessThan(0);
    expect(rankOf('refund')).toBe(0);
  });

  it('follows the Dutch verb ("de chatbot helpt niet", "de factuur klopt niet")', () => {
    expect(rankOf('De chatbot helpt niet')).toBeLessThan(0);
    expect(rankOf('De factuur klopt niet')).toBeLessThan(0);
    expect(rankOf('De factuur klopt')).toBe(0);
  });
});
