/**
 * Engine retention: closed conversations older than any report window are forgotten
 * without changing a report (SPEC §6 windows reach back at most 72 h).
 */
import { describe, expect, it } from 'vitest';
import { parseEvent } from '../../src/domain/events.js';
import { recompute } from '../../src/domain/recompute.js';
import { REPORT_KINDS } from '../../src/domain/reports.js';
import type { ReportQuery } from '../../src/domain/window.js';
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
});
