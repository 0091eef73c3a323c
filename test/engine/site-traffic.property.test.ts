/**
 * The projections on generated site traffic (bench/gen-scenario.ts: hundreds of
 * conversations with transfers, parks, holds, wrap-ups), cut at a few moments and read then
 * or hours later, when the reports read whole hour buckets rather than the conversations at
 * the window's edges (the random sequences of projections.property.test.ts are short and
 * rarely have either).
 *
 * - Every report equals the recompute (DESIGN.md "Two ways to one number").
 * - The live console's ongoing page (SPEC §8 ongoing rows, paged), read from the sorted
 *   orders with `total` from the summary's figures, is the slice of the recomputed report
 *   sorted as the page asks, and `total` its length.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Channel, parseEvent } from '../../src/domain/events.js';
import type { Direction, Status } from '../../src/domain/model.js';
import { recompute } from '../../src/domain/recompute.js';
import { type OngoingReport, type OngoingRow, REPORT_KINDS } from '../../src/domain/reports.js';
import type { ReportQuery, WindowKind } from '../../src/domain/window.js';
import { Engine } from '../../src/engine/engine.js';
import type { OngoingPageOptions } from '../../src/engine/projections.js';
import { generateScenario } from '../../bench/gen-scenario.js';
import { defaultAnalyzer } from '../../src/sentiment/index.js';

/** The sorts checked here (by the shown figure; sentiment ranks are not a row figure). */
type PageSort = 'createdAt' | 'waitSeconds' | 'handleSeconds' | undefined;

const START = Date.parse('2025-03-10T06:00:00Z');
const HOUR = 3_600_000;

/** Engines fed a site's traffic up to a cut, with the moments a report may be asked at. */
const fixtures = [1, 2].flatMap((seed) => {
  const events = generateScenario({ seed, conversations: 400, startMs: START, spanMs: 30 * HOUR, ongoingShare: 0.3, queues: 4, agents: 12 });
  return [0.4, 0.75, 1].map((share) => {
    // The real analyzer: customers' lines move sentiment alerts (a third of the queues alert).
    const engine = new Engine({ analyzer: defaultAnalyzer });
    const applied = events.slice(0, Math.floor(events.length * share));
    for (const raw of applied) {
      const parsed = parseEvent(raw);
      if (!parsed.ok) throw new Error(parsed.message);
      engine.applyChecked(parsed.event);
    }
    return { engine, lastAt: Date.parse(applied[applied.length - 1].at) };
  });
});

/** A filter set in one case out of three. */
const sometimes = <T>(arb: fc.Arbitrary<T>) =>
  fc.oneof({ arbitrary: fc.constant(undefined), weight: 2 }, { arbitrary: arb, weight: 1 });

const caseArb = fc.record({
  fixture: fc.nat(fixtures.length - 1),
  /** The report moment: at the last event, or a little or a lot later (waits run on). */
  later: fc.constantFrom(0, 1, 59_000, 3 * HOUR, 30 * HOUR),
  window: fc.constantFrom<WindowKind>('last24h', 'today'),
  includeOpen: fc.boolean(),
  queue: sometimes(fc.constantFrom('q0', 'q1', 'q3')),
  channel: sometimes(fc.constantFrom<Channel>('voice', 'chat', 'email')),
  status: sometimes(fc.constantFrom<Status>('open', 'active', 'waiting', 'wrap-up', 'closed')),
  direction: sometimes(fc.constantFrom<Direction>('inbound', 'outbound')),
  agent: sometimes(fc.constantFrom('a0', 'a1', 'a5')),
  scope: sometimes(fc.subarray(['q0', 'q1', 'q2'])),
  sort: fc.constantFrom<PageSort>(undefined, 'createdAt', 'waitSeconds', 'handleSeconds'),
  descending: fc.boolean(),
  offset: fc.oneof(fc.nat(5), fc.nat(200)),
  limit: fc.oneof(fc.nat(3), fc.constant(50)),
});

/** The recomputed rows in the page's order: by the shown figure, ties in the default order. */
function sortedRows(rows: readonly OngoingRow[], sort: PageSort, descending: boolean): OngoingRow[] {
  if (sort === undefined || sort === 'createdAt') return descending ? [...rows].reverse() : [...rows];
  const sign = descending ? -1 : 1;
  return [...rows].sort((a, b) => sign * (a[sort] - b[sort]));
}

type CaseSpec = typeof caseArb extends fc.Arbitrary<infer T> ? T : never;

function queryOf(spec: CaseSpec): ReportQuery {
  const at = fixtures[spec.fixture].lastAt + spec.later;
  return {
    at,
    atIso: new Date(at).toISOString(),
    window: spec.window,
    includeOpen: spec.includeOpen,
    filters: { queue: spec.queue, channel: spec.channel, status: spec.status, direction: spec.direction, agent: spec.agent },
    scope: spec.scope === undefined ? undefined : new Set(spec.scope),
  };
}

describe('projections on generated site traffic', () => {
  it('every report equals the recompute, at the last event and hours later', () => {
    fc.assert(
      fc.property(caseArb, (spec) => {
        const { engine } = fixtures[spec.fixture];
        const query = queryOf(spec);
        for (const kind of REPORT_KINDS) expect(engine.report(kind, query), kind).toEqual(recompute(engine.state, kind, query));
      }),
      { numRuns: 60 },
    );
  });

  it('the ongoing page is the slice of the recomputed report in the asked order, with its length as total', () => {
    let rowsSeen = 0;
    fc.assert(
      fc.property(caseArb, (spec) => {
        const { engine } = fixtures[spec.fixture];
        const query = queryOf(spec);
        const full = (recompute(engine.state, 'ongoing', query) as OngoingReport).conversations;
        const options: OngoingPageOptions = { sort: spec.sort, descending: spec.descending, offset: spec.offset, limit: spec.limit };
        const page = engine.projections.ongoingPage(query, options);
        expect(page.total).toBe(full.length);
        expect(page.conversations).toEqual(sortedRows(full, spec.sort, spec.descending).slice(spec.offset, spec.offset + spec.limit));
        rowsSeen += page.conversations.length;
      }),
      { numRuns: 500 },
    );
    // The cases reach pages with rows, not only empty selections.
    expect(rowsSeen).toBeGreaterThan(500);
  });
});
