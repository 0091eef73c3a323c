import { describe, expect, it } from 'vitest';
import { EVENT_TYPES, parseEvent } from '../../src/domain/events.js';

const at = '2024-07-09T08:00:00Z';

describe('SPEC §3 event schemas', () => {
  it('knows every event type of the SPEC', () => {
    expect(EVENT_TYPES.sort()).toEqual(
      [
        'queue.upserted', 'agent.upserted', 'agent.presence', 'conversation.created', 'conversation.assigned',
        'conversation.accepted', 'conversation.rejected', 'conversation.transferred', 'conversation.held',
        'conversation.unheld', 'conversation.parked', 'conversation.resumed', 'conversation.wrapup',
        'conversation.closed', 'conversation.message', 'supervisor.monitor',
      ].sort(),
    );
  });

  it('keeps unknown fields', () => {
    const parsed = parseEvent({ id: 'e1', type: 'conversation.wrapup', at, conversationId: 'c1', crmRef: 42 });
    expect(parsed.ok && parsed.event).toMatchObject({ crmRef: 42 });
  });

  it.each([
    [{ type: 'conversation.wrapup', at, conversationId: 'c1' }, 'id'],
    [{ id: 'e1', type: 'conversation.wrapup', at: '2024-07-09T08:00:00', conversationId: 'c1' }, 'at'],
    [{ id: 'e1', type: 'conversation.escalated', at, conversationId: 'c1' }, 'type'],
    [{ id: 'e1', type: 'conversation.accepted', at, conversationId: 'c1' }, 'agentId'],
    [{ id: 'e1', type: 'conversation.created', at, conversationId: 'c1', channel: 'pigeon', queueId: 'q' }, 'channel'],
    [{ id: 'e1', type: 'conversation.transferred', at, conversationId: 'c1', toAgentId: 'a', toQueueId: 'q' }, 'toAgentId'],
    [{ id: 'e1', type: 'agent.upserted', at, agentId: 'a', name: 'A', queueIds: [], skills: { x: 11 } }, 'skills.x'],
    // The queues report's fields (SPEC §6 precise readings).
    [{ id: 'e1', type: 'queue.upserted', at, queueId: 'q', name: 'Q', serviceLevelSeconds: 0 }, 'serviceLevelSeconds'],
    [{ id: 'e1', type: 'queue.upserted', at, queueId: 'q', name: 'Q', serviceLevelTarget: 1.2 }, 'serviceLevelTarget'],
    [{ id: 'e1', type: 'queue.upserted', at, queueId: 'q', name: 'Q', serviceLevelTarget: -0.1 }, 'serviceLevelTarget'],
    [{ id: 'e1', type: 'queue.upserted', at, queueId: 'q', name: 'Q', channelUnits: { chat: -1 } }, 'channelUnits.chat'],
    [{ id: 'e1', type: 'queue.upserted', at, queueId: 'q', name: 'Q', sentimentAlert: 'grumpy' }, 'sentimentAlert'],
    [{ id: 'e1', type: 'queue.upserted', at, queueId: 'q', name: 'Q', thresholds: [] }, 'thresholds'],
    [{ id: 'e1', type: 'queue.upserted', at, queueId: 'q', name: 'Q', thresholds: { inQueue: 3 } }, 'thresholds.inQueue'],
    [{ id: 'e1', type: 'queue.upserted', at, queueId: 'q', name: 'Q', thresholds: { inQueue: { warn: '3' } } }, 'thresholds.inQueue.warn'],
    [{ id: 'e1', type: 'queue.upserted', at, queueId: 'q', name: 'Q', thresholds: { serviceLevel: { alert: null } } }, 'thresholds.serviceLevel.alert'],
  ])('refuses %j naming the field %s', (raw, field) => {
    const parsed = parseEvent(raw);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.field).toBe(field);
      expect(parsed.message.startsWith(`${field}:`)).toBe(true);
    }
  });

  it('keeps unknown threshold figures and accepts fractional service levels', () => {
    const raw = { id: 'e1', type: 'queue.upserted', at, queueId: 'q', name: 'Q', serviceLevelSeconds: 0.5, thresholds: { talkTime: { warn: 1 } } };
    expect(parseEvent(raw)).toMatchObject({ ok: true, event: { serviceLevelSeconds: 0.5, thresholds: { talkTime: { warn: 1 } } } });
  });

  it('refuses what is not an object', () => {
    expect(parseEvent('hello')).toMatchObject({ ok: false });
    expect(parseEvent([1])).toMatchObject({ ok: false });
  });
});
