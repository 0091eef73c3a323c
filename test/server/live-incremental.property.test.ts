/**
 * Issue #15 item 1: the live views are kept incrementally (ongoing rows one by one, KPI
 * views recomputed only when a change reaches them), and that must never show anything
 * else than the full recomputation. On random legal event sequences, with random reports,
 * filters, windows and supervisor scopes, after every coalescing tick: the first snapshot
 * with every patch since applied by the console's own code (web/src/live/report-state.ts)
 * equals a fresh snapshot of the report at that moment, clocks aside. So does the
 * reference: the first full state patched by `diffLiveStates` of consecutive full states.
 * A viewport's range equals the fresh report searched, sorted and cut.
 *
 * Ongoing views are checked at every tick, the clock moving or not (rows leave a sliding
 * window on any tick). The other reports show figures that move with the clock alone
 * (queue alerts on the longest wait, the window's edges) and are brought to the clock by
 * the periodic refresh: they are checked at every tick after a refresh until time moves.
 */
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseReportOptions } from '../../src/cli/report-args.js';
import type { Channel } from '../../src/domain/events.js';
import type { Direction, Status } from '../../src/domain/model.js';
import { type OngoingReport, REPORT_KINDS, type ReportKind } from '../../src/domain/reports.js';
import type { ReportQuery, WindowKind } from '../../src/domain/window.js';
import { Engine } from '../../src/engine/engine.js';
import { LiveHub, type LiveSocket, type LiveUser } from '../../src/server/live/hub.js';
import { diffLiveStates, liveReport, type LiveState, toLiveState } from '../../src/server/live/live-report.js';
import { customerNameOf, matchesSearch, sortValue, VIEWPORT_SORT_COLUMNS, type ViewportSortColumn } from '../../src/server/live/viewport.js';
import { applyPatch, type LiveReportValue } from '../../web/src/live/report-state.js';
import { advanced, AGENTS, applySite, proposeAndApply, START, type Step, stepArb, wordAnalyzer } from '../engine/legal-events.js';

type Message = Record<string, any>;

const ROWS_KEY: Record<ReportKind, string | null> = { ongoing: 'conversations', agents: 'agents', queues: 'queues', summary: null, voice: null };
const REFRESH_MS = 1_000_000_000;
const COALESCE_MS = 10;

const sometimes = <T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> =>
  fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary });

const viewArb = fc.record({
  kind: fc.oneof({ weight: 3, arbitrary: fc.constant<ReportKind>('ongoing') }, { weight: 4, arbitrary: fc.constantFrom(...REPORT_KINDS) }),
  window: fc.constantFrom<WindowKind>('last24h', 'today'),
  tz: fc.constantFrom(undefined, 'Europe/Amsterdam', 'Asia/Kolkata'),
  includeOpen: fc.boolean(),
  queue: sometimes(fc.constantFrom('q0', 'q1', 'q2')),
  channel: sometimes(fc.constantFrom<Channel>('voice', 'chat')),
  agent: sometimes(fc.constantFrom(...AGENTS)),
  status: sometimes(fc.constantFrom<Status>('open', 'active', 'waiting', 'wrap-up')),
  direction: sometimes(fc.constantFrom<Direction>('inbound', 'outbound')),
  scope: sometimes(fc.subarray(['q0', 'q1', 'q2'], { minLength: 1 })),
});
type ViewSpec = typeof viewArb extends fc.Arbitrary<infer T> ? T : never;

const viewportArb = fc.record({
  // The clock columns most: their order merges running clocks with finished ones.
  column: fc.oneof(fc.constantFrom<ViewportSortColumn>('waitSeconds', 'handleSeconds'), fc.constantFrom<ViewportSortColumn>(...VIEWPORT_SORT_COLUMNS)),
  direction: fc.constantFrom<'asc' | 'desc'>('asc', 'desc'),
  search: fc.constantFrom('', '', 'c1', 'a0', 'zz'),
  from: fc.nat(10),
  isFiltered: fc.boolean(),
  count: fc.integer({ min: 1, max: 8 }),
});
type ViewportSpec = typeof viewportArb extends fc.Arbitrary<infer T> ? T : never;

function filtersOf(spec: ViewSpec): Record<string, unknown> {
  const { window, tz, includeOpen, queue, channel, agent, status, direction } = spec;
  return Object.fromEntries(Object.entries({ window, tz, includeOpen, queue, channel, agent, status, direction }).filter(([, v]) => v !== undefined));
}

function userOf(spec: ViewSpec): LiveUser {
  return spec.scope ? { id: `sup-${spec.scope.join('')}`, role: 'supervisor', queueIds: spec.scope } : { id: 'admin', role: 'admin', queueIds: [] };
}

/** The report query the hub makes of a spec at `at`. */
function queryOf(spec: ViewSpec, at: number): ReportQuery {
  const parsed = parseReportOptions(filtersOf(spec) as never, at);
  if (!parsed.ok) throw new Error(parsed.message);
  return spec.scope ? { ...parsed.query, scope: new Set(spec.scope) } : parsed.query;
}

function freshState(engine: Engine, kind: ReportKind, query: ReportQuery): LiveState {
  return toLiveState(engine, kind, engine.report(kind, query), query);
}

const CLOCKS = new Set(['waitSeconds', 'handleSeconds', 'presenceSeconds', 'longestWaitSeconds']);

/** A report without what the browser ticks, its moment and window, rows by id. */
function normalized(report: LiveReportValue, kind: ReportKind): unknown {
  const withoutClocks = (value: Record<string, unknown>) => {
    const copy: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(value)) if (!CLOCKS.has(key)) copy[key] = field;
    if (Array.isArray(copy.alerts)) {
      copy.alerts = (copy.alerts as Message[]).map((alert) => (alert.figure === 'longestWaitSeconds' ? { ...alert, value: null } : alert));
    }
    return copy;
  };
  const rowsKey = ROWS_KEY[kind];
  if (rowsKey === null) return withoutClocks(report.kpis as Record<string, unknown>);
  return [...(report[rowsKey] as Message[])].map(withoutClocks).sort((a, b) => ((a.id as string) < (b.id as string) ? -1 : 1));
}

function collectingSocket() {
  const socket = {
    messages: [] as Message[],
    bufferedAmount: 0,
    send(data: string | Buffer) {
      socket.messages.push(JSON.parse(data.toString()));
    },
    close() {},
    terminate() {},
  };
  return socket satisfies LiveSocket;
}

interface Watcher {
  spec: ViewSpec;
  socket: ReturnType<typeof collectingSocket>;
  /** What the console shows: the snapshot with every patch since. */
  shown: LiveReportValue;
  seq: number;
  /** The reference: the first full state patched by `diffLiveStates` of consecutive full states. */
  referenceState: LiveState;
  reference: LiveReportValue;
}

/** The viewport's answer by the definition of docs/live-feed.md: the fresh report searched, sorted (ties in report order) and cut. */
function expectedViewport(engine: Engine, query: ReportQuery, viewport: ViewportSpec) {
  const report = engine.report('ongoing', query) as OngoingReport;
  const sign = viewport.direction === 'asc' ? 1 : -1;
  const rows = report.conversations
    .map((row, index) => ({ row, index, customerName: customerNameOf(engine.state.conversations.get(row.id)) }))
    .filter(({ row, customerName }) => viewport.search === '' || matchesSearch(row, customerName, viewport.search))
    .sort((a, b) => {
      const x = sortValue(a.row, viewport.column);
      const y = sortValue(b.row, viewport.column);
      return x === y ? a.index - b.index : (x < y ? -1 : 1) * sign;
    });
  const from = Math.min(viewport.from, rows.length);
  return { total: rows.length, from, rows: rows.slice(from, from + viewport.count).map(({ row, customerName }) => ({ ...row, customerName })) };
}

function run(steps: Step[], specs: ViewSpec[], refreshes: boolean[], viewports: ViewportSpec[]): void {
  const engine = new Engine({ analyzer: wordAnalyzer });
  let t = START;
  let eventNumber = 0;
  let conversationNumber = 0;
  const apply = (event: Record<string, unknown>) =>
    engine.apply({ id: `e${eventNumber++}`, at: new Date(t).toISOString(), ...event }).status === 'applied';
  applySite(apply);
  const hub = new LiveHub(engine, { coalesceMs: COALESCE_MS, refreshMs: REFRESH_MS, maxMessagesPerSecond: 1e9, viewportMs: 1 }, () => t);
  try {
    const watchers: Watcher[] = specs.map((spec) => {
      const socket = collectingSocket();
      hub.receive(hub.connect(socket, userOf(spec)), JSON.stringify({ type: 'subscribe', id: 's', report: spec.kind, filters: filtersOf(spec) }));
      const snapshot = socket.messages.shift()!;
      expect(snapshot, JSON.stringify(snapshot)).toMatchObject({ type: 'snapshot', seq: 1 });
      const referenceState = freshState(engine, spec.kind, queryOf(spec, t));
      return { spec, socket, shown: snapshot.data, seq: 1, referenceState, reference: liveReport(referenceState) as unknown as LiveReportValue };
    });
    // The viewport is on the first view's filters and scope, or on everything.
    const viewportView: ViewSpec = viewports[0]!.isFiltered ? specs[0]! : { ...specs[0]!, window: 'last24h', includeOpen: true, queue: undefined, channel: undefined, agent: undefined, status: undefined, direction: undefined, scope: undefined };
    const viewportSocket = collectingSocket();
    const viewportClient = hub.connect(viewportSocket, userOf(viewportView));
    let refreshedAt = t;

    steps.forEach((step, index) => {
      t = advanced(t, step.advance);
      proposeAndApply(engine, step, apply, () => `c${conversationNumber++}`);
      hub.markDirty();
      const isRefresh = refreshes[index % refreshes.length]!;
      vi.advanceTimersByTime(isRefresh ? REFRESH_MS : COALESCE_MS);
      if (isRefresh) refreshedAt = t;

      for (const watcher of watchers) {
        const { spec, socket } = watcher;
        for (const message of socket.messages.splice(0)) {
          expect(message, JSON.stringify(message)).toMatchObject({ type: 'patch', seq: watcher.seq + 1 });
          watcher.seq = message.seq;
          watcher.shown = applyPatch(watcher.shown, message as never, ROWS_KEY[spec.kind]);
        }
        const query = queryOf(spec, t);
        const fresh = freshState(engine, spec.kind, query);
        const body = diffLiveStates(watcher.referenceState, fresh);
        watcher.referenceState = fresh;
        if (body) watcher.reference = applyPatch(watcher.reference, body, ROWS_KEY[spec.kind]);
        const expected = normalized(liveReport(fresh) as unknown as LiveReportValue, spec.kind);
        const label = `${JSON.stringify(spec)} at step ${index}`;
        expect(normalized(watcher.reference, spec.kind), `diffLiveStates: ${label}`).toEqual(expected);
        if (spec.kind === 'ongoing' || refreshedAt === t) expect(normalized(watcher.shown, spec.kind), label).toEqual(expected);
      }

      const viewport = viewports[index % viewports.length]!;
      const { column, direction, search, from, count } = viewport;
      const message = { type: 'viewport', id: 'v', filters: filtersOf(viewportView), sort: { column, direction }, search, range: { from, count } };
      hub.receive(viewportClient, JSON.stringify(message));
      const rows = viewportSocket.messages.filter((each) => each.type === 'rows').at(-1)!;
      viewportSocket.messages.length = 0;
      const expected = expectedViewport(engine, queryOf(viewportView, t), viewport);
      expect({ total: rows.total, from: rows.from, rows: rows.rows.map(({ waitStartedAt, handleBaseMs, handleRunningSince, ...row }: Message) => row) }, JSON.stringify(viewport)).toEqual(expected);
    });
  } finally {
    hub.close();
  }
}

describe('incremental live views equal the full recomputation (issue #15 item 1)', () => {
  beforeEach(() => {
    // Timers only: the hub's rate limit reads the wall clock.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('the patches applied to the first snapshot equal a fresh snapshot at every tick, and viewports the fresh report sorted', () => {
    fc.assert(
      fc.property(
        fc.array(stepArb, { minLength: 1, maxLength: 120 }),
        fc.array(viewArb, { minLength: 1, maxLength: 6 }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }),
        fc.array(viewportArb, { minLength: 1, maxLength: 5 }),
        (steps, specs, refreshes, viewports) => run(steps, specs, refreshes, viewports),
      ),
      { numRuns: 120 },
    );
  });

  it("an agent's new name and a queue's new name reach the ongoing rows that show them", () => {
    const engine = new Engine({ analyzer: wordAnalyzer });
    const t = START;
    let n = 0;
    const apply = (event: Record<string, unknown>) => expect(engine.apply({ id: `e${n++}`, at: new Date(t).toISOString(), ...event }).status).toBe('applied');
    apply({ type: 'queue.upserted', queueId: 'q0', name: 'Sales' });
    apply({ type: 'agent.upserted', agentId: 'a0', name: 'Ann', queueIds: ['q0'] });
    apply({ type: 'conversation.created', conversationId: 'c1', channel: 'chat', queueId: 'q0' });
    apply({ type: 'conversation.assigned', conversationId: 'c1', agentId: 'a0', by: 'agent' });
    const hub = new LiveHub(engine, { coalesceMs: COALESCE_MS }, () => t);
    const socket = collectingSocket();
    hub.receive(hub.connect(socket, userOf({ scope: undefined } as ViewSpec)), JSON.stringify({ type: 'subscribe', id: 's', report: 'ongoing' }));
    expect(socket.messages.shift()!.data.conversations[0]).toMatchObject({ activeAgentName: 'Ann', queueName: 'Sales' });
    apply({ type: 'agent.upserted', agentId: 'a0', name: 'Anna', queueIds: ['q0'] });
    hub.markDirty();
    vi.advanceTimersByTime(COALESCE_MS);
    expect(socket.messages.shift()).toMatchObject({ type: 'patch', upsert: [{ id: 'c1', activeAgentName: 'Anna' }], remove: [] });
    apply({ type: 'queue.upserted', queueId: 'q0', name: 'Sales NL' });
    hub.markDirty();
    vi.advanceTimersByTime(COALESCE_MS);
    expect(socket.messages.shift()).toMatchObject({ type: 'patch', upsert: [{ id: 'c1', queueName: 'Sales NL' }], remove: [] });
    hub.close();
  });
});
