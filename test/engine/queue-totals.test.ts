/**
 * The queues report's own sums (src/engine/projections/queue-totals.ts): staffing's arrivals
 * (SPEC §6 "Staffing advice": inbound, by current queue, created in (at − 30 min, at], in
 * capacity units of the queue's `channelUnits` read at report time) from per-minute sums
 * plus the partial minutes at the edges, equal to the recompute at every moment, and with
 * figures large enough that a wrong unit or a lost edge changes the advice.
 */
import { describe, expect, it } from 'vitest';
import type { QueueRow, QueuesReport } from '../../src/domain/queues-report.js';
import { recompute } from '../../src/domain/recompute.js';
import type { ReportQuery } from '../../src/domain/window.js';
import { Engine } from '../../src/engine/engine.js';
import { defaultAnalyzerForTests } from './analyzer.js';

const T0 = Date.parse('2025-03-10T08:00:17Z');
let eventNumber = 0;

/** Applies an event at T0 + `seconds` (whole milliseconds), failing loudly on a refusal. */
function apply(engine: Engine, seconds: number, event: Record<string, unknown>): void {
  const at = new Date(T0 + Math.round(seconds * 1000)).toISOString();
  const outcome = engine.apply({ id: `e${eventNumber++}`, at, ...event });
  if (outcome.status !== 'applied') throw new Error(JSON.stringify(outcome));
}

/**
 * 90 inbound chats into q1, one every 20 s and 300 ms (so they straddle minute edges), each
 * answered and closed after 600 s; every third is moved to q2; then q1's chat units change.
 */
function site(): Engine {
  const engine = new Engine({ analyzer: defaultAnalyzerForTests });
  apply(engine, 0, { type: 'queue.upserted', queueId: 'q1', name: 'Support', channelUnits: { chat: 50 } });
  apply(engine, 0, { type: 'queue.upserted', queueId: 'q2', name: 'Billing' });
  apply(engine, 0, { type: 'agent.upserted', agentId: 'a1', name: 'Ann', queueIds: ['q1', 'q2'] });
  apply(engine, 0, { type: 'agent.presence', agentId: 'a1', presence: 'available' });
  const events: Array<[number, Record<string, unknown>]> = [];
  for (let i = 0; i < 90; i++) {
    const conversationId = `c${i}`;
    const created = 60 + i * 20.3;
    events.push([created, { type: 'conversation.created', conversationId, channel: 'chat', queueId: 'q1' }]);
    if (i % 3 === 0) events.push([created + 1, { type: 'conversation.transferred', conversationId, toQueueId: 'q2' }]);
    events.push([created + 2, { type: 'conversation.assigned', conversationId, agentId: 'a1', by: 'routing' }]);
    events.push([created + 3, { type: 'conversation.accepted', conversationId, agentId: 'a1' }]);
    events.push([created + 603, { type: 'conversation.closed', conversationId, reason: 'resolved' }]);
  }
  events.push([60 + 90 * 20.3 + 700, { type: 'queue.upserted', queueId: 'q1', name: 'Support', channelUnits: { chat: 10 } }]);
  for (const [seconds, event] of events.sort((a, b) => a[0] - b[0])) apply(engine, seconds, event);
  return engine;
}

const queryAt = (at: number): ReportQuery => ({ at, atIso: new Date(at).toISOString(), window: 'last24h', includeOpen: false, filters: {} });
const rowOf = (report: QueuesReport, id: string): QueueRow => report.queues.find((row) => row.id === id)!;

describe('queue sums', () => {
  it('hold any number of queues in one minute, and their conversations moving between them', () => {
    const engine = new Engine({ analyzer: defaultAnalyzerForTests });
    const queues = Array.from({ length: 40 }, (_, i) => `q${i}`);
    for (const queueId of queues) apply(engine, 0, { type: 'queue.upserted', queueId, name: queueId });
    // Two conversations a queue in the same minute, the second moved on to the next queue.
    queues.forEach((queueId, i) => {
      apply(engine, 60 + i / 10, { type: 'conversation.created', conversationId: `a${i}`, channel: 'voice', queueId });
      apply(engine, 60 + i / 10, { type: 'conversation.created', conversationId: `b${i}`, channel: 'chat', queueId });
      apply(engine, 60 + i / 10, { type: 'conversation.transferred', conversationId: `b${i}`, toQueueId: queues[(i + 1) % 40] });
    });
    for (const at of [T0 + 59_000, T0 + 60_000, T0 + 63_000, T0 + 121_000, T0 + 3_600_000]) {
      const report = engine.report('queues', queryAt(at)) as QueuesReport;
      expect(report).toEqual(recompute(engine.state, 'queues', queryAt(at)));
      if (at === T0 + 3_600_000) expect(report.queues.map((row) => row.incoming)).toEqual(queues.map(() => 2));
    }
  });
});

describe('queue sums: staffing arrivals', () => {
  const engine = site();

  it('equal the recompute at every moment around the half-hour edge, to the millisecond', () => {
    let compared = 0;
    // From the first arrival to past the last one's half hour, at steps that land on, just
    // before and just after creation times and minute boundaries.
    for (let at = T0 + 50_000; at <= T0 + (60 + 90 * 20.3 + 1_900) * 1000; at += 17_313) {
      for (const moment of [at, at + 300, at - 1]) {
        expect(engine.report('queues', queryAt(moment)), new Date(moment).toISOString()).toEqual(
          recompute(engine.state, 'queues', queryAt(moment)),
        );
        compared += 1;
      }
    }
    expect(compared).toBeGreaterThan(600);
  });

  it('count the current queue and its channel units as they are now', () => {
    // Just after the 90th arrival: all 90 are in the last half hour (created over 1,807 s).
    const at = T0 + (60 + 89 * 20.3 + 200) * 1000;
    const report = engine.report('queues', queryAt(at)) as QueuesReport;
    const q1 = rowOf(report, 'q1').staffing;
    const q2 = rowOf(report, 'q2').staffing;
    // A few of the first arrivals fall out of (at − 30 min, at]; the transferred third is q2's.
    const inWindow = Array.from({ length: 90 }, (_, i) => i).filter((i) => (60 + i * 20.3) * 1000 > at - T0 - 1_800_000);
    expect(q1.arrivalsPerHour).toBe(2 * inWindow.filter((i) => i % 3 !== 0).length);
    expect(q2.arrivalsPerHour).toBe(2 * inWindow.filter((i) => i % 3 === 0).length);
    // q1 counts a chat as 10 units (its setting now, not the 50 it had), q2 as the default 35.
    expect(q1.agentsNeeded).toBe(Math.ceil((q1.slotsNeeded! * 10) / 100));
    expect(q2.agentsNeeded).toBe(Math.ceil((q2.slotsNeeded! * 35) / 100));
    expect(q1.slotsNeeded! * 10).not.toBe(q1.slotsNeeded! * 35);
  });
});
