/**
 * The bulk rebuild of the projections (a restored snapshot, `Projections.rebuild`) against
 * the projections kept event by event: on random legal event sequences and on a generated
 * scenario with retention, both give the same reports, series, ongoing pages and longest
 * waits, and go on giving the same ones after more events.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateScenario } from '../../bench/gen-scenario.js';
import type { Channel } from '../../src/domain/events.js';
import { parseEvent } from '../../src/domain/events.js';
import type { Status } from '../../src/domain/model.js';
import { REPORT_KINDS } from '../../src/domain/reports.js';
import type { ReportQuery, WindowKind } from '../../src/domain/window.js';
import { Engine } from '../../src/engine/engine.js';
import { type OngoingSort, Projections } from '../../src/engine/projections/index.js';
import { defaultAnalyzerForTests } from './analyzer.js';
import { advanced, AGENTS, applySite, proposeAndApply, START, stepArb, wordAnalyzer } from './legal-events.js';

const querySpecArb = fc.record({
  offsetMs: fc.integer({ min: -30 * 3_600_000, max: 30 * 3_600_000 }),
  window: fc.constantFrom<WindowKind>('last24h', 'today'),
  includeOpen: fc.boolean(),
  queue: fc.constantFrom(undefined, undefined, 'q0', 'q1'),
  channel: fc.constantFrom<Channel | undefined>(undefined, undefined, 'voice', 'chat'),
  agent: fc.constantFrom(undefined, undefined, ...AGENTS),
  status: fc.constantFrom<Status | undefined>(undefined, undefined, 'open', 'active', 'closed'),
  scope: fc.constantFrom(undefined, undefined, ['q0', 'q2']),
});
type QuerySpec = typeof querySpecArb extends fc.Arbitrary<infer T> ? T : never;

function queryOf(spec: QuerySpec, at: number): ReportQuery {
  return {
    at,
    atIso: new Date(at).toISOString(),
    window: spec.window,
    includeOpen: spec.includeOpen,
    filters: { queue: spec.queue, channel: spec.channel, agent: spec.agent, status: spec.status },
    scope: spec.scope === undefined ? undefined : new Set(spec.scope),
  };
}

const SORTS: OngoingSort[] = ['createdAt', 'waitSeconds', 'handleSeconds', 'sentiment'];

/** Everything a report, the live feed or the console reads from the projections for `query`. */
function readings(projections: Projections, query: ReportQuery) {
  return {
    reports: REPORT_KINDS.map((kind) => projections.report(kind, query)),
    series: projections.series(query),
    pages: SORTS.flatMap((sort) => [false, true].map((descending) => projections.ongoingPage(query, { sort, descending, limit: 7, offset: 2 }))),
    longestWait: [projections.longestWaitSince(query, false), projections.longestWaitSince(query, true)],
    longestByQueue: [...projections.longestWaitSinceByQueue(query, ['q0', 'q1', 'q2', 'q5'])],
  };
}

function expectSame(rebuilt: Projections, kept: Projections, queries: readonly ReportQuery[]): void {
  for (const query of queries) expect(readings(rebuilt, query), JSON.stringify({ ...query, scope: query.scope && [...query.scope] })).toEqual(readings(kept, query));
}

describe('the projections rebuilt in bulk equal the ones kept event by event', () => {
  it('on random legal event sequences, and after more events on both', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { minLength: 1, maxLength: 160 }), fc.nat(160), fc.array(querySpecArb, { minLength: 2, maxLength: 6 }), (steps, cutPick, specs) => {
        const engine = new Engine({ analyzer: wordAnalyzer });
        let t = START;
        let eventNumber = 0;
        let conversationNumber = 0;
        const apply = (event: Record<string, unknown>) => engine.apply({ id: `e${eventNumber++}`, at: new Date(t).toISOString(), ...event }).status === 'applied';
        applySite(apply);
        const cut = cutPick % steps.length;
        let rebuilt: Projections | null = null;
        steps.forEach((step, index) => {
          t = advanced(t, step.advance);
          proposeAndApply(engine, step, apply, () => `c${conversationNumber++}`);
          if (index === cut) {
            rebuilt = new Projections(engine.state);
            expectSame(rebuilt, engine.projections, specs.map((spec) => queryOf(spec, t + spec.offsetMs)));
          }
        });
        // The engine told only its own projections of the later events: rebuild again at the end.
        expectSame(new Projections(engine.state), engine.projections, specs.map((spec) => queryOf(spec, t + spec.offsetMs)));
      }),
      { numRuns: 200 },
    );
  });

  it('on a generated scenario of two days, before and after retention', () => {
    const start = Date.parse('2025-03-10T00:00:00Z');
    const events = generateScenario({ seed: 9, conversations: 3_000, startMs: start, spanMs: 2 * 86_400_000 });
    const engine = new Engine({ analyzer: defaultAnalyzerForTests });
    for (const raw of events) {
      const parsed = parseEvent(raw);
      if (!parsed.ok) throw new Error(parsed.message);
      engine.applyChecked(parsed.event);
    }
    const end = Date.parse(String(events.at(-1)!.at));
    const specs: QuerySpec[] = [
      { offsetMs: 0, window: 'last24h', includeOpen: true, queue: undefined, channel: undefined, agent: undefined, status: undefined, scope: undefined },
      { offsetMs: -5 * 3_600_000 - 123, window: 'today', includeOpen: false, queue: 'q1', channel: undefined, agent: undefined, status: undefined, scope: undefined },
      { offsetMs: -30 * 3_600_000, window: 'last24h', includeOpen: true, queue: undefined, channel: 'chat', agent: undefined, status: 'closed', scope: undefined },
      { offsetMs: 3_600_000, window: 'last24h', includeOpen: false, queue: undefined, channel: undefined, agent: 'a3', status: undefined, scope: ['q0', 'q2'] },
    ];
    const queries = specs.map((spec) => queryOf(spec, end + spec.offsetMs));
    expectSame(new Projections(engine.state), engine.projections, queries);
    // Retention: older closed conversations leave and minute figures before the cutoff go.
    engine.retain(end + 40 * 3_600_000, 600_000);
    expectSame(new Projections(engine.state), engine.projections, queries);
  });
});
