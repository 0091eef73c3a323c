/**
 * SPEC §7 per conversation: the level comes from the customer's last six public messages
 * only, updated as each arrives; a queue's alert threshold flags the row and the summary.
 */
import { describe, expect, it } from 'vitest';
import type { EvolveContext } from '../../src/domain/lifecycle.js';
import { recomputeOngoing, recomputeSummary } from '../../src/domain/recompute.js';
import type { MessageSentiment, SentimentLevel } from '../../src/domain/sentiment-scale.js';
import { applyAll, ev, iso, reach, site } from './fixtures.js';

/** A transparent analyzer: "good" scores +1, "bad" −1; the level follows the mean. */
const analyzed: string[] = [];
const wordContext: EvolveContext = {
  analyzeMessage(text): MessageSentiment {
    analyzed.push(text);
    const score = text.includes('good') ? 1 : text.includes('bad') ? -1 : 0;
    return { score, level: score > 0 ? 'positive' : score < 0 ? 'negative' : 'neutral', language: 'en' };
  },
  combineSentiment(recent): SentimentLevel {
    const mean = recent.reduce((sum, m) => sum + m.score, 0) / Math.max(recent.length, 1);
    return mean > 0 ? 'positive' : mean < 0 ? 'negative' : 'neutral';
  },
};

const message = (seconds: number, from: string, text: string, visibility = 'public') =>
  ev('conversation.message', seconds, { conversationId: 'c1', from, text, visibility });

const query = (seconds: number) => ({
  at: Date.parse(iso(seconds)),
  atIso: iso(seconds),
  window: 'last24h' as const,
  includeOpen: false,
  filters: {},
});

describe('SPEC §7 sentiment per conversation', () => {
  it('is neutral until the customer writes', () => {
    const state = applyAll(site(), [...reach('in-conversation'), message(60, 'agent', 'bad bad bad')], wordContext);
    expect(state.conversations.get('c1')!.sentiment).toBe('neutral');
  });

  it('ignores agents, supervisors and internal messages', () => {
    analyzed.length = 0;
    const state = applyAll(
      site(),
      [
        ...reach('in-conversation'),
        message(60, 'customer', 'good service'),
        message(61, 'supervisor', 'bad customer', 'internal'),
        message(62, 'agent', 'bad news'),
        message(63, 'customer', 'bad but private', 'internal'),
      ],
      wordContext,
    );
    expect(analyzed).toEqual(['good service']);
    expect(state.conversations.get('c1')!.sentiment).toBe('positive');
  });

  it('looks at the last six customer messages only, analysing each message once', () => {
    analyzed.length = 0;
    const bad = Array.from({ length: 6 }, (_, i) => message(60 + i, 'customer', 'bad'));
    const good = Array.from({ length: 6 }, (_, i) => message(70 + i, 'customer', 'good'));
    const state = applyAll(site(), [...reach('in-conversation'), ...bad, ...good.slice(0, 5)], wordContext);
    expect(state.conversations.get('c1')!.sentiment).toBe('positive'); // 5 good vs 1 bad
    applyAll(state, [...good.slice(5)], wordContext);
    expect(state.conversations.get('c1')!.recentSentiment.map((m) => m.score)).toEqual([1, 1, 1, 1, 1, 1]);
    expect(analyzed).toHaveLength(12);
  });

  it('flags rows at or below the queue threshold, counts them in the summary, and clears on recovery', () => {
    const state = applyAll(
      site(),
      [
        ev('queue.upserted', 1, { queueId: 'q1', name: 'Support', sentimentAlert: 'negative' }),
        ...reach('in-conversation'),
        message(60, 'customer', 'bad'),
      ],
      wordContext,
    );
    expect(recomputeOngoing(state, query(100)).conversations[0]).toMatchObject({ sentiment: 'negative', sentimentAlert: true });
    expect(recomputeSummary(state, query(100)).kpis.sentimentAlerts).toBe(1);
    applyAll(state, [message(70, 'customer', 'good'), message(71, 'customer', 'good')], wordContext);
    expect(recomputeOngoing(state, query(100)).conversations[0]).toMatchObject({ sentiment: 'positive', sentimentAlert: false });
    expect(recomputeSummary(state, query(100)).kpis.sentimentAlerts).toBe(0);
  });

  it('does not flag anything in a queue without a threshold', () => {
    const state = applyAll(site(), [...reach('in-conversation'), message(60, 'customer', 'bad')], wordContext);
    expect(recomputeOngoing(state, query(100)).conversations[0]!.sentimentAlert).toBe(false);
  });
});
