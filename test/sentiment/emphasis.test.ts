import { describe, expect, it } from 'vitest';
import { scoreOf, rankOf } from './helpers.js';

describe('capitals and repeated punctuation', () => {
  it('a word in capitals counts more', () => {
    expect(scoreOf('this is NOT acceptable')).toBeLessThan(scoreOf('this is not acceptable'));
    expect(scoreOf('dit is SCHANDALIG')).toBeLessThan(scoreOf('dit is schandalig'));
  });

  it('repeated exclamation marks strengthen the direction either way', () => {
    expect(scoreOf('unacceptable!!!')).toBeLessThan(scoreOf('unacceptable'));
    expect(scoreOf('thank you!!!')).toBeGreaterThan(scoreOf('thank you'));
  });

  it('a shouted message with no sentiment word is a mild complaint', () => {
    expect(rankOf('GIVE ME AN ANSWER NOW')).toBeLessThan(0);
    expect(rankOf('WAAR BLIJFT MIJN PAKKET')).toBeLessThan(0);
  });

  it('an insistent question is a mild complaint, a plain one is not', () => {
    expect(rankOf('Where is my parcel?!')).toBeLessThan(0);
    expect(rankOf('Waar blijft mijn pakket??')).toBeLessThan(0);
    expect(rankOf('Where is my parcel?')).toBe(0);
  });

  it('elongated words are read as the word ("sooo", "thaaanks")', () => {
    expect(rankOf('thaaanks')).toBeGreaterThan(0);
  });
});
