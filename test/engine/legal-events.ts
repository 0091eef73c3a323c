/**
 * Random legal event sequences for property tests (DESIGN.md "Two ways to one number"):
 * random steps, each proposing an event of one type for a conversation (or queue, agent)
 * among those the engine accepts, over a small site of three queues and four agents.
 */
import fc from 'fast-check';
import { CHANNELS } from '../../src/domain/events.js';
import { SENTIMENT_LEVELS, type MessageSentiment, type SentimentLevel } from '../../src/domain/sentiment-scale.js';
import type { Engine } from '../../src/engine/engine.js';
import type { SentimentAnalyzer } from '../../src/sentiment/analyzer.js';

/** Scores by the words "good" and "bad": deterministic, and sentiment varies. */
export const wordAnalyzer: SentimentAnalyzer = {
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

export const QUEUES = ['q0', 'q1', 'q2'];
export const AGENTS = ['a0', 'a1', 'a2', 'a3'];
const TEXTS = ['good', 'bad', 'bad bad', 'good good', 'meh', 'good bad'];
export const START = Date.parse('2025-03-29T20:00:00Z'); // a day before the EU switch to summer time

export type Step = { op: number; a: number; b: number; c: number; advance: Advance };
export type Advance = { kind: 'ms'; ms: number } | { kind: 'nextMinute' } | { kind: 'nextHour' };

export const advanceArb: fc.Arbitrary<Advance> = fc.oneof(
  { weight: 3, arbitrary: fc.constant<Advance>({ kind: 'ms', ms: 0 }) },
  { weight: 6, arbitrary: fc.integer({ min: 1, max: 120_000 }).map<Advance>((ms) => ({ kind: 'ms', ms })) },
  { weight: 3, arbitrary: fc.integer({ min: 1, max: 6 * 3_600_000 }).map<Advance>((ms) => ({ kind: 'ms', ms })) },
  { weight: 1, arbitrary: fc.integer({ min: 20, max: 30 }).map<Advance>((h) => ({ kind: 'ms', ms: h * 3_600_000 })) },
  { weight: 2, arbitrary: fc.constant<Advance>({ kind: 'nextMinute' }) },
  { weight: 2, arbitrary: fc.constant<Advance>({ kind: 'nextHour' }) },
);

export const stepArb: fc.Arbitrary<Step> = fc.record({
  op: fc.nat(40),
  a: fc.nat(1000),
  b: fc.nat(1000),
  c: fc.nat(1000),
  advance: advanceArb,
});


/** The site's queues (the first with a sentiment alert threshold) and agents, each in two queues and available. */
export function applySite(apply: (event: Record<string, unknown>) => boolean): void {
  for (const [i, queueId] of QUEUES.entries()) {
    apply({ type: 'queue.upserted', queueId, name: queueId, ...(i === 0 ? { sentimentAlert: 'slightly-negative' } : {}) });
  }
  for (const [i, agentId] of AGENTS.entries()) {
    apply({ type: 'agent.upserted', agentId, name: agentId, queueIds: [QUEUES[i % 3], QUEUES[(i + 1) % 3]] });
    apply({ type: 'agent.presence', agentId, presence: 'available' });
  }
}

/** The moment after `t` a step's advance names. */
export function advanced(t: number, advance: Advance): number {
  if (advance.kind === 'ms') return t + advance.ms;
  const unit = advance.kind === 'nextMinute' ? 60_000 : 3_600_000;
  return (Math.floor(t / unit) + 1) * unit;
}

export function proposeAndApply(
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

