/**
 * `timestampMs` reads the usual timestamp form by hand: for every timestamp the event
 * schema accepts (SPEC §3), in that form or any other, it must give what `Date.parse` gives.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isValidTimestamp, timestampMs } from '../../src/domain/events.js';

const two = (n: number) => String(n).padStart(2, '0');

const timestampArb = fc
  .record({
    ms: fc.integer({ min: Date.UTC(1970, 0, 1), max: Date.UTC(2999, 11, 31, 23, 59, 59, 999) }),
    seconds: fc.constantFrom('none', 'whole', 'fraction'),
    fraction: fc.stringMatching(/^[0-9]{1,9}$/),
    zone: fc.constantFrom('Z', 'z', '+01:00', '-05:30', '+0200', '+00:00'),
    lowerT: fc.boolean(),
  })
  .map(({ ms, seconds, fraction, zone, lowerT }) => {
    const iso = new Date(ms).toISOString(); // yyyy-mm-ddThh:mm:ss.mmmZ
    const minutes = iso.slice(0, 16).replace('T', lowerT ? 't' : 'T');
    const tail = seconds === 'none' ? '' : seconds === 'whole' ? iso.slice(16, 19) : `${iso.slice(16, 19)}.${fraction}`;
    return `${minutes}${tail}${zone}`;
  });

describe('timestampMs (SPEC §3 timestamps)', () => {
  it('equals Date.parse for every valid timestamp', () => {
    fc.assert(
      fc.property(timestampArb, (text) => {
        expect(isValidTimestamp(text)).toBe(true);
        expect(timestampMs(text)).toBe(Date.parse(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('equals Date.parse on the form toISOString writes, at any millisecond', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Date.UTC(2999, 11, 31, 23, 59, 59, 999) }), (ms) => {
        const iso = new Date(ms).toISOString();
        expect(timestampMs(iso)).toBe(ms);
        expect(timestampMs(iso.replace(/\.\d{3}Z$/, 'Z'))).toBe(Math.floor(ms / 1000) * 1000);
      }),
      { numRuns: 2000 },
    );
  });

  it('leaves other texts to Date.parse', () => {
    for (const text of ['2025-03-10 10:00:00Z', '2025-03-10T10:00:00.5Z', '2025-13-10T10:00:00Z', 'x', `2025-02-${two(30)}T00:00:00Z`]) {
      expect(timestampMs(text)).toEqual(Date.parse(text));
    }
  });
});
