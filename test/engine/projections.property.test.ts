/**
 * DESIGN.md "Two ways to one number": on random legal event sequences the incremental
 * projections (src/engine/projections/) give exactly the report `recompute` gives, for all
 * five SPEC §8 reports (and the Summary's conversations series), at random moments (on event
 * times, one ms around them, on window edges), with random windows, time zones, includeOpen, filters and scopes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CHANNELS, type Channel } from '../../src/domain/events.js';
import { INCLUDE_OPEN_HORIZON_MS, LAST24H_MS } from '../../src/domain/metrics.js';
import { type Direction, type Status, unitsFor } from '../../src/domain/model.js';
import { recompute } from '../../src/domain/recompute.js';
import { REPORT_KINDS } from '../../src/domain/reports.js';
import { recomputeSeries } from '../../src/domain/series.js';
import { SENTIMENT_LEVELS, type MessageSentiment, type SentimentLevel } from '../../src/domain/sentiment-scale.js';
import { localMidnight, type ReportQuery, type WindowKind } from '../../src/domain/window.js';
import { Engine } from '../../src/engine/engine.js';
import type { SentimentAnalyzer } from '../../src/sentiment/analyzer.js';

/** Scores by the words "good" and "bad": deterministic, and sentiment varies. */
const wordAnalyzer: SentimentAnalyzer = {
  analyze(text: string): MessageSentiment {
    const words = text.split(' ');
    const score = words.filter((w) => w === 'good').length - words.filter((w) => w === 'bad').length;
    const level: SentimentLevel = score > 0 ? 'positive' : score < 0 ? 'negative' : 'neutral';
    return { score: Math.max(-1, Math.min(1, score / 2)), level, language: 'en' };
  },
  combine(recent): SentimentLevel {
    const sum = recent.reduce((total, m) => total + Math.sign(m.score), 0);
    const rank = Math.max(-3, Math.min(3, sum));
    return SENTIMENT_LEVELS[rank + 3];
  },
};

const QUEUES = ['q0', 'q1', 'q2'];
const AGENTS = ['a0', 'a1', 'a2', 'a3'];
const TEXTS = ['good', 'bad', 'bad bad', 'good good', 'meh', 'good bad'];
const START = Date.parse('2025-03-29T20:00:00Z'); // a day before the EU switch to summer time

type Step = { op: number; a: number; b: number; c: number; advance: Advance };
type Advance = { kind: 'ms'; ms: number } | { kind: 'nextMinute' } | { kind: 'nextHour' };

const advanceArb: fc.Arbitrary<Advance> = fc.oneof(
  { weight: 3, arbitrary: fc.constant<Advance>({ kind: 'ms', ms: 0 }) },
  { weight: 6, arbitrary: fc.integer({ min: 1, max: 120_000 }).map<Advance>((ms) => ({ kind: 'ms', ms })) },
  { weight: 3, arbitrary: fc.integer({ min: 1, max: 6 * 3_600_000 }).map<Advance>((ms) => ({ kind: 'ms', ms })) },
  { weight: 1, arbitrary: fc.integer({ min: 20, max: 30 }).map<Advance>((h) => ({ kind: 'ms', ms: h * 3_600_000 })) },
  { weight: 2, arbitrary: fc.constant<Advance>({ kind: 'nextMinute' }) },
  { weight: 2, arbitrary: fc.constant<Advance>({ kind: 'nextHour' }) },
);

const stepArb: fc.Arbitrary<Step> = fc.record({
  op: fc.nat(40),
  a: fc.nat(1000),
  b: fc.nat(1000),
  c: fc.nat(1000),
  advance: advanceArb,
});

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
  for (const [i, queueId] of QUEUES.entries()) {
    apply({ type: 'queue.upserted', queueId, name: queueId, ...(i === 0 ? { sentimentAlert: 'slightly-negative' } : {}) });
  }
  for (const [i, agentId] of AGENTS.entries()) {
    apply({ type: 'agent.upserted', agentId, name: agentId, queueIds: [QUEUES[i % 3], QUEUES[(i + 1) % 3]] });
    apply({ type: 'agent.presence', agentId, presence: 'available' });
  }
  steps.forEach((step, index) => {
    const { advance } = step;
    if (advance.kind === 'ms') t += advance.ms;
    else {
      const unit = advance.kind === 'nextMinute' ? 60_000 : 3_600_000;
      t = (Math.floor(t / unit) + 1) * unit;
    }
    proposeAndApply(engine, step, apply, () => `c${conversationNumber++}`);
    if (checkpoints.has(index)) onCheckpoint(built);
  });
  return built;
}

function proposeAndApply(
  engine: Engine,
  { op, a, b, c }: Step,
  apply: (event: Record<string, unknown>) => boolean,
  newConversationId: () => string,
): void {
  const agentId = AGENTS[b % AGENTS.length];
  const queueId = QUEUES[c % QUEUES.length];
  const conversations = [...engine.state.conversations.values()];
  /** The first conversation from a random start for which the engine accepts the event. */
  const onSome = (make: (conversationId: string) => Record<string, unknown> | null): void => {
    for (let k = 0; k < conversations.length; k++) {
      const conversation = conversations[(a + k) % conversations.length];
      const event = make(conversation.id);
      if (event === null) continue;
      const checked = engine.check({ id: 'probe', at: new Date(0).toISOString(), ...event });
      if ('ok' in checked) {
        apply(event);
        return;
      }
    }
  };
  const runningAgent = (conversationId: string): string | null => {
    const sessions = engine.state.conversations.get(conversationId)!.sessions;
    return sessions[sessions.length - 1]?.agentId ?? null;
  };
  switch (op % 20) {
    case 0:
      apply({
        type: 'queue.upserted',
        queueId,
        name: `${queueId} v${a}`,
        ...(a % 3 === 0 ? {} : { sentimentAlert: SENTIMENT_LEVELS[a % SENTIMENT_LEVELS.length] }),
        // The queues report: own service level (fractional too), target, priority, costs, thresholds.
        ...(b % 3 === 0 ? {} : { serviceLevelSeconds: [0.5, 20, 90, 3600, 20000.25][b % 5], serviceLevelTarget: (b % 11) / 10 }),
        ...(c % 2 === 0 ? {} : { priority: c % 4 }),
        ...(a % 4 === 1 ? {} : { channelUnits: { chat: (a % 5) * 20, voice: 50 + (b % 3) * 25 } }),
        ...(b % 4 === 0 ? {} : { thresholds: thresholdsOf(a, b) }),
      });
      return;
    case 1:
      apply({ type: 'agent.upserted', agentId, name: `${agentId} v${a}`, queueIds: QUEUES.filter((_, i) => (a >> i) & 1) });
      return;
    case 2:
      apply({ type: 'agent.presence', agentId, presence: (['available', 'busy', 'busy-dnd', 'away', 'offline'] as const)[a % 5] });
      return;
    case 3:
    case 4:
    case 5:
      apply({
        type: 'conversation.created',
        conversationId: newConversationId(),
        channel: CHANNELS[a % CHANNELS.length],
        queueId,
        direction: b % 4 === 0 ? 'outbound' : 'inbound',
      });
      return;
    case 6:
    case 7:
      onSome((conversationId) => ({
        type: 'conversation.assigned',
        conversationId,
        agentId,
        by: (['routing', 'supervisor', 'agent'] as const)[c % 3],
      }));
      return;
    case 8:
    case 9:
      onSome((conversationId) => {
        const assigned = runningAgent(conversationId);
        return assigned === null ? null : { type: 'conversation.accepted', conversationId, agentId: assigned };
      });
      return;
    case 10:
      onSome((conversationId) => {
        const assigned = runningAgent(conversationId);
        return assigned === null ? null : { type: 'conversation.rejected', conversationId, agentId: assigned, ...(c % 2 ? { reason: 'timeout' } : {}) };
      });
      return;
    case 11:
      onSome((conversationId) => ({
        type: 'conversation.transferred',
        conversationId,
        ...(c % 2 ? { toAgentId: agentId } : { toQueueId: queueId }),
      }));
      return;
    case 12:
      onSome((conversationId) => ({ type: c % 2 ? 'conversation.held' : 'conversation.unheld', conversationId }));
      return;
    case 13:
      onSome((conversationId) => ({ type: 'conversation.parked', conversationId }));
      return;
    case 14:
      onSome((conversationId) => ({ type: 'conversation.resumed', conversationId, ...(c % 2 ? { agentId } : {}) }));
      return;
    case 15:
      onSome((conversationId) => ({ type: 'conversation.wrapup', conversationId }));
      return;
    case 16:
      onSome((conversationId) => ({
        type: 'conversation.closed',
        conversationId,
        reason: (['resolved', 'customer-left', 'force-closed', 'auto-closed'] as const)[c % 4],
      }));
      return;
    case 17:
    case 18:
      onSome((conversationId) => ({
        type: 'conversation.message',
        conversationId,
        from: (['customer', 'customer', 'agent', 'supervisor', 'bot'] as const)[b % 5],
        text: TEXTS[c % TEXTS.length],
        ...(a % 4 === 0 ? { visibility: 'internal' } : {}),
      }));
      return;
    case 19:
      onSome((conversationId) => ({
        type: 'supervisor.monitor',
        conversationId,
        supervisorId: `s${c % 2}`,
        mode: b % 3 === 0 ? 'stop' : 'start',
      }));
      return;
  }
}

/** Random alert thresholds: some levels left out, some crossed by small figures. */
function thresholdsOf(a: number, b: number): Record<string, { warn?: number; alert?: number }> {
  return {
    longestWaitSeconds: { warn: (a % 7) * 30, alert: (a % 7) * 120 },
    inQueue: a % 2 ? { warn: 1 } : { alert: 1 + (b % 3) },
    averageSpeedToAnswerSeconds: { warn: b % 60, alert: 60 + (b % 200) },
    abandonedRate: { warn: (a % 10) / 20, alert: 0.5 },
    serviceLevel: { warn: (b % 10) / 10, alert: (a % 5) / 10 },
    unknownFigure: { warn: 1 },
  };
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
    // The Summary's conversations series (issue #10 item 4), quarter hour by quarter hour.
    expect(built.engine.projections.series(query), `series ${JSON.stringify({ ...spec })}`).toEqual(recomputeSeries(built.engine.state, query));
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
