/** SPEC §6 formulas and "Precise readings", one behaviour per test. */
import { describe, expect, it } from 'vitest';
import { currentWaitMs, handleMs, holdMs, talkMs, waitSeconds, wrapUpMs } from '../../src/domain/metrics.js';
import { recomputeSummary } from '../../src/domain/recompute.js';
import { localMidnight, windowBounds } from '../../src/domain/window.js';
import { applyAll, ev, iso, site, T0 } from './fixtures.js';

const created = (c: string, s: number, channel = 'whatsapp', extra = {}) =>
  ev('conversation.created', s, { conversationId: c, channel, queueId: 'q1', ...extra });
const assigned = (c: string, s: number, agentId = 'a1') => ev('conversation.assigned', s, { conversationId: c, agentId, by: 'routing' });
const accepted = (c: string, s: number, agentId = 'a1') => ev('conversation.accepted', s, { conversationId: c, agentId });
const at = (s: number) => T0 + s * 1000;

describe('SPEC §6 waits', () => {
  it('a rejection does not restart the current wait', () => {
    const state = applyAll(site(), [
      created('c1', 0),
      assigned('c1', 10),
      ev('conversation.rejected', 20, { conversationId: 'c1', agentId: 'a1' }),
    ]);
    expect(currentWaitMs(state.conversations.get('c1')!, at(100))).toBe(100_000);
  });

  it('after a transfer to another agent the wait starts at the transfer; once accepted the row shows the first wait', () => {
    const state = applyAll(site(), [
      created('c1', 0),
      assigned('c1', 5),
      accepted('c1', 8),
      ev('conversation.transferred', 50, { conversationId: 'c1', toAgentId: 'a2' }),
    ]);
    const c = state.conversations.get('c1')!;
    expect(waitSeconds(c, at(80))).toBe(30);
    applyAll(state, [accepted('c1', 90, 'a2')]);
    expect(waitSeconds(c, at(200))).toBe(8);
  });

  it('after a park, a resume into the queue starts the wait at the return', () => {
    const state = applyAll(site(), [
      created('c1', 0),
      assigned('c1', 5),
      accepted('c1', 8),
      ev('conversation.parked', 20, { conversationId: 'c1' }),
      ev('conversation.resumed', 300, { conversationId: 'c1' }),
    ]);
    expect(waitSeconds(state.conversations.get('c1')!, at(310))).toBe(10);
  });
});

describe('SPEC §6 handle, hold, talk', () => {
  it('handle counts accepted session time, hold and wrap-up included, parked time excluded', () => {
    const state = applyAll(site(), [
      created('c1', 0),
      assigned('c1', 5),
      accepted('c1', 10),
      ev('conversation.parked', 40, { conversationId: 'c1' }),
      ev('conversation.resumed', 1000, { conversationId: 'c1', agentId: 'a1' }),
      ev('conversation.wrapup', 1020, { conversationId: 'c1' }),
      ev('conversation.closed', 1050, { conversationId: 'c1' }),
    ]);
    expect(handleMs(state.conversations.get('c1')!, at(5000))).toBe((30 + 50) * 1000);
  });

  it('voice talk = handle − hold − wrap-up', () => {
    const state = applyAll(site(), [
      created('c1', 0, 'voice'),
      assigned('c1', 5),
      accepted('c1', 10),
      ev('conversation.held', 20, { conversationId: 'c1' }),
      ev('conversation.unheld', 50, { conversationId: 'c1' }),
      ev('conversation.wrapup', 100, { conversationId: 'c1' }),
      ev('conversation.closed', 130, { conversationId: 'c1' }),
    ]);
    const c = state.conversations.get('c1')!;
    const end = at(130);
    expect([handleMs(c, end), holdMs(c, end), wrapUpMs(c, end), talkMs(c, end)]).toEqual([120_000, 30_000, 30_000, 60_000]);
  });
});

describe('SPEC §6 summary figures', () => {
  it('abandoned counts inbound closes never accepted; empty denominators are null, not 0', () => {
    const state = applyAll(site(), [
      created('c1', 0),
      ev('conversation.closed', 30, { conversationId: 'c1', reason: 'customer-left' }),
      created('c2', 0, 'voice', { direction: 'outbound' }),
      ev('conversation.closed', 40, { conversationId: 'c2' }),
    ]);
    const { kpis } = recomputeSummary(state, { at: at(60), atIso: iso(60), window: 'last24h', includeOpen: false, filters: {} });
    expect(kpis).toMatchObject({
      incoming: 1,
      abandoned: 1,
      abandonedRate: 1,
      averageTimeToAbandonSeconds: 30,
      averageSpeedToAnswerSeconds: null,
      averageHandleTimeSeconds: null,
      transferRate: null,
      serviceLevel: { '20': null },
    });
  });
});

describe('SPEC §6 windows', () => {
  it('last24h is (at − 24 h, at]', () => {
    const bounds = windowBounds({ at: at(0), atIso: iso(0), window: 'last24h', includeOpen: false, filters: {} });
    expect(bounds).toEqual({ from: at(0) - 86_400_000, to: at(0), fromInclusive: false });
  });

  it('today starts at local midnight, also on the day of a daylight-saving change', () => {
    expect(new Date(localMidnight(Date.parse('2025-03-30T21:45:00Z'), 'Europe/Amsterdam')).toISOString()).toBe('2025-03-29T23:00:00.000Z');
    expect(new Date(localMidnight(Date.parse('2025-03-30T22:10:00Z'), 'Europe/Amsterdam')).toISOString()).toBe('2025-03-30T22:00:00.000Z');
    expect(new Date(localMidnight(Date.parse('2025-10-26T12:00:00Z'), 'Europe/Amsterdam')).toISOString()).toBe('2025-10-25T22:00:00.000Z');
    expect(new Date(localMidnight(Date.parse('2024-07-09T03:00:00Z'), 'Asia/Tokyo')).toISOString()).toBe('2024-07-08T15:00:00.000Z');
    expect(new Date(localMidnight(Date.parse('2024-07-09T03:00:00Z'), 'America/New_York')).toISOString()).toBe('2024-07-08T04:00:00.000Z');
  });
});
