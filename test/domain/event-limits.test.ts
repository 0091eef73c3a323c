/**
 * What an event may be (docs/decisions.md "Limits of an event", SPEC §3): every refusal is
 * found by `parseEvent`, before anything is applied, and names the field at fault.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_EVENT_BYTES, MAX_EVENT_DEPTH, MAX_ID_LENGTH, MAX_STRING_LENGTH } from '../../src/domain/event-limits.js';
import { isValidTimestamp, parseEvent } from '../../src/domain/events.js';

const at = '2026-12-02T05:00:00Z';
const message = (extra: Record<string, unknown>) => ({
  id: 'm1',
  type: 'conversation.message',
  at,
  conversationId: 'c1',
  from: 'customer',
  text: 'hello',
  ...extra,
});

function nested(depth: number): unknown {
  let value: unknown = 'leaf';
  for (let i = 0; i < depth; i += 1) value = { a: value };
  return value;
}

function refusal(raw: unknown): { field: string; message: string } {
  const parsed = parseEvent(raw);
  if (parsed.ok) throw new Error(`expected a refusal of ${JSON.stringify(raw).slice(0, 80)}`);
  return parsed;
}

describe('event limits', () => {
  it('refuses every name of Object.prototype as a type (SPEC §3 unknown type)', () => {
    for (const type of ['toString', '__proto__', 'constructor', 'hasOwnProperty', 'valueOf', '__defineGetter__']) {
      expect(refusal({ id: 'x', type, at })).toMatchObject({ field: 'type', message: `type: unknown event type '${type}'` });
    }
  });

  it('refuses an extra field nested 5,000 deep without overflowing the stack, naming where it went too deep', () => {
    const deep = refusal(message({ extra: nested(5_000) }));
    expect(deep.message).toContain(`nested deeper than ${MAX_EVENT_DEPTH} levels`);
    expect(deep.field.startsWith('extra.a.a')).toBe(true);
    expect(parseEvent(message({ extra: nested(MAX_EVENT_DEPTH - 2) })).ok).toBe(true);
    expect(parseEvent(message({ extra: nested(MAX_EVENT_DEPTH) })).ok).toBe(false);
  });

  it('refuses a serialized event above 64 KiB, a string above 32 KiB and an id above 200 characters', () => {
    const bigArray = Array.from({ length: 20 }, () => 'x'.repeat(4_000));
    expect(refusal(message({ notes: bigArray })).message).toContain(`at most ${MAX_EVENT_BYTES} are allowed`);
    expect(refusal(message({ text: 'x'.repeat(MAX_STRING_LENGTH + 1) }))).toMatchObject({ field: 'text' });
    expect(parseEvent(message({ text: 'x'.repeat(MAX_STRING_LENGTH) })).ok).toBe(true);
    expect(refusal(message({ conversationId: 'c'.repeat(MAX_ID_LENGTH + 1) }))).toMatchObject({ field: 'conversationId' });
    expect(refusal(message({ id: 'e'.repeat(MAX_ID_LENGTH + 1) }))).toMatchObject({ field: 'id' });
    expect(parseEvent(message({ conversationId: 'c'.repeat(MAX_ID_LENGTH) })).ok).toBe(true);
    expect(refusal(message({ ['k'.repeat(MAX_STRING_LENGTH + 1)]: 1 })).message).toContain('field name');
  });

  it('refuses a field named __proto__ anywhere (JSON.parse keeps it as an own key)', () => {
    const raw = JSON.parse(
      '{"id":"a","type":"agent.upserted","at":"2026-01-01T00:00:00Z","agentId":"x","name":"n","queueIds":[],"skills":{"__proto__":{"polluted":1}}}',
    );
    expect(refusal(raw)).toMatchObject({ field: 'skills.__proto__' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('takes prototype names as ordinary values and keys', () => {
    const parsed = parseEvent({ ...message({ conversationId: 'toString', text: '__proto__' }), constructor: 'x', toString: 'y' });
    expect(parsed.ok).toBe(true);
  });
});

describe('timestamps that name a real moment (SPEC §3)', () => {
  it.each([
    '2026-02-30T10:00:00Z',
    '2025-02-29T10:00:00Z',
    '2026-04-31T10:00:00Z',
    '2026-13-01T10:00:00Z',
    '2026-00-10T10:00:00Z',
    '2026-01-00T10:00:00Z',
    '2026-01-01T24:00:00Z',
    '2026-01-01T10:60:00Z',
    '2026-01-01T10:00:60Z',
    '2026-01-01T10:00:00+24:00',
    '0000-01-01T00:00:00Z',
    '9999-12-31T23:59:59Z',
    '1969-12-31T23:59:59Z',
    '2026-01-01T10:00:00',
    '2026-01-01 10:00:00Z',
  ])('refuses %s', (timestamp) => {
    expect(isValidTimestamp(timestamp)).toBe(false);
    expect(refusal({ id: 'e', type: 'conversation.wrapup', at: timestamp, conversationId: 'c' }).field).toBe('at');
  });

  it.each(['2024-02-29T10:00:00Z', '2026-12-31T23:59:59.999Z', '2026-06-01T10:00+02:00', '2026-06-01T10:00:00-0930', '1970-01-01T00:00:00Z'])(
    'takes %s',
    (timestamp) => {
      expect(isValidTimestamp(timestamp)).toBe(true);
    },
  );

  it('reads every string as the format and the calendar say (checked against a regular expression and Date)', () => {
    // The reference: the format as one regular expression, then the calendar through Date.
    const FORMAT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):?(\d{2}))$/i;
    const reference = (text: string): boolean => {
      const match = FORMAT.exec(text);
      if (!match) return false;
      const [year, month, day, hour, minute] = match.slice(1, 6).map(Number) as [number, number, number, number, number];
      const [second, offsetHours, offsetMinutes] = [match[6], match[7], match[8]].map((part) => Number(part ?? 0)) as [number, number, number];
      const calendar = new Date(Date.UTC(year, month - 1, day));
      return (
        year >= 1970 && year <= 2999 && calendar.getUTCMonth() === month - 1 && calendar.getUTCDate() === day &&
        hour <= 23 && minute <= 59 && second <= 59 && offsetHours <= 23 && offsetMinutes <= 59
      );
    };
    // Each field a little beyond its bounds, so that edges are hit often.
    const part = (length: number, max: number) =>
      fc.oneof(fc.integer({ min: 0, max }).map((n) => String(n).padStart(length, '0')), fc.string({ maxLength: length }));
    const nearlyValid = fc
      .tuple(
        fc.integer({ min: 1960, max: 3010 }).map(String), fc.constantFrom('-', '-', '/'), part(2, 13), fc.constant('-'),
        part(2, 32), fc.constantFrom('T', 't', ' '), part(2, 25), fc.constant(':'), part(2, 61),
        fc.option(fc.tuple(part(2, 61), fc.option(fc.stringMatching(/^[0-9]{0,10}$/)))),
        fc.constantFrom('Z', 'z', '', '+', '-', '+01:00', '-0930', '+1', '+24:00', '+05:60', 'Zx'),
      )
      .map(([y, d1, m, d2, d, t, h, c, min, seconds, zone]) => {
        const secondsText = seconds === null ? '' : `:${seconds[0]}${seconds[1] === null ? '' : `.${seconds[1]}`}`;
        return `${y}${d1}${m}${d2}${d}${t}${h}${c}${min}${secondsText}${zone}`;
      });
    fc.assert(
      fc.property(fc.oneof(nearlyValid, fc.string({ maxLength: 40 })), (text) => {
        expect(isValidTimestamp(text)).toBe(reference(text));
      }),
      { numRuns: 20_000 },
    );
  });
});
