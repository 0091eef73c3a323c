/**
 * SPEC §3: "An event of a conversation dated before that conversation's previous accepted
 * event is refused, naming `at` (durations never run backwards)." The server's own events
 * (supervisor actions, routing) are dated no earlier than the conversation's last event.
 */
import { describe, expect, it } from 'vitest';
import { decideAction } from '../../src/domain/actions.js';
import { checkEvent } from '../../src/domain/lifecycle.js';
import { parseEvent } from '../../src/domain/events.js';
import { eventTime } from '../../src/domain/model.js';
import { Engine } from '../../src/engine/engine.js';
import { T0, ev, iso, site, applyAll } from './fixtures.js';

const analyzer = {
  analyze: () => ({ score: 0, level: 'neutral' as const, language: 'unknown' as const }),
  combine: () => 'neutral' as const,
};

function checked(state: ReturnType<typeof site>, raw: Record<string, unknown>) {
  const parsed = parseEvent(raw);
  if (!parsed.ok) throw new Error(parsed.message);
  return checkEvent(state, parsed.event);
}

describe('time order per conversation (SPEC §3)', () => {
  it('refuses an accept dated before the creation, naming at; the same moment is fine', () => {
    const state = applyAll(site(), [
      ev('conversation.created', 1_200, { conversationId: 'c1', channel: 'chat', queueId: 'q1' }),
      ev('conversation.assigned', 1_200, { conversationId: 'c1', agentId: 'a1', by: 'routing' }),
    ]);
    const early = checked(state, ev('conversation.accepted', 0, { conversationId: 'c1', agentId: 'a1' }));
    expect(early).toMatchObject({ code: 'invalid-event', field: 'at' });
    expect(early!.message).toMatch(/^at: .* is before the previous event of conversation c1/);
    expect(checked(state, ev('conversation.accepted', 1_200, { conversationId: 'c1', agentId: 'a1' }))).toBeNull();
  });

  it('keeps every report free of negative durations: the refused event changes nothing', () => {
    const engine = new Engine({ analyzer });
    for (const raw of [
      ev('queue.upserted', 0, { queueId: 'q1', name: 'Support' }),
      ev('agent.upserted', 0, { agentId: 'a1', name: 'Ann', queueIds: ['q1'] }),
      ev('conversation.created', 1_200, { conversationId: 'c1', channel: 'chat', queueId: 'q1' }),
      ev('conversation.assigned', 1_200, { conversationId: 'c1', agentId: 'a1', by: 'routing' }),
    ]) {
      expect(engine.apply(raw).status).toBe('applied');
    }
    expect(engine.apply(ev('conversation.accepted', 0, { conversationId: 'c1', agentId: 'a1' }))).toMatchObject({ status: 'rejected', field: 'at' });
    const query = { at: T0 + 3_600_000, atIso: iso(3_600), window: 'last24h' as const, includeOpen: false, filters: {} };
    const ongoing = engine.report('ongoing', query) as { conversations: { waitSeconds: number; status: string }[] };
    expect(ongoing.conversations[0]).toMatchObject({ status: 'active', waitSeconds: 2_400 });
  });

  it('dates a supervisor action no earlier than the conversation’s last event (a platform clock ahead)', () => {
    const engine = new Engine({ analyzer });
    for (const raw of [
      ev('queue.upserted', 0, { queueId: 'q1', name: 'Support' }),
      ev('conversation.created', 600, { conversationId: 'c1', channel: 'chat', queueId: 'q1' }),
    ]) {
      engine.apply(raw);
    }
    const decision = decideAction('forceClose', engine.state, 'c1', { confirm: true }, { id: 's', queueIds: 'all' }, T0 + 60_000, () => 'x1');
    expect(decision.ok && decision.events[0]!.at).toBe(iso(600));
    expect(engine.apply(decision.ok ? decision.events[0] : null).status).toBe('applied');
    expect(eventTime({ lastEventAt: T0 }, T0 + 1_000)).toBe(iso(1));
  });
});
