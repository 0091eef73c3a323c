/**
 * What an event may be (docs/decisions.md "Limits of an event", SPEC §3): every refusal is
 * found by `parseEvent`, before anything is applied, and names the field at fault.
 */
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
});
