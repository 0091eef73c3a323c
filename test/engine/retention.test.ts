/**
 * Engine retention: closed conversations older than any report window are forgotten
 * without changing a report (SPEC §6 windows reach back at most 72 h).
 */
import { describe, expect, it } from 'vitest';
import { parseEvent } from '../../src/domain/events.js';
import { recompute } from '../../src/domain/recompute.js';
import { REPORT_KINDS } from '../../src/domain/reports.js';
import { LONGEST_BASE_WINDOW_MS, REPORT_HORIZON_MS, type ReportQuery } from '../../src/domain/window.js';
import { Engine } from '../../src/engine/engine.js';
import { defaultAnalyzer } from '../../src/sentiment/index.js';
import { generateScenario } from '../../bench/gen-scenario.js';

const DAY = 86_400_000;
const START = Date.parse('2025-03-10T00:00:00Z');

function engineWithSixDays(): Engine {
  const engine = new Engine({ analyzer: defaultAnalyzer });
  for (const raw of generateScenario({ seed: 5, conversations: 3_000, startMs: START, spanMs: 6 * DAY, ongoingShare: 0.1 })) {
    const parsed = parseEvent(raw);
    if (!parsed.ok) throw new Error(parsed.message);
    engine.applyChecked(parsed.event);
  }
  return engine;
}

const at = START + 6 * DAY;
const queries: ReportQuery[] = [
  { at, atIso: new Date(at).toISOString(), window: 'last24h', includeOpen: false, filters: {} },
  { at, atIso: new Date(at).toISOString(), window: 'last24h', includeOpen: true, filters: {} },
  { at, atIso: new Date(at).toISOString(), window: 'today', tz: 'Europe/Amsterdam', includeOpen: true, filters: { channel: 'chat' } },
  { at, atIso: new Date(at).toISOString(), window: 'last24h', includeOpen: false, filters: { queue: 'q1' } },
];

describe('engine retention', () => {
  it('forgets closed conversations before the cutoff and no report changes', () => {
    const engine = engineWithSixDays();
    const before = queries.flatMap((query) => REPORT_KINDS.map((kind) => engine.report(kind, query)));
    const total = engine.state.conversations.size;
    const forgotten = engine.forgetClosedBefore(at - 4 * DAY);
    expect(forgotten).toBeGreaterThan(total / 4);
    expect(engine.state.conversations.size).toBe(total - forgotten);
    for (const conversation of engine.state.conversations.values()) {
      expect(conversation.status !== 'closed' || conversation.createdAt >= at - 4 * DAY).toBe(true);
    }
    const after = queries.flatMap((query) => REPORT_KINDS.map((kind) => engine.report(kind, query)));
    expect(after).toEqual(before);
    for (const query of queries) {
      for (const kind of REPORT_KINDS) expect(engine.report(kind, query)).toEqual(recompute(engine.state, kind, query));
    }
  });

  it('keeps ongoing conversations however old, and still knows the forgotten ids', () => {
    const engine = engineWithSixDays();
    const oldOngoing = [...engine.state.conversations.values()].filter((c) => c.status !== 'closed' && c.createdAt < at - 4 * DAY);
    engine.forgetClosedBefore(at - 4 * DAY);
    for (const conversation of oldOngoing) expect(engine.state.conversations.get(conversation.id)).toBe(conversation);
    expect(engine.hasSeen('e0')).toBe(true);
  });

  it('retain: closed conversations past the 72 h horizon leave memory, minute figures past the longest base window too, and reports stay exact (SPEC §6)', () => {
    const engine = engineWithSixDays();
    const before = queries.flatMap((query) => REPORT_KINDS.map((kind) => engine.report(kind, query)));
    engine.retain(at, 600_000);
    for (const conversation of engine.state.conversations.values()) {
      expect(conversation.status !== 'closed' || conversation.createdAt >= at - REPORT_HORIZON_MS).toBe(true);
    }
    expect([...engine.state.conversations.values()].some((c) => c.status !== 'closed' && c.createdAt < at - REPORT_HORIZON_MS)).toBe(true);
    // Reports at `at` read what they read before; reports at earlier moments start before the
    // minute figures and read hours and partial hours: the same figures as a recompute.
    expect(queries.flatMap((query) => REPORT_KINDS.map((kind) => engine.report(kind, query)))).toEqual(before);
    const hour = 3_600_000;
    const earlier = [at - LONGEST_BASE_WINDOW_MS / 2, at - 30 * hour - 17_345, at - 47 * hour + 59_999].flatMap((moment) =>
      queries.map((query) => ({ ...query, at: moment, atIso: new Date(moment).toISOString() })),
    );
    for (const query of [...queries, ...earlier, { ...earlier[5]!, filters: { agent: 'a7' } }, { ...earlier[9]!, filters: { status: 'closed' as const } }]) {
      for (const kind of REPORT_KINDS) expect(engine.report(kind, query)).toEqual(recompute(engine.state, kind, query));
    }
  });

  it('a closed conversation keeps no sentiment window or monitors of its own', () => {
    const engine = engineWithSixDays();
    const closed = [...engine.state.conversations.values()].filter((c) => c.status === 'closed');
    expect(closed.length).toBeGreaterThan(1_000);
    for (const conversation of closed) {
      expect(conversation.recentSentiment).toEqual([]);
      expect(conversation.monitoredBy).toEqual([]);
      expect(conversation.load).toEqual({ agentId: null, units: 0 });
    }
    // Shared, not one empty array per conversation.
    expect(closed[0]!.recentSentiment).toBe(closed[1]!.recentSentiment);
  });
});
