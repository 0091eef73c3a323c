/**
 * DESIGN.md "Two ways to one number": on random legal event sequences the incremental
 * projections (src/engine/projections/) give exactly the report `recompute` gives, for all
 * five SPEC §8 reports (and the Summary's conversations series), at random moments (on event
 * times, one ms around them, on window edges), with random windows, time zones, includeOpen, filters and scopes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Channel } from '../../src/domain/events.js';
import { INCLUDE_OPEN_HORIZON_MS, LAST24H_MS } from '../../src/domain/metrics.js';
import { type Direction, type Status, unitsFor } from '../../src/domain/model.js';
import { recompute } from '../../src/domain/recompute.js';
import { type OngoingReport, type OngoingRow, REPORT_KINDS } from '../../src/domain/reports.js';
import { recomputeSeries } from '../../src/domain/series.js';
import { localMidnight, type ReportQuery, type WindowKind } from '../../src/domain/window.js';
import { Engine } from '../../src/engine/engine.js';
import type { OngoingPageOptions } from '../../src/engine/projections.js';
import { type Advance, advanced, AGENTS, applySite, proposeAndApply, START, type Step, stepArb, wordAnalyzer } from './legal-events.js';

interface Built {
  engine: Engine;
  times: number[];
  createdTimes: number[];
}

/**
 * Turns random steps into a legal sequence: each step proposes an event of one type for a
 * conversation (or queue, agent) chosen among those for which the engine accepts it.
 */
function build(steps: readonly Step[], checkpoints: ReadonlySet<number>, onCheckpoint: (built: Built) => void): Built {
  const engine = new Engine({ analyzer: wordAnalyzer });
  const built: Built = { engine, times: [], createdTimes: [] };
  let t = START;
  let eventNumber = 0;
  let conversationNumber = 0;
  const apply = (event: Record<string, unknown>): boolean => {
    const outcome = engine.apply({ id: `e${eventNumber++}`, at: new Date(t).toISOString(), ...event });
    if (outcome.status === 'applied') {
      built.times.push(t);
      if (event.type === 'conversation.created') built.createdTimes.push(t);
    }
    return outcome.status === 'applied';
  };
  applySite(apply);
  steps.forEach((step, index) => {
    t = advanced(t, step.advance);
    proposeAndApply(engine, step, apply, () => `c${conversationNumber++}`);
    if (checkpoints.has(index)) onCheckpoint(built);
  });
  return built;
}

const ANCHORS = ['event', 'thisMidnight', 'event+1', 'event-1', 'created+24h', 'created+24h+1', 'created+72h', 'created+72h+1', 'midnight', 'midnight-1', 'last+30h'] as const;

/** A filter is absent most of the time, so that most reports select something. */
const sometimes = <T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> =>
  fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary });

const querySpecArb = fc.record({
  anchor: fc.constantFrom(...ANCHORS),
  pick: fc.nat(10_000),
  window: fc.constantFrom<WindowKind>('last24h', 'today'),
  tz: fc.constantFrom(undefined, 'UTC', 'Europe/Amsterdam', 'America/New_York', 'Asia/Kolkata'),
  includeOpen: fc.boolean(),
  queue: sometimes(fc.constantFrom('q0', 'q1', 'q2', 'q9')),
  channel: sometimes(fc.constantFrom<Channel>('voice', 'chat', 'sms', 'email')),
  agent: sometimes(fc.constantFrom(...AGENTS)),
  status: sometimes(fc.constantFrom<Status>('open', 'active', 'waiting', 'wrap-up', 'closed')),
  direction: sometimes(fc.constantFrom<Direction>('inbound', 'outbound')),
  scope: sometimes(fc.subarray(['q0', 'q1', 'q2'])),
});
type QuerySpec = typeof querySpecArb extends fc.Arbitrary<infer T> ? T : never;

function queryOf(spec: QuerySpec, built: Built): ReportQuery {
  const eventAt = built.times[spec.pick % built.times.length];
  const createdAt = built.createdTimes.length > 0 ? built.createdTimes[spec.pick % built.createdTimes.length] : eventAt;
  const at = {
    event: eventAt,
    'event+1': eventAt + 1,
    'event-1': eventAt - 1,
    'created+24h': createdAt + LAST24H_MS,
    'created+24h+1': createdAt + LAST24H_MS + 1,
    'created+72h': createdAt + INCLUDE_OPEN_HORIZON_MS,
    'created+72h+1': createdAt + INCLUDE_OPEN_HORIZON_MS + 1,
    thisMidnight: localMidnight(eventAt, spec.tz ?? 'UTC'),
    midnight: localMidnight(eventAt, spec.tz ?? 'UTC') + 24 * 3_600_000,
    'midnight-1': localMidnight(eventAt, spec.tz ?? 'UTC') - 1,
    'last+30h': built.times[built.times.length - 1] + 30 * 3_600_000,
  }[spec.anchor];
  return {
    at,
    atIso: new Date(at).toISOString(),
    window: spec.window,
    tz: spec.tz,
    includeOpen: spec.includeOpen,
    filters: { queue: spec.queue, channel: spec.channel, agent: spec.agent, status: spec.status, direction: spec.direction },
    scope: spec.scope === undefined ? undefined : new Set(spec.scope),
  };
}

/** SPEC §6: a conversation costs its current queue's `channelUnits`, read at report time. */
function expectUnitsOfCurrentQueues(built: Built): void {
  const { state } = built.engine;
  for (const agent of state.agents.values()) {
    let units = 0;
    for (const conversation of state.conversations.values()) {
      const holdsUnits = conversation.status === 'active' || conversation.status === 'wrap-up';
      if (holdsUnits && conversation.activeAgentId === agent.id) units += unitsFor(state.queues.get(conversation.queueId), conversation.channel);
    }
    expect(agent.usedUnits, `usedUnits of ${agent.id}`).toBe(units);
  }
}

function expectSameReports(built: Built, specs: readonly QuerySpec[]): void {
  expectUnitsOfCurrentQueues(built);
  for (const spec of specs) {
    const query = queryOf(spec, built);
    for (const kind of REPORT_KINDS) {
      expect(built.engine.report(kind, query), `${kind} ${JSON.stringify({ ...spec })}`).toEqual(
        recompute(built.engine.state, kind, query),
      );
    }
    expectOngoingPages(built, query, spec.pick);
    // The Summary's conversations series (issue #10 item 4), quarter hour by quarter hour.
    expect(built.engine.projections.series(query), `series ${JSON.stringify({ ...spec })}`).toEqual(recomputeSeries(built.engine.state, query));
  }
}

/**
 * The live console's ongoing pages (read from the sorted orders, `total` from the summary's
 * figures, no pass over the rows) are slices of the recomputed report sorted as the page asks.
 */
function expectOngoingPages(built: Built, query: ReportQuery, pick: number): void {
  const full = (recompute(built.engine.state, 'ongoing', query) as OngoingReport).conversations;
  const offset = pick % 4;
  const limit = 1 + (pick % 3);
  const byWait = (sign: number) => [...full].sort((a, b) => sign * (a.waitSeconds - b.waitSeconds));
  const cases: Array<[OngoingPageOptions, OngoingRow[]]> = [
    [{}, full],
    [{ descending: true }, [...full].reverse()],
    [{ sort: 'waitSeconds', descending: true }, byWait(-1)],
    [{ sort: 'waitSeconds' }, byWait(1)],
  ];
  for (const [options, sorted] of cases) {
    const page = built.engine.projections.ongoingPage(query, { ...options, offset, limit });
    expect(page.total, `ongoing page total ${JSON.stringify(options)}`).toBe(full.length);
    expect(page.conversations, `ongoing page ${JSON.stringify(options)}`).toEqual(sorted.slice(offset, offset + limit));
  }
}

describe('projections equal the recompute (DESIGN.md "Two ways to one number", SPEC §6, §8)', () => {
  it('on random legal event sequences, for every report, moment, window, filter and scope', () => {
    fc.assert(
      fc.property(
        fc.array(stepArb, { minLength: 1, maxLength: 160 }),
        fc.array(fc.nat(200), { minLength: 1, maxLength: 3 }),
        fc.array(querySpecArb, { minLength: 4, maxLength: 10 }),
        (steps, checkpointPicks, specs) => {
          const checkpoints = new Set(checkpointPicks.map((pick) => pick % steps.length));
          const built = build(steps, checkpoints, (partial) => expectSameReports(partial, specs.slice(0, 3)));
          expectSameReports(built, specs);
          // A rebuild from the state (a restored snapshot) gives the same projections.
          built.engine.projections.rebuild();
          expectSameReports(built, specs.slice(0, 2));
        },
      ),
      { numRuns: 250 },
    );
  });

  it('on long, dense sequences, where queues change under many answered conversations', () => {
    // fast-check keeps most arrays short and the steps above span days: these runs put a few
    // hundred events in an hour or two, so every queue has answered conversations whose
    // first waits straddle a service-level threshold that then moves.
    const denseStepArb = stepArb.map((step) => ({ ...step, advance: { kind: 'ms', ms: (step.a * step.b) % 45_000 } as Advance }));
    fc.assert(
      fc.property(
        fc.array(denseStepArb, { minLength: 150, maxLength: 300 }),
        fc.array(querySpecArb, { minLength: 3, maxLength: 6 }),
        (steps, specs) => expectSameReports(build(steps, new Set(), () => {}), specs),
      ),
      { numRuns: 25 },
    );
  });
});
