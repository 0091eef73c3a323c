import { describe, expect, it } from 'vitest';
import { createAnalyzer, defaultAnalyzer } from '../../src/sentiment/index.js';

describe('language detection', () => {
  it('detects English and Dutch per message', () => {
    expect(defaultAnalyzer.analyze('Where is my parcel? It was due yesterday.').language).toBe('en');
    expect(defaultAnalyzer.analyze('Waar blijft mijn pakket? Het zou gisteren komen.').language).toBe('nl');
    expect(defaultAnalyzer.analyze('nog steeds geen internet').language).toBe('nl');
    expect(defaultAnalyzer.analyze('still no internet').language).toBe('en');
  });

  it('follows a conversation that switches language', () => {
    const analyzer = createAnalyzer();
    const messages = [
      'Hello, my invoice is wrong again',
      'Sorry, mag ik in het Nederlands verder? De factuur klopt niet',
      'Bedankt, nu is het goed!',
    ].map((text) => analyzer.analyze(text));
    expect(messages.map((message) => message.language)).toEqual(['en', 'nl', 'nl']);
    expect(messages[0].score).toBeLessThan(0);
    expect(messages[2].score).toBeGreaterThan(0);
  });

  it('reads English words in a Dutch message ("thanks hoor, top geregeld")', () => {
    const message = defaultAnalyzer.analyze('thanks hoor, top geregeld');
    expect(message.language).toBe('nl');
    expect(message.score).toBeGreaterThan(0);
  });

  it('does not read a Dutch word as its English false friend ("die" is "that")', () => {
    expect(defaultAnalyzer.analyze('Ik wil de bestelling die ik gisteren deed wijzigen').level).toBe('neutral');
  });
});

describe('unknown language', () => {
  it('falls back to neutral, never an error', () => {
    for (const text of [
      'Bonjour, je voudrais changer mon adresse de livraison',
      'Ich möchte meine Rechnung sehen',
      'Quisiera cambiar mi cita',
      '12345',
      '',
      '   ',
      '?',
      '…',
    ]) {
      const message = defaultAnalyzer.analyze(text);
      expect(message.level, text).toBe('neutral');
      expect(message.score, text).toBe(0);
    }
    expect(defaultAnalyzer.analyze('Bonjour, je voudrais changer mon adresse').language).toBe('unknown');
  });

  it('still lets the words speak when they say something ("gracias 👍", "😡😡")', () => {
    const message = defaultAnalyzer.analyze('gracias 👍');
    expect(message.language).toBe('unknown');
    expect(message.score).toBeGreaterThan(0);
    expect(defaultAnalyzer.analyze('😡😡').score).toBeLessThan(0);
  });
});
