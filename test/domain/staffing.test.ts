/** SPEC §6 "Staffing advice (Erlang C)" and its precise readings, for one queue. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { serviceLevelOf } from '../../src/domain/erlang-c.js';
import { type StaffingInputs, staffingAdvice, tallyArrivals } from '../../src/domain/staffing.js';
import { applyAll, ev, site, T0 } from './fixtures.js';

const inputs = (overrides: Partial<StaffingInputs>): StaffingInputs => ({
  arrivals: { count: 50, units: 5000 },
  handleSeconds: 180,
  serviceLevelSeconds: 20,
  serviceLevelTarget: 0.8,
  agentsLoggedIn: 12,
  ...overrides,
});

describe('staffing advice (SPEC §6)', () => {
  it('without arrivals needs nobody: all zero, short = −logged in', () => {
    expect(staffingAdvice(inputs({ arrivals: { count: 0, units: 0 }, handleSeconds: null }))).toEqual({
      arrivalsPerHour: 0,
      offeredErlangs: 0,
      slotsNeeded: 0,
      agentsNeeded: 0,
      agentsLoggedIn: 12,
      short: -12,
    });
    // Nobody logged in: 0, not -0 (which JSON, and so the live feed's patches, turn into 0).
    expect(Object.is(staffingAdvice(inputs({ arrivals: { count: 0, units: 0 }, agentsLoggedIn: 0 })).short, 0)).toBe(true);
  });

  it('with arrivals but no handle time yet cannot advise: null, not 0', () => {
    expect(staffingAdvice(inputs({ handleSeconds: null }))).toEqual({
      arrivalsPerHour: 100,
      offeredErlangs: null,
      slotsNeeded: null,
      agentsNeeded: null,
      agentsLoggedIn: 12,
      short: null,
    });
  });

  it('voice only: A = arrivals / 1800 × h, one agent per slot (the worked example: 10 E, 14 agents)', () => {
    expect(staffingAdvice(inputs({ arrivals: { count: 100, units: 10_000 } }))).toEqual({
      arrivalsPerHour: 200,
      offeredErlangs: 10,
      slotsNeeded: 14,
      agentsNeeded: 14,
      agentsLoggedIn: 12,
      short: 2,
    });
  });

  it('a chat mix at 35 units needs fewer agents than slots: ceil(N · u)', () => {
    const advice = staffingAdvice(inputs({ arrivals: { count: 100, units: 3_500 } }));
    expect(advice.slotsNeeded).toBe(14);
    expect(advice.agentsNeeded).toBe(5); // 14 × 0.35 = 4.9
  });

  it('rounds N · u half-up to 6 decimals before the ceiling', () => {
    // One arrival, a tiny load: N = 1; u = 7.0000004 would need 8 agents without the rounding.
    const advice = staffingAdvice(inputs({ arrivals: { count: 1, units: 700.00004 }, handleSeconds: 1 }));
    expect(advice.slotsNeeded).toBe(1);
    expect(advice.agentsNeeded).toBe(7);
  });

  it('rounds the offered load half-up to 3 decimals and searches with the unrounded one', () => {
    const advice = staffingAdvice(inputs({ arrivals: { count: 7, units: 700 }, handleSeconds: 739.585 }));
    expect(advice.offeredErlangs).toBe(2.876); // 7 × 739.585 / 1800 = 2.8761…
  });

  it('the worked example of docs/staffing.md: 12 chats and 8 calls in half an hour, 240 s, 80 % in 20 s', () => {
    const inputs = { arrivals: { count: 20, units: 12 * 35 + 8 * 100 }, handleSeconds: 240, serviceLevelSeconds: 20, serviceLevelTarget: 0.8, agentsLoggedIn: 3 };
    expect(staffingAdvice(inputs)).toEqual({ arrivalsPerHour: 40, offeredErlangs: 2.667, slotsNeeded: 5, agentsNeeded: 4, agentsLoggedIn: 3, short: 1 });
    const erlangs = (20 * 240) / 1800;
    expect(serviceLevelOf(4, erlangs, 20, 240)).toBeCloseTo(0.661, 3);
    expect(serviceLevelOf(5, erlangs, 20, 240)).toBeCloseTo(0.867, 3);
  });

  it('h = 0 needs one slot', () => {
    expect(staffingAdvice(inputs({ handleSeconds: 0 }))).toMatchObject({ offeredErlangs: 0, slotsNeeded: 1, agentsNeeded: 1 });
  });

  it('more arrivals of the same mix never need fewer agents', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 0, max: 300 }), fc.constantFrom(10, 35, 100), (count, more, units) => {
        const advice = (n: number) => staffingAdvice(inputs({ arrivals: { count: n, units: n * units } })).agentsNeeded!;
        expect(advice(count + more)).toBeGreaterThanOrEqual(advice(count));
      }),
    );
  });
});

describe('arrivals (SPEC §6: inbound, by current queue, in (at − 30 min, at])', () => {
  it('counts inbound conversations of the last half hour with their queue’s channel units', () => {
    const state = applyAll(site(), [
      ev('queue.upserted', 1, { queueId: 'q1', name: 'Support', channelUnits: { chat: 50 } }),
      ev('conversation.created', 100, { conversationId: 'old', channel: 'chat', queueId: 'q1' }),
      ev('conversation.created', 1_900, { conversationId: 'c1', channel: 'chat', queueId: 'q1' }),
      ev('conversation.created', 1_950, { conversationId: 'c2', channel: 'voice', queueId: 'q1' }),
      ev('conversation.created', 1_960, { conversationId: 'c3', channel: 'voice', queueId: 'q1', direction: 'outbound' }),
      ev('conversation.created', 2_000, { conversationId: 'c4', channel: 'email', queueId: 'q2' }),
      ev('conversation.transferred', 2_010, { conversationId: 'c4', toQueueId: 'q1' }),
    ]);
    // At T0 + 1900 s + 30 min: 'old' (at 100 s) is out, c1 at exactly at − 30 min is out.
    const at = T0 + 1_900_000 + 1_800_000;
    expect(tallyArrivals(state, state.conversations.values(), at)).toEqual(new Map([['q1', { count: 2, units: 110 }]]));
    expect(tallyArrivals(state, state.conversations.values(), at - 1).get('q1')).toEqual({ count: 3, units: 160 });
  });
});
